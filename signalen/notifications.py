"""E-mail to the submitter of a signal: only that there is news, with a link.

The message carries no reference code, no names and nothing of the description: whoever reads the
mailbox learns only that there is something to look at after logging in.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from mensenhandel.core import mail
from mensenhandel.jobs import enqueue

JOB_NIEUWS = "signalen.nieuws"


def send_news(signaal_pk, organisatie_id, user_id):
    """The mail job's work: only while the submitter is active and still belongs to the submitting organisation
    (otherwise the link leads nowhere). Raises when the mail server fails: the job tries again. Returns how many
    messages went out (0 or 1)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.organisatie_id != organisatie_id:
        return 0
    with mail.in_taal():
        link = settings.SITE_URL + reverse("signalen:detail", kwargs={"pk": signaal_pk})
        mail.stuur(_("News on a signal you submitted"), render_to_string("signalen/email/nieuws.txt", {"link": link}),
                   user.email)
    return 1


def notify_submitter(signaal):
    """Mail the submitting user through the outbox: queued in the current transaction (never for a rolled-back
    change), sent after the commit and tried again while the mail server is away, so a failing mail server neither
    breaks the decision nor loses the message."""
    enqueue(JOB_NIEUWS, signaal.pk, signaal.organisatie_id, signaal.ingediend_door_id)
