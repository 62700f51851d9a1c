"""`make run` tells the truth (issue 18): links point to the server's own PORT, and a 404 or 403 under DEBUG shows the
product's Dutch error pages (status kept) unless DEBUG_FOUTPAGINAS asks for Django's debug pages.

The SITE_URL tests take the command `make -n run` prints for the server in a copy of the project (nothing is run by
make) and run it with `shell` instead of `runserver`: so what they check is the Makefile's own environment.
"""
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import path
from django.utils import timezone

from casusoverleg.services import overleggen as overleg_services
from mensenhandel import urls as product_urls
from tafels.models import Tafel
from tests.core.support import ROOT, clean_env, copy_project
from tests.i18n import nl

PRINT_SITE_URL = "from django.conf import settings; print('SITE_URL', settings.SITE_URL)"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    dst = copy_project(tmp_path_factory.mktemp("make-run"), static=True)
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):  # the last two: prerequisites of the install step
        shutil.copy2(ROOT / name, dst / name)
    return dst


def _site_url(project, *make_args, **env):
    """SITE_URL as the server of `make run` gets it: its command from `make -n run`, with `shell` for `runserver`."""
    plan = subprocess.run(["make", "-n", "--no-print-directory", "run", *make_args], cwd=project, env=clean_env(**env),
                          capture_output=True, text=True, timeout=60)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    server = [line for line in plan.stdout.splitlines() if " manage.py runserver " in line]
    assert len(server) == 1, plan.stdout
    words = shlex.split(server[0])
    at = words.index("manage.py")
    assert words[0] == "env" and words[at + 1] == "runserver", server[0]
    command = [*words[:at - 1], sys.executable, "manage.py", "shell", "-c", PRINT_SITE_URL]
    result = subprocess.run(command, cwd=project, env=clean_env(**env), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return re.search(r"^SITE_URL (\S+)$", result.stdout, flags=re.M)[1], words[at + 2]


def test_make_run_links_point_to_its_own_port(project):
    site_url, address = _site_url(project, "PORT=8123")
    assert address == "127.0.0.1:8123"
    assert site_url == "http://127.0.0.1:8123"


def test_make_run_without_port_uses_8000(project):
    assert _site_url(project) == ("http://127.0.0.1:8000", "127.0.0.1:8000")


def test_port_from_the_environment_counts_too(project):
    assert _site_url(project, PORT="8124") == ("http://127.0.0.1:8124", "127.0.0.1:8124")


def test_an_explicit_site_url_in_the_environment_wins(project):
    site_url, address = _site_url(project, "PORT=8123", SITE_URL="https://ketenregie.voorbeeld.nl/")
    assert address == "127.0.0.1:8123"
    assert site_url == "https://ketenregie.voorbeeld.nl"


@pytest.mark.django_db
def test_the_downloaded_calendar_file_links_to_site_url(client, demo, settings, django_capture_on_commit_callbacks):
    """The `URL:` line of /overleggen/<id>/uitnodiging.ics (and the link in its description) is SITE_URL's."""
    settings.SITE_URL = "http://127.0.0.1:8123"
    dag = timezone.localdate() + timedelta(days=21)
    moment = lambda uur: timezone.make_aware(datetime.combine(dag, time(uur)))  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        overleg = overleg_services.schedule(
            Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente"), demo["regisseur@twente.example"],
            begint=moment(10), eindigt=moment(12), locatie="Stadhuis Enschede", doel="Casusbespreking mensenhandel.")
    client.force_login(demo["inspectie@nla.example"])
    body = client.get(f"/overleggen/{overleg.pk}/uitnodiging.ics").content.decode()
    unfolded = body.replace("\r\n ", "")
    assert f"\r\nURL:http://127.0.0.1:8123/overleggen/{overleg.pk}/\r\n" in unfolded
    assert "127.0.0.1:8000" not in unfolded


# --- error pages under DEBUG ---------------------------------------------------------------------------------


@pytest.fixture
def debug(settings):
    """`make run`: DEBUG on (the test client loads the middleware at its first request, after this)."""
    settings.DEBUG = True
    settings.DEBUG_FOUTPAGINAS = False
    return settings


def _product_page(response, status, title):
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    assert re.search(r'<html lang="nl"', html), html[:300]
    assert nl(title) in html
    assert nl("Go to the start page") in html
    for debug_text in ("URLconf", "Django", "DEBUG = True", "Traceback", "CSRF verification failed"):
        assert debug_text not in html, f"{debug_text!r} on the product's page"
    return html


@pytest.mark.django_db
def test_an_unknown_address_under_debug_gets_the_dutch_404(client, debug):
    _product_page(client.get("/bestaat-niet/"), 404, "Page not found")


@pytest.mark.django_db
def test_a_record_nobody_may_see_under_debug_gets_the_dutch_404(client, demo, debug):
    """Http404 raised by a view (here: a signal that does not exist), logged in, with the menu of the product."""
    client.force_login(demo["regisseur@twente.example"])
    html = _product_page(client.get("/signalen/999999999/"), 404, "Page not found")
    assert 'href="/signalen/"' in html, "the page is the product's, with its navigation"


@pytest.mark.django_db
def test_append_slash_still_redirects_under_debug(client, debug):
    response = client.get("/inloggen")
    assert response.status_code == 301 and response["Location"] == "/inloggen/"


def _verboden(request):
    raise PermissionDenied


def _weg(request):
    raise Http404("weg")


@login_not_required
def _kapot(request):
    raise RuntimeError("kapot met opzet")


# The product's URLs plus a page that refuses, one that is gone and one that breaks; the product's error handlers.
urlpatterns = [path("test-verboden/", _verboden), path("test-weg/", _weg), path("test-kapot/", _kapot),
               *product_urls.urlpatterns]
handler400 = product_urls.handler400
handler403 = product_urls.handler403
handler404 = product_urls.handler404
handler500 = product_urls.handler500


@pytest.mark.django_db
def test_permission_denied_under_debug_gets_the_dutch_403(client, demo, debug):
    debug.ROOT_URLCONF = __name__
    client.force_login(demo["regisseur@twente.example"])
    _product_page(client.get("/test-verboden/"), 403, "Not allowed")
    _product_page(client.get("/test-weg/"), 404, "Page not found")


@pytest.mark.django_db
@pytest.mark.parametrize("debug_on", [True, False], ids=["debug", "production"])
def test_a_csrf_failure_gets_the_dutch_403(settings, debug_on):
    """A form sent after the session ended (no valid CSRF token): the 403 page that says to reload, in Dutch, under
    DEBUG and in production alike (not Django's English CSRF page)."""
    settings.DEBUG = debug_on
    response = Client(enforce_csrf_checks=True).post("/inloggen/", {"username": "x@example.nl", "password": "x"})
    html = _product_page(response, 403, "Not allowed")
    assert nl("This action could not be carried out. If you were filling in a form, your session may have ended: go "
              "back, reload the page and try again.") in html


@pytest.mark.django_db
def test_debug_foutpaginas_brings_back_djangos_debug_pages(client, demo, debug):
    debug.DEBUG_FOUTPAGINAS = True
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode(), "Django's 404 with the URL list"
    response = Client(enforce_csrf_checks=True).post("/inloggen/", {"username": "x@example.nl", "password": "x"})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode() and "Help" in response.content.decode(), "Django's CSRF debug page"


@pytest.mark.django_db
def test_a_server_error_under_debug_keeps_the_traceback(debug):
    """A 500 under DEBUG stays Django's debug page: what a developer needs (production has the product's page)."""
    debug.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/test-kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "RuntimeError" in html and "kapot met opzet" in html and "Traceback" in html
