"""The protected file store and the one way to serve a file from it.

Files (signal attachments, action attachments, agenda and decision-list PDFs, report PDFs) live under
``settings.PROTECTED_FILES_ROOT``, outside the web root, in one folder per kind, under a random name of ours.
They are served only by a view that has checked access and written the audit log, with ``download()``: always
as an attachment, never sniffed, never cached, never embedded elsewhere. Files whose row never got committed are
swept nightly (``mensenhandel.core.jobs``): the app that owns a folder registers its ``Map`` with ``registreer()`` in
its ``AppConfig.ready()``.
"""
import logging
import os
import re
import secrets
import unicodedata
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse

logger = logging.getLogger(__name__)


class Map:
    """One folder of the store. ``patroon`` is the regular expression a stored name must match in full; ``model``
    (``"app_label.Model"``) is the model whose ``opslagnaam`` names the files of this folder."""

    def __init__(self, naam, patroon, *, model):
        self.naam = naam
        self.patroon = re.compile(patroon)
        self.model = model

    @property
    def pad_map(self):
        return Path(settings.PROTECTED_FILES_ROOT) / self.naam

    def nieuwe_naam(self, extensie):
        """A fresh random stored name (48 hex characters + ``extensie``, which includes its dot)."""
        return f"{secrets.token_hex(24)}{extensie}"

    def pad(self, opslagnaam):
        """Where a stored file is; refuses any name that is not one of ours."""
        if not self.patroon.fullmatch(opslagnaam or ""):
            raise ValueError(f"Unexpected stored name in {self.naam}.")
        return self.pad_map / opslagnaam

    def open(self, opslagnaam):
        """The stored file, opened for reading in binary mode (FileNotFoundError when it is gone)."""
        return self.pad(opslagnaam).open("rb")

    def schrijf(self, opslagnaam, data):
        """Write a new file (never overwrite), readable by the application only, flushed to disk."""
        schrijf(self.pad(opslagnaam), data)

    def wezen(self, ouder_dan):
        """Stored files no row names that were last written before ``ouder_dan``: written by a transaction that rolled
        back (the row was never committed). Returns their names; files that are not ours are never listed."""
        from django.apps import apps

        if not self.pad_map.is_dir():
            return []
        grens = ouder_dan.timestamp()
        kandidaten = [
            entry.name for entry in os.scandir(self.pad_map)
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < grens
            and self.patroon.fullmatch(entry.name)
        ]
        model = apps.get_model(self.model)
        bekend = set()
        for start in range(0, len(kandidaten), 500):
            deel = kandidaten[start:start + 500]
            bekend.update(model._default_manager.filter(opslagnaam__in=deel).values_list("opslagnaam", flat=True))
        return [naam for naam in kandidaten if naam not in bekend]

    def verwijder(self, opslagnamen):
        """Delete stored files by name (after the commit that removed their rows). Returns how many were removed."""
        weg = 0
        for opslagnaam in opslagnamen:
            try:
                self.pad(opslagnaam).unlink()
                weg += 1
            except FileNotFoundError:
                pass
            except (OSError, ValueError):
                logger.exception("Could not delete stored file %s/%s", self.naam, opslagnaam)
        return weg


# The folders of the store, by name: filled by the apps' ready(), read by the sweep.
_mappen = {}


def registreer(map_):
    """Add a folder to the store's sweep (from the owning app's ``AppConfig.ready()``); a name is one folder."""
    if _mappen.setdefault(map_.naam, map_) is not map_:
        raise ValueError(f"Two folders of the store are called {map_.naam!r}.")
    return map_


def mappen():
    """Every registered folder of the store."""
    return list(_mappen.values())


def schrijf(path, data):
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as bestand:
        bestand.write(data)
        bestand.flush()
        os.fsync(bestand.fileno())


def content_disposition(naam):
    """``attachment`` with an ASCII fallback name and the exact name in RFC 5987 form (RFC 6266 §4.3)."""
    ascii_naam = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii")
    ascii_naam = "".join(ch if ch.isalnum() or ch in " ._-()" else "_" for ch in ascii_naam).strip(" .") or "bijlage"
    header = f'attachment; filename="{ascii_naam}"'
    if ascii_naam != naam:
        header += f"; filename*=UTF-8''{quote(naam, safe='')}"
    return header


def download(bestand, *, content_type, naam, grootte):
    """The response for a stored file the user may have: an attachment, not sniffed, not cached, same origin only."""
    response = FileResponse(bestand, content_type=content_type)
    response["Content-Length"] = str(grootte)
    response["Content-Disposition"] = content_disposition(naam)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
