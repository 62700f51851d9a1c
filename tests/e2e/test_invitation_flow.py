"""A new user follows the invitation, sets a password, links an authenticator app and logs in with a code."""
import base64
import re
import time

import pytest
from django.core import mail
from django_otp.oath import totp

from partners import services
from partners.models import Rol
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mijn-eigen-sterke-wachtwoord"


def _code(secret, steps_ahead=0):
    """What an authenticator app shows for this key (optionally for the next 30-second step)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, t0=0, step=30, digits=6, drift=steps_ahead):06d}"


@pytest.fixture
def invitation(transactional_db, settings):
    from django.core.management import call_command

    call_command("seed_demo", "--zonder-signalen", verbosity=0, stdout=open("/dev/null", "w"))
    settings.DEMO_MODE = False  # from here on the production rule: no log-in without the second factor
    from django.contrib.auth import get_user_model

    beheerder = get_user_model().objects.get(email="beheer@ketenregie.example")
    user = UserFactory(email="nieuw@almelo.example", naam="Nina Nieuw", rol=Rol.COORDINATOR)
    services.invite(user, door=beheerder)  # a transactional test: on_commit sends the mail at once
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return user, link.split("/", 3)[3]


def test_a_new_user_activates_the_account_and_logs_in_with_a_code(invitation, live_server, page):
    user, path = invitation
    page.goto(f"{live_server.url}/{path}")
    assert page.get_by_role("heading", level=1).inner_text() == "Uw account instellen"
    assert page.get_by_role("img", name="QR-code om uw authenticator-app te koppelen").is_visible()
    screenshot(page, "activeren")
    assert axe_violations(page) == []

    # A mistake first: nothing typed in the other fields is lost, the QR code stays the same.
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord nogmaals").fill(PASSWORD + "x")
    page.get_by_label("Code uit uw authenticator-app").fill(_code(secret))
    page.get_by_role("button", name="Opslaan en verder").click()
    assert page.get_by_text("De twee wachtwoorden zijn niet gelijk.").is_visible()
    assert page.locator("code.secret").inner_text() == secret
    screenshot(page, "activeren-fout")
    assert axe_violations(page) == []

    page.get_by_label("Nieuw wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord nogmaals").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(_code(secret))
    page.get_by_role("button", name="Opslaan en verder").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uw account is klaar"
    assert page.locator(".backup-codes__code").count() == 10
    screenshot(page, "activeren-klaar")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Naar inloggen").click()
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Code uit uw authenticator-app"
    screenshot(page, "inloggen-code")
    assert axe_violations(page) == []
    # The code just used for enrolment may not be replayed; the app's next code is accepted at once.
    page.get_by_label("Code").fill(_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Nina Nieuw"
    assert axe_violations(page) == []

    page.locator("header").get_by_role("link", name=re.compile("Nina Nieuw")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn account"
    assert "10 ongebruikte reservecodes" in page.inner_text("main")
    screenshot(page, "account")
    assert axe_violations(page) == []


def test_the_forgotten_password_and_invalid_link_pages_are_accessible(invitation, live_server, page):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Wachtwoord vergeten?"
    screenshot(page, "wachtwoord-vergeten")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/account/activeren/bestaat-niet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet"
    screenshot(page, "link-ongeldig")
    assert axe_violations(page) == []


def test_the_lock_out_page_is_accessible(invitation, live_server, page):
    for _ in range(5):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("E-mailadres").fill("regisseur@twente.example")
        page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
        time.sleep(0.05)
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen tijdelijk geblokkeerd"
    screenshot(page, "geblokkeerd")
    assert axe_violations(page) == []
