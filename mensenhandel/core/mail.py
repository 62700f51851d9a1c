"""E-mail goes out through the outbox: a job per message, tried again while the mail server is away.

A request never sends mail itself: it queues a job (``mensenhandel.jobs.enqueue``) in its transaction, so a failing
mail server never changes a response, and the job tries again after each wait in ``OPNIEUW`` (about a day in all)
before it fails. A job row holds ids only: a message with a link that grants something (an invitation, a password
reset) is built, token and all, when it is sent.

A job that sends many messages (a meeting's invitations, the "agenda ready" e-mails, the reminders of actions) sends
each one once with ``send_once``: each message has a row that records it was sent, written in the same savepoint as
the message goes out.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.utils import translation

# Waits (seconds) before each new attempt of a mail job: 1, 5 and 15 minutes, then 1, 3, 6 and 12 hours.
OPNIEUW = (60, 5 * 60, 15 * 60, 3600, 3 * 3600, 6 * 3600, 12 * 3600)


def stuur(onderwerp, tekst, adres):
    """Send one plain-text message to one address (raises when the mail server fails: the job tries again)."""
    send_mail(str(onderwerp), tekst, None, [adres])


def in_taal():
    """The product's language for a message built outside a request (a worker has no request language)."""
    return translation.override(settings.LANGUAGE_CODE)


@dataclass
class Zending:
    """One message of ``send_once``: the e-mail, how to record that it was sent, and what to log when it fails.

    ``record()`` writes the row that marks the message sent; that row is unique (per meeting, kind, version and
    address; per action, kind and period ...), so it raises ``IntegrityError`` when a parallel run wrote it first.
    ``melding`` is the log line (format and arguments, ids only) when the mail server refuses the message."""

    bericht: EmailMessage
    record: Callable[[], object]
    melding: tuple


def send_once(zendingen, *, logger):
    """Send each message of ``zendingen`` (an iterable of ``Zending``) once, over one connection.

    Each message's row is written first and the message sent in the same savepoint: a message a parallel run already
    recorded is skipped (``IntegrityError``); one the mail server refuses (``OSError``, ``smtplib.SMTPException``
    included) is logged on ``logger``, its row rolled back and the others still sent, so a later run sends only what
    is missing. Returns the counts ``{"verzonden": ..., "mislukt": ...}``."""
    verzonden = mislukt = 0
    connection = None
    for zending in zendingen:
        connection = connection or get_connection()
        zending.bericht.connection = connection
        try:
            with transaction.atomic():
                zending.record()
                zending.bericht.send()
        except IntegrityError:
            continue  # sent by a parallel run
        except OSError:  # smtplib.SMTPException included: the row is rolled back, a later run tries again
            logger.exception(*zending.melding)
            mislukt += 1
            continue
        verzonden += 1
    return {"verzonden": verzonden, "mislukt": mislukt}


def opnieuw_als_mislukt(resultaat, job_row):
    """After ``send_once`` in a job that sends several messages: when some failed (the mail server), queue the same
    job (its own arguments) again after the next wait of ``OPNIEUW``; what went out is not sent twice (its row
    exists), so the retry sends only the rest. Returns ``resultaat``, with the retry's id under "opnieuw"."""
    if not resultaat.get("mislukt") or job_row is None:
        return resultaat
    poging = int((job_row.kwargs or {}).get("mailpoging", 0))
    if poging >= len(OPNIEUW):
        return resultaat
    from mensenhandel.jobs.services import enqueue_later

    resultaat["opnieuw"] = str(enqueue_later(OPNIEUW[poging], job_row.naam, *job_row.args, mailpoging=poging + 1).pk)
    return resultaat
