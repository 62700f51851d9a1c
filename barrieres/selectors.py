"""Who sees which barrier (issue 21), and who changes it.

- Read: whoever sees the case (``casusoverleg.selectors.casussen_visible_for``): its barriers are part of the case,
  as its actions are. A removed case (retention) shows none.
- Change (add, edit, link actions): the ketenregisseur of the case's werkgebied (``may_manage_casus``), who also
  records the case's status, victim track, decisions and actions (DESIGN.md §1: the ketenregisseur "records decisions
  and actions, follows actions up"). The gemeente that raises a barrier does not edit it here: it carries out the
  action of type *bestuurlijk* tied to the barrier and reports back on that action (Mijn acties), as every partner
  reports back on its actions; the ketenregisseur then records the barrier's result.
- Everyone else: 404.
"""
from casusoverleg import selectors as casus_selectors
from casusoverleg.models import ActieSoort
from mensenhandel.access.registry import register_selector

from .models import Barriere, BarriereActie, Domein


def barrieres_visible_for(user):
    return Barriere.objects.filter(casus_id__in_ids=casus_selectors.casussen_visible_for(user).values("pk"))


register_selector(Barriere, barrieres_visible_for)


def barrieres_van_casus(user, casus):
    """The case's barriers the user sees (all or none: they follow the case), oldest first, with their actions."""
    return (barrieres_visible_for(user).filter(casus=casus).select_related("domein", "organisatie")
            .order_by("gestart_op", "pk"))


def may_manage(user, casus):
    return casus_selectors.may_manage_casus(user, casus)


def domeinen():
    return Domein.objects.filter(actief=True)


def koppelbare_acties(user, casus):
    """The actions of type bestuurlijk of the case that the user sees: what a barrier can be tied to."""
    return (casus_selectors.acties_visible_for(user).filter(casus=casus, soort=ActieSoort.BESTUURLIJK)
            .select_related("organisatie").order_by("deadline", "pk"))


def acties_per_barriere(user, barrieres):
    """{barrier id: [Actie, ...]}: the tied actions the user sees (an action the user does not see is left out)."""
    ids = [b.pk for b in barrieres]
    if not ids:
        return {}
    paren = list(BarriereActie.objects.filter(barriere_id__in=ids).values_list("barriere_id", "actie_id"))
    zichtbaar = casus_selectors.acties_visible_for(user).filter(
        pk__in={actie_id for _b, actie_id in paren}).select_related("organisatie").in_bulk() if paren else {}
    uitkomst = {pk: [] for pk in ids}
    for barriere_id, actie_id in paren:
        if actie_id in zichtbaar:
            uitkomst[barriere_id].append(zichtbaar[actie_id])
    for acties in uitkomst.values():
        acties.sort(key=lambda a: (a.deadline, a.pk))
    return uitkomst


def gekoppelde_actie_ids(barriere):
    return set(BarriereActie.objects.filter(barriere=barriere).values_list("actie_id", flat=True))

