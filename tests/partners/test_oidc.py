"""Log in with the organisation's own account (OpenID Connect, issue 22), against a real provider process.

The provider (tests/oidc_provider.py) runs as its own process on a port of its own; the Django side is the test
client, and every step between them goes over HTTP: discovery, the log-in form, the token (with PKCE), JWKS,
userinfo and the provider's log-out."""
import json

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners import oidc
from partners.models import OidcKoppeling
from partners.services import deactivate
from tests.oidc_idp import CLIENT_ID, TestIdP, query

pytestmark = pytest.mark.django_db
CALLBACK = "http://testserver/inloggen/oidc/terug/"
LOGIN_PAGE = "http://testserver/inloggen/"
REFUSED = "U kunt hier niet inloggen met dit account van Gemeente Enschede"
FAILED = "Inloggen met Gemeente Enschede is niet gelukt"

USERS = {
    "anna": {"sub": "aaaa-1111", "email": "coordinator@enschede.example", "email_verified": True,
             "name": "Anna", "acr": "urn:idp:mfa", "amr": ["pwd", "mfa"]},
    "anna-zonder-mfa": {"sub": "aaaa-1111", "email": "coordinator@enschede.example", "email_verified": True,
                        "acr": "urn:idp:pwd", "amr": ["pwd"]},
    "hengelo": {"sub": "hhhh-2222", "email": "coordinator@hengelo.example", "acr": "urn:idp:mfa"},
    "onbekend": {"sub": "nnnn-3333", "email": "niemand@enschede.example", "acr": "urn:idp:mfa"},
    "politie": {"sub": "pppp-4444", "email": "politie@oost-nederland.example", "acr": "urn:idp:mfa"},
    "ander-domein": {"sub": "dddd-5555", "email": "coordinator@enschede.example.org", "acr": "urn:idp:mfa"},
    "niet-bevestigd": {"sub": "vvvv-6666", "email": "coordinator@enschede.example", "email_verified": False,
                       "acr": "urn:idp:mfa"},
}


@pytest.fixture(scope="module")
def idp():
    provider = TestIdP()
    yield provider
    provider.stop()


@pytest.fixture
def enschede(idp, settings):
    """One provider, bound to Gemeente Enschede and Gemeente Hengelo; its second factor counts with acr urn:idp:mfa."""
    idp.configure(redirect_uris=[CALLBACK], post_logout_redirect_uris=[LOGIN_PAGE], users=USERS)
    settings.OIDC_PROVIDERS = {"enschede": idp.provider_config(mfa_acr=["urn:idp:mfa"])}
    oidc.clear_discovery_cache()
    yield idp
    oidc.clear_discovery_cache()


def log_in(client, idp, login, next_url=None):
    """The whole round trip; returns the response of our callback."""
    start = client.get("/inloggen/oidc/", {"provider": "enschede", **({"next": next_url} if next_url else {})})
    assert start.status_code == 302 and start.url.startswith(f"{idp.issuer}/authorize?"), start
    back = idp.log_in(start.url, login)
    assert back.startswith(CALLBACK), back
    return client.get("/inloggen/oidc/terug/", query(back))


def oidc_rows():
    return list(AuditEntry.objects.filter(omschrijving__startswith="OIDC ").order_by("pk"))


def test_code_flow_with_pkce_logs_in_an_invited_account_and_links_it(demo, enschede, client):
    response = log_in(client, enschede, "anna", next_url="/tafels/")
    assert response.status_code == 302 and response.url == "/tafels/"
    user = demo["coordinator@enschede.example"]
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/tafels/").status_code == 200  # verified: the second-factor middleware lets it through
    # The authorize request carried PKCE (S256) and the token request proved it.
    start_params = None
    for event in enschede.log():
        if event["event"] == "token":
            assert event["pkce"] is True and event["client_id"] == CLIENT_ID
            start_params = event
    assert start_params is not None
    koppeling = OidcKoppeling.objects.get(user=user)
    assert (koppeling.issuer, koppeling.sub) == (enschede.issuer, "aaaa-1111")
    rows = oidc_rows()
    assert [row.actie for row in rows] == [AuditActie.CREATE, AuditActie.LOGIN]
    assert rows[1].actor == user and rows[1].omschrijving == f"OIDC {enschede.issuer} (tweede factor van de provider)"
    # No e-mail address or sub in the audit log.
    assert all("enschede.example" not in row.omschrijving and "aaaa" not in row.omschrijving for row in rows)


def test_the_authorize_request_has_state_nonce_and_an_s256_challenge(demo, enschede, client):
    start = client.get("/inloggen/oidc/", {"provider": "enschede"})
    params = query(start.url)
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert params["state"] and params["nonce"] and params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == CALLBACK and "openid" in params["scope"].split()


