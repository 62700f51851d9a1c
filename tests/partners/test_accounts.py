"""Invitation links, password reset, account page, log out everywhere, deactivation."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners import services
from partners.models import AccountLink, Rol
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een-heel-goed-nieuw-wachtwoord"


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _link_in(message):
    from urllib.parse import urlparse

    return urlparse(re.search(r"https?://\S+", message.body).group(0)).path


@pytest.fixture
def invited(demo, django_capture_on_commit_callbacks):
    beheerder = demo["beheer@ketenregie.example"]
    user = UserFactory(email="nieuw@almelo.example", naam="Nina Nieuw", rol=Rol.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(user, door=beheerder)
    return user, _link_in(mail.outbox[-1])


def _activate(client, path, code_device=None, password=NEW_PASSWORD):
    client.get(path)
    device = TOTPDevice.objects.get(user__email="nieuw@almelo.example", confirmed=False)
    return client.post(path, {"password1": password, "password2": password, "code": code_for(device)}), device


def test_the_invitation_mail_has_a_link_and_no_password(invited):
    user, path = invited
    message = mail.outbox[-1]
    assert message.to == [user.email]
    assert message.subject == "Uw account voor Ketenregie Mensenhandel"
    assert path.startswith("/account/activeren/")
    assert "72 uur" in message.body
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(actie=AuditActie.INVITATION, object_id=str(user.pk)).exists()


def test_activation_sets_password_links_the_app_and_shows_ten_backup_codes_once(invited, client):
    user, path = invited
    page = client.get(path).content.decode()
    assert 'src="data:image/svg+xml' in page and "Nina Nieuw" in page
    response, device = _activate(client, path)
    content = response.content.decode()
    assert "Uw account is klaar" in content
    assert len(re.findall(r'<li class="backup-codes__code">', content)) == 10
    assert "no-store" in response["Cache-Control"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(actie=AuditActie.TWO_FACTOR_ENROLMENT, actor=user).exists()
    # Then the normal log-in: password, then a code. (The app's code was just used and django-otp refuses
    # a replay within its 30 seconds, so this log-in uses one of the backup codes shown.)
    client.post("/inloggen/", {"username": user.email, "password": NEW_PASSWORD})
    backup = re.search(r'<li class="backup-codes__code"><code>([^<]+)</code>', content).group(1)
    client.post("/inloggen/code/", {"code": backup})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_invitation_link_works_once(invited, client):
    _user, path = invited
    _activate(client, path)
    again = client.get(path)
    assert again.status_code == 404
    assert "Deze link werkt niet" in again.content.decode()


def test_an_invitation_link_expires_after_72_hours(invited, client):
    _user, path = invited
    link = AccountLink.objects.get()
    assert timedelta(hours=71, minutes=59) < link.verloopt - link.aangemaakt <= timedelta(hours=72)
    AccountLink.objects.update(verloopt=timezone.now() - timedelta(seconds=1))
    assert client.get(path).status_code == 404


def test_a_validation_error_keeps_the_qr_code_and_says_what_is_wrong(invited, client):
    _user, path = invited
    first = client.get(path).content.decode()
    secret = re.search(r'<code class="secret"[^>]*>([^<]+)</code>', first).group(1)
    response = client.post(path, {"password1": "kort", "password2": "anders", "code": "123"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "De twee wachtwoorden zijn niet gelijk." in content
    assert secret in content  # the same authenticator key, so a scanned app keeps working
    assert AccountLink.objects.get().gebruikt is None
    # With the passwords in order, a wrong code is named.
    wrong = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "code": "123456"})
    assert "Deze code klopt niet" in wrong.content.decode()


def test_reinviting_withdraws_the_old_link_and_the_old_app_stops_working(
    invited, client, demo, django_capture_on_commit_callbacks
):
    user, old_path = invited
    _activate(client, old_path)
    old_device = TOTPDevice.objects.get(user=user, confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(user, door=demo["beheer@ketenregie.example"])
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert not user.__class__.objects.get(pk=user.pk).has_usable_password()
    assert client.get(old_path).status_code == 404
    assert client.get(_link_in(mail.outbox[-1])).status_code == 200


def test_password_reset_says_the_same_for_unknown_addresses_and_mails_known_ones(
    demo, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/account/wachtwoord-vergeten/", {"email": "niemand@nergens.example"}, follow=True)
    assert len(mail.outbox) == 0
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/account/wachtwoord-vergeten/", {"email": "Coordinator@Utrecht.example"}, follow=True)
    assert len(mail.outbox) == 1
    message = "Als er een actief account met dit e-mailadres is"
    assert message in unknown.content.decode() and message in known.content.decode()
    assert "coordinator@utrecht.example" not in mail.outbox[0].subject


def test_a_password_reset_link_sets_a_new_password_once_and_ends_other_sessions(
    demo, client, django_capture_on_commit_callbacks
):
    user = demo["coordinator@utrecht.example"]
    from django.test import Client

    other = Client()
    other.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(user.email)
    path = _link_in(mail.outbox[-1])
    mismatch = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "De twee wachtwoorden zijn niet gelijk." in mismatch.content.decode()
    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert other.get("/tafels/").status_code == 302
    assert client.get(path).status_code == 404
    assert AuditEntry.objects.filter(actie=AuditActie.PASSWORD_CHANGE, actor=user).exists()


def test_log_out_everywhere_ends_every_session(demo, client):
    from django.test import Client

    user = demo["politie@oost-nederland.example"]
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    response = laptop.post("/account/overal-uitloggen/", follow=True)
    assert "U bent op alle apparaten uitgelogd." in response.content.decode()
    assert phone.get("/tafels/").status_code == 302
    assert laptop.get("/tafels/").status_code == 302
    assert AuditEntry.objects.filter(actie=AuditActie.LOGOUT_EVERYWHERE, actor=user).exists()


def test_deactivating_a_user_ends_their_sessions_at_once_and_keeps_their_history(demo, client):
    user = demo["inspectie@nla.example"]
    client.force_login(user)
    client.get("/tafels/")
    history = AuditEntry.objects.filter(actor=user).count()
    services.deactivate(user, door=demo["beheer@ketenregie.example"])
    assert client.get("/tafels/").status_code == 302
    again = client.post("/inloggen/", {"username": user.email, "password": "welkom-demo-2026"})
    assert again.status_code == 200 and "Het e-mailadres of wachtwoord klopt niet" in again.content.decode()
    assert client.get("/tafels/").status_code == 302
    assert AuditEntry.objects.filter(actor=user).count() == history
    assert AuditEntry.objects.filter(actie=AuditActie.DEACTIVATION, object_id=str(user.pk)).exists()


def test_changing_the_password_needs_the_current_one_and_is_audited(demo, client):
    user = demo["coordinator@hengelo.example"]
    client.force_login(user)
    wrong = client.post(
        "/account/wachtwoord/", {"old_password": "fout", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert "Uw huidige wachtwoord klopt niet." in wrong.content.decode()
    response = client.post(
        "/account/wachtwoord/",
        {"old_password": "welkom-demo-2026", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    assert client.get("/tafels/").status_code == 200  # this session stays
    assert AuditEntry.objects.filter(actie=AuditActie.PASSWORD_CHANGE, actor=user).exists()


def test_the_account_page_shows_the_second_factor_and_makes_new_backup_codes(demo, client):
    user = demo["coordinator@enschede.example"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    services.new_backup_codes(user)
    client.post("/inloggen/", {"username": user.email, "password": "welkom-demo-2026"})
    client.post("/inloggen/code/", {"code": code_for(device)})
    page = client.get("/account/").content.decode()
    assert "Uw authenticator-app is gekoppeld. U hebt 10 ongebruikte reservecodes." in page  # "u hebt" (issue 18)
    response = client.post("/account/reservecodes/")
    assert len(re.findall(r'<li class="backup-codes__code">', response.content.decode())) == 10
