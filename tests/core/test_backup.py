"""Issue 17: `make backup` / `make restore FILE=…`: the database and the protected store in one archive with a
checksum; restored into an empty database and a fresh store, the demo accounts and a signal's attachment are back.

Runs manage.py in subprocesses against databases of its own (PostgreSQL in CI, and the SQLite of `make run`)."""
import hashlib
import tarfile
import uuid
from pathlib import Path

import psycopg
from django.db import connection

from tests.core.support import ROOT, clean_env, manage

MAAK_SIGNAAL = """
from django.core.files.uploadedfile import SimpleUploadedFile
from partners.models import User
from signalen import bijlagen, services
from signalen.models import Signaal
from tafels.models import Gemeente
door = User.objects.get(email="coordinator@enschede.example")
signaal = Signaal.objects.create(ingediend_door=door, organisatie=door.organisatie,
                                 gemeente=Gemeente.objects.get(cbs_code="GM0153"), omschrijving="Herstelproef.")
bijlagen.add(signaal, SimpleUploadedFile("verslag.pdf", PDF), door)
services.submit(signaal, door)
"""

TELLING = """
from partners.models import User
from signalen import bijlagen
from signalen.models import Bijlage, Signaal
bijlage = Bijlage.objects.get(signaal__omschrijving="Herstelproef.")
with bijlagen.open(bijlage) as f:
    import hashlib
    print("SHA", hashlib.sha256(f.read()).hexdigest(), bijlage.sha256)
print("USERS", User.objects.filter(email__endswith=".example").count())
"""


def _env(database_url, store):
    return clean_env(DJANGO_SETTINGS_MODULE="mensenhandel.settings.dev", DEMO_MODE="1", DEBUG="0",
                     DATABASE_URL=database_url, PROTECTED_FILES_ROOT=str(store))


def _ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


DEMO = (("migrate", "--noinput", "-v", "0"), ("load_reference_data",), ("load_signaal_referentie",),
        ("seed_demo", "--zonder-signalen"))


def _roundtrip(bron_url, doel_url, tmp_path, pdf, stappen=DEMO, aantal_users=11):
    bron_store, doel_store, backups = tmp_path / "opslag-bron", tmp_path / "opslag-doel", tmp_path / "backups"
    bron = _env(bron_url, bron_store)
    for stap in stappen:
        _ok(manage(ROOT, *stap, env=bron, timeout=300))
    _ok(manage(ROOT, "shell", "-c", f"PDF = {pdf!r}\n" + MAAK_SIGNAAL, env=bron))
    voor = _ok(manage(ROOT, "shell", "-c", TELLING, env=bron))

    _ok(manage(ROOT, "backup", "--map", str(backups), env=bron))
    archief = next(backups.glob("ketenregie-backup-*.tar"))
    assert archief.stat().st_mode & 0o077 == 0, "the archive holds everything: its owner's only"
    som = Path(f"{archief}.sha256").read_text().split()
    assert som == [hashlib.sha256(archief.read_bytes()).hexdigest(), archief.name]
    with tarfile.open(archief) as tar:
        namen = tar.getnames()
    assert "MANIFEST.json" in namen and any(n.startswith("bestanden/bijlagen/") for n in namen)

    doel = _env(doel_url, doel_store)
    hersteld = _ok(manage(ROOT, "restore", str(archief), env=doel, timeout=300))
    assert "1 " in hersteld, hersteld  # one file of the store came back
    na = _ok(manage(ROOT, "shell", "-c", TELLING, env=doel))
    assert na == voor
    sha_regel = next(r for r in na.splitlines() if r.startswith("SHA")).split()
    assert sha_regel[1] == sha_regel[2], "the attachment's file came back byte for byte"
    assert int(next(r for r in na.splitlines() if r.startswith("USERS")).split()[1]) >= aantal_users

    # A second restore into what is no longer empty is refused; a damaged archive is refused before anything.
    again = manage(ROOT, "restore", str(archief), env=doel)
    assert again.returncode != 0 and "niet leeg" in (again.stdout + again.stderr)
    data = bytearray(archief.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archief.write_bytes(bytes(data))
    kapot = manage(ROOT, "restore", str(archief), "--forceer", env=doel)
    assert kapot.returncode != 0 and "beschadigd" in (kapot.stdout + kapot.stderr)


def _pdf_bytes():
    from tests.signalen.test_bijlagen_actief import pdf

    return pdf(None, objectstromen=False)


def test_backup_and_restore_on_postgresql(require_postgres, tmp_path):
    params = connection.settings_dict
    basis = f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
    namen = [f"backup_{kant}_{uuid.uuid4().hex[:8]}" for kant in ("bron", "doel")]
    beheer = psycopg.connect(f"{basis}/postgres", autocommit=True)
    try:
        for naam in namen:
            beheer.execute(f'CREATE DATABASE "{naam}"')
        _roundtrip(f"{basis}/{namen[0]}", f"{basis}/{namen[1]}", tmp_path, _pdf_bytes())
    finally:
        for naam in namen:
            beheer.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        beheer.close()


MINIMAAL = """
from partners.models import Organisatie, OrganisatieSoort, Rol, User
from tafels.models import Gemeente
gemeente = Gemeente.objects.get(cbs_code="GM0153")
org = Organisatie.objects.create(naam="Gemeente Enschede", soort=OrganisatieSoort.GEMEENTE, gemeente=gemeente,
                                 regio=gemeente.regio)
User.objects.create_user(email="coordinator@enschede.example", naam="Demo Coordinator", organisatie=org,
                         rol=Rol.COORDINATOR)
"""


def test_backup_and_restore_of_the_sqlite_of_make_run(tmp_path):
    """The same round trip for the SQLite of `make run`, on a minimal database (the demo is PostgreSQL's test)."""
    bron_url = f"sqlite:///{tmp_path / 'bron.sqlite3'}"
    for stap in (("migrate", "--noinput", "-v", "0"), ("load_reference_data",)):
        _ok(manage(ROOT, *stap, env=_env(bron_url, tmp_path / "opslag-bron"), timeout=300))
    _ok(manage(ROOT, "shell", "-c", MINIMAAL, env=_env(bron_url, tmp_path / "opslag-bron")))
    _roundtrip(bron_url, f"sqlite:///{tmp_path / 'doel.sqlite3'}", tmp_path, _pdf_bytes(), stappen=(),
               aantal_users=1)
