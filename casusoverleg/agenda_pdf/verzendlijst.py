"""Who gets which agenda PDF: the recipients of a meeting's agenda and the items in each one's document."""
from dataclasses import dataclass

from .. import selectors
from ..models import Agendapunt, AgendapuntSoort, OverlegDeelnemer, Uitnodiging


@dataclass
class Ontvanger:
    """One recipient of an agenda version: an organisation (None: the full agenda) and the items in its PDF."""

    organisatie: object
    punten: list
    deelnemer: bool = False  # a standing participant


def agenda_punten(overleg):
    """All items of the meeting in order, made ready to show (case, open actions, invitations)."""
    punten = Agendapunt.objects.filter(overleg=overleg).select_related("casus").order_by("volgorde", "pk")
    return selectors.agendapunten_details(punten, met_uitnodigingen=True)


def deelnemers(overleg):
    return list(OverlegDeelnemer.objects.filter(overleg=overleg).select_related("organisatie", "deelnemer")
                .order_by("organisatie__naam"))


def ontvangers(overleg, punten=None, staand=None):
    """The recipients of the meeting's agenda, in a fixed order (full agenda, standing participants, invitees)."""
    punten = agenda_punten(overleg) if punten is None else punten
    staand = deelnemers(overleg) if staand is None else staand
    result = [Ontvanger(None, list(punten))]
    rijen = list(Uitnodiging.objects.filter(agendapunt__overleg=overleg).select_related("organisatie")
                 .order_by("organisatie__naam", "pk"))
    # A standing member for the general items only (issue 21): its own case items are those it is invited for.
    beperkt = selectors.alleen_uitgenodigd_organisaties(overleg)
    staande_ids = set()
    for deelnemer in staand:
        staande_ids.add(deelnemer.organisatie_id)
        eigen = list(punten)
        if deelnemer.organisatie_id in beperkt:
            ids = {u.agendapunt_id for u in rijen if u.organisatie_id == deelnemer.organisatie_id}
            eigen = [p for p in punten if p.soort != AgendapuntSoort.CASUS or p.pk in ids]
        result.append(Ontvanger(deelnemer.organisatie, eigen, deelnemer=True))
    uitgenodigd = {}
    for uitnodiging in rijen:
        if uitnodiging.organisatie_id in staande_ids:
            continue
        _organisatie, ids = uitgenodigd.setdefault(uitnodiging.organisatie_id, (uitnodiging.organisatie, set()))
        ids.add(uitnodiging.agendapunt_id)
    for organisatie, ids in uitgenodigd.values():
        eigen = [p for p in punten if p.soort != AgendapuntSoort.CASUS or p.pk in ids]
        result.append(Ontvanger(organisatie, eigen))
    return result


def aantal_ontvangers(overleg):
    """How many PDFs one version of the agenda has: the full one, one per standing participant and per invitee."""
    staand = set(OverlegDeelnemer.objects.filter(overleg=overleg).values_list("organisatie_id", flat=True))
    uitgenodigd = set(
        Uitnodiging.objects.filter(agendapunt__overleg=overleg).values_list("organisatie_id", flat=True)
    )
    return 1 + len(staand | uitgenodigd)
