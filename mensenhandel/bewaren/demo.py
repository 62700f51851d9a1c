"""The demo's retention run (``seed_demo``): once the demo history is there (its oldest quarters lie more than the
twelve months of the signal rule back), the nightly run is applied once, as it would have run, so the Beheer page
shows a run with what it removed and the old signals are anonymised. A second ``seed_demo`` runs nothing again."""
from .models import BewaarRun


def stap_bewaren(demo):
    if BewaarRun.objects.exists():
        return
    from . import services

    services.toepassen()
