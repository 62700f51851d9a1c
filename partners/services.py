"""Account changes: invitations, password reset, second factor, deactivation, logging out everywhere.

Every change here is written to the audit log. Tokens are random, sent only by e-mail, stored only
as a SHA-256 hash, valid for ``ACCOUNT_LINK_VALID_HOURS`` and usable once.
"""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel import audit
from mensenhandel.audit.models import Actie

from .models import AccountLink, AccountLinkSoort, User

BACKUP_CODES = 10
TOTP_DEVICE_NAME = "authenticator"


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(user, soort, door=None):
    """Withdraw the user's earlier unused links of this kind and make a new one. Returns the token."""
    now = timezone.now()
    AccountLink.objects.filter(user=user, soort=soort, gebruikt__isnull=True, ingetrokken__isnull=True).update(
        ingetrokken=now
    )
    token = secrets.token_urlsafe(32)
    AccountLink.objects.create(
        user=user,
        soort=soort,
        token_hash=_hash(token),
        verloopt=now + timedelta(hours=settings.ACCOUNT_LINK_VALID_HOURS),
        aangemaakt_door=door,
    )
    return token


def _send(user, subject, template, link_path, request=None):
    base = request.build_absolute_uri("/")[:-1] if request is not None else settings.SITE_URL
    context = {"user": user, "link": f"{base}{link_path}", "hours": settings.ACCOUNT_LINK_VALID_HOURS}
    send_mail(subject, render_to_string(template, context), None, [user.email])


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
def invite(user, door, request=None):
    """(Re-)invite a user: they set their own password and enrol a new second factor through the link.

    The beheerder never sets or sees a password; any earlier password, second factor and session
    stops working at once.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    end_all_sessions(user)
    token = _new_link(user, AccountLinkSoort.UITNODIGING, door=door)
    audit.log(door, Actie.INVITATION, user)
    path = reverse("account:activeren", kwargs={"token": token})
    transaction.on_commit(
        lambda: _send(user, _("Your account for Ketenregie Mensenhandel"), "partners/email/uitnodiging.txt", path, request)
    )
    return token


@transaction.atomic
def request_password_reset(email, request=None):
    """Send a reset link if an active account has this address. Says nothing about whether it does."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        return None
    token = _new_link(user, AccountLinkSoort.WACHTWOORD_HERSTEL)
    audit.log(None, Actie.PASSWORD_RESET_REQUEST, user, organisatie=user.organisatie)
    path = reverse("account:wachtwoord_herstellen", kwargs={"token": token})
    transaction.on_commit(
        lambda: _send(user, _("Reset your password"), "partners/email/wachtwoord_herstel.txt", path, request)
    )
    return token


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
    audit.log(user, Actie.PASSWORD_CHANGE, user, omschrijving="uitnodiging")
    audit.log(user, Actie.TWO_FACTOR_ENROLMENT, user)
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
    audit.log(user, Actie.PASSWORD_CHANGE, user, omschrijving="wachtwoord vergeten")


@transaction.atomic
def change_password(user, password):
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.log(user, Actie.PASSWORD_CHANGE, user)


@transaction.atomic
def logout_everywhere(user):
    end_all_sessions(user)
    audit.log(user, Actie.LOGOUT_EVERYWHERE, user)


@transaction.atomic
def deactivate(user, door):
    """Someone leaves: they cannot log in any more and every session ends; their history stays."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    end_all_sessions(user)
    AccountLink.objects.filter(user=user, gebruikt__isnull=True, ingetrokken__isnull=True).update(
        ingetrokken=timezone.now()
    )
    audit.log(door, Actie.DEACTIVATION, user)


@transaction.atomic
def reactivate(user, door):
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    audit.log(door, Actie.CHANGE, user, omschrijving="geactiveerd")


@transaction.atomic
def unlock(user_or_email, door):
    """Lift a lock-out of an account (django-axes)."""
    from axes.utils import reset

    email = getattr(user_or_email, "email", user_or_email)
    reset(username=str(email).strip().lower())
    target = user_or_email if isinstance(user_or_email, User) else User.objects.filter(email__iexact=email).first()
    audit.log(door, Actie.UNLOCK, target)


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def regenerate_backup_codes(user):
    codes = new_backup_codes(user)
    audit.log(user, Actie.TWO_FACTOR_ENROLMENT, user, omschrijving="nieuwe reservecodes")
    return codes
