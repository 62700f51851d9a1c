"""The hit/no-hit index and its treffers: indexing a submitted signal, finding its matches across the country,
removing what a removed record leaves, and the ketenregisseur's status of a treffer.

- ``indexeer(signaal, door)``: on submit (``signalen.signals.signaal_ingediend``) and when identifiers change. Writes
  the keyed hashes of the record (``normalisatie``) and looks each up nationally: one index scan per kind on
  (soort, waarde), so the cost follows the number of matches, not the country. A match with another record makes one
  ``Treffer`` for the pair (or adds the kind to the existing one); the ketenregisseurs of both sides get an e-mail
  that says only that there is a new treffer (``notifications``). The submitter is told nothing.
- ``indexeer_import(signalen, door)``: the same for many records (the import, issue 20), with ONE summary e-mail per
  ketenregisseur instead of one per treffer.
- ``verwijder(signaal)``: the record's index rows and treffers go when the record goes (retention, a draft removed).
- ``change_status(treffer, door, status, reden)`` and ``share(treffer, door, grondslag, toelichting)``: the
  ketenregisseur of either side marks the treffer contact made, shared (through ``signalen.services.share``: the
  existing share path, with a legal basis, to the other side's RIEC) or no connection (with a reason). The other side
  sees the status. Every step is in the audit log — on each side's werkgebied — and in the treffer's timeline.

Each treffer is audited with who submitted the triggering record (``Treffer.aanleiding_door``); both ketenregisseurs
see that on the treffer, and a user whose submissions produce many treffers on one day is listed for them
(``selectors.opvallende_melders``).
"""
import contextlib
import contextvars

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from partners.models import Organisatie, OrganisatieSoort
from signalen import services as signaal_services
from signalen.models import Signaal
from signalen.models import Status as SignaalStatus

from . import normalisatie, notifications, selectors
from .models import Gebeurtenis, IndexRegel, Status, Treffer, TrefferHistorie


def _log(door, actie, treffer, omschrijving):
    """One audit row per side (each werkgebied's ketenregisseur reads its own), each naming only its own record."""
    kanten = [("a", treffer.signaal_a_id)]
    if treffer.gemeente_b_id != treffer.gemeente_a_id:
        kanten.append(("b", treffer.signaal_b_id))
    for kant, signaal_id in kanten:
        treffer._audit_kant = kant
        try:
            audit.log(door, actie, treffer, omschrijving=f"{omschrijving}; eigen signaal {signaal_id}")
        finally:
            del treffer._audit_kant


def _soorten_tekst(soorten):
    return ", ".join(sorted(soorten))


def _schrijf_index(signaal):
    """Replace the record's index rows by the hashes of what it holds now. Returns {kind: hash}."""
    nieuw = normalisatie.hashes(signaal) if signaal.gemeente_id and signaal.status != SignaalStatus.CONCEPT else {}
    IndexRegel.objects.filter(signaal_id=signaal.pk).exclude(soort__in=list(nieuw)).delete()
    bestaand = dict(IndexRegel.objects.filter(signaal_id=signaal.pk).values_list("soort", "waarde"))
    for soort, waarde in nieuw.items():
        if soort not in bestaand:
            IndexRegel.objects.create(signaal_id=signaal.pk, gemeente_id=signaal.gemeente_id, soort=soort,
                                      waarde=waarde)
        elif bestaand[soort] != waarde:
            IndexRegel.objects.filter(signaal_id=signaal.pk, soort=soort).update(waarde=waarde)
    return nieuw


def _zoek(signaal, hashes):
    """{other signal id: (its gemeente id, {kinds})} of the newest record per gemeente and kind whose hash equals this
    one's: at most a row per gemeente and kind, however often the country reported the value (``_nieuwste_per_gemeente``
    then keeps the newest per gemeente; a record newest overall in its gemeente is the newest for each kind it
    matches on)."""
    if not hashes:
        return {}
    q = Q()
    for soort, waarde in hashes.items():
        q |= Q(soort=soort, waarde=waarde)
    gevonden = {}
    for gemeente_id, soort, signaal_id in (IndexRegel.objects.filter(q).exclude(signaal_id=signaal.pk)
                                           .values_list("gemeente_id", "soort").annotate(nieuwste=Max("signaal_id"))
                                           .order_by()):
        gevonden.setdefault(signaal_id, (gemeente_id, set()))[1].add(soort)
    return gevonden


