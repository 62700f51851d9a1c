"""The account mails, sent by the outbox (``mensenhandel.core.mail``): tried again while the mail server is away.

The job rows hold ids only; an invitation or password-reset link gets its token when the mail is sent, so nothing in
the queue opens an account.
"""
from mensenhandel.core import mail
from mensenhandel.jobs.registry import job

from . import services
from .models import AccountLink, Wijzigingsverzoek


@job(services.JOB_ACCOUNT_LINK, opnieuw=mail.OPNIEUW)
def accountlink(job_row):
    """An invitation or a password reset."""
    (link_id,) = job_row.args
    link = AccountLink.objects.filter(pk=link_id).first()
    if link is None:
        return {"verstuurd": 0}
    with mail.in_taal():
        return {"verstuurd": int(services.send_account_link(link) is not None)}


@job(services.JOB_OUD_ADRES, opnieuw=mail.OPNIEUW)
def uitnodiging_oud_adres(job_row):
    (verzoek_id,) = job_row.args
    verzoek = Wijzigingsverzoek.objects.select_related("user").filter(pk=verzoek_id).first()
    if verzoek is None or not verzoek.vorig_email:
        return {"verstuurd": 0}
    with mail.in_taal():
        services.notify_old_address(verzoek)
    return {"verstuurd": 1}
