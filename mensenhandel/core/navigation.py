"""The main navigation per role: each role sees only the sections it can use."""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Rol

ALLE_ROLLEN = tuple(Rol.values)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rollen: tuple
    # URL prefix under which this item is the current section ("" = exact match of the URL).
    section: str = ""


ITEMS = (
    NavItem(_("Start"), "start", ALLE_ROLLEN),
    NavItem(_("Signals"), "signalen:lijst", (Rol.KETENREGISSEUR,), section="/signalen/"),
    NavItem(_("Report a signal"), "signalen:nieuw", (Rol.COORDINATOR, Rol.PARTNER), section="/signalen/concept/"),
    NavItem(_("My signals"), "signalen:mijn", (Rol.COORDINATOR, Rol.PARTNER), section="/signalen/mijn/"),
    NavItem(_("Cases"), "casusoverleg:casussen", (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER),
            section="/casussen/"),
    NavItem(_("Meetings"), "casusoverleg:overleggen",
            (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER, Rol.PORTEFEUILLEHOUDER), section="/overleggen/"),
    NavItem(_("My actions"), "casusoverleg:mijn_acties", (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER),
            section="/acties/mijn/"),
    NavItem(_("Action follow-up"), "casusoverleg:actiebewaking", (Rol.KETENREGISSEUR,), section="/acties/bewaking/"),
    NavItem(_("Reports"), "rapportage:rapporten", (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER), section="/rapporten/"),
    NavItem(_("Basic level"), "basisniveau:metingen", (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER, Rol.COORDINATOR),
            section="/basisniveau/"),
    NavItem(_("Awareness"), "basisniveau:bijeenkomsten", (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER, Rol.COORDINATOR),
            section="/bewustwording/"),
    NavItem(_("Tables"), "tafels:lijst", ALLE_ROLLEN, section="/tafels/"),
    NavItem(_("Audit log"), "audit:lijst", (Rol.BEHEERDER, Rol.KETENREGISSEUR), section="/audit/"),
    NavItem(_("Administration"), "admin:index", (Rol.BEHEERDER,), section="/beheer/"),
)


def items_for(user, path):
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for item in ITEMS:
        if user.rol not in item.rollen:
            continue
        url = reverse(item.url_name)
        current = path.startswith(item.section) if item.section else path == url
        items.append({"label": item.label, "url": url, "current": current})
    return items
