"""Who sees which treffer, and what of it. Every list, count and lookup of a Treffer starts here.

Only an active ketenregisseur sees treffers, and only those with a record in the gemeenten of their werkgebied (an
index lookup on each side's gemeente, never a scan of the country). Everyone else — coordinators and partners (the
submitter among them), portefeuillehouders, the beheerder — sees none: the list answers 404 and nothing else names one.

What a ketenregisseur sees of a treffer (``kant_voor``): their own record(s); of a record in another werkgebied only
the kind(s) of identifier that matched and that werkgebied's RIEC with its functional mailbox — never its reference,
date, status, form or text. Both records in their werkgebied: a possible duplicate, with links to both.
"""
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from mensenhandel.access.registry import register_selector
from mensenhandel.core.rollen import Rol
from partners.models import Organisatie, OrganisatieSoort
from tafels.selectors import gemeenten_in_werkgebied

from .models import Status, Treffer, TrefferHistorie

# The look of a status: the badges of the signal statuses (static/css/app.css), by their colour.
STATUS_CSS = {
    Status.OPEN: "informatie_opgevraagd",
    Status.CONTACT: "opgepakt_in_casus",
    Status.GEDEELD: "doorgezet",
    Status.GEEN_VERBAND: "afgesloten_zonder_vervolg",
}
# The probing list looks back this many days.
DREMPEL_DAGEN = 30


def drempel():
    """``TREFFERS_DREMPEL_PER_DAG``: from this many treffers on one day a submitter is listed (probing)."""
    return settings.TREFFERS_DREMPEL_PER_DAG


def may_see_treffers(user):
    return (getattr(user, "is_authenticated", False) and user.is_active and user.rol == Rol.KETENREGISSEUR
            and user.werkgebied is not None)


def _gemeente_ids(user):
    return gemeenten_in_werkgebied(user.werkgebied).values("pk")


def treffers_visible_for(user):
    if not may_see_treffers(user):
        return Treffer.objects.none()
    ids = _gemeente_ids(user)
    return Treffer.objects.filter(Q(gemeente_a_id__in_ids=ids) | Q(gemeente_b_id__in_ids=ids))


register_selector(Treffer, treffers_visible_for)


def open_aantal(user):
    return treffers_visible_for(user).filter(status=Status.OPEN).count()


def riec_mailboxen():
    """{regio id: functional mailbox} of the RIEC organisations (one short query: there is a RIEC per region)."""
    mailboxen = {}
    for regio_id, email in (Organisatie.objects.filter(soort=OrganisatieSoort.RIEC, regio__isnull=False)
                            .exclude(email="").order_by("-pk").values_list("regio_id", "email")):
        mailboxen[regio_id] = email  # the oldest organisation of a region wins
    return mailboxen


def riec_van(gemeente, mailboxen=None):
    """(RIEC name, functional mailbox or "") of the region of ``gemeente``: how the other side is named."""
    mailboxen = riec_mailboxen() if mailboxen is None else mailboxen
    return gemeente.regio.riec, mailboxen.get(gemeente.regio_id, "")


class Kant:
    """A treffer as one ketenregisseur sees it: ``eigen`` (their record(s)), ``dubbel`` (both are theirs), and for a
    treffer across werkgebieden ``riec`` / ``mailbox`` of the other side. Nothing else of the other record is in it."""

    def __init__(self, treffer, eigen_gemeenten, mailboxen=None):
        self.treffer = treffer
        a_eigen = treffer.gemeente_a_id in eigen_gemeenten
        b_eigen = treffer.gemeente_b_id in eigen_gemeenten
        self.dubbel = a_eigen and b_eigen
        if self.dubbel:
            self.eigen = [treffer.signaal_a, treffer.signaal_b]
            self.riec = self.mailbox = ""
        else:
            self.eigen = [treffer.signaal_a if a_eigen else treffer.signaal_b]
            self.riec, self.mailbox = riec_van(treffer.gemeente_b if a_eigen else treffer.gemeente_a, mailboxen)
        self.eigen_signaal = self.eigen[0]
        self.soorten = treffer.soorten()
        self.kant = "ab" if self.dubbel else ("a" if a_eigen else "b")
        self.status_css = STATUS_CSS.get(treffer.status, "ingediend")

    def leest(self, kant):
        """Whether this side reads a text written from ``kant`` (a reason: only the side that gave it)."""
        return bool(kant) and bool(set(kant) & set(self.kant))

    @property
    def reden(self):
        return self.treffer.reden if self.leest(self.treffer.reden_kant) else ""


def eigen_gemeenten(user):
    return set(_gemeente_ids(user).values_list("pk", flat=True))


def kant_voor(user, treffer, gemeenten=None, mailboxen=None):
    return Kant(treffer, eigen_gemeenten(user) if gemeenten is None else gemeenten, mailboxen)


def treffers_van_signaal(user, signaal):
    """The treffers of one record of the user's werkgebied, for its page."""
    return (treffers_visible_for(user).filter(Q(signaal_a=signaal) | Q(signaal_b=signaal))
            .select_related("signaal_a", "signaal_b", "gemeente_a__regio", "gemeente_b__regio", "aanleiding_door",
                            "aanleiding_door__organisatie"))


def historie_van(treffers):
    return (TrefferHistorie.objects.filter(treffer__in=treffers).select_related("door", "door__organisatie")
            .order_by("tijdstip", "pk"))


def opvallende_melders(user, nu=None):
    """Probing: the users whose submissions produced at least ``TREFFERS_DREMPEL_PER_DAG`` treffers on one day in the
    last ``DREMPEL_DAGEN`` days, among the treffers this ketenregisseur sees. [{"door": User, "dag": date, "aantal":
    n}], most recent first."""
    from django.contrib.auth import get_user_model

    vanaf = (nu or timezone.now()) - timedelta(days=DREMPEL_DAGEN)
    rijen = list(
        treffers_visible_for(user).filter(aangemaakt__gte=vanaf)
        .annotate(dag=TruncDate("aangemaakt", tzinfo=timezone.get_current_timezone()))
        .values("aanleiding_door", "dag").annotate(aantal=Count("pk")).filter(aantal__gte=drempel())
        .order_by("-dag", "-aantal")
    )
    gebruikers = get_user_model().objects.select_related("organisatie").in_bulk(
        {rij["aanleiding_door"] for rij in rijen})
    return [{"door": gebruikers[rij["aanleiding_door"]], "dag": rij["dag"], "aantal": rij["aantal"]} for rij in rijen]


def ketenregisseurs_van(treffers):
    """{user id: {treffer ids}} of the active ketenregisseurs whose werkgebied holds a side of one of ``treffers``:
    who hears of them."""
    from django.contrib.auth import get_user_model

    from tafels.models import Gemeente

    per_gemeente = defaultdict(set)
    for treffer in treffers:
        per_gemeente[treffer.gemeente_a_id].add(treffer.pk)
        per_gemeente[treffer.gemeente_b_id].add(treffer.pk)
    regios = set(Gemeente.objects.filter(pk__in=list(per_gemeente)).values_list("regio_id", flat=True))
    gebruikers = get_user_model().objects.filter(
        Q(werkgebied_district__gemeenten__in=list(per_gemeente)) | Q(werkgebied_regio_id__in=regios),
        is_active=True, rol=Rol.KETENREGISSEUR,
    ).distinct()
    uit = defaultdict(set)
    for user in gebruikers:
        eigen = eigen_gemeenten(user)
        for gemeente_id, ids in per_gemeente.items():
            if gemeente_id in eigen:
                uit[user.pk] |= ids
    return dict(uit)
