"""What each app removes when a rule's term has passed.

An app registers an ``Opruimer`` per kind of record in its ``AppConfig.ready()``; the runner
(``services.toepassen``) calls them in ``volgorde``. The contract of an Opruimer:

- ``kandidaten(grens)``: the ids of the records whose term ended before ``grens`` and that were not removed yet, in
  a stable order. Its cost follows the number of such records (an index on the date that decides it).
- ``beschrijf(ids)``: one line per id for ``apply_retention --dry-run`` (a reference or code and the date that
  decided it; never content).
- ``verwijder(pk, grens, regel)``: lock the record, check again that it is still past its term, remove or anonymise
  it, write one audit row per removed record (``audit.log_verwijdering``), delete its files once the transaction
  commits, and return the counts (``{"signalen": 1, "bijlagen": 2}``; ``{}`` when it no longer qualifies).
- or ``verwijder_alles(grens)`` for a kind that goes in bulk (the audit log's rows): returns the count.

A second run must find nothing: a removed record is no longer a candidate.
"""
from collections.abc import Callable
from dataclasses import dataclass

_opruimers = {}


@dataclass(frozen=True)
class Opruimer:
    soort: str  # the rule (models.Bewaarsoort) whose term applies
    naam: str  # the count this one adds to
    volgorde: int
    kandidaten: Callable
    verwijder: Callable | None = None
    beschrijf: Callable | None = None
    verwijder_alles: Callable | None = None


def register(*opruimers):
    for opruimer in opruimers:
        bestaand = _opruimers.get(opruimer.naam)
        if bestaand is not None and bestaand != opruimer:
            raise ValueError(f"Retention step {opruimer.naam!r} is registered twice.")
        if (opruimer.verwijder is None) == (opruimer.verwijder_alles is None):
            raise ValueError(f"Retention step {opruimer.naam!r} needs verwijder or verwijder_alles (one of them).")
        _opruimers[opruimer.naam] = opruimer


def opruimers():
    return sorted(_opruimers.values(), key=lambda opruimer: (opruimer.volgorde, opruimer.naam))


# --- the audit log's own step (registered by this app's ready()) ---------------------------------------------


def audit_kandidaten(grens):
    from mensenhandel.audit.selectors import rijen_voor

    return rijen_voor(grens)


def audit_verwijderen(grens):
    from mensenhandel.audit.services import verwijder_voor

    return verwijder_voor(grens)
