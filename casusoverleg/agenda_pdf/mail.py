"""The e-mail that a meeting's documents are ready (the agenda here; the decision list reuses ``send_to``).

It goes to each standing participant's and invitee's contact and the chair (``contacten``), once per kind and version:
each message is recorded as an ``OverlegBericht`` (unique per meeting, kind, version and address) by the platform's
``send_once``, so a parallel run sends nothing twice and a message the mail server refused is tried again by a later
run. The e-mail holds a link to the meeting page only: no case codes, nothing of the items.
"""
import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mensenhandel.core.mail import Zending, send_once

from ..models import AgendaDocument, DocumentSoort, OverlegBericht, OverlegDeelnemer, Uitnodiging

logger = logging.getLogger(__name__)

BERICHT_SOORT = "agenda"


def _contacten_met_organisatie(overleg):
    """[(address, organisation id or None), ...] of the 'agenda ready' e-mail, once per address: each standing
    participant's and invitee's contact with its organisation, and the chair (None: the full agenda)."""
    rijen = [(rij.contact, rij.organisatie_id)
             for rij in OverlegDeelnemer.objects.filter(overleg=overleg).select_related("deelnemer")]
    rijen += [(rij.contact, rij.organisatie_id)
              for rij in Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("deelnemer")]
    if overleg.voorzitter_id and overleg.voorzitter.is_active:
        rijen.append((overleg.voorzitter.email, None))
    uniek = {}
    for adres, organisatie_id in rijen:
        adres = (adres or "").strip().lower()
        if adres and adres not in uniek:
            uniek[adres] = organisatie_id
    return list(uniek.items())


def contacten(overleg):
    """Where the 'agenda ready' e-mail goes: each standing participant's and invitee's contact, and the chair."""
    return [adres for adres, _organisatie in _contacten_met_organisatie(overleg)]


def contacten_zonder_bericht(overleg, soort, versie):
    """The contacts that did not get the e-mail of this kind and version yet."""
    al = set(OverlegBericht.objects.filter(overleg=overleg, soort=soort, volgnummer=versie)
             .values_list("ontvanger", flat=True))
    return [adres for adres in contacten(overleg) if adres not in al]


def wijzigingen(overleg, versie):
    """For a new version of the agenda: per organisation (None: the full agenda) how many of the items it may see were
    added and removed since the version before, from the items in its agenda PDFs: {organisation id: (added,
    removed)}. An organisation without a PDF of the version before counts every item as added."""
    documenten = AgendaDocument.objects.filter(overleg=overleg, soort=DocumentSoort.AGENDA, versie__lte=versie)
    punten = {}
    for document_versie, organisatie_id, punt_id in documenten.values_list("versie", "organisatie_id", "punten"):
        punten.setdefault(organisatie_id, {}).setdefault(document_versie, set())
        if punt_id is not None:
            punten[organisatie_id][document_versie].add(punt_id)
    uitkomst = {}
    for organisatie_id, per_versie in punten.items():
        if versie not in per_versie:
            continue
        eerder = [v for v in per_versie if v < versie]
        vorige = per_versie[max(eerder)] if eerder else set()
        nu = per_versie[versie]
        uitkomst[organisatie_id] = (len(nu - vorige), len(vorige - nu))
    return uitkomst


def mail_agenda_klaar(overleg, versie):
    """One e-mail per contact per version, never twice (a message that could not be sent is tried again by a later
    run). From the second version on it says that the agenda changed and how many of the items the recipient may see
    were added or removed (issue 18): no codes, nothing it may not see. Returns the counts."""
    al = set(OverlegBericht.objects.filter(overleg=overleg, soort=BERICHT_SOORT, volgnummer=versie)
             .values_list("ontvanger", flat=True))
    nieuw = [(adres, organisatie_id) for adres, organisatie_id in _contacten_met_organisatie(overleg)
             if adres not in al]
    if not nieuw:
        return {"verzonden": 0, "mislukt": 0}
    per_organisatie = wijzigingen(overleg, versie) if versie > 1 else {}
    zendingen = []
    with translation.override(settings.LANGUAGE_CODE):
        begint = timezone.localtime(overleg.begint)
        context = {
            "overleg": overleg,
            "tafel": overleg.tafel,
            "begint": begint,
            "eindigt": timezone.localtime(overleg.eindigt),
            "link": settings.SITE_URL + reverse("casusoverleg:overleg", kwargs={"pk": overleg.pk}) + "#agenda",
            "gewijzigd": versie > 1,
        }
        datum = {"tafel": overleg.tafel.naam, "datum": formats.date_format(begint, "j F Y")}
        if versie > 1:
            onderwerp = _("Agenda changed: %(tafel)s on %(datum)s") % datum
        else:
            onderwerp = _("Agenda ready: %(tafel)s on %(datum)s") % datum
        for adres, organisatie_id in nieuw:
            toegevoegd, vervallen = per_organisatie.get(organisatie_id, (0, 0))
            tekst = render_to_string("casusoverleg/email/agenda_klaar.txt", {
                **context, "toegevoegd": toegevoegd, "vervallen": vervallen})
            zendingen.append((adres, tekst))
    return _send(overleg, BERICHT_SOORT, versie, zendingen, onderwerp)


def send_to(overleg, soort, volgnummer, adressen, onderwerp, tekst):
    """Send one e-mail per address, each recorded as an ``OverlegBericht`` (unique per meeting, kind, version and
    address) in the same savepoint: a parallel run sends nothing twice, a failed send is rolled back and tried again
    by a later run. Returns the counts."""
    return _send(overleg, soort, volgnummer, [(adres, tekst) for adres in adressen], onderwerp)


def _send(overleg, soort, volgnummer, zendingen, onderwerp):
    """As ``send_to``, with a text of its own per address: [(address, text), ...]."""
    return send_once((
        Zending(
            EmailMessage(onderwerp, tekst, None, [adres]),
            partial(OverlegBericht.objects.create, overleg=overleg, soort=soort, volgnummer=volgnummer, ontvanger=adres),
            ("Meeting %s: the %s message could not be sent", overleg.pk, soort),
        )
        for adres, tekst in zendingen
    ), logger=logger)
