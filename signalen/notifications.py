"""E-mail to the submitter of a signal: only that there is news, with a link.

The message carries no reference code, no names and nothing of the description: whoever reads the
mailbox learns only that there is something to look at after logging in.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def _send(signaal_pk, organisatie_id, user_id):
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    # Only while the submitter still belongs to the submitting organisation: otherwise the link leads nowhere.
    if user is None or not user.email or user.organisatie_id != organisatie_id:
        return
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("signalen:detail", kwargs={"pk": signaal_pk})
        subject = _("News on a signal you submitted")
        body = render_to_string("signalen/email/nieuws.txt", {"link": link})
    send_mail(subject, body, None, [user.email])


def notify_submitter(signaal):
    """Mail the submitting user, once the current transaction has committed (never for a rolled-back change).

    A failing mail server does not undo or break the decision: the callback is robust (the error is logged).
    """
    args = (signaal.pk, signaal.organisatie_id, signaal.ingediend_door_id)
    transaction.on_commit(lambda: _send(*args), robust=True)
