"""E-mail goes out through the outbox: a job per message, tried again while the mail server is away.

A request never sends mail itself: it queues a job (``mensenhandel.jobs.enqueue``) in its transaction, so a failing
mail server never changes a response, and the job tries again after each wait in ``OPNIEUW`` (about a day in all)
before it fails. A job row holds ids only: a message with a link that grants something (an invitation, a password
reset) is built, token and all, when it is sent.
"""
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation

# Waits (seconds) before each new attempt of a mail job: 1, 5 and 15 minutes, then 1, 3, 6 and 12 hours.
OPNIEUW = (60, 5 * 60, 15 * 60, 3600, 3 * 3600, 6 * 3600, 12 * 3600)


def stuur(onderwerp, tekst, adres):
    """Send one plain-text message to one address (raises when the mail server fails: the job tries again)."""
    send_mail(str(onderwerp), tekst, None, [adres])


def in_taal():
    """The product's language for a message built outside a request (a worker has no request language)."""
    return translation.override(settings.LANGUAGE_CODE)
