"""Log in with the organisation's own account in Debian's chromium (issue 22): the log-in page with providers
(axe-core), and the whole round trip through the real provider process, with the application's own CSP in force."""
import pytest

from tests.e2e.conftest import axe_violations, screenshot
from tests.oidc_idp import TestIdP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNA = {"sub": "aaaa-1111", "email": "coordinator@enschede.example", "email_verified": True, "acr": "urn:idp:mfa"}


@pytest.fixture(scope="module")
def idp():
    provider = TestIdP()
    yield provider
    provider.stop()


@pytest.fixture
def providers(idp, live_server, settings):
    from partners import oidc

    idp.configure(redirect_uris=[f"{live_server.url}/inloggen/oidc/terug/"],
                  post_logout_redirect_uris=[f"{live_server.url}/inloggen/"], users={"anna": ANNA})
    settings.OIDC_PROVIDERS = {
        "enschede": idp.provider_config(mfa_acr=["urn:idp:mfa"]),
        "politie_on": idp.provider_config(naam="Politie Oost-Nederland", organisaties=["Politie Oost-Nederland"],
                                          domeinen=["oost-nederland.example"]),
    }
    # What mensenhandel.settings.base derives from OIDC_PROVIDERS at start-up: the log-out may end at the provider.
    from mensenhandel.settings.base import _oidc_origins

    policy = {**settings.CONTENT_SECURITY_POLICY}
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "form-action": ["'self'", *_oidc_origins(settings.OIDC_PROVIDERS)]}
    settings.CONTENT_SECURITY_POLICY = policy
    oidc.clear_discovery_cache()
    yield idp
    oidc.clear_discovery_cache()


def test_the_login_page_with_providers_has_a_button_each_and_no_accessibility_violations(seeded, providers,
                                                                                       live_server, page):
    page.goto(f"{live_server.url}/inloggen/")
    assert page.get_by_role("heading", name="Met het account van uw organisatie").is_visible()
    assert page.get_by_role("link", name="Inloggen met Gemeente Enschede").is_visible()
    assert page.get_by_role("link", name="Inloggen met Politie Oost-Nederland").is_visible()
    screenshot(page, "login-oidc")
    assert axe_violations(page) == []


def test_log_in_and_out_through_the_provider_in_the_browser(seeded, providers, live_server, browser):
    # A context without bypass_csp: the application's Content-Security-Policy is in force, form-action included.
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.set_default_timeout(15000)
        tab.goto(f"{live_server.url}/tafels/")
        tab.get_by_role("link", name="Inloggen met Gemeente Enschede").click()
        tab.get_by_label("Gebruikersnaam").fill("anna")
        tab.get_by_role("button", name="Doorgaan").click()
        tab.wait_for_url(f"{live_server.url}/tafels/")
        assert tab.get_by_role("heading", name="Tafels").first.is_visible()
        tab.get_by_role("button", name="Uitloggen").click()
        tab.wait_for_url(f"{live_server.url}/inloggen/")
        assert tab.get_by_text("U bent uitgelogd.").is_visible()
        assert [e["event"] for e in providers.log()][-1] == "logout"
        assert tab.goto(f"{live_server.url}/tafels/").url.startswith(f"{live_server.url}/inloggen/")
    finally:
        context.close()
