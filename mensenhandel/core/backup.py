"""Backup and restore: the database and the protected file store in one archive, with checksums.

``maak(map)`` writes ``ketenregie-backup-<time>.tar`` and next to it ``<that name>.sha256`` (``sha256sum -c`` reads
it). The archive holds:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite, a consistent copy
  through SQLite's own backup API, also while the server runs);
- ``bestanden/``: every file of ``PROTECTED_FILES_ROOT``;
- ``MANIFEST.json``: the database engine, the time, and the SHA-256 of every member.

``herstel(archief)`` checks the archive's checksum and every member against the manifest before it changes anything,
then restores into an empty database and an empty store (``forceer=True`` replaces what is there). The archive holds
all personal data of the installation: it is written readable by its owner only and the backup is in the audit log.
"""
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "MANIFEST.json"
BESTANDEN = "bestanden"
POSTGRES, SQLITE = "postgresql", "sqlite"


class BackupFout(Exception):
    """What went wrong, in words for the person at the command line."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as bestand:
        for blok in iter(lambda: bestand.read(1024 * 1024), b""):
            digest.update(blok)
    return digest.hexdigest()


def _engine():
    if connection.vendor == "postgresql":
        return POSTGRES
    if connection.vendor == "sqlite":
        return SQLITE
    raise BackupFout(_("Database %(engine)s is not supported (PostgreSQL and SQLite only).") % {"engine": connection.vendor})


def _pg_env_en_dsn():
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    dsn = " ".join(f"{sleutel}={waarde}" for sleutel, waarde in (
        ("host", db.get("HOST")), ("port", db.get("PORT")), ("user", db.get("USER")), ("dbname", db.get("NAME")))
        if waarde)
    return env, dsn


def _run(args, env=None):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupFout(_("%(command)s failed: %(error)s") % {"command": args[0], "error": result.stderr.strip()[:2000]})


def _dump_database(doel):
    if _engine() == POSTGRES:
        env, dsn = _pg_env_en_dsn()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={doel}", f"--dbname={dsn}"],
             env=env)
        return "database.dump"
    connection.ensure_connection()
    kopie = sqlite3.connect(doel)
    try:
        connection.connection.backup(kopie)
    finally:
        kopie.close()
    return "database.sqlite3"


def maak(map_, actor=None):
    """Write a backup archive into ``map_``; returns its path."""
    from mensenhandel import audit
    from mensenhandel.audit.models import AuditActie

    map_ = Path(map_)
    map_.mkdir(mode=0o700, parents=True, exist_ok=True)
    tijd = timezone.now()
    archief = map_ / f"ketenregie-backup-{timezone.localtime(tijd):%Y%m%dT%H%M%S}.tar"
    audit.log(actor, AuditActie.EXPORT, omschrijving=f"backup {archief.name}")
    store = Path(settings.PROTECTED_FILES_ROOT)
    with tempfile.TemporaryDirectory() as werk:
        dump = Path(werk) / "database"
        naam = _dump_database(dump)
        bestanden = sorted(p for p in store.rglob("*") if p.is_file()) if store.exists() else []
        manifest = {
            "engine": _engine(),
            "gemaakt": tijd.isoformat(),
            "leden": {naam: _sha256(dump),
                      **{f"{BESTANDEN}/{p.relative_to(store).as_posix()}": _sha256(p) for p in bestanden}},
        }
        fd = os.open(archief, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as uit, tarfile.open(fileobj=uit, mode="w") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(tijd.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=naam)
            for pad in bestanden:
                tar.add(pad, arcname=f"{BESTANDEN}/{pad.relative_to(store).as_posix()}")
    Path(f"{archief}.sha256").write_text(f"{_sha256(archief)}  {archief.name}\n")
    return archief


def _controleer(archief, werk):
    """Unpack into ``werk`` after checking the archive's own checksum, and every member against the manifest."""
    archief = Path(archief)
    controle = Path(f"{archief}.sha256")
    if not controle.exists():
        raise BackupFout(_("%(name)s is missing: without the checksum nothing is restored.") % {"name": controle.name})
    if controle.read_text().split()[0] != _sha256(archief):
        raise BackupFout(_("%(archive)s does not match %(checksum)s: the archive is damaged or was changed.") % {
            "archive": archief.name, "checksum": controle.name})
    with tarfile.open(archief) as tar:
        tar.extractall(werk, filter="data")
    manifest = json.loads((Path(werk) / MANIFEST).read_text())
    gevonden = {p.relative_to(werk).as_posix() for p in Path(werk).rglob("*") if p.is_file()} - {MANIFEST}
    if gevonden != set(manifest["leden"]):
        raise BackupFout(_("The contents of the archive do not match its manifest."))
    for naam, sha in manifest["leden"].items():
        if _sha256(Path(werk) / naam) != sha:
            raise BackupFout(_("%(name)s in the archive is damaged (its checksum does not match).") % {"name": naam})
    return manifest


def _database_leeg():
    return not connection.introspection.table_names()


def herstel(archief, forceer=False):
    """Restore an archive made by ``maak`` into this installation's database and protected store. Returns the
    manifest."""
    store = Path(settings.PROTECTED_FILES_ROOT)
    with tempfile.TemporaryDirectory() as werk:
        manifest = _controleer(archief, werk)
        if manifest["engine"] != _engine():
            raise BackupFout(_("The archive is of %(archive)s, this installation uses %(engine)s.") % {
                "archive": manifest["engine"], "engine": _engine()})
        if not forceer:
            if not _database_leeg():
                raise BackupFout(_("The database is not empty. Restore into an empty database, or use --forceer."))
            if store.exists() and any(p.is_file() for p in store.rglob("*")):
                raise BackupFout(_("The file store %(store)s is not empty. Restore into an empty one, or use --forceer.") % {
                    "store": store})
        if manifest["engine"] == POSTGRES:
            env, dsn = _pg_env_en_dsn()
            connection.close()
            args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={dsn}"]
            if forceer:
                args += ["--clean", "--if-exists"]
            _run([*args, str(Path(werk) / "database.dump")], env=env)
        else:
            doel = Path(connection.settings_dict["NAME"])
            connection.close()
            bron = sqlite3.connect(Path(werk) / "database.sqlite3")
            try:
                naar = sqlite3.connect(doel)
                try:
                    bron.backup(naar)
                finally:
                    naar.close()
            finally:
                bron.close()
        if forceer and store.exists():
            shutil.rmtree(store)
        uitgepakt = Path(werk) / BESTANDEN
        store.mkdir(mode=0o700, parents=True, exist_ok=True)
        if uitgepakt.exists():
            for pad in sorted(uitgepakt.rglob("*")):
                doel = store / pad.relative_to(uitgepakt)
                if pad.is_dir():
                    doel.mkdir(mode=0o700, exist_ok=True)
                else:
                    doel.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                    shutil.copy2(pad, doel)
                    doel.chmod(0o600)
    return manifest
