"""The decision list (besluitenlijst) PDFs of a held meeting: one per recipient organisation, holding only what it
may see. The same machinery as the agenda PDFs (``agenda_pdf``): its recipients, page header and footer, protected
file store, progress and e-mail are reused here, with ``AgendaDocument.soort`` "besluitenlijst"; rendering is the
platform's ``mensenhandel.core.pdf.html_to_pdf`` with the decision list's own print style on top.

For one version (``Overleg.besluitenlijst_versie``) the recipients are those of the agenda (``agenda_pdf.ontvangers``):
the full list (``organisatie`` empty) for the managing ketenregisseur and the chair; each standing participant with
every item; each organisation invited for a case item with the general items and only its own case items. Per item
the document holds its decisions (``Besluit``) and the actions agreed at it (what, type, organisation, person, due
date, status), and the attendance list; an action on a case the recipient did not see on the agenda is left out.

The job ``casusoverleg.besluitenlijst_pdfs`` (args: meeting id, version) makes the missing documents one per run and
queues itself again, so the progress on the meeting page counts each one as soon as it is committed. A version that
is no longer current is skipped; a document that exists is not made again. When the last one exists, each
participant's and invitee's contact (and the chair) gets one e-mail (``OverlegBericht`` soort "besluitenlijst",
volgnummer = version) with a link to the meeting page: no case codes, no decisions, no actions.
"""
import logging
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mensenhandel.core.mail import opnieuw_als_mislukt
from mensenhandel.core.pdf import html_to_pdf, static_css
from mensenhandel.jobs import enqueue
from mensenhandel.jobs.models import JobStatus
from mensenhandel.jobs.registry import job

from . import agenda_pdf
from .models import (
    Actie,
    AgendaDocument,
    AgendapuntSoort,
    Besluit,
    DocumentSoort,
    Overleg,
    OverlegStatus,
    Uitnodiging,
)

logger = logging.getLogger(__name__)

JOB = "casusoverleg.besluitenlijst_pdfs"
SOORT = DocumentSoort.BESLUITENLIJST
BERICHT_SOORT = "besluitenlijst"
PER_RUN = agenda_pdf.PER_RUN
# The decision list's own print style, on top of static/css/pdf.css (shared with the agenda).
EIGEN_CSS = "css/besluitenlijst-pdf.css"

# A decision list exists for these meetings (made when held; kept when adopted).
MET_BESLUITENLIJST = (OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD)


# --- content ----------------------------------------------------------------------------------------------


@dataclass
class BesluitRegel:
    """A numbered decision at an item ("4.2"): a recorded decision (``besluit``), or the adoption of an earlier
    meeting's decision list (``vorige``, at the item on the previous decision list)."""

    nummer: str
    besluit: object = None
    vorige: object = None


@dataclass
class Punt:
    """One agenda item in a recipient's decision list: the item, its decisions and the actions agreed at it (and, at
    the item on the previous decision list, the meetings whose decision list was adopted here)."""

    punt: object
    besluiten: list  # of BesluitRegel
    acties: list


@dataclass
class Aanwezigheid:
    """One organisation on the attendance list, with the person who took part (if named) and whether present."""

    organisatie: object
    wie: object
    aanwezig: object  # True, False or None (not recorded)
    uitgenodigd: bool = False


def punten(overleg):
    """All items of the meeting in order (as the agenda PDF loads them), each with ``besluiten_lijst`` and
    ``acties_lijst`` (the actions agreed at the item). A fixed number of queries."""
    alle = agenda_pdf.agenda_punten(overleg)
    besluiten, acties = {}, {}
    for besluit in Besluit.objects.filter(agendapunt__overleg=overleg).order_by("vastgelegd_op", "pk"):
        besluiten.setdefault(besluit.agendapunt_id, []).append(besluit)
    rijen = (Actie.objects.filter(agendapunt__overleg=overleg).select_related("organisatie", "verantwoordelijke")
             .order_by("deadline", "pk"))
    for actie in rijen:
        acties.setdefault(actie.agendapunt_id, []).append(actie)
    # The item "vaststellen besluitenlijst vorige vergadering": the decision list(s) this meeting adopted.
    vastgesteld = list(Overleg.objects.filter(besluitenlijst_vastgesteld_in=overleg).order_by("begint", "pk"))
    for punt in alle:
        punt.besluiten_lijst = besluiten.get(punt.pk, [])
        punt.acties_lijst = acties.get(punt.pk, [])
        punt.vastgestelde_lijsten = vastgesteld if punt.soort == AgendapuntSoort.BESLUITENLIJST else []
    return alle


