from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.dispatch import receiver

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie


@receiver(user_locked_out)
def log_lockout(sender, request, username=None, ip_address=None, **kwargs):
    account = get_user_model().objects.filter(email__iexact=(username or "").strip()).first() if username else None
    audit.log(
        None,
        AuditActie.LOCKOUT,
        account,
        organisatie=account.organisatie if account else None,
        omschrijving="bestaand account" if account else "onbekend account of IP-adres",
        ip=ip_address,
    )
