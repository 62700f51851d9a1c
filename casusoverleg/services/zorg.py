"""The write paths of a case's care track (issue 21): the zorgcoordinator organisation, the possible victims and the
steps of their care (CoMensha, reflection period, shelter, BRP, health insurance, benefits, B8, report).

One function per change. Each locks what it changes, checks who may (``selectors.may_manage_casus`` for the choice of
the zorgcoordinator, ``selectors.may_keep_zorgtraject`` for the rest), appends a row to the case's timeline
(``CasusGebeurtenis.ZORGTRAJECT``, whose text holds only numbers and codes: ``zorg_regels`` reads it back) and writes
the audit log. A victim has no name: a number within the case and the groups CoMensha asks for.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from partners.models import Organisatie, OrganisatieSoort

from .. import historie, selectors
from ..models import (
    Casus,
    CasusGebeurtenis,
    CasusStatus,
    Geslacht,
    Leeftijdsgroep,
    Nationaliteitsgroep,
    Slachtoffer,
    ZorgStap,
    ZorgStapSoort,
    ZorgStapStatus,
)

# The organisations that can be a case's zorgcoordinator.
ZORGCOORDINATOR_SOORTEN = (OrganisatieSoort.ZORGCOORDINATOR,)
GEGEVENS = ("leeftijdsgroep", "geslacht", "nationaliteitsgroep")
_KEUZES = {"leeftijdsgroep": Leeftijdsgroep, "geslacht": Geslacht, "nationaliteitsgroep": Nationaliteitsgroep}
# Statuses that need a date: requested needs the day it was requested, arranged or refused the day of the outcome.
MET_AFGEROND = (ZorgStapStatus.GEREGELD, ZorgStapStatus.AFGEWEZEN)
ZONDER_DATUMS = (ZorgStapStatus.NOG_NIET, ZorgStapStatus.NIET_NODIG)


class StaleSlachtoffer(ValidationError):
    """Someone else saved the victim's care track in the meantime."""


def zorgcoordinator_keuzes():
    return Organisatie.objects.filter(soort__in=ZORGCOORDINATOR_SOORTEN).order_by("naam")


def _lock(casus):
    return Casus.objects.select_for_update().get(pk=casus.pk)


def _require_keeper(door, casus):
    if not selectors.may_keep_zorgtraject(door, casus):
        raise PermissionDenied


@transaction.atomic
def set_zorgcoordinator(casus, door, organisatie):
    """Name (or clear, ``None``) the organisation of the care coordinator: only the ketenregisseur of the case's
    werkgebied. Its members then see and keep the care track. Returns whether anything changed."""
    casus = _lock(casus)
    if not selectors.may_manage_casus(door, casus):
        raise PermissionDenied
    if organisatie is not None and not zorgcoordinator_keuzes().filter(pk=organisatie.pk).exists():
        raise ValidationError(_("Choose a care coordinator organisation from the list."))
    nieuw = organisatie.pk if organisatie is not None else None
    if casus.zorgcoordinator_id == nieuw:
        return False
    casus.zorgcoordinator = organisatie
    casus.save(update_fields=["zorgcoordinator", "gewijzigd"])
    historie.add(casus, door, CasusGebeurtenis.ZORGTRAJECT, tekst="zorgcoordinator")
    audit.log(door, AuditActie.CHANGE, casus,
              omschrijving=f"zorgtraject: zorgcoördinator {nieuw if nieuw is not None else 'geen'}")
    return True


def _check_gegevens(gegevens):
    for veld in GEGEVENS:
        if gegevens.get(veld) not in _KEUZES[veld].values:
            raise ValidationError(_("Choose the groups from the lists."))


@transaction.atomic
def add_slachtoffer(casus, door, *, leeftijdsgroep, geslacht, nationaliteitsgroep):
    """Add a possible victim to the case's care track: the next number, with every step 'not started'."""
    casus = _lock(casus)
    _require_keeper(door, casus)
    if casus.status == CasusStatus.AFGESLOTEN:
        raise ValidationError(_("Case %(code)s is closed: re-open it before you add a victim.") % {"code": casus.code})
    gegevens = {"leeftijdsgroep": leeftijdsgroep, "geslacht": geslacht, "nationaliteitsgroep": nationaliteitsgroep}
    _check_gegevens(gegevens)
    nummer = (casus.slachtoffers.aggregate(n=Max("nummer"))["n"] or 0) + 1
    slachtoffer = Slachtoffer.objects.create(casus=casus, nummer=nummer, aangemaakt_door=door, **gegevens)
    ZorgStap.objects.bulk_create([ZorgStap(slachtoffer=slachtoffer, soort=soort) for soort in ZorgStapSoort.values])
    historie.add(casus, door, CasusGebeurtenis.ZORGTRAJECT, tekst=f"slachtoffer={nummer}\nnieuw")
    audit.log(door, AuditActie.CREATE, slachtoffer, omschrijving=f"zorgtraject {casus.code}: slachtoffer {nummer}")
    return slachtoffer


