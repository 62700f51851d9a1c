from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .context import client_ip
from .models import AuditActie
from .services import log


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    # How the user logged in, when the log-in says so (an organisation account via OIDC names its issuer).
    log(user, AuditActie.LOGIN, user, omschrijving=getattr(user, "audit_omschrijving", ""),
        ip=client_ip(request) if request else None)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        log(user, AuditActie.LOGOUT, user, ip=client_ip(request) if request else None)


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Record which account was tried when it exists (for the beheerder), never the typed address.
    email = (credentials or {}).get("username") or (credentials or {}).get("email") or ""
    account = get_user_model().objects.filter(email__iexact=email.strip()).first() if email else None
    log(
        None,
        AuditActie.LOGIN_FAILED,
        account,
        organisatie=account.organisatie if account else None,
        omschrijving="bestaand account" if account else "onbekend account",
        ip=client_ip(request) if request else None,
    )
