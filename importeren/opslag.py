"""Import files in the protected store: checked by their content, stored under a random name, removed after the
import (or when a newer upload replaces them).

An import file is a spreadsheet: XLSX (an Office Open XML workbook, without macros, within bounds when unpacked)
or CSV (text, UTF-8 or Windows-1252). Anything else is refused with a Dutch message that names the file. The cells
are read later, streamed (``importeren.lezen``).
"""
import hashlib
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mensenhandel.core import beschermd
from mensenhandel.core.uploads import bestandsnaam

MAP = beschermd.Map("import", r"[0-9a-f]{48}\.[a-z]{3,4}", model="importeren.Importbestand")

MAX_GROOTTE = 20 * 1024 * 1024  # bytes per file: a 20,000-row sheet is a few MB
MAX_UITGEPAKT = 400 * 1024 * 1024  # what a workbook may unpack to (read streaming, never all at once)
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_RATIO = 200
XLSX, CSV = ".xlsx", ".csv"
ACCEPT = ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class M:
    TE_GROOT = _("“%(name)s” is larger than %(max)s MB. Split the file and import the parts one by one.")
    LEEG = _("“%(name)s” is empty (0 bytes).")
    SOORT = _("“%(name)s” is not an Excel workbook (.xlsx) or a CSV file. Save the sheet as .xlsx or .csv and try "
              "again.")
    OUD = _("“%(name)s” is an old Excel file (.xls) or a password-protected workbook. Save it as .xlsx without a "
            "password and try again.")
    MACRO = _("“%(name)s” contains macros. Save it as an ordinary workbook (.xlsx) and try again.")
    KAPOT = _("“%(name)s” is not a valid Excel workbook (it is damaged or incomplete).")
    BOM = _("“%(name)s” unpacks to more than %(max)s MB and cannot be read.")
    GEEN_TEKST = _("“%(name)s” is not a text file with comma- or semicolon-separated values.")
    HTML = _("“%(name)s” is a web page (HTML), not a CSV file.")


def _weiger(melding, naam, **extra):
    raise ValidationError(str(melding) % {"name": naam, **extra}, code="bestand")


def _lees(uploaded_file, naam):
    grootte = getattr(uploaded_file, "size", None)
    if grootte is not None and grootte > MAX_GROOTTE:
        _weiger(M.TE_GROOT, naam, max=MAX_GROOTTE // (1024 * 1024))
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_GROOTTE + 1)
    if len(data) > MAX_GROOTTE:
        _weiger(M.TE_GROOT, naam, max=MAX_GROOTTE // (1024 * 1024))
    if not data:
        _weiger(M.LEEG, naam)
    return data


def _controleer_xlsx(data, naam):
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        _weiger(M.KAPOT, naam)
    with zf:
        if len(infos) > MAX_ZIP_ENTRIES:
            _weiger(M.BOM, naam, max=MAX_UITGEPAKT // (1024 * 1024))
        totaal = 0
        for info in infos:
            lower = info.filename.lower()
            if info.flag_bits & 0x1:
                _weiger(M.OUD, naam)
            if lower.startswith("/") or ".." in lower.split("/") or "\\" in lower:
                _weiger(M.KAPOT, naam)
            if "vbaproject" in lower or lower.endswith((".bin", ".exe", ".dll")) and "printersettings" not in lower:
                _weiger(M.MACRO, naam)
            totaal += info.file_size
            if totaal > MAX_UITGEPAKT or (info.file_size > 1024 * 1024
                                          and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)):
                _weiger(M.BOM, naam, max=MAX_UITGEPAKT // (1024 * 1024))
        try:
            types = zf.read("[Content_Types].xml")[:1024 * 1024].lower()
        except KeyError:
            _weiger(M.KAPOT, naam)
        if b"macroenabled" in types or b"vbaproject" in types:
            _weiger(M.MACRO, naam)
        if b"spreadsheetml.sheet.main+xml" not in types:
            _weiger(M.SOORT, naam)


def _controleer_csv(data, naam):
    kop = data[:8192]
    if b"\x00" in kop:
        _weiger(M.GEEN_TEKST, naam)
    tekst = kop.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if tekst.startswith((b"<!doctype", b"<html", b"<?xml", b"<svg")):
        _weiger(M.HTML, naam)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            _weiger(M.GEEN_TEKST, naam)


def controleer(uploaded_file):
    """Check an uploaded import file by its content. Returns (display name, extension, bytes)."""
    stam, ext = bestandsnaam(getattr(uploaded_file, "name", "") or "")
    naam = f"{stam}{ext}"
    data = _lees(uploaded_file, naam)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        _weiger(M.OUD, naam)
    if data.startswith(b"PK\x03\x04"):
        if ext not in ("", XLSX):
            _weiger(M.SOORT, naam)
        _controleer_xlsx(data, naam)
        return f"{stam}{XLSX}", XLSX, data
    if ext in (XLSX, ".xls", ".xlsm", ".ods", ".zip", ".pdf", ".docx"):
        _weiger(M.SOORT if ext != ".xls" else M.OUD, naam)
    _controleer_csv(data, naam)
    return f"{stam}{CSV}", CSV, data


def bewaar(data, extensie):
    """Write the checked bytes to the store; returns (stored name, sha256)."""
    opslagnaam = MAP.nieuwe_naam(extensie)
    MAP.schrijf(opslagnaam, data)
    return opslagnaam, hashlib.sha256(data).hexdigest()


def pad(opslagnaam):
    return MAP.pad(opslagnaam)


def verwijder(opslagnaam):
    if opslagnaam:
        MAP.verwijder([opslagnaam])
