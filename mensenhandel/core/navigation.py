"""The main navigation per role: each role sees only the sections it can use.

Each app registers its own items in its ``AppConfig.ready()`` with ``register()``; an item's ``volgorde`` places it
in the menu. The places in use, so that a new item knows where it goes:

    0 Start (core) · 10–19 signals · 20–29 cases, meetings and actions · 30–39 reports, basic level and awareness ·
    40 tables · 50 audit log · 60 administration (core)
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .rollen import Rol

ALLE_ROLLEN = tuple(Rol.values)


@dataclass(frozen=True)
class NavItem:
    volgorde: int
    label: str
    url_name: str
    rollen: tuple
    # URL prefix under which this item is the current section ("" = exact match of the URL).
    section: str = ""
    # Optional: (user) -> bool, for an item that only some users of its roles have (issue 21: the care tracks, for a
    # partner whose organisation is some case's zorgcoordinator).
    zichtbaar: object = None


# Filled by the apps' ready(), kept sorted by ``volgorde``.
ITEMS = []


def register(*items):
    """Add menu items (from an app's ``AppConfig.ready()``). Two items cannot share a place or a URL name."""
    for item in items:
        if item in ITEMS:
            continue
        for other in ITEMS:
            if other.volgorde == item.volgorde or other.url_name == item.url_name:
                raise ValueError(f"Menu item {item.url_name!r} clashes with {other.url_name!r}.")
        ITEMS.append(item)
    ITEMS.sort(key=lambda item: item.volgorde)


# The platform's own: the start page and the Django admin (the beheerder's administration).
PLATFORM_ITEMS = (
    NavItem(0, _("Start"), "start", ALLE_ROLLEN),
    NavItem(60, _("Administration"), "admin:index", (Rol.BEHEERDER,), section="/beheer/"),
)


def items_for(user, path):
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for item in ITEMS:
        if user.rol not in item.rollen or (item.zichtbaar is not None and not item.zichtbaar(user)):
            continue
        url = reverse(item.url_name)
        current = path.startswith(item.section) if item.section else path == url
        items.append({"label": item.label, "url": url, "current": current})
    return items
