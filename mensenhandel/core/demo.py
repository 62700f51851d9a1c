"""The steps of the demo data set (``manage.py seed_demo``).

The platform knows no app's demo data: each app registers its steps with ``register()`` in its ``AppConfig.ready()``,
and ``seed_demo`` runs them by ``volgorde``. A step gets the ``Demo`` the steps fill in turn (the organisations, the
accounts and the tables that later steps build on) and is safe to run again.

The phase of a step says when it runs:

- ``BASIS``: in one transaction, always (reference data, organisations, accounts, tables: what the tests use,
  ``seed_demo --zonder-signalen``);
- ``INHOUD``: in that same transaction, left out with ``--zonder-signalen`` (the signals);
- ``ERNA``: after that transaction, left out with ``--zonder-signalen``: steps that commit in steps of their own
  (cases and meetings make their agenda PDFs in between; the reports are counted and rendered by their job).
"""
from collections.abc import Callable
from dataclasses import dataclass, field

BASIS = "basis"
INHOUD = "inhoud"
ERNA = "erna"


@dataclass
class Demo:
    """What the steps share: the command's options and what earlier steps made."""

    zonder_rapporten: bool = False
    organisaties: dict = field(default_factory=dict)
    gebruikers: dict = field(default_factory=dict)
    tafels: list = field(default_factory=list)


@dataclass(frozen=True)
class Stap:
    volgorde: int
    naam: str
    uitvoeren: Callable  # (demo: Demo) -> None
    fase: str = BASIS


# Filled by the apps' ready(): name -> Stap.
_stappen = {}


def register(*stappen):
    """Add demo steps (from an app's ``AppConfig.ready()``). Two steps cannot share a name or a place."""
    for stap in stappen:
        if stap.fase not in (BASIS, INHOUD, ERNA):
            raise ValueError(f"Unknown phase {stap.fase!r} of demo step {stap.naam!r}.")
        for other in _stappen.values():
            if other != stap and (other.naam == stap.naam or other.volgorde == stap.volgorde):
                raise ValueError(f"Demo step {stap.naam!r} clashes with {other.naam!r}.")
        _stappen[stap.naam] = stap


def stappen(*fasen):
    """The registered steps of these phases, in order."""
    return sorted((stap for stap in _stappen.values() if stap.fase in fasen), key=lambda stap: stap.volgorde)
