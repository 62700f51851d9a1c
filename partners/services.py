"""Account changes: invitations, password reset, second factor, deactivation, logging out everywhere.

Every change here is written to the audit log. Tokens are random, sent only by e-mail, stored only
as a SHA-256 hash, valid for ``ACCOUNT_LINK_VALID_HOURS`` and usable once.
"""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core import mail
from mensenhandel.jobs import enqueue

from .models import (
    GEVOELIGE_VELDEN,
    AccountLink,
    AccountLinkSoort,
    Rol,
    User,
    VerzoekSoort,
    VerzoekStatus,
    Wijzigingsverzoek,
)

BACKUP_CODES = 10
TOTP_DEVICE_NAME = "authenticator"


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(user, soort, door=None):
    """Withdraw the user's earlier unused links of this kind and make a new one. Returns the link.

    Its token is not kept anywhere: the mail job gives the link a new one when it sends it (``send_account_link``),
    so no token or link ever sits in a job row, and the link counts as open (Beheer, the start page) from now on."""
    now = timezone.now()
    AccountLink.objects.filter(user=user, soort=soort, gebruikt__isnull=True, ingetrokken__isnull=True).update(
        ingetrokken=now
    )
    return AccountLink.objects.create(
        user=user,
        soort=soort,
        token_hash=_hash(secrets.token_urlsafe(32)),
        verloopt=now + timedelta(hours=settings.ACCOUNT_LINK_VALID_HOURS),
        aangemaakt_door=door,
    )


JOB_ACCOUNT_LINK = "partners.accountlink"
JOB_OUD_ADRES = "partners.uitnodiging_oud_adres"


def send_account_link(link):
    """Give the link its token and mail it to its user. Runs in the mail job (tried again while the mail server is
    away: a failed attempt's token is rolled back with it). Returns the token, or None when the link can no longer
    be used (a newer one replaced it, it was used, it expired) or its user was deactivated: nothing is sent then."""
    link = AccountLink.objects.select_for_update().select_related("user").filter(pk=link.pk).first()
    if link is None or not link.bruikbaar or not link.user.is_active:
        return None
    token = secrets.token_urlsafe(32)
    link.token_hash = _hash(token)
    link.save(update_fields=["token_hash"])
    if link.soort == AccountLinkSoort.UITNODIGING:
        path = reverse("account:activeren", kwargs={"token": token})
        subject, template = _("Your account for Ketenregie Mensenhandel"), "partners/email/uitnodiging.txt"
    else:
        path = reverse("account:wachtwoord_herstellen", kwargs={"token": token})
        subject, template = _("Reset your password"), "partners/email/wachtwoord_herstel.txt"
    context = {"user": link.user, "link": f"{settings.SITE_URL}{path}", "hours": settings.ACCOUNT_LINK_VALID_HOURS}
    mail.stuur(subject, render_to_string(template, context), link.user.email)
    return token


def find_link(token, soort):
    """The usable link for ``token``, or None (unknown, used, withdrawn or expired alike)."""
    if not token or len(token) > 100:
        return None
    link = AccountLink.objects.select_related("user").filter(token_hash=_hash(token), soort=soort).first()
    if link is None or not link.bruikbaar or not link.user.is_active:
        return None
    return link


def end_all_sessions(user):
    """Every existing session of the user stops being valid at its next request."""
    User.objects.filter(pk=user.pk).update(sessie_versie=F("sessie_versie") + 1)
    user.refresh_from_db(fields=["sessie_versie"])


