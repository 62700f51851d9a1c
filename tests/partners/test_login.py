from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "welkom-demo-2026"
GENERIC = "Het e-mailadres of wachtwoord klopt niet"


def _login(client, email, password):
    return client.post("/inloggen/", {"username": email, "password": password})


def test_log_in_by_email_in_any_case_lands_on_the_start_page(demo, client):
    response = _login(client, "  Regisseur@Twente.EXAMPLE ", PASSWORD)
    assert response.status_code == 302 and response.url == "/"
    page = client.get("/").content.decode()
    assert "Welkom, Sanne Oude Veldhuis" in page
    assert "Ketenregisseur" in page and "RIEC Oost-Nederland" in page


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("niemand@nergens.example", PASSWORD),  # unknown address
        ("regisseur@twente.example", "verkeerd"),  # wrong password
        ("", PASSWORD),  # nothing typed
    ],
)
def test_every_failed_login_gets_the_same_dutch_message_and_keeps_the_address(demo, client, email, password):
    response = _login(client, email, password)
    content = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    if email:
        assert GENERIC in content
        assert f'value="{email}"' in content
    else:
        assert "Dit veld is verplicht." in content


def test_a_deactivated_account_gets_the_same_message_as_an_unknown_one(demo, client):
    user = demo["coordinator@hengelo.example"]
    user.is_active = False
    user.save()
    deactivated = _login(client, user.email, PASSWORD).content.decode()
    unknown = _login(client, "bestaat-niet@hengelo.example", PASSWORD).content.decode()
    assert GENERIC in deactivated and GENERIC in unknown
    assert deactivated.replace(user.email, "X") == unknown.replace("bestaat-niet@hengelo.example", "X").replace(
        # the CSRF token differs per response
        _csrf(unknown), _csrf(deactivated)
    )


def _csrf(html):
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_an_expired_session_sends_the_user_to_log_in_with_a_dutch_explanation(demo, client):
    client.force_login(demo["coordinator@enschede.example"])
    assert client.get("/tafels/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/tafels/", follow=True)
    assert response.redirect_chain[-1][0] == "/inloggen/?next=/tafels/"
    assert "Log in om verder te gaan. Was u ingelogd, dan is uw sessie verlopen" in response.content.decode()


def test_sessions_end_after_30_minutes_without_activity(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_logging_out_confirms_in_dutch_and_ends_the_session(demo, client):
    client.force_login(demo["coordinator@utrecht.example"])
    response = client.post("/uitloggen/", follow=True)
    assert "U bent uitgelogd." in response.content.decode()
    assert client.get("/").status_code == 302


def test_the_demo_banner_shows_only_in_demo_mode(demo, client, settings):
    settings.DEMO_MODE = True
    assert "Demo-omgeving" in client.get("/inloggen/").content.decode()
    settings.DEMO_MODE = False
    assert "Demo-omgeving" not in client.get("/inloggen/").content.decode()


def test_navigation_depends_on_the_role(demo, client):
    client.force_login(demo["coordinator@enschede.example"])
    page = client.get("/").content.decode()
    assert 'href="/tafels/"' in page and 'href="/beheer/"' not in page
    client.force_login(demo["beheer@ketenregie.example"])
    assert 'href="/beheer/"' in client.get("/").content.decode()
