"""How far the PDFs of a version are, as the meeting page shows it."""
from dataclasses import dataclass

from mensenhandel.jobs.models import JobStatus

from ..models import AgendaDocument, DocumentSoort
from .verzendlijst import aantal_ontvangers


@dataclass
class Voortgang:
    versie: int
    totaal: int
    klaar: int
    mislukt: bool

    @property
    def gereed(self):
        return self.klaar >= self.totaal

    @property
    def bezig(self):
        return not self.gereed and not self.mislukt


def voortgang(overleg):
    """How far the PDFs of the current agenda version are (None when the agenda was never made final)."""
    if not overleg.agenda_versie:
        return None
    klaar = AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.AGENDA,
                                          versie=overleg.agenda_versie).count()
    totaal = aantal_ontvangers(overleg)
    job_row = overleg.agenda_job
    mislukt = job_row is not None and job_row.status == JobStatus.FAILED and klaar < totaal
    return Voortgang(overleg.agenda_versie, totaal, klaar, mislukt)
