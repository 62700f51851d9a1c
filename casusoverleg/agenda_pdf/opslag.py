"""The protected file store of a meeting's PDFs (agenda and decision list): ``PROTECTED_FILES_ROOT / "agenda"``."""
import hashlib

from mensenhandel.core import beschermd

from ..models import AgendaDocument, DocumentSoort

MAP = beschermd.Map("agenda", r"[0-9a-f]{48}\.pdf", model="casusoverleg.AgendaDocument")


def pad(document):
    """Where the file of an AgendaDocument is. The stored name is ours (random hex), never derived from content."""
    return MAP.pad(document.opslagnaam)


def open(document):  # noqa: A001  (as signalen.bijlagen.open)
    """The stored PDF, opened for reading in binary mode (FileNotFoundError when it is gone)."""
    return MAP.open(document.opslagnaam)


def store(overleg, versie, ontvanger, data, soort=DocumentSoort.AGENDA, gemaakt_op=None):
    """Write the PDF of one recipient and its ``AgendaDocument`` row (the file is removed again when the row fails).
    ``gemaakt_op``: the moment the document says it was made (now unless given)."""
    opslagnaam = MAP.nieuwe_naam(".pdf")
    path = MAP.pad(opslagnaam)
    MAP.schrijf(opslagnaam, data)
    try:
        document = AgendaDocument.objects.create(
            overleg=overleg, soort=soort, versie=versie, organisatie=ontvanger.organisatie, opslagnaam=opslagnaam,
            grootte=len(data), sha256=hashlib.sha256(data).hexdigest(),
            **({"gemaakt_op": gemaakt_op} if gemaakt_op else {}),
        )
        document.punten.set([punt.pk for punt in ontvanger.punten])
        # The cases in it, kept even when an item is later removed from the agenda: access to the document
        # depends on seeing each of them through this meeting.
        document.casussen.set([punt.casus_id for punt in ontvanger.punten if punt.casus_id])
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return document
