"""Production settings refuse to start without a real configuration, and the pages carry the security headers.

The production checks run `manage.py check` in a subprocess on a copy of the project: the settings read BASE_DIR/.env,
and the environment is built from os.environ minus every variable the settings read (and DEBUG), so neither a
developer's .env nor their shell changes the outcome.
"""
import re
import secrets

import pytest

from tests.core.support import ROOT, clean_env, copy_project, manage

PRODUCTION = "mensenhandel.settings.production"
HOST = "ketenregie.example.nl"
# The development key from dev.py: long enough, but it is published, so production must refuse it.
_dev_key = re.search(r'"SECRET_KEY",\s*default="([^"]+)"', (ROOT / "mensenhandel/settings/dev.py").read_text())
DEV_KEY = _dev_key[1] if _dev_key else "dev-only-not-secret-" + "0123456789abcdef" * 3


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("project"), static=True)


@pytest.fixture
def good(tmp_path):
    """A complete production configuration; each test takes something away or spoils it."""
    return {
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "TREFFERS_HMAC_KEY": secrets.token_urlsafe(36),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }


def test_a_real_key_and_host_pass_the_deploy_check(project, good):
    assert len(good["SECRET_KEY"]) == 64
    result = manage(project, "check", "--deploy", "--fail-level", "WARNING", env=clean_env(**good))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "changes, message",
    [
        pytest.param({"SECRET_KEY": None}, "SECRET_KEY must be set", id="no-secret-key"),
        pytest.param({"SECRET_KEY": ""}, "SECRET_KEY must be set", id="empty-secret-key"),
        pytest.param({"SECRET_KEY": "kort-geheim-123"}, "SECRET_KEY is not a real secret", id="short-secret-key"),
        pytest.param(
            {"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(48)},
            "SECRET_KEY is not a real secret",
            id="django-insecure-key",
        ),
        pytest.param({"SECRET_KEY": DEV_KEY}, "SECRET_KEY is not a real secret", id="development-key"),
        pytest.param({"SECRET_KEY": "a" * 64}, "SECRET_KEY is not a real secret", id="one-character-key"),
        pytest.param({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must be set", id="no-allowed-hosts"),
        pytest.param({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS must name at least one host", id="only-commas"),
        pytest.param({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS may not contain '*'", id="wildcard-host"),
        pytest.param({"ALLOWED_HOSTS": f"{HOST},*"}, "ALLOWED_HOSTS may not contain '*'", id="wildcard-among-hosts"),
        pytest.param({"DATABASE_URL": None}, "DATABASE_URL must be set", id="no-database-url"),
        pytest.param({"TREFFERS_HMAC_KEY": None}, "TREFFERS_HMAC_KEY must be set", id="no-treffers-key"),
        pytest.param({"TREFFERS_HMAC_KEY": "kort"}, "TREFFERS_HMAC_KEY is not a real secret", id="short-treffers-key"),
        pytest.param({"TREFFERS_HMAC_KEY": "dev-only-not-secret-treffers-5e0c9a7b3d1f2e4a6c8b0d9f"},
                     "TREFFERS_HMAC_KEY is not a real secret", id="development-treffers-key"),
    ],
)
def test_production_refuses_to_start(project, good, changes, message):
    for name, value in changes.items():
        if value is None:
            del good[name]
        else:
            good[name] = value
    result = manage(project, "check", env=clean_env(**good))
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"production started with {changes}:\n{output}"
    assert "ImproperlyConfigured" in output and message in output, output


def test_debug_from_the_environment_cannot_switch_on_debug_in_production(project, good):
    result = manage(project, "shell", "-c", "from django.conf import settings; print('DEBUG', settings.DEBUG)",
                    env=clean_env(**good, DEBUG="true"))
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def _directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def test_login_page_security_headers(client, db):
    response = client.get("/inloggen/")
    assert response.status_code == 200

    csp = response.headers.get("Content-Security-Policy")
    assert csp, "the log-in page has no Content-Security-Policy"
    directives = _directives(csp)
    for name in ("script-src", "style-src"):
        assert name in directives, f"the CSP has no {name}: {csp}"
        assert "'unsafe-inline'" not in directives[name], f"{name} allows 'unsafe-inline': {csp}"
        assert "'unsafe-eval'" not in directives[name], f"{name} allows 'unsafe-eval': {csp}"
    assert "*" not in directives["script-src"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]

    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "same-origin"


# --- issue 16 §5: demo mode, Permissions-Policy, SQLite under `make run` ---------------------------------------


@pytest.mark.parametrize("value", ["true", "1", "on"])
def test_production_refuses_to_start_in_demo_mode(project, good, value):
    result = manage(project, "check", env=clean_env(**good, DEMO_MODE=value))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ImproperlyConfigured" in output and "DEMO_MODE may not be set in production" in output, output


def test_the_deploy_check_fails_on_demo_mode_whatever_the_settings(project, good):
    """Also under settings that allow demo mode (dev), `check --deploy` says no while it is on."""
    env = clean_env(**{**good, "DJANGO_SETTINGS_MODULE": "mensenhandel.settings.dev", "DEMO_MODE": "true"})
    result = manage(project, "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "mensenhandel.E001" in result.stdout + result.stderr and "DEMO_MODE is on" in result.stdout + result.stderr


@pytest.mark.parametrize("url", ["/inloggen/", "/", "/bestaat-niet/", "/static/css/app.css"])
def test_every_response_carries_a_permissions_policy(client, db, url):
    response = client.get(url)
    policy = response.headers.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy, f"{url} ({response.status_code}) does not switch off {feature}: {policy!r}"


def test_sqlite_uses_wal_a_busy_timeout_and_immediate_transactions(project, tmp_path):
    """`make run`: two requests at once wait for each other instead of answering 500 ("database is locked"). Two
    threads each hold a write transaction for a moment on the same SQLite file; neither fails."""
    script = (
        "import threading, time\n"
        "from django.db import connection, transaction\n"
        "from django.db import connections\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print('MODE', c.fetchone()[0])\n"
        "    c.execute('PRAGMA busy_timeout'); print('BUSY', c.fetchone()[0])\n"
        "    c.execute('CREATE TABLE IF NOT EXISTS t (n integer)')\n"
        "errors = []\n"
        "def work(n):\n"
        "    try:\n"
        "        with transaction.atomic():\n"
        "            with connection.cursor() as c:\n"
        "                c.execute('SELECT count(*) FROM t')\n"
        "                time.sleep(0.3)\n"
        "                c.execute('INSERT INTO t VALUES (%s)', [n])\n"
        "    except Exception as exc:\n"
        "        errors.append(repr(exc))\n"
        "    finally:\n"
        "        connections.close_all()\n"
        "threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT count(*) FROM t'); print('ROWS', c.fetchone()[0])\n"
        "print('ERRORS', errors)\n"
    )
    env = clean_env(DJANGO_SETTINGS_MODULE="mensenhandel.settings.dev", DEMO_MODE="1",
                    DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}")
    result = manage(project, "shell", "-c", script, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "MODE wal" in result.stdout
    assert "BUSY 20000" in result.stdout
    assert "ROWS 4" in result.stdout and "ERRORS []" in result.stdout, result.stdout