@transaction.atomic
def invite(user, door):
    """(Re-)invite a user: they set their own password and enrol a new second factor through the link.

    The beheerder never sets or sees a password; any earlier password, second factor and session
    stops working at once.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    end_all_sessions(user)
    oude_adressen = _addresses_changed_since_last_use(user)
    link = _new_link(user, AccountLinkSoort.UITNODIGING, door=door)
    audit.log(door, AuditActie.INVITATION, user)
    enqueue(JOB_ACCOUNT_LINK, link.pk)
    for verzoek_id in oude_adressen:
        enqueue(JOB_OUD_ADRES, verzoek_id)


def _addresses_changed_since_last_use(user):
    """The approved requests that changed the user's e-mail address since the account last used a link, one per
    earlier address (ids: the mail job reads the address when it sends).

    A re-invitation after such a change also tells the old address, so an account cannot quietly be moved to
    a mailbox its holder does not read."""
    laatst_gebruikt = (
        AccountLink.objects.filter(user=user, gebruikt__isnull=False)
        .order_by("-gebruikt")
        .values_list("gebruikt", flat=True)
        .first()
    )
    wijzigingen = Wijzigingsverzoek.objects.filter(
        user=user, soort=VerzoekSoort.WIJZIGEN, status=VerzoekStatus.GOEDGEKEURD
    ).exclude(vorig_email="")
    if laatst_gebruikt is not None:
        wijzigingen = wijzigingen.filter(beoordeeld_op__gt=laatst_gebruikt)
    per_adres = {}
    for pk, adres in wijzigingen.order_by("pk").values_list("pk", "vorig_email"):
        if adres.lower() != user.email.lower():
            per_adres.setdefault(adres.lower(), pk)
    return [per_adres[adres] for adres in sorted(per_adres)]


def notify_old_address(verzoek):
    """Tell the address before an approved change that a new invitation went elsewhere (no link, no new address)."""
    context = {"user": verzoek.user, "site_url": settings.SITE_URL}
    mail.stuur(_("A new invitation for your account was sent to another address"),
               render_to_string("partners/email/uitnodiging_oud_adres.txt", context), verzoek.vorig_email)


@transaction.atomic
def request_password_reset(email):
    """Send a reset link if an active account has this address. Says nothing about whether it does."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        return None
    link = _new_link(user, AccountLinkSoort.WACHTWOORD_HERSTEL)
    audit.log(None, AuditActie.PASSWORD_RESET_REQUEST, user, organisatie=user.organisatie)
    enqueue(JOB_ACCOUNT_LINK, link.pk)
    return link


