"""Issue 17, go-live plumbing: /health/live and /health/ready, and a Dutch 503 page when PostgreSQL is unreachable.

The unreachable database is a connection to a closed port in a separate process (never by stopping the shared
server)."""
import json
import socket

import pytest

from tests.core.support import clean_env, copy_project, manage


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_health_answers_without_log_in_with_json_and_no_data(client, db, path, settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    settings.REDIS_URL = ""
    response = client.get(path, HTTP_HOST="niet-toegestaan.example")  # before the host check and https redirect
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json" and "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["status"] == "ok"
    if path.endswith("ready"):
        assert body["checks"] == {"database": "ok", "opslag": "ok"}
        assert list((tmp_path / "protected").iterdir()) == []  # the write test leaves nothing behind


def test_ready_is_503_when_the_store_is_not_writable_or_redis_is_away(client, db, settings, tmp_path):
    niet_schrijfbaar = tmp_path / "bestand"
    niet_schrijfbaar.write_text("geen map")
    settings.PROTECTED_FILES_ROOT = niet_schrijfbaar / "protected"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        poort = sock.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{poort}/0"
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable",
                                            "checks": {"database": "ok", "opslag": "error", "redis": "error"}}


@pytest.mark.parametrize("path", ["/health/live/", "/health/", "/health/readyx"])
def test_only_the_exact_paths_are_health_checks(client, db, path):
    assert client.get(path).status_code in (302, 404)


def test_an_unreachable_database_gives_a_dutch_503_page_everywhere(tmp_path_factory):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        poort = sock.getsockname()[1]  # closed once the with-block ends: nothing listens there
    project = copy_project(tmp_path_factory.mktemp("zonder-db"), static=True)
    script = (
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "c.cookies['sessionid'] = 'x' * 32\n"
        "for methode, pad in (('get', '/'), ('get', '/signalen/'), ('get', '/casussen/'), ('post', '/inloggen/'),\n"
        "                     ('get', '/health/live'), ('get', '/health/ready')):\n"
        "    r = getattr(c, methode)(pad, HTTP_HOST='testserver')\n"
        "    print('RESULT', methode, pad, r.status_code, r.get('Retry-After', '-'))\n"
        "    print('BODY', r.content.decode()[:3000].replace('\\n', ' '))\n"
    )
    env = clean_env(DJANGO_SETTINGS_MODULE="mensenhandel.settings.dev", DEMO_MODE="1", DEBUG="0",
                    ALLOWED_HOSTS="testserver",
                    DATABASE_URL=f"postgres://mensenhandel:mensenhandel@127.0.0.1:{poort}/mensenhandel")
    assert manage(project, "compile_translations", env=env).returncode == 0  # the copy has no .mo files
    result = manage(project, "shell", "-c", script, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    regels = [r for r in result.stdout.splitlines() if r.startswith("RESULT")]
    bodies = [r for r in result.stdout.splitlines() if r.startswith("BODY")]
    uitkomst = {tuple(r.split()[1:3]): r.split()[3:] for r in regels}
    for sleutel in (("get", "/"), ("get", "/signalen/"), ("get", "/casussen/"), ("post", "/inloggen/")):
        assert uitkomst[sleutel] == ["503", "60"], (sleutel, result.stdout, result.stderr[-3000:])
    assert uitkomst[("get", "/health/live")][0] == "200"
    assert uitkomst[("get", "/health/ready")][0] == "503"
    for body, regel in zip(bodies, regels, strict=True):
        if " 503 " in regel and "/health/" not in regel:
            assert "Tijdelijk niet beschikbaar" in body and 'lang="nl"' in body, body
            assert "Traceback" not in body and "OperationalError" not in body and "127.0.0.1" not in body
