"""E-mail on a signal: to its submitter after a decision, to the ketenregisseurs of its werkgebied after an answer to
a question; only that there is news, with a link.

The message carries no reference code, no names and nothing of the description or the answer: whoever reads the
mailbox learns only that there is something to look at after logging in.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from mensenhandel.core import mail
from mensenhandel.jobs import enqueue

from . import selectors
from .models import Signaal

JOB_NIEUWS = "signalen.nieuws"
JOB_ANTWOORD = "signalen.antwoord"


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


def send_answer_news(signaal_pk, user_id):
    """The mail job's work for an answer: only while the user is an active ketenregisseur who may still decide on the
    signal (``selectors.may_triage``) and the answer is still unread (a retry after one of them opened the signal
    sends nothing). Raises when the mail server fails: the job tries again. Returns how many messages went out."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    signaal = Signaal.objects.filter(pk=signaal_pk, verwijderd_op__isnull=True,
                                     antwoord_ongelezen_sinds__isnull=False).first()
    if signaal is None or not selectors.may_triage(user, signaal):
        return 0
    with mail.in_taal():
        link = settings.SITE_URL + reverse("signalen:detail", kwargs={"pk": signaal_pk})
        mail.stuur(_("News on a signal of your work area"),
                   render_to_string("signalen/email/antwoord.txt", {"link": link}), user.email)
    return 1


def notify_ketenregisseurs(signaal):
    """Mail each ketenregisseur of the signal's werkgebied (``selectors.ketenregisseurs_van``) that a submitter
    answered: one outbox job per person, queued in the current transaction, like ``notify_submitter``."""
    for user_id in selectors.ketenregisseurs_van(signaal).values_list("pk", flat=True):
        enqueue(JOB_ANTWOORD, signaal.pk, user_id)
