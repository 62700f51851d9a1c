"""E-mail about treffers: to the ketenregisseurs of both sides, only that there is a new treffer (or, after an
import, how many), with a link to /treffers/. No reference, no werkgebied, no identifier, no name: whoever reads the
mailbox learns nothing of either record. The submitter is never told.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from mensenhandel.core import mail
from mensenhandel.jobs import enqueue

from . import selectors

JOB_NIEUW = "treffers.nieuw"


def notify_ketenregisseurs(treffers):
    """One outbox job per ketenregisseur involved, queued in the current transaction (sent after the commit, tried
    again while the mail server is away): for a submission one treffer, for an import all of them in one message."""
    for user_id, ids in selectors.ketenregisseurs_van(treffers).items():
        enqueue(JOB_NIEUW, user_id, sorted(ids))


def send_new(user_id, treffer_ids):
    """The mail job's work: only while the user is an active ketenregisseur who still sees at least one of the
    treffers (a record removed in between leaves nothing to announce). Returns how many messages went out."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    aantal = selectors.treffers_visible_for(user).filter(pk__in=treffer_ids).count()
    if not aantal:
        return 0
    with mail.in_taal():
        link = settings.SITE_URL + reverse("treffers:lijst")
        onderwerp = ngettext("A new hit in your work area", "New hits in your work area", aantal)
        tekst = render_to_string("treffers/email/nieuw.txt", {"link": link, "aantal": aantal})
        mail.stuur(onderwerp, tekst, user.email)
    return 1



