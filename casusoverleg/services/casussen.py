"""The write paths of a case: open it, link signals, change its status, its details and its victim track.

One function per change. Each locks the case row, checks the rule, appends a row to the case's timeline
(``casusoverleg.historie.add``) and writes the audit log. The audit description names objects by type and id
and holds no free text; the history holds no names (a reason for closing is the one free text it keeps).
"""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from partners.models import Rol
from signalen import selectors as signaal_selectors
from signalen import services as signaal_services
from signalen.models import Signaal, Standaardtekst
from signalen.models import Status as SignaalStatus
from tafels.selectors import gemeenten_in_werkgebied

from .. import historie, selectors
from ..models import Casus, CasusGebeurtenis, CasusNummer, CasusSignaal, CasusStatus

OPEN_STATUSSEN = (CasusStatus.OPEN, CasusStatus.IN_ONDERZOEK, CasusStatus.INTERVENTIES_LOPEN)

# Which status may follow which: between the three open states in either direction, from any of them to
# closed (with a reason), and from closed back to open (re-open).
TRANSITIONS = {
    CasusStatus.OPEN: {CasusStatus.IN_ONDERZOEK, CasusStatus.INTERVENTIES_LOPEN, CasusStatus.AFGESLOTEN},
    CasusStatus.IN_ONDERZOEK: {CasusStatus.OPEN, CasusStatus.INTERVENTIES_LOPEN, CasusStatus.AFGESLOTEN},
    CasusStatus.INTERVENTIES_LOPEN: {CasusStatus.OPEN, CasusStatus.IN_ONDERZOEK, CasusStatus.AFGESLOTEN},
    CasusStatus.AFGESLOTEN: {CasusStatus.OPEN},
}

# A signal with one of these statuses can be taken up in a case (a signal already taken up can be linked too).
OPPAKBAAR = (SignaalStatus.INGEDIEND, SignaalStatus.IN_BEHANDELING, SignaalStatus.INFORMATIE_OPGEVRAAGD)

# The longest personal note the ketenregisseur may add to the feedback of a signal taken up in a case.
NOTITIE_MAX = 1000

# The fields ``update_details`` and ``set_slachtofferspoor`` may change, as named in the history.
DETAILVELDEN = ("gemeenten", "vormen", "samenvatting", "eigenaar")
SLACHTOFFERSPOOR_VELDEN = ("comensha_aangemeld_op", "zorgcoordinator_betrokken_op")


class StaleStatus(ValidationError):
    """Someone else changed the case's status in the meantime."""


def _lock(casus):
    return Casus.objects.select_for_update().get(pk=casus.pk)


def _require_manager(door, casus):
    if not selectors.may_manage_casus(door, casus):
        raise PermissionDenied


def _check_gemeenten(gemeenten, werkgebied):
    gemeenten = list(gemeenten)
    if not gemeenten:
        raise ValidationError(_("Choose at least one municipality."))
    toegestaan = set(gemeenten_in_werkgebied(werkgebied).filter(pk__in=[g.pk for g in gemeenten])
                     .values_list("pk", flat=True))
    if any(g.pk not in toegestaan for g in gemeenten):
        raise ValidationError(_("A case can only play in municipalities of your work area."))
    return gemeenten


def _check_samenvatting(samenvatting):
    samenvatting = (samenvatting or "").strip()
    if not samenvatting:
        raise ValidationError(_("Give a short summary of the case, without names."))
    if len(samenvatting) > Casus._meta.get_field("samenvatting").max_length:
        raise ValidationError(_("The summary is too long."))
    return samenvatting


def next_code(prefix, jaar):
    """The next case code for a prefix (district or region code) and year: ``TW-2026-014``.

    The counter row is taken under a row lock, so two cases opened at the same moment never share a number.
    """
    with transaction.atomic():
        nummer, _created = CasusNummer.objects.select_for_update().get_or_create(prefix=prefix, jaar=jaar)
        nummer.laatste += 1
        nummer.save(update_fields=["laatste"])
    return f"{prefix}-{jaar}-{nummer.laatste:03d}"


def _check_notitie(notitie):
    notitie = (notitie or "").strip()
    if len(notitie) > NOTITIE_MAX:
        raise ValidationError(_("The personal note is too long."))
    return notitie