def inhoud(ontvanger):
    """The items of one recipient's decision list. An action that names a case the recipient did not see on the
    agenda (e.g. one recorded at a general item) is left out."""
    casussen = {p.casus_id for p in ontvanger.punten if p.casus_id}
    result = []
    for punt in ontvanger.punten:
        regels = [BesluitRegel("", vorige=vorige) for vorige in punt.vastgestelde_lijsten]
        regels += [BesluitRegel("", besluit=besluit) for besluit in punt.besluiten_lijst]
        for index, regel in enumerate(regels, start=1):
            regel.nummer = f"{punt.volgorde}.{index}"
        acties = [a for a in punt.acties_lijst if a.casus_id is None or a.casus_id in casussen]
        result.append(Punt(punt, regels, acties))
    return result


def presentielijst(overleg, ontvanger, staand):
    """The standing participants, and the organisations invited for the items in this recipient's document (one row
    per organisation: present when it was present at any of its items)."""
    rijen = [Aanwezigheid(d.organisatie, d.deelnemer, d.aanwezig) for d in staand]
    staande_ids = {d.organisatie_id for d in staand}
    punt_ids = [p.pk for p in ontvanger.punten]
    uitgenodigd = {}
    for uitnodiging in (Uitnodiging.objects.filter(agendapunt__overleg=overleg, agendapunt__in=punt_ids)
                        .select_related("organisatie", "deelnemer").order_by("organisatie__naam", "pk")):
        if uitnodiging.organisatie_id in staande_ids:
            continue
        rij = uitgenodigd.get(uitnodiging.organisatie_id)
        if rij is None:
            uitgenodigd[uitnodiging.organisatie_id] = Aanwezigheid(uitnodiging.organisatie, uitnodiging.deelnemer,
                                                                   uitnodiging.aanwezig, uitgenodigd=True)
        elif uitnodiging.aanwezig or (rij.aanwezig is None and uitnodiging.aanwezig is False):
            rij.aanwezig = uitnodiging.aanwezig
    return rijen + list(uitgenodigd.values())


def _kop(overleg):
    begint = timezone.localtime(overleg.begint)
    return _("%(tafel)s · decision list of %(datum)s") % {"tafel": overleg.tafel.naam,
                                                          "datum": formats.date_format(begint, "j F Y")}


def render(overleg, ontvanger, *, versie=None, staand=None, gemaakt_op=None):
    """The PDF (bytes) of the decision list for one recipient (``agenda_pdf.Ontvanger`` over ``punten(overleg)``),
    in Dutch."""
    gemaakt_op = gemaakt_op or timezone.now()
    staand = agenda_pdf.deelnemers(overleg) if staand is None else staand
    with translation.override(settings.LANGUAGE_CODE):
        lijst = presentielijst(overleg, ontvanger, staand)
        context = {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "ontvanger": ontvanger,
            "punten": inhoud(ontvanger),
            "aanwezig": [r for r in lijst if r.aanwezig],
            "afwezig": [r for r in lijst if r.aanwezig is False],
            "onbekend": [r for r in lijst if r.aanwezig is None],
            "versie": versie or overleg.besluitenlijst_versie,
            "gemaakt_op": gemaakt_op,
        }
        html = render_to_string("casusoverleg/pdf/besluitenlijst.html", context)
        css = static_css(EIGEN_CSS)
        return html_to_pdf(html, extra_css=css + "\n" + agenda_pdf.pagina_css(overleg, gemaakt_op, kop=_kop(overleg)))