def pending_totp_device(user):
    """The unconfirmed authenticator being enrolled (made once, so a reload shows the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _use_link(link, password):
    """Spend a single-use link (locked, so two tabs cannot both use it): set the password, end every session."""
    link = AccountLink.objects.select_for_update().get(pk=link.pk)
    if not link.bruikbaar:
        raise ValueError("link no longer usable")
    user = link.user
    user.set_password(password)
    user.save(update_fields=["password"])
    link.gebruikt = timezone.now()
    link.save(update_fields=["gebruikt"])
    end_all_sessions(user)
    return user


@transaction.atomic
def activate(link, password, device):
    """Finish an invitation: set the password, confirm the new authenticator, make backup codes.

    Returns the backup codes (shown once; only django-otp's copies remain)."""
    user = _use_link(link, password)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(user)
    audit.log(user, AuditActie.PASSWORD_CHANGE, user, omschrijving="uitnodiging")
    audit.log(user, AuditActie.TWO_FACTOR_ENROLMENT, user)
    return codes


def new_backup_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="reservecodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_password(link, password):
    user = _use_link(link, password)
    audit.log(user, AuditActie.PASSWORD_CHANGE, user, omschrijving="wachtwoord vergeten")


@transaction.atomic
def change_password(user, password):
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.log(user, AuditActie.PASSWORD_CHANGE, user)


@transaction.atomic
def logout_everywhere(user):
    end_all_sessions(user)
    audit.log(user, AuditActie.LOGOUT_EVERYWHERE, user)


@transaction.atomic
def deactivate(user, door):
    """Someone leaves: they cannot log in any more and every session ends; their history stays."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    end_all_sessions(user)
    AccountLink.objects.filter(user=user, gebruikt__isnull=True, ingetrokken__isnull=True).update(
        ingetrokken=timezone.now()
    )
    audit.log(door, AuditActie.DEACTIVATION, user)


@transaction.atomic
def reactivate(user, door):
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    audit.log(door, AuditActie.CHANGE, user, omschrijving="geactiveerd")


@transaction.atomic
def unlock(user_or_email, door):
    """Lift a lock-out of an account (django-axes)."""
    from axes.utils import reset

    email = getattr(user_or_email, "email", user_or_email)
    reset(username=str(email).strip().lower())
    target = user_or_email if isinstance(user_or_email, User) else User.objects.filter(email__iexact=email).first()
    audit.log(door, AuditActie.UNLOCK, target)


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def regenerate_backup_codes(user):
    codes = new_backup_codes(user)
    audit.log(user, AuditActie.TWO_FACTOR_ENROLMENT, user, omschrijving="nieuwe reservecodes")
    return codes


# --- vier-ogen: who a user is and what they may see changes only with a second beheerder ------------------


def _require_beheerder(door):
    if not (door is not None and door.is_active and door.rol == Rol.BEHEERDER):
        raise PermissionDenied("Only an administrator may do this.")


def _requested_values(values):
    return {
        "email": User.objects.normalize_email(values["email"]),
        "naam": values["naam"],
        "organisatie": values["organisatie"],
        "rol": values["rol"],
        "werkgebied_district": values.get("werkgebied_district"),
        "werkgebied_regio": values.get("werkgebied_regio"),
    }


def _check_email_free(email, user=None):
    andere = User.objects.filter(email__iexact=email)
    if user is not None:
        andere = andere.exclude(pk=user.pk)
    aangevraagd = Wijzigingsverzoek.objects.filter(status=VerzoekStatus.OPEN, email__iexact=email)
    if user is not None:
        aangevraagd = aangevraagd.exclude(user=user)
    if andere.exists() or aangevraagd.exists():
        raise ValidationError({"email": _("Another user already has this e-mail address, or it awaits approval.")})


def changed_fields(user, values):
    """The sensitive fields whose requested value differs from the user's current one."""
    return [veld for veld in GEVOELIGE_VELDEN if getattr(user, veld) != values.get(veld)]


@transaction.atomic
def request_creation(door, **values):
    """A beheerder asks for a new user; the user exists (and is invited) only once another beheerder approves."""
    _require_beheerder(door)
    values = _requested_values(values)
    _check_email_free(values["email"])
    verzoek = Wijzigingsverzoek(soort=VerzoekSoort.AANMAKEN, aangevraagd_door=door, **values)
    verzoek.full_clean(exclude=["user"])
    _check_werkgebied(verzoek)
    verzoek.save()
    audit.log(door, AuditActie.APPROVAL_REQUEST, verzoek, omschrijving="nieuwe gebruiker")
    return verzoek


@transaction.atomic
def request_change(user, door, **values):
    """A beheerder asks to change another user's e-mail address, organisation, role or work area.

    Nobody asks this for their own account. An open request for the same user is replaced. Returns the request,
    or None when nothing sensitive changes."""
    _require_beheerder(door)
    if user.pk == door.pk:
        raise PermissionDenied("Nobody changes their own e-mail address, organisation, role or work area.")
    user = User.objects.select_for_update().get(pk=user.pk)
    values = _requested_values({"naam": user.naam, **values})
    velden = changed_fields(user, values)
    if not velden:
        return None
    if "email" in velden:
        _check_email_free(values["email"], user=user)
    verzoek = Wijzigingsverzoek(
        soort=VerzoekSoort.WIJZIGEN, user=user, aangevraagd_door=door, vorig_email=user.email,
        vorige_organisatie=user.organisatie, vorige_rol=user.rol, vorig_werkgebied_district=user.werkgebied_district,
        vorig_werkgebied_regio=user.werkgebied_regio, **values,
    )
    verzoek.full_clean(exclude=["user"])
    _check_werkgebied(verzoek)
    for ouder in Wijzigingsverzoek.objects.select_for_update().filter(user=user, status=VerzoekStatus.OPEN):
        ouder.status = VerzoekStatus.INGETROKKEN
        ouder.beoordeeld_door, ouder.beoordeeld_op = door, timezone.now()
        ouder.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op"])
        audit.log(door, AuditActie.REJECTION, ouder, omschrijving="vervangen door een nieuw verzoek")
    verzoek.save()
    audit.log(door, AuditActie.APPROVAL_REQUEST, verzoek, omschrijving="wijziging: " + ", ".join(velden))
    return verzoek


def _check_werkgebied(verzoek):
    """The same rule as the user model's constraint, as a message for the form."""
    probe = User(rol=verzoek.rol, werkgebied_district=verzoek.werkgebied_district,
                 werkgebied_regio=verzoek.werkgebied_regio)
    try:
        probe.validate_constraints(exclude={"email"})
    except ValidationError as error:
        raise ValidationError(error.messages) from error


def may_decide(verzoek, door):
    """Another active beheerder than the requester, and not the user the request is about."""
    return (
        door is not None
        and door.is_active
        and door.rol == Rol.BEHEERDER
        and verzoek.aangevraagd_door_id != door.pk
        and verzoek.user_id != door.pk
    )


@transaction.atomic
def approve(verzoek, door):
    """A second beheerder approves: the change takes effect (a new user is created and invited)."""
    verzoek = Wijzigingsverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.status != VerzoekStatus.OPEN:
        raise ValidationError(_("This request has already been decided."))
    if not may_decide(verzoek, door):
        raise PermissionDenied(
            _("Another administrator than the one who asked, and not the user it is about, must approve this.")
        )
    values = {veld: getattr(verzoek, veld) for veld in ("naam", *GEVOELIGE_VELDEN)}
    if verzoek.soort == VerzoekSoort.AANMAKEN:
        if User.objects.filter(email__iexact=verzoek.email).exists():
            raise ValidationError(_("Another user already has this e-mail address."))
        user = User(**values)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        verzoek.user = user
        audit.log(door, AuditActie.CREATE, user, omschrijving=f"vier-ogen: verzoek {verzoek.pk}")
    else:
        user = User.objects.select_for_update().get(pk=verzoek.user_id)
        velden = changed_fields(user, values)
        if "email" in velden and User.objects.filter(email__iexact=verzoek.email).exclude(pk=user.pk).exists():
            raise ValidationError(_("Another user already has this e-mail address."))
        for veld, waarde in values.items():
            setattr(user, veld, waarde)
        user.full_clean(exclude=["password"])
        user.save()
        if velden:
            # What the account may see changed: its sessions start again with the new rights.
            end_all_sessions(user)
        audit.log(door, AuditActie.CHANGE, user, omschrijving=f"vier-ogen: verzoek {verzoek.pk}: " + ", ".join(velden))
    verzoek.status = VerzoekStatus.GOEDGEKEURD
    verzoek.beoordeeld_door, verzoek.beoordeeld_op = door, timezone.now()
    verzoek.save(update_fields=["status", "user", "beoordeeld_door", "beoordeeld_op"])
    audit.log(door, AuditActie.APPROVAL, verzoek, omschrijving=f"aangevraagd door gebruiker {verzoek.aangevraagd_door_id}")
    if verzoek.soort == VerzoekSoort.AANMAKEN:
        invite(user, door=door)
    return verzoek


@transaction.atomic
def reject(verzoek, door):
    """Another beheerder rejects the request, or its requester withdraws it; nothing changes."""
    _require_beheerder(door)
    verzoek = Wijzigingsverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.status != VerzoekStatus.OPEN:
        raise ValidationError(_("This request has already been decided."))
    eigen = verzoek.aangevraagd_door_id == door.pk
    if not eigen and not may_decide(verzoek, door):
        raise PermissionDenied(_("You cannot decide on a request about your own account."))
    verzoek.status = VerzoekStatus.INGETROKKEN if eigen else VerzoekStatus.AFGEWEZEN
    verzoek.beoordeeld_door, verzoek.beoordeeld_op = door, timezone.now()
    verzoek.save(update_fields=["status", "beoordeeld_door", "beoordeeld_op"])
    audit.log(door, AuditActie.REJECTION, verzoek, omschrijving="ingetrokken" if eigen else "afgewezen")
    return verzoek
