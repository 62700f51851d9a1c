"""Log-in with a password and a code, backup codes, lock-out, and what happens without a second factor."""
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners import services

pytestmark = pytest.mark.django_db
PASSWORD = "welkom-demo-2026"
GENERIC = "Het e-mailadres of wachtwoord klopt niet"


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.fixture
def enrolled(demo):
    """Enschede's coordinator with an authenticator app and backup codes."""
    user = demo["coordinator@enschede.example"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = services.new_backup_codes(user)
    return user, device, codes


def _password_step(client, email=None, password=PASSWORD, **extra):
    return client.post("/inloggen/", {"username": email, "password": password}, **extra)


def test_password_alone_does_not_log_in_when_a_second_factor_is_set(enrolled, client):
    user, device, _codes = enrolled
    response = _password_step(client, user.email)
    assert response.status_code == 302 and response.url == "/inloggen/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_the_code_from_the_app_completes_the_log_in(enrolled, client):
    user, device, _codes = enrolled
    _password_step(client, user.email)
    response = client.post("/inloggen/code/", {"code": code_for(device)})
    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Welkom, Joris Brinkhuis" in client.get("/").content.decode()
    assert AuditEntry.objects.filter(actie=AuditActie.LOGIN, actor=user).exists()


def test_a_wrong_code_is_refused_in_dutch_and_audited(enrolled, client):
    user, device, _codes = enrolled
    _password_step(client, user.email)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post("/inloggen/code/", {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actie=AuditActie.LOGIN_FAILED, object_id=str(user.pk)).exists()


def test_a_backup_code_works_once(enrolled, client):
    user, _device, codes = enrolled
    _password_step(client, user.email)
    response = client.post("/inloggen/code/", {"code": codes[0].upper()}, follow=True)
    assert "U hebt een reservecode gebruikt; er zijn er nog 9 over." in response.content.decode()  # "u hebt" (issue 18)
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post("/uitloggen/")
    _password_step(client, user.email)
    response = client.post("/inloggen/code/", {"code": codes[0]})
    assert "_auth_user_id" not in client.session
    assert "Deze code klopt niet" in response.content.decode()


def test_the_code_step_without_a_password_step_goes_back_to_log_in(client, demo):
    response = client.get("/inloggen/code/", follow=True)
    assert response.redirect_chain[-1][0] == "/inloggen/"
    assert "Log eerst in met uw e-mailadres en wachtwoord." in response.content.decode()


def test_outside_demo_mode_nobody_logs_in_without_a_second_factor(demo, client, settings):
    settings.DEMO_MODE = False
    response = _password_step(client, "coordinator@utrecht.example")
    assert response.status_code == 200
    assert "Uw account heeft nog geen tweede factor" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_outside_demo_mode_a_session_without_the_code_step_is_ended(demo, client, settings):
    settings.DEMO_MODE = False
    client.force_login(demo["coordinator@utrecht.example"])
    response = client.get("/tafels/")
    assert response.status_code == 302 and response.url == "/inloggen/"
    assert "_auth_user_id" not in client.session


def test_in_demo_mode_accounts_without_an_app_log_in_with_a_password(demo, client, settings):
    settings.DEMO_MODE = True
    response = _password_step(client, "coordinator@utrecht.example")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/tafels/").status_code == 200


def test_five_failed_passwords_lock_the_account_with_a_message_that_reveals_nothing(demo, client):
    for _ in range(4):
        assert GENERIC in _password_step(client, "regisseur@twente.example", "fout").content.decode()
    # The fifth failure locks the account: from then on even the right password is refused.
    assert _password_step(client, "regisseur@twente.example", "fout").status_code == 429
    locked = _password_step(client, "regisseur@twente.example", PASSWORD)
    assert locked.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(actie=AuditActie.LOCKOUT, object_id=str(demo["regisseur@twente.example"].pk)).exists()

    # An address that does not exist is locked out the same way.
    for _ in range(5):
        _password_step(client, "bestaat-niet@twente.example", "fout", REMOTE_ADDR="10.9.9.9")
    unknown = _password_step(client, "bestaat-niet@twente.example", "fout", REMOTE_ADDR="10.9.9.9")
    assert unknown.status_code == 429
    assert unknown.content.decode().count("Inloggen tijdelijk geblokkeerd") == locked.content.decode().count(
        "Inloggen tijdelijk geblokkeerd"
    )


def test_five_failures_from_one_ip_address_lock_that_address(demo, client):
    for n in range(5):
        _password_step(client, f"iemand{n}@nergens.example", "fout", REMOTE_ADDR="10.0.0.7")
    assert _password_step(client, "coordinator@utrecht.example", REMOTE_ADDR="10.0.0.7").status_code == 429
    assert _password_step(client, "coordinator@utrecht.example", REMOTE_ADDR="10.0.0.8").status_code == 302


def test_wrong_codes_count_towards_the_lock_out(enrolled, client):
    user, device, _codes = enrolled
    _password_step(client, user.email)
    for _ in range(5):
        response = client.post("/inloggen/code/", {"code": "000000"})
    assert response.status_code == 429
    assert _password_step(client, user.email).status_code == 429


def test_the_beheerder_lifts_a_lock_out(demo, client):
    for _ in range(5):
        _password_step(client, "regisseur@twente.example", "fout", REMOTE_ADDR="10.1.1.1")
    assert _password_step(client, "regisseur@twente.example", REMOTE_ADDR="10.1.1.2").status_code == 429
    services.unlock(demo["regisseur@twente.example"], door=demo["beheer@ketenregie.example"])
    assert _password_step(client, "regisseur@twente.example", REMOTE_ADDR="10.1.1.2").status_code == 302
    assert AuditEntry.objects.filter(actie=AuditActie.UNLOCK, actor=demo["beheer@ketenregie.example"]).exists()