def _koppel(signaal, door, ander_id, ander_gemeente_id, soorten):
    """The treffer of the pair, made or with the new kinds added. Returns (treffer, new)."""
    if signaal.pk < ander_id:
        paar = {"signaal_a_id": signaal.pk, "signaal_b_id": ander_id,
                "gemeente_a_id": signaal.gemeente_id, "gemeente_b_id": ander_gemeente_id}
    else:
        paar = {"signaal_a_id": ander_id, "signaal_b_id": signaal.pk,
                "gemeente_a_id": ander_gemeente_id, "gemeente_b_id": signaal.gemeente_id}
    vlaggen = {soort: True for soort in soorten}
    treffer = (Treffer.objects.select_for_update().select_related("gemeente_a", "gemeente_b")
               .filter(signaal_a_id=paar["signaal_a_id"], signaal_b_id=paar["signaal_b_id"]).first())
    if treffer is None:
        treffer = Treffer.objects.create(**paar, **vlaggen, aanleiding_door=door)
        TrefferHistorie.objects.create(treffer=treffer, door=door, soort=Gebeurtenis.GEVONDEN,
                                       tekst=_soorten_tekst(soorten))
        treffer = Treffer.objects.select_related("gemeente_a", "gemeente_b").get(pk=treffer.pk)
        _log(door, AuditActie.CREATE, treffer, f"treffer gevonden op {_soorten_tekst(soorten)}, "
                                               f"aanleiding ingediend door gebruiker {door.pk}")
        return treffer, True
    erbij = [soort for soort in soorten if not getattr(treffer, soort)]
    if erbij:
        Treffer.objects.filter(pk=treffer.pk).update(**{soort: True for soort in erbij})
        TrefferHistorie.objects.create(treffer=treffer, door=door, soort=Gebeurtenis.GEVONDEN,
                                       tekst=_soorten_tekst(erbij))
        _log(door, AuditActie.CHANGE, treffer, f"treffer ook op {_soorten_tekst(erbij)}, "
                                               f"aanleiding gebruiker {door.pk}")
    return treffer, False


def _nieuwste_per_gemeente(gevonden):
    """Of the records found ({id: (gemeente id, {kinds})}), only the newest per gemeente: a record is paired with the
    newest matching record of each gemeente where its identifiers are known. The question a treffer answers is "is this
    known there?", and a business reported a hundred times would otherwise give every new signal a hundred treffers
    (and each submission a cost that grows with every earlier one)."""
    nieuwste = {}
    for ander_id, (gemeente_id, _soorten) in gevonden.items():
        if ander_id > nieuwste.get(gemeente_id, 0):
            nieuwste[gemeente_id] = ander_id
    return {ander_id: gevonden[ander_id] for ander_id in nieuwste.values()}


def _indexeer(signaal, door):
    hashes = _schrijf_index(signaal)
    gevonden = _nieuwste_per_gemeente(_zoek(signaal, hashes))
    return [treffer for ander_id, (gemeente_id, soorten) in gevonden.items()
            for treffer, nieuw in [_koppel(signaal, door, ander_id, gemeente_id, soorten)] if nieuw]


# While a bundle is open (``samenvatting``), new treffers are collected for one summary instead of announced one by one.
_bundel = contextvars.ContextVar("treffers_bundel", default=None)


@transaction.atomic
def indexeer(signaal, door, *, notify=True):
    """Index a submitted record (again) and record its treffers. Returns the new treffers. The ketenregisseurs of
    both sides hear of each new one (an e-mail that says only that there is one); inside ``samenvatting`` they hear
    of all of them at once; ``notify=False`` for the demo."""
    signaal = Signaal.objects.get(pk=signaal.pk)
    nieuwe = _indexeer(signaal, door)
    bundel = _bundel.get()
    if bundel is not None:
        bundel.extend(nieuwe)
    elif notify and nieuwe:
        # One message per ketenregisseur for what this record found ("2 new hits"), not one per treffer.
        notifications.notify_ketenregisseurs(nieuwe)
    return nieuwe


@contextlib.contextmanager
def samenvatting():
    """Collect the new treffers of every record submitted or indexed inside the block (the import of issue 20 may
    submit its records through ``signalen.services.submit``) and announce them when the block ends: ONE e-mail per
    ketenregisseur involved ("there are 3 new hits"), queued in the current transaction. Yields the list it fills."""
    bundel = []
    token = _bundel.set(bundel)
    try:
        yield bundel
    finally:
        _bundel.reset(token)
    if bundel:
        notifications.notify_ketenregisseurs(bundel)


ZOEK_PER_KEER = 1000