@transaction.atomic
def open_casus(door, *, gemeenten, vormen, samenvatting, signalen=(), melder=None, notitie=""):
    """Open a case for the ketenregisseur's werkgebied, with ``door`` as owner, and link the given signals.

    A case can be opened without signals, from a partner's report (``melder``). ``notitie``: the ketenregisseur's
    personal note to the submitters, added to the standard feedback of each signal taken up now (``link_signaal``).
    """
    if not selectors.may_open_casus(door):
        raise PermissionDenied
    werkgebied = door.werkgebied
    gemeenten = _check_gemeenten(gemeenten, werkgebied)
    samenvatting = _check_samenvatting(samenvatting)
    notitie = _check_notitie(notitie)
    if door.werkgebied_district_id:
        district = door.werkgebied_district
        regio = district.regio
        prefix = district.code
    else:
        district = None
        regio = door.werkgebied_regio
        prefix = regio.code
    now = timezone.now()
    casus = Casus.objects.create(
        code=next_code(prefix, timezone.localtime(now).year),
        district=district,
        regio=regio,
        eigenaar=door,
        samenvatting=samenvatting,
        melder=melder,
        geopend_op=now,
        status_gewijzigd_op=now,
    )
    casus.gemeenten.set(gemeenten)
    casus.vormen.set(list(vormen))
    historie.add(casus, door, CasusGebeurtenis.GEOPEND, naar_status=CasusStatus.OPEN)
    audit.log(door, AuditActie.CREATE, casus, omschrijving=casus.code)
    for signaal in signalen:
        link_signaal(casus, signaal, door, notitie=notitie)
    return casus


def _terugkoppeling_opgepakt(notitie=""):
    """The standard feedback for 'taken up in a case': it names no case (the submitter may not see it). A personal
    note of the ketenregisseur follows it as a paragraph of its own: the submitter reads both as one feedback."""
    standaard = Standaardtekst.objects.filter(status=SignaalStatus.OPGEPAKT_IN_CASUS).order_by("titel", "pk").first()
    if standaard is not None:
        tekst = standaard.tekst
    else:
        with translation.override(settings.LANGUAGE_CODE):
            tekst = _("Your signal has been taken up in a case of the case meeting. Thank you for reporting.")
    notitie = (notitie or "").strip()
    return f"{tekst}\n\n{notitie}" if notitie else tekst


@transaction.atomic
def link_signaal(casus, signaal, door, *, notitie=""):
    """Link a signal to the case. Linking it twice changes nothing (returns None the second time).

    A signal not yet 'taken up in a case' becomes so (``signalen.services.change_status``), with the standard feedback
    (without the case code) and below it the ketenregisseur's personal note ``notitie``, if any; that decision queues
    the e-mail to its submitter that there is news (which says nothing of either). A signal that was taken up before
    gets no new feedback, so no note either: its submitter already heard.
    """
    notitie = _check_notitie(notitie)
    casus = _lock(casus)
    _require_manager(door, casus)
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    # Taking a signal up in a case is the ketenregisseur's decision on it, also when it was taken up before and its
    # status does not change (then ``change_status``, which checks this too, is not called).
    if not signaal_selectors.may_triage(door, signaal):
        raise PermissionDenied
    if CasusSignaal.objects.filter(casus=casus, signaal=signaal).exists():
        return None
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ValidationError(_("Case %(code)s is closed: re-open it before you link a signal.") % {"code": casus.code})
    if signaal.status != SignaalStatus.OPGEPAKT_IN_CASUS and signaal.status not in OPPAKBAAR:
        raise ValidationError(
            _("Signal %(referentie)s is '%(status)s' and cannot be taken up in a case. Re-open the signal first, "
              "then link it.") % {"referentie": signaal.referentie, "status": signaal.get_status_display()}
        )
    koppeling = CasusSignaal.objects.create(casus=casus, signaal=signaal, gekoppeld_door=door)
    if signaal.status != SignaalStatus.OPGEPAKT_IN_CASUS:
        signaal = signaal_services.change_status(
            signaal, door, SignaalStatus.OPGEPAKT_IN_CASUS, verwacht=signaal.status,
            terugkoppeling=_terugkoppeling_opgepakt(notitie),
        )
    historie.add(casus, door, CasusGebeurtenis.SIGNAAL, signaal=signaal)
    audit.log(door, AuditActie.CHANGE, casus, omschrijving=f"signaal {signaal.pk} gekoppeld")
    return koppeling


def mogelijke_statussen(status):
    """The statuses a case can go to from ``status``, in the order of the workflow."""
    mogelijk = TRANSITIONS.get(status, set())
    return [s for s in CasusStatus if s in mogelijk]


