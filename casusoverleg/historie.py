"""The one way to append to a case's timeline (``CasusHistorie`` is append-only)."""
from .models import CasusHistorie


def add(casus, door, soort, **fields):
    """Append one row to the timeline of ``casus``: ``soort`` is a ``CasusGebeurtenis``; ``fields`` may hold
    van_status, naar_status, tekst (no names), signaal, overleg, actie."""
    return CasusHistorie.objects.create(
        casus=casus, door=door, organisatie=getattr(door, "organisatie", None), soort=soort, **fields
    )