def test_after_an_email_change_at_the_provider_the_account_is_still_found_by_issuer_and_sub(demo, enschede, client):
    log_in(client, enschede, "anna")
    client.logout()
    users = {**USERS, "anna": {**USERS["anna"], "email": "a.nieuw@elders.example"}}
    enschede.configure(redirect_uris=[CALLBACK], users=users)
    response = log_in(client, enschede, "anna")
    assert response.status_code == 302 and response.url == "/"
    assert client.session["_auth_user_id"] == str(demo["coordinator@enschede.example"].pk)


def test_an_email_that_moves_to_another_identity_does_not_take_the_account_with_it(demo, enschede, client):
    log_in(client, enschede, "anna")
    client.logout()
    # Someone else at the provider now carries Anna's address: never matched by e-mail again.
    users = {**USERS, "kaper": {"sub": "kkkk-9999", "email": "coordinator@enschede.example", "acr": "urn:idp:mfa"}}
    enschede.configure(redirect_uris=[CALLBACK], users=users)
    response = log_in(client, enschede, "kaper")
    assert response.url == "/inloggen/" and "_auth_user_id" not in client.session
    assert REFUSED in client.get("/inloggen/").content.decode()
    assert oidc_rows()[-1].omschrijving.endswith("geweigerd: account al gekoppeld aan een andere identiteit bij deze "
                                                 "provider")


@pytest.mark.parametrize(("login", "reason"), [
    ("onbekend", "onbekend account"),
    ("politie", "e-maildomein hoort niet bij deze provider"),
    ("ander-domein", "e-maildomein hoort niet bij deze provider"),
    ("niet-bevestigd", "e-mailadres niet bevestigd bij de provider"),
])
def test_nobody_is_created_and_an_unknown_or_foreign_address_is_refused(demo, enschede, client, login, reason):
    from partners.models import User

    count = User.objects.count()
    response = log_in(client, enschede, login)
    assert response.status_code == 302 and response.url == "/inloggen/"
    assert "_auth_user_id" not in client.session and User.objects.count() == count
    assert not OidcKoppeling.objects.exists()
    assert REFUSED in client.get("/inloggen/").content.decode()
    row = oidc_rows()[-1]
    assert row.actie == AuditActie.LOGIN_FAILED and row.omschrijving == f"OIDC {enschede.issuer}: geweigerd: {reason}"


def test_an_account_of_an_organisation_the_provider_is_not_bound_to_is_refused(demo, enschede, client, settings):
    settings.OIDC_PROVIDERS = {"enschede": enschede.provider_config(organisaties=["Gemeente Enschede"],
                                                                     mfa_acr=["urn:idp:mfa"])}
    log_in(client, enschede, "hengelo")
    assert "_auth_user_id" not in client.session
    assert oidc_rows()[-1].omschrijving.endswith("geweigerd: organisatie hoort niet bij deze provider")


def test_a_deactivated_user_is_refused_at_once_even_when_linked(demo, enschede, client):
    log_in(client, enschede, "anna")
    assert client.get("/tafels/").status_code == 200
    user = demo["coordinator@enschede.example"]
    deactivate(user, door=demo["beheer@ketenregie.example"])
    # The running session ends at its next request...
    assert client.get("/tafels/").status_code == 302
    # ...and the provider's log-in no longer lets them in.
    logins = AuditEntry.objects.filter(actie=AuditActie.LOGIN).count()
    response = log_in(client, enschede, "anna")
    assert response.url == "/inloggen/" and client.get("/tafels/").status_code == 302
    assert AuditEntry.objects.filter(actie=AuditActie.LOGIN).count() == logins
    row = oidc_rows()[-1]
    assert row.actie == AuditActie.LOGIN_FAILED and row.omschrijving.endswith("geweigerd: account gedeactiveerd")
    assert row.object_id == str(user.pk)


def test_a_wrong_audience_is_refused(demo, enschede, client):
    enschede.configure(redirect_uris=[CALLBACK], users=USERS, token={"aud": "een-andere-client", "azp": "ander"})
    response = log_in(client, enschede, "anna")
    assert response.url == "/inloggen/" and "_auth_user_id" not in client.session
    assert FAILED in client.get("/inloggen/").content.decode()
    assert oidc_rows()[-1].omschrijving == f"OIDC {enschede.issuer}: fout: verkeerde audience"
    assert not OidcKoppeling.objects.exists()


def test_an_expired_token_is_refused(demo, enschede, client):
    enschede.configure(redirect_uris=[CALLBACK], users=USERS, token={"exp_offset": -600, "iat_offset": -900})
    log_in(client, enschede, "anna")
    assert "_auth_user_id" not in client.session
    assert oidc_rows()[-1].omschrijving == f"OIDC {enschede.issuer}: fout: token verlopen"