def check_stap(status, aangevraagd_op, afgerond_op, vandaag=None):
    """The errors of one step as given ({field: message}): dates that fit the status and lie not in the future."""
    vandaag = vandaag or timezone.localdate()
    fouten = {}
    for veld, datum in (("aangevraagd_op", aangevraagd_op), ("afgerond_op", afgerond_op)):
        if datum is not None and datum > vandaag:
            fouten[veld] = _("This date lies in the future.")
    if status not in ZorgStapStatus.values:
        fouten["status"] = _("Choose a status from the list.")
    elif status in ZONDER_DATUMS:
        if aangevraagd_op is not None:
            fouten.setdefault("aangevraagd_op", _("A step that is not started or not needed has no dates: leave this "
                                                  "empty."))
        if afgerond_op is not None:
            fouten.setdefault("afgerond_op", _("A step that is not started or not needed has no dates: leave this "
                                               "empty."))
    elif status == ZorgStapStatus.AANGEVRAAGD:
        if aangevraagd_op is None:
            fouten.setdefault("aangevraagd_op", _("Fill in the date on which it was requested."))
        if afgerond_op is not None:
            fouten.setdefault("afgerond_op", _("A request that is still open has no outcome date: leave this empty, "
                                               "or choose 'arranged' or 'refused'."))
    elif afgerond_op is None:
        fouten.setdefault("afgerond_op", _("Fill in the date on which it was arranged or refused."))
    if aangevraagd_op and afgerond_op and afgerond_op < aangevraagd_op and "afgerond_op" not in fouten:
        fouten["afgerond_op"] = _("This date lies before the date of the request.")
    return fouten


@transaction.atomic
def update_slachtoffer(slachtoffer, door, *, versie, gegevens, stappen):
    """Save a victim's groups and the status and dates of its steps.

    ``gegevens``: {leeftijdsgroep, geslacht, nationaliteitsgroep}; ``stappen``: {soort: (status, aangevraagd_op,
    afgerond_op)} for some or all ``ZorgStapSoort``. ``versie`` is the version the user saw: when someone else saved in
    the meantime, nothing changes (StaleSlachtoffer). A step whose status changes records who did it (for CoMensha:
    who registered the victim). Returns the changes as timeline codes (empty: nothing changed)."""
    casus = _lock(slachtoffer.casus)
    slachtoffer = Slachtoffer.objects.select_for_update().get(pk=slachtoffer.pk)
    _require_keeper(door, casus)
    if slachtoffer.versie != versie:
        raise StaleSlachtoffer(_("Someone else saved the care track of victim %(nummer)s in the meantime. Below is "
                                 "what it holds now: check it and make your changes again.")
                               % {"nummer": slachtoffer.nummer})
    _check_gegevens(gegevens)
    for soort, (status, aangevraagd_op, afgerond_op) in stappen.items():
        if soort not in ZorgStapSoort.values:
            raise ValidationError(_("Unknown step."))
        fouten = check_stap(status, aangevraagd_op, afgerond_op)
        if fouten:
            raise ValidationError(_("%(stap)s: %(fout)s") % {
                "stap": ZorgStapSoort(soort).label, "fout": next(iter(fouten.values()))})
    wijzigingen = []
    gewijzigde_gegevens = [veld for veld in GEGEVENS if getattr(slachtoffer, veld) != gegevens[veld]]
    for veld in gewijzigde_gegevens:
        setattr(slachtoffer, veld, gegevens[veld])
    if gewijzigde_gegevens:
        wijzigingen.append("gegevens")
    nu = timezone.now()
    volgorde = {soort: i for i, soort in enumerate(ZorgStapSoort.values)}
    for stap in sorted(slachtoffer.stappen.select_for_update().filter(soort__in=list(stappen)),
                       key=lambda stap: volgorde[stap.soort]):
        status, aangevraagd_op, afgerond_op = stappen[stap.soort]
        if (stap.status, stap.aangevraagd_op, stap.afgerond_op) == (status, aangevraagd_op, afgerond_op):
            continue
        if stap.status != status:
            stap.vastgelegd_door = door
            stap.vastgelegd_organisatie = door.organisatie
            stap.vastgelegd_op = nu
        stap.status, stap.aangevraagd_op, stap.afgerond_op = status, aangevraagd_op, afgerond_op
        stap.save()
        wijzigingen.append(f"stap={stap.soort}:{status}")
    if not wijzigingen:
        return []
    slachtoffer.versie += 1
    slachtoffer.save()
    historie.add(casus, door, CasusGebeurtenis.ZORGTRAJECT,
                 tekst="\n".join([f"slachtoffer={slachtoffer.nummer}", *wijzigingen]))
    audit.log(door, AuditActie.CHANGE, slachtoffer, omschrijving=(
        f"zorgtraject {casus.code}: slachtoffer {slachtoffer.nummer}: "
        + ", ".join(w.removeprefix("stap=") for w in wijzigingen))[:255])
    return wijzigingen


def zorg_regels(tekst):
    """What a care-track timeline row recorded, in words: [text, ...] (for who may read the care track)."""
    regels = []
    nummer = None
    for regel in (tekst or "").splitlines():
        naam, _sep, waarde = regel.partition("=")
        if naam == "slachtoffer":
            nummer = waarde
        elif naam == "nieuw" and nummer:
            regels.append(_("Victim %(nummer)s added") % {"nummer": nummer})
        elif naam == "gegevens" and nummer:
            regels.append(_("Victim %(nummer)s: groups changed") % {"nummer": nummer})
        elif naam == "zorgcoordinator":
            regels.append(_("Care coordinator organisation changed"))
        elif naam == "stap" and nummer:
            soort, _sep, status = waarde.partition(":")
            if soort in ZorgStapSoort.values and status in ZorgStapStatus.values:
                regels.append(_("Victim %(nummer)s: %(stap)s — %(status)s") % {
                    "nummer": nummer, "stap": ZorgStapSoort(soort).label, "status": ZorgStapStatus(status).label})
    return regels
