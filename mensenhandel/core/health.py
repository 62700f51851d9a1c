"""Health checks for the container platform: ``/health/live`` and ``/health/ready``, exactly these paths.

Answered by a middleware before anything else looks at the request (no log-in, no session, no host check, no https
redirect, no audit row, no database transaction), so a probe from inside the container gets an honest answer:

- ``/health/live``: the process answers (200).
- ``/health/ready``: the database answers, Redis answers when ``REDIS_URL`` is set, and the protected file store is
  writable: 200, else 503. The JSON names the checks and their outcome, nothing else (no data, no error text).
"""
import json
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

LIVE, READY = "/health/live", "/health/ready"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def _opslag():
    root = Path(settings.PROTECTED_FILES_ROOT)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    proef = root / f".health-{secrets.token_hex(8)}"
    proef.write_bytes(b"ok")
    proef.unlink()


def checks():
    """{check name: "ok" or "error"} for what the application needs to serve requests."""
    te_doen = {"database": _database, "opslag": _opslag}
    if settings.REDIS_URL:
        te_doen["redis"] = _redis
    uitkomst = {}
    for naam, check in te_doen.items():
        try:
            check()
        except Exception:  # any failure means not ready; the log says which and why
            logger.warning("Health check %s failed", naam, exc_info=True)
            uitkomst[naam] = "error"
        else:
            uitkomst[naam] = "ok"
    if uitkomst["database"] == "error":
        connection.close()  # a broken connection is not reused by the next probe
    return uitkomst


def _json(body, status):
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == LIVE:
            return _json({"status": "ok"}, 200)
        if request.path == READY:
            uitkomst = checks()
            klaar = all(waarde == "ok" for waarde in uitkomst.values())
            return _json({"status": "ok" if klaar else "unavailable", "checks": uitkomst}, 200 if klaar else 503)
        return self.get_response(request)
