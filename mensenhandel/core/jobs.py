"""Background jobs of the platform (registered with ``@job``).

``bestanden.opruimen``: the daily sweep of the protected file store. A file is written before its row, inside the
row's transaction; when that transaction rolls back after the write (a failure further on, a lost connection at the
commit), the file stays behind without a row: nobody can reach it, but it may hold personal data. Each folder of the
store (``_alle_mappen``: the folders the apps registered with ``beschermd.registreer``) is swept of such files once
they are a day old: younger ones may belong to a transaction that is still running.
"""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mensenhandel.core import beschermd
from mensenhandel.jobs.registry import job

WEES_NA = timedelta(days=1)


def _alle_mappen():
    """Every folder of the store. The app that makes a new folder (a ``beschermd.Map``) registers it with
    ``beschermd.registreer()`` in its ``AppConfig.ready()``, or its orphans stay (``tests/core/test_opruimen.py``
    finds every ``beschermd.Map(...)`` in the code and checks that it is here)."""
    return beschermd.mappen()


JOB_OPRUIMEN = "bestanden.opruimen"


@job(JOB_OPRUIMEN)
def opruimen(job_row):
    """Delete, after this run commits, every stored file no row names that is older than a day. Returns the counts
    per folder. Safe to run twice: a second run finds nothing."""
    grens = timezone.now() - WEES_NA
    wezen = {map_.naam: (map_, map_.wezen(grens)) for map_ in _alle_mappen()}
    transaction.on_commit(lambda: [map_.verwijder(namen) for map_, namen in wezen.values()])
    return {naam: len(namen) for naam, (_map, namen) in wezen.items()}