# --- progress ---------------------------------------------------------------------------------------------


def voortgang(overleg):
    """How far the PDFs of the current decision list version are (None when it was never made)."""
    if not overleg.besluitenlijst_versie:
        return None
    klaar = AgendaDocument.objects.filter(overleg=overleg, soort=SOORT, versie=overleg.besluitenlijst_versie).count()
    totaal = agenda_pdf.aantal_ontvangers(overleg)
    job_row = overleg.besluitenlijst_job
    mislukt = job_row is not None and job_row.status == JobStatus.FAILED and klaar < totaal
    return agenda_pdf.Voortgang(overleg.besluitenlijst_versie, totaal, klaar, mislukt)


# --- the job ----------------------------------------------------------------------------------------------


def _mail_klaar(overleg, versie):
    """One e-mail per contact per version, never twice (``agenda_pdf.send_to``: a message that could not be sent is
    tried again by a later run). Returns the counts."""
    nieuw = agenda_pdf.contacten_zonder_bericht(overleg, BERICHT_SOORT, versie)
    if not nieuw:
        return {"verzonden": 0, "mislukt": 0}
    with translation.override(settings.LANGUAGE_CODE):
        begint = timezone.localtime(overleg.begint)
        context = {
            "tafel": overleg.tafel,
            "begint": begint,
            "link": settings.SITE_URL + reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) + "#besluitenlijst",
        }
        onderwerp = _("Decision list ready: %(tafel)s of %(datum)s") % {
            "tafel": overleg.tafel.naam, "datum": formats.date_format(begint, "j F Y")}
        tekst = render_to_string("casusoverleg/email/besluitenlijst_klaar.txt", context)
    return agenda_pdf.send_to(overleg, BERICHT_SOORT, versie, nieuw, onderwerp, tekst)


@job(JOB)
def besluitenlijst_pdfs(job_row):
    """Make the next missing PDF of one decision list version; queue again while some are missing; e-mail when
    done."""
    overleg_id, versie = job_row.args
    overleg = (Overleg.objects.select_for_update(of=("self",)).select_related("tafel", "voorzitter")
               .filter(pk=overleg_id).first())
    if overleg is None:
        return {"overgeslagen": "overleg bestaat niet"}
    if overleg.besluitenlijst_versie != versie or overleg.status not in MET_BESLUITENLIJST:
        return {"overgeslagen": f"versie {versie} is niet (meer) de actuele besluitenlijst"}
    staand = agenda_pdf.deelnemers(overleg)
    alle = agenda_pdf.ontvangers(overleg, punten=punten(overleg), staand=staand)
    bestaand = set(AgendaDocument.objects.filter(overleg=overleg, soort=SOORT, versie=versie)
                   .values_list("organisatie_id", flat=True))
    ontbreekt = [o for o in alle if (o.organisatie.pk if o.organisatie else None) not in bestaand]
    gemaakt = []
    try:
        for ontvanger in ontbreekt[:PER_RUN]:
            data = render(overleg, ontvanger, versie=versie, staand=staand)
            gemaakt.append(agenda_pdf.store(overleg, versie, ontvanger, data, soort=SOORT))
        resultaat = {"versie": versie, "gemaakt": [d.pk for d in gemaakt],
                     "klaar": len(alle) - len(ontbreekt) + len(gemaakt), "totaal": len(alle)}
        if len(ontbreekt) > len(gemaakt):
            volgende = enqueue(JOB, overleg.pk, versie)
            Overleg.objects.filter(pk=overleg.pk).update(besluitenlijst_job=volgende)
            resultaat["volgende"] = str(volgende.pk)
            return resultaat
        resultaat["mails"] = opnieuw_als_mislukt(_mail_klaar(overleg, versie), job_row)
    except BaseException:
        # The rows go with the rolled-back transaction; their files go here.
        for document in gemaakt:
            agenda_pdf.pad(document).unlink(missing_ok=True)
        raise
    return resultaat