@transaction.atomic
def change_status(casus, door, naar, *, reden="", verwacht=None):
    """Change the status. ``verwacht`` is the status the user saw: if someone else changed it first, this change
    is refused (StaleStatus) and nothing changes. Closing needs a reason; re-opening keeps the old reason in the
    timeline."""
    casus = _lock(casus)
    _require_manager(door, casus)
    if verwacht is not None and casus.status != verwacht:
        raise StaleStatus(
            _("Someone else changed the status of this case in the meantime: it is now '%(status)s'. Check and "
              "choose again.") % {"status": casus.get_status_display()}
        )
    van = casus.status
    if naar not in CasusStatus.values or naar not in TRANSITIONS.get(van, set()):
        raise ValidationError(_("This case cannot go from '%(from)s' to '%(to)s'.") % {
            "from": casus.get_status_display(), "to": CasusStatus(naar).label if naar in CasusStatus.values else naar})
    reden = (reden or "").strip()
    if naar == CasusStatus.AFGESLOTEN and not reden:
        raise ValidationError(_("Give the reason for closing the case."))
    now = timezone.now()
    casus.status = naar
    casus.status_gewijzigd_op = now
    if naar == CasusStatus.AFGESLOTEN:
        casus.afsluitreden = reden
        casus.afgesloten_op = now
    elif van == CasusStatus.AFGESLOTEN:
        # Re-open: the reason it was closed with stays in the timeline.
        casus.afsluitreden = ""
        casus.afgesloten_op = None
    casus.save(update_fields=["status", "status_gewijzigd_op", "afsluitreden", "afgesloten_op", "gewijzigd"])
    historie.add(casus, door, CasusGebeurtenis.STATUS, van_status=van, naar_status=naar,
                 tekst=reden if naar == CasusStatus.AFGESLOTEN else "")
    audit.log(door, AuditActie.CHANGE, casus, omschrijving=f"status {van} -> {naar}")
    return casus


def may_own(user, casus):
    """Who can own a case: an active ketenregisseur of its werkgebied."""
    return user is not None and user.rol == Rol.KETENREGISSEUR and selectors.may_manage_casus(user, casus)


@transaction.atomic
def update_details(casus, door, *, gemeenten, vormen, samenvatting, eigenaar):
    """Change where the case plays, its forms, its summary and its owner. The timeline names which fields changed
    (not what they hold). Returns the changed field names (empty when nothing changed)."""
    casus = _lock(casus)
    _require_manager(door, casus)
    gemeenten = _check_gemeenten(gemeenten, casus.werkgebied)
    samenvatting = _check_samenvatting(samenvatting)
    if not may_own(eigenaar, casus):
        raise ValidationError(_("The owner must be a chain director of the case's work area."))
    vormen = list(vormen)
    gewijzigd = []
    if {g.pk for g in gemeenten} != set(casus.gemeenten.values_list("pk", flat=True)):
        gewijzigd.append("gemeenten")
    if {v.pk for v in vormen} != set(casus.vormen.values_list("pk", flat=True)):
        gewijzigd.append("vormen")
    if samenvatting != casus.samenvatting:
        gewijzigd.append("samenvatting")
    if eigenaar.pk != casus.eigenaar_id:
        gewijzigd.append("eigenaar")
    if not gewijzigd:
        return []
    if "gemeenten" in gewijzigd:
        casus.gemeenten.set(gemeenten)
    if "vormen" in gewijzigd:
        casus.vormen.set(vormen)
    casus.samenvatting = samenvatting
    casus.eigenaar = eigenaar
    casus.save(update_fields=["samenvatting", "eigenaar", "gewijzigd"])
    historie.add(casus, door, CasusGebeurtenis.GEWIJZIGD, tekst=", ".join(gewijzigd))
    audit.log(door, AuditActie.CHANGE, casus, omschrijving=f"gewijzigd: {', '.join(gewijzigd)}")
    return gewijzigd


@transaction.atomic
def set_slachtofferspoor(casus, door, *, comensha_aangemeld_op, zorgcoordinator_betrokken_op):
    """Record the victim track: since when CoMensha knows of the case and since when the care coordinator is
    involved (a date may be cleared, not set in the future). Returns the changed field names."""
    casus = _lock(casus)
    _require_manager(door, casus)
    vandaag = timezone.localdate()
    nieuw = {"comensha_aangemeld_op": comensha_aangemeld_op,
             "zorgcoordinator_betrokken_op": zorgcoordinator_betrokken_op}
    for veld, datum in nieuw.items():
        if datum is not None and datum > vandaag:
            raise ValidationError(
                _("%(field)s cannot lie in the future.") % {"field": capfirst(Casus._meta.get_field(veld).verbose_name)}
            )
    gewijzigd = [veld for veld in SLACHTOFFERSPOOR_VELDEN if getattr(casus, veld) != nieuw[veld]]
    if not gewijzigd:
        return []
    for veld in gewijzigd:
        setattr(casus, veld, nieuw[veld])
    casus.save(update_fields=[*gewijzigd, "gewijzigd"])
    # The timeline keeps the dates as given, one "field=YYYY-MM-DD" per line (empty: cleared).
    tekst = "\n".join(f"{veld}={nieuw[veld].isoformat() if nieuw[veld] else ''}" for veld in gewijzigd)
    historie.add(casus, door, CasusGebeurtenis.SLACHTOFFERSPOOR, tekst=tekst)
    audit.log(door, AuditActie.CHANGE, casus, omschrijving=f"slachtofferspoor: {', '.join(gewijzigd)}")
    return gewijzigd
