"""Sections an app built on signals adds to a signal's detail page (``views/detail.py``).

Signals know nothing of what is built on them. An app above them (casusoverleg: the "Case" section) registers a
``Sectie`` in its ``AppConfig.ready()``: its context function ``(user, signaal, staat) -> dict`` adds to the page's
context, and its template (owned by that app) is included at the sections' place on the page. ``staat`` is what the
app's own view handed to ``views.detail.render_detail`` for its section (a form sent with an error), else None.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sectie:
    key: str
    template: str
    context: Callable


_secties = {}


def registreer(sectie):
    """Add a section to the signal's detail page (from an app's ``AppConfig.ready()``)."""
    if _secties.setdefault(sectie.key, sectie) != sectie:
        raise ValueError(f"Section {sectie.key!r} of the signal page is registered twice.")
    return sectie


def alle():
    return list(_secties.values())
