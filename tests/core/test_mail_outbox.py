"""Issue 16 §5: every e-mail goes through the outbox. A mail server that is down never changes a response and loses
no message: the job tries again later; a job row never holds an account link's token.

The mail server is the one thing outside this machine: its failure is simulated on Django's locmem backend."""
import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.services import relay_pending
from partners.models import AccountLink
from signalen.models import Status
from tests.signalen.test_triage import beslis, maak_signaal

pytestmark = pytest.mark.django_db


@contextmanager
def mail_server_down():
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=ConnectionRefusedError(111, "Connection refused")):
        yield


def _later(minutes=2):
    """The wait of the first retry is over (and the relay's own minute)."""
    Job.objects.filter(status=JobStatus.QUEUED).update(niet_voor=timezone.now() - timedelta(seconds=1),
                                                      aangemaakt=timezone.now() - timedelta(minutes=minutes))


def _jobs_zonder_token(token_of_link):
    for job in Job.objects.all():
        blob = f"{job.args} {job.kwargs} {job.resultaat} {job.fout}"
        assert token_of_link not in blob and "/account/" not in blob, blob


def test_a_password_reset_answers_the_same_when_the_mail_server_is_down_and_the_mail_follows(
        client, demo, django_capture_on_commit_callbacks):
    user = demo["coordinator@utrecht.example"]
    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        known = client.post("/account/wachtwoord-vergeten/", {"email": user.email})
        unknown = client.post("/account/wachtwoord-vergeten/", {"email": "niemand@nergens.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert mail.outbox == []
    job = Job.objects.get(naam="partners.accountlink")
    assert job.status == JobStatus.QUEUED and job.niet_voor > timezone.now() and job.pogingen == 1
    assert "ConnectionRefusedError" in job.fout
    link = AccountLink.objects.get(user=user, gebruikt__isnull=True, ingetrokken__isnull=True)
    assert job.args == [link.pk]

    assert relay_pending() == 0  # not before its wait is over
    _later()
    assert relay_pending() == 1  # eager here: sent at once
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    path = re.search(r"https?://\S+", mail.outbox[0].body).group(0).split("://", 1)[1].partition("/")[2]
    token = path.rstrip("/").rsplit("/", 1)[-1]
    _jobs_zonder_token(token)
    assert client.get("/" + path).status_code == 200  # the link of the mail that finally went out works
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.pogingen == 2


def test_an_invitation_is_sent_by_the_outbox_and_tried_again(demo, django_capture_on_commit_callbacks):
    from partners import services
    from tests.factories import UserFactory

    user = UserFactory(email="nieuw@almelo.example", naam="Nina Nieuw")
    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        services.invite(user, door=demo["beheer@ketenregie.example"])
    assert mail.outbox == []
    assert AccountLink.objects.filter(user=user, gebruikt__isnull=True).count() == 1  # open in Beheer already
    _later()
    relay_pending()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/account/activeren/" in mail.outbox[0].body


def test_a_mail_that_keeps_failing_fails_after_its_last_attempt(demo, django_capture_on_commit_callbacks):
    from mensenhandel.core.mail import OPNIEUW

    user = demo["coordinator@utrecht.example"]
    from partners import services

    with mail_server_down():
        with django_capture_on_commit_callbacks(execute=True):
            services.request_password_reset(user.email)
        for _ in OPNIEUW:
            _later()
            relay_pending()
    job = Job.objects.get(naam="partners.accountlink")
    assert job.status == JobStatus.FAILED and job.pogingen == len(OPNIEUW) + 1
    assert mail.outbox == []


def test_the_news_mail_is_not_lost_when_the_mail_server_is_down(client, demo, django_capture_on_commit_callbacks):
    coordinator, regisseur = demo["coordinator@enschede.example"], demo["regisseur@twente.example"]
    signaal = maak_signaal(coordinator)
    client.force_login(regisseur)
    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        response = beslis(client, signaal, Status.INFORMATIE_OPGEVRAAGD, reden="Welke werkgever?")
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.INFORMATIE_OPGEVRAAGD  # the decision stands
    assert mail.outbox == []
    _later()
    assert relay_pending() == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


@pytest.mark.parametrize("wat", ["gedeactiveerd", "vertrokken"])
def test_no_news_mail_to_a_submitter_who_was_deactivated_or_left_the_organisation(
        client, demo, django_capture_on_commit_callbacks, wat):
    """Issue 15: the mail goes only to a submitter who is active and still in the submitting organisation."""
    from partners.models import Organisatie

    coordinator, regisseur = demo["coordinator@enschede.example"], demo["regisseur@twente.example"]
    signaal = maak_signaal(coordinator)
    if wat == "gedeactiveerd":
        type(coordinator).objects.filter(pk=coordinator.pk).update(is_active=False)
    else:
        type(coordinator).objects.filter(pk=coordinator.pk).update(
            organisatie=Organisatie.objects.get(naam="Gemeente Hengelo"))
    client.force_login(regisseur)
    with django_capture_on_commit_callbacks(execute=True):
        assert beslis(client, signaal, Status.INFORMATIE_OPGEVRAAGD, reden="Welke werkgever?").status_code == 302
    assert mail.outbox == []
    assert Job.objects.get(naam="signalen.nieuws").status == JobStatus.DONE
