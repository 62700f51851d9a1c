"""Background jobs of the platform (registered with ``@job``).

``bestanden.opruimen``: the daily sweep of the protected file store. A file is written before its row, inside the
row's transaction; when that transaction rolls back after the write (a failure further on, a lost connection at the
commit), the file stays behind without a row: nobody can reach it, but it may hold personal data. Each folder of the
store (``_alle_mappen``) is swept of such files once they are a day old: younger ones may belong to a transaction
that is still running.
"""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mensenhandel.jobs.registry import job

WEES_NA = timedelta(days=1)


def _alle_mappen():
    """Every folder of the store. A new folder (a ``beschermd.Map``) is added here, or its orphans stay."""
    from casusoverleg import agenda_pdf
    from casusoverleg.services import acties
    from rapportage import pdf
    from signalen import bijlagen

    return [bijlagen.MAP, acties.MAP, agenda_pdf.MAP, pdf.MAP]


@job("bestanden.opruimen")
def opruimen(job_row):
    """Delete, after this run commits, every stored file no row names that is older than a day. Returns the counts
    per folder. Safe to run twice: a second run finds nothing."""
    grens = timezone.now() - WEES_NA
    wezen = {map_.naam: (map_, map_.wezen(grens)) for map_ in _alle_mappen()}
    transaction.on_commit(lambda: [map_.verwijder(namen) for map_, namen in wezen.values()])
    return {naam: len(namen) for naam, (_map, namen) in wezen.items()}
