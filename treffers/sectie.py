"""The "Hits" section of a signal's page (``signalen.secties``): for the ketenregisseur of the signal's werkgebied
only, the treffers of this record with their timeline (found, status changes). Everyone else — the submitter, an
organisation it is shared with, a ketenregisseur of another werkgebied who sees it through a share — gets nothing:
not even the heading."""
from signalen.selectors import may_triage

from . import selectors

KEY = "treffers"
TEMPLATE = "treffers/_signaal_treffers.html"


def context(user, signaal, staat=None):
    if not (selectors.may_see_treffers(user) and may_triage(user, signaal)):
        return {"treffers_sectie": None}
    treffers = list(selectors.treffers_van_signaal(user, signaal))
    gemeenten = selectors.eigen_gemeenten(user)
    mailboxen = selectors.riec_mailboxen()
    kanten = [selectors.kant_voor(user, treffer, gemeenten, mailboxen) for treffer in treffers]
    historie = list(selectors.historie_van([t.pk for t in treffers]))
    for kant in kanten:
        kant.historie = [rij for rij in historie if rij.treffer_id == kant.treffer.pk]
        # On this page the record is the own one (of a duplicate: the other one is the link).
        kant.ander_dubbel = next((s for s in kant.eigen if s.pk != signaal.pk), None) if kant.dubbel else None
    return {"treffers_sectie": {"kanten": kanten}}