@transaction.atomic
def indexeer_import(signalen, door):
    """Index many submitted records at once (the import of issue 20) as ``door``; each new treffer is audited like
    one from a submission, but every ketenregisseur involved gets ONE summary e-mail (how many new treffers), not one
    per treffer. Returns the new treffers.

    In bulk: the index rows of all records in one insert, their matches looked up per thousand hashes, so twenty
    thousand imported signals cost a few dozen queries and one per treffer found (not six per signal)."""
    signalen = [signaal for signaal in signalen if signaal.gemeente_id and signaal.status != SignaalStatus.CONCEPT]
    if not signalen:
        return []
    per_signaal = {signaal.pk: normalisatie.hashes(signaal) for signaal in signalen}
    IndexRegel.objects.filter(signaal_id__in=list(per_signaal)).delete()
    IndexRegel.objects.bulk_create(
        [IndexRegel(signaal_id=signaal.pk, gemeente_id=signaal.gemeente_id, soort=soort, waarde=waarde)
         for signaal in signalen for soort, waarde in per_signaal[signaal.pk].items()], batch_size=2000)
    waarden = sorted({waarde for hashes in per_signaal.values() for waarde in hashes.values()})
    # (kind, hash) -> {gemeente id: its two newest record ids}: the newest other than the record itself is its pair
    # there (``_nieuwste_per_gemeente``), so a value held by thousands of records costs a few entries, not thousands.
    houders = {}
    for begin in range(0, len(waarden), ZOEK_PER_KEER):
        for signaal_id, gemeente_id, soort, waarde in IndexRegel.objects.filter(
                waarde__in=waarden[begin:begin + ZOEK_PER_KEER]).values_list("signaal_id", "gemeente_id", "soort",
                                                                            "waarde"):
            nieuwste = houders.setdefault((soort, waarde), {}).setdefault(gemeente_id, [])
            nieuwste.append(signaal_id)
            nieuwste.sort(reverse=True)
            del nieuwste[2:]
    with samenvatting() as nieuwe:
        for signaal in signalen:
            gevonden = {}
            for soort, waarde in per_signaal[signaal.pk].items():
                for gemeente_id, ids in houders.get((soort, waarde), {}).items():
                    ander_id = next((pk for pk in ids if pk != signaal.pk), None)
                    if ander_id is not None:
                        gevonden.setdefault(ander_id, (gemeente_id, set()))[1].add(soort)
            for ander_id, (gemeente_id, soorten) in _nieuwste_per_gemeente(gevonden).items():
                treffer, nieuw = _koppel(signaal, door, ander_id, gemeente_id, soorten)
                if nieuw:
                    nieuwe.append(treffer)
    return list(nieuwe)


def verwijder(signaal):
    """The record goes (anonymised by retention, a draft deleted): its index rows and its treffers go with it (the
    timeline of a treffer goes with the treffer; the audit rows stay)."""
    IndexRegel.objects.filter(signaal_id=signaal.pk).delete()
    Treffer.objects.filter(Q(signaal_a_id=signaal.pk) | Q(signaal_b_id=signaal.pk)).delete()


def _eigen_treffer(treffer, door):
    """The treffer, locked, if ``door`` may act on it (a ketenregisseur of one of its sides); else PermissionDenied."""
    treffer = (selectors.treffers_visible_for(door).select_for_update(of=("self",))
               .select_related("gemeente_a__regio", "gemeente_b__regio", "signaal_a", "signaal_b")
               .filter(pk=treffer.pk).first())
    if treffer is None:
        raise PermissionDenied
    return treffer


def _zet_status(treffer, door, status, reden=""):
    van = treffer.status
    kant = selectors.kant_voor(door, treffer).kant
    treffer.status = status
    treffer.reden = reden
    treffer.reden_kant = kant if reden else ""
    treffer.gewijzigd_door = door
    treffer.gewijzigd_op = timezone.now()
    treffer.save(update_fields=["status", "reden", "reden_kant", "gewijzigd_door", "gewijzigd_op"])
    TrefferHistorie.objects.create(treffer=treffer, door=door, soort=Gebeurtenis.STATUS, status=status, tekst=reden,
                                   kant=kant)
    _log(door, AuditActie.CHANGE, treffer, f"treffer status {van} -> {status}")
    return treffer


@transaction.atomic
def change_status(treffer, door, status, reden=""):
    """Contact made or no connection (a reason required), or back to open. (Shared goes through ``share``.)"""
    treffer = _eigen_treffer(treffer, door)
    if status not in (Status.OPEN, Status.CONTACT, Status.GEEN_VERBAND):
        raise ValidationError(_("Choose contact made or no connection."))
    reden = (reden or "").strip()
    if status == Status.GEEN_VERBAND and not reden:
        raise ValidationError(_("Give the reason why there is no connection."))
    kant = selectors.kant_voor(door, treffer)
    if kant.dubbel and status == Status.CONTACT:
        raise ValidationError(_("A possible duplicate in your own work area needs no contact."))
    return _zet_status(treffer, door, status, reden if status == Status.GEEN_VERBAND else "")


def ontvanger_riec(treffer, door):
    """The RIEC organisation of the other side, with which ``share`` shares the own record (None for a duplicate or
    when that region has no RIEC organisation)."""
    kant = selectors.kant_voor(door, treffer)
    if kant.dubbel:
        return None
    ander = treffer.gemeente_b if kant.eigen_signaal.pk == treffer.signaal_a_id else treffer.gemeente_a
    return Organisatie.objects.filter(soort=OrganisatieSoort.RIEC, regio_id=ander.regio_id).order_by("pk").first()


@transaction.atomic
def share(treffer, door, grondslag, toelichting=""):
    """Share the own record of the treffer with the other side's RIEC through the existing share path (a legal basis
    valid today; ``signalen.services.share`` checks it and writes the share to the record's timeline and the audit
    log), then mark the treffer shared."""
    treffer = _eigen_treffer(treffer, door)
    organisatie = ontvanger_riec(treffer, door)
    if organisatie is None:
        raise ValidationError(_("There is no RIEC of the other work area to share with."))
    eigen = selectors.kant_voor(door, treffer).eigen_signaal
    signaal_services.share(eigen, door, organisatie, grondslag, toelichting=(toelichting or "").strip())
    return _zet_status(treffer, door, Status.GEDEELD)