def test_a_token_from_another_issuer_is_refused(demo, enschede, client):
    enschede.configure(redirect_uris=[CALLBACK], users=USERS, token={"iss": "https://nep.example"})
    log_in(client, enschede, "anna")
    assert "_auth_user_id" not in client.session
    assert oidc_rows()[-1].omschrijving == f"OIDC {enschede.issuer}: fout: verkeerde issuer"


def test_an_error_from_the_provider_and_a_replayed_callback_are_refused_and_audited(demo, enschede, client):
    start = client.get("/inloggen/oidc/", {"provider": "enschede"})
    state = query(start.url)["state"]
    client.get("/inloggen/oidc/terug/", {"error": "access_denied", "state": state})
    assert oidc_rows()[-1].omschrijving == f"OIDC {enschede.issuer}: fout van de provider: access_denied"
    # The same state again (a replay) is unknown now.
    client.get("/inloggen/oidc/terug/", {"code": "x", "state": state})
    assert oidc_rows()[-1].omschrijving == "OIDC onbekende provider: fout: onbekende of verlopen state"
    assert "_auth_user_id" not in client.session


def test_without_the_acr_the_code_from_the_app_still_follows(demo, enschede, client, settings):
    settings.DEMO_MODE = False
    user = demo["coordinator@enschede.example"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    response = log_in(client, enschede, "anna-zonder-mfa", next_url="/tafels/")
    assert response.status_code == 302 and response.url == "/inloggen/code/"
    assert "_auth_user_id" not in client.session
    page = client.get("/inloggen/code/").content.decode()
    assert "Gemeente Enschede heeft bevestigd wie u bent" in page
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    done = client.post("/inloggen/code/", {"code": code})
    assert done.status_code == 302 and done.url == "/tafels/"
    assert client.get("/tafels/").status_code == 200
    row = AuditEntry.objects.filter(actie=AuditActie.LOGIN).latest("pk")
    assert row.actor == user and row.omschrijving == f"OIDC {enschede.issuer} (met code uit de app)"


def test_the_acr_rule_is_per_provider_an_amr_rule_works_too(demo, enschede, client, settings):
    settings.DEMO_MODE = False
    TOTPDevice.objects.create(user=demo["coordinator@enschede.example"], name="authenticator", confirmed=True)
    # This provider trusts no acr at all: even "urn:idp:mfa" does not count, the code follows.
    settings.OIDC_PROVIDERS = {"enschede": enschede.provider_config()}
    assert log_in(client, enschede, "anna").url == "/inloggen/code/"
    # With amr "mfa" trusted, the provider's own second factor counts.
    settings.OIDC_PROVIDERS = {"enschede": enschede.provider_config(mfa_amr=["mfa"])}
    response = log_in(client, enschede, "anna")
    assert response.url == "/" and client.get("/tafels/").status_code == 200


def test_outside_demo_mode_an_account_without_any_second_factor_is_refused(demo, enschede, client, settings):
    settings.DEMO_MODE = False
    log_in(client, enschede, "anna-zonder-mfa")
    assert "_auth_user_id" not in client.session
    assert oidc_rows()[-1].omschrijving.endswith("geweigerd: geen tweede factor")


def test_log_out_ends_our_session_and_the_providers(demo, enschede, client):
    log_in(client, enschede, "anna")
    response = client.post("/uitloggen/")
    assert response.status_code == 302 and response.url.startswith(f"{enschede.issuer}/logout?")
    params = query(response.url)
    assert params["post_logout_redirect_uri"] == LOGIN_PAGE and params["client_id"] == CLIENT_ID
    assert "_auth_user_id" not in client.session
    import requests

    back = requests.get(response.url, allow_redirects=False, timeout=5)
    assert back.status_code == 302 and back.headers["Location"] == LOGIN_PAGE
    logout = [e for e in enschede.log() if e["event"] == "logout"][-1]
    assert logout["hint_valid"] is True and logout["sub"] == "aaaa-1111"
    assert "U bent uitgelogd." in client.get("/inloggen/").content.decode()


def test_a_password_log_out_does_not_visit_any_provider(demo, enschede, client):
    client.force_login(demo["coordinator@enschede.example"])
    response = client.post("/uitloggen/")
    assert response.url == "/inloggen/"


def test_the_login_page_shows_a_button_per_provider_and_nothing_without_providers(demo, enschede, client, settings):
    page = client.get("/inloggen/?next=/tafels/").content.decode()
    assert "Inloggen met Gemeente Enschede" in page
    assert 'href="/inloggen/oidc/?provider=enschede&amp;next=/tafels/"' in page
    settings.OIDC_PROVIDERS = {}
    page = client.get("/inloggen/").content.decode()
    assert "Inloggen met" not in page and "account van uw organisatie" not in page
    assert client.get("/inloggen/oidc/", {"provider": "enschede"}).status_code == 404


def test_an_unreachable_provider_is_an_audited_error(demo, settings, client):
    settings.OIDC_PROVIDERS = {"weg": {"naam": "Weg", "issuer": "http://127.0.0.1:9", "client_id": "x",
                                       "client_secret": "y", "organisaties": ["Gemeente Enschede"],
                                       "domeinen": ["enschede.example"]}}
    oidc.clear_discovery_cache()
    response = client.get("/inloggen/oidc/", {"provider": "weg"})
    assert response.url == "/inloggen/"
    assert oidc_rows()[-1].omschrijving == "OIDC http://127.0.0.1:9: fout: provider niet bereikbaar"


def test_configuration_from_the_environment_is_checked(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    raw = json.dumps({"politie_on": {"naam": "Politie", "issuer": "https://idp.politie.example/", "client_id": "k",
                                     "organisaties": ["Politie Oost-Nederland"], "domeinen": ["@Politie.example"],
                                     "mfa_amr": ["mfa"]}})
    parsed = oidc.parse_providers(raw, environ={"OIDC_POLITIE_ON_CLIENT_SECRET": "geheim"})["politie_on"]
    assert parsed.client_secret == "geheim" and parsed.issuer == "https://idp.politie.example"
    assert parsed.domeinen == ("politie.example",) and parsed.mfa_amr == ("mfa",)
    with pytest.raises(ImproperlyConfigured, match="OIDC_POLITIE_ON_CLIENT_SECRET"):
        oidc.parse_providers(raw, environ={})
    plain = json.loads(raw)
    plain["politie_on"]["issuer"] = "http://idp.politie.example"
    with pytest.raises(ImproperlyConfigured, match="https"):
        oidc.parse_providers(plain, environ={"OIDC_POLITIE_ON_CLIENT_SECRET": "geheim"})
    with pytest.raises(ImproperlyConfigured, match="lacks"):
        oidc.parse_providers({"x": {"naam": "X"}}, environ={})


def test_the_log_out_form_may_end_at_a_configured_provider(settings):
    from mensenhandel.settings.base import _oidc_origins

    assert _oidc_origins({"a": {"issuer": "https://login.example.com/tenant/v2.0"}}) == ["https://login.example.com"]
    assert _oidc_origins({}) == []


def test_a_configuration_that_does_not_hold_fails_the_check_and_leaves_the_password_log_in_alone(demo, settings,
                                                                                                  client):
    settings.OIDC_PROVIDERS = {"kapot": {"naam": "Kapot", "issuer": "https://idp.example"}}
    errors = oidc.check_configuration()
    assert [error.id for error in errors] == ["partners.E001"] and "client_id" in errors[0].msg
    page = client.get("/inloggen/")
    assert page.status_code == 200 and "Inloggen met" not in page.content.decode()
    settings.OIDC_PROVIDERS = {}
    assert oidc.check_configuration() == []


def test_the_admin_shows_the_linked_issuers_but_never_the_sub(demo, enschede, client):
    log_in(client, enschede, "anna")
    client.logout()
    client.force_login(demo["beheer@ketenregie.example"])
    from django_otp.plugins.otp_static.models import StaticDevice

    # The admin asks for a verified session: a static device stands in for the code step.
    device = StaticDevice.objects.create(user=demo["beheer@ketenregie.example"], name="t", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    page = client.get(f"/beheer/partners/user/{demo['coordinator@enschede.example'].pk}/change/").content.decode()
    assert f"{enschede.issuer} (sinds" in page and "aaaa-1111" not in page


def test_in_demo_mode_an_account_without_an_app_logs_in_as_with_its_password(demo, enschede, client, settings):
    settings.DEMO_MODE = True
    response = log_in(client, enschede, "anna-zonder-mfa")
    assert response.url == "/" and client.get("/tafels/").status_code == 200
    row = AuditEntry.objects.filter(actie=AuditActie.LOGIN).latest("pk")
    assert row.omschrijving == f"OIDC {enschede.issuer} (demo, zonder tweede factor)"


def test_a_wrong_client_secret_is_an_audited_error(demo, enschede, client, settings):
    settings.OIDC_PROVIDERS = {"enschede": enschede.provider_config(client_secret="verkeerd-geheim")}
    log_in(client, enschede, "anna")
    assert "_auth_user_id" not in client.session
    assert oidc_rows()[-1].omschrijving == f"OIDC {enschede.issuer}: fout: provider weigerde de code (401)"


def test_acr_values_are_asked_for_when_configured(demo, enschede, client, settings):
    settings.OIDC_PROVIDERS = {"enschede": enschede.provider_config(mfa_acr=["urn:idp:mfa"], acr_values="urn:idp:mfa")}
    log_in(client, enschede, "anna")
    assert [e["acr_values"] for e in enschede.log() if e["event"] == "authorize"] == ["urn:idp:mfa"]
