import os
import shutil

import pytest
from django.db import connection

from tafels import reference_data
from tafels.models import Regio

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(available, what):
    """Skip when a real part (PostgreSQL, Redis, Chromium, pdftotext) is missing; in CI, fail instead."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available.", pytrace=False)
    pytest.skip(f"{what} is not available here.")


@pytest.fixture
def require_postgres(db):
    require(connection.vendor == "postgresql", "PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    ok = False
    if url:
        import redis

        try:
            ok = redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            ok = False
    require(ok, "Redis (set REDIS_URL)")
    return url


@pytest.fixture
def pdftotext():
    """The path of poppler's pdftotext (PDFs are read back as text)."""
    path = shutil.which("pdftotext")
    require(path, "pdftotext (poppler-utils)")
    return path


@pytest.fixture
def opslag(settings, tmp_path):
    """A temporary protected file store (PROTECTED_FILES_ROOT) for the test."""
    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    return settings.PROTECTED_FILES_ROOT


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require(path, "Debian's chromium")
    return path


DEMO_MARKER = "beheer@ketenregie.example"


def _seed_demo_basis():
    """Reference data and the demo organisations, accounts and tables (``seed_demo --zonder-signalen``)."""
    from django.core.management import call_command

    call_command("seed_demo", "--zonder-signalen", stdout=open(os.devnull, "w"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo basis once per session, committed: every `db` test runs in a transaction that rolls back to it.

    pytest-django runs all `db` tests before the transactional ones, whose flush empties the tables; after that the
    fixtures below load what a test needs again.
    """
    with django_db_blocker.unblock():
        _seed_demo_basis()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Regions and municipalities exist in every test that uses the database.

    Seeded once per session; after a transactional test has flushed the tables they are simply loaded again.
    """
    if "django_db_setup" not in request.fixturenames:
        return
    # Autouse fixtures run before the fixtures a test asks for, so a test that only asks for `db` (or `demo`)
    # has no database access yet: open it here (transactionally when the test asked for that).
    request.getfixturevalue("db")
    if not Regio.objects.exists():
        reference_data.load()
    from signalen import referentie
    from signalen.models import Vorm

    if not Vorm.objects.exists():
        referentie.load()
    # The barrier model's default domains come with a data migration (issue 21): a flush empties them too.
    from barrieres.models import Domein

    if not Domein.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("barrieres.migrations.0002_domeinen").laad(apps, None)


@pytest.fixture
def demo(db):
    """The demo data set of `seed_demo --zonder-signalen` (organisations, the demo accounts, tables): seeded once
    per session, again only after a transactional test flushed it."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if not User.objects.filter(email=DEMO_MARKER).exists():
        _seed_demo_basis()
    return {u.email: u for u in User.objects.select_related("organisatie")}
