"""Reading an import file row by row, without holding it in memory: XLSX with openpyxl's read-only mode (the sheet
is streamed from the zip), CSV with the csv module over the file.

A cell is read as it is stored: a formula as its text ("=SUM(A1:A3)"), never as the value Excel would compute, so
nothing a spreadsheet computes or fetches ends up in a record; HTML stays text (the pages escape it).
"""
import csv
import datetime
import io
import threading
from contextlib import contextmanager

from .kolommen import BLADEN, norm_kop
from .opslag import XLSX

MAX_RIJEN = 50_000
# Trailing empty rows a sheet may carry before the reading stops (some spreadsheets format a million rows).
MAX_LEGE_RIJEN = 1000


class Tabel:
    """The header row and an iterator over the data rows: (row number as the spreadsheet shows it, values)."""

    def __init__(self, koppen, rijen, blad=""):
        self.koppen = koppen
        self._rijen = rijen
        self.blad = blad

    def __iter__(self):
        leeg = 0
        for nummer, waarden in self._rijen:
            if all(w is None or (isinstance(w, str) and not w.strip()) for w in waarden):
                leeg += 1
                if leeg > MAX_LEGE_RIJEN:
                    return
                continue
            leeg = 0
            yield nummer, waarden


def _xlsx_blad(workbook, soort):
    gezocht = norm_kop(BLADEN[soort])
    for blad in workbook.worksheets:
        if norm_kop(blad.title) == gezocht:
            return blad
    # A workbook of its own (not the template): its one sheet, whatever it is called.
    bekend = {norm_kop(b) for b in BLADEN.values()} | {"toelichting"}
    overige = [b for b in workbook.worksheets if norm_kop(b.title) not in bekend]
    if len(overige) == 1 and not any(norm_kop(b.title) in bekend for b in workbook.worksheets):
        return overige[0]
    return None


def _cel(waarde):
    if isinstance(waarde, datetime.datetime):
        return waarde
    if isinstance(waarde, float) and waarde.is_integer():
        return int(waarde)
    return waarde


_LADEN = threading.Lock()


def _laad_werkmap(pad):
    """openpyxl's read-only workbook, without reading every sheet once more to find its size: a file that does not
    state its dimensions (one written by a streaming writer, not by Excel) would be parsed twice. The import reads
    the rows as they come and needs no size."""
    from openpyxl import load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    with _LADEN:
        origineel = ReadOnlyWorksheet._get_size
        ReadOnlyWorksheet._get_size = lambda self: None
        try:
            return load_workbook(pad, read_only=True, data_only=False)
        finally:
            ReadOnlyWorksheet._get_size = origineel


@contextmanager
def open_tabel(pad, extensie, soort):
    """``with open_tabel(path, ".xlsx", "signalen") as tabel:`` — ``tabel`` is None when the workbook has no sheet
    for ``soort``."""
    if extensie == XLSX:
        workbook = _laad_werkmap(pad)
        try:
            blad = _xlsx_blad(workbook, soort)
            if blad is None:
                yield None
                return
            rijen = blad.iter_rows(values_only=True)
            koppen = []
            nummer = 0
            for rij in rijen:
                nummer += 1
                if any(w is not None and str(w).strip() for w in rij):
                    koppen = list(rij)
                    break

            def data(start=nummer):
                n = start
                for rij in rijen:
                    n += 1
                    yield n, tuple(_cel(w) for w in rij)

            yield Tabel(koppen, data(), blad.title)
        finally:
            workbook.close()
        return
    with open(pad, "rb") as ruw:
        begin = ruw.read(65536)
        ruw.seek(0)
        try:
            begin.decode("utf-8-sig")
            codering = "utf-8-sig"
        except UnicodeDecodeError as exc:
            codering = "utf-8-sig" if exc.start >= len(begin) - 4 else "cp1252"
        tekst = io.TextIOWrapper(ruw, encoding=codering, errors="replace", newline="")
        voorbeeld = tekst.read(8192)
        tekst.seek(0)
        try:
            dialect = csv.Sniffer().sniff(voorbeeld.splitlines()[0] if voorbeeld else "", delimiters=";,\t")
            scheiding = dialect.delimiter
        except csv.Error:
            scheiding = ";"
        lezer = csv.reader(tekst, delimiter=scheiding)
        koppen = []
        nummer = 0
        for rij in lezer:
            nummer += 1
            if any(w.strip() for w in rij):
                koppen = [k.lstrip("\ufeff") for k in rij]
                break

        def data(start=nummer):
            n = start
            for rij in lezer:
                n += 1
                yield n, tuple(w if w != "" else None for w in rij)

        yield Tabel(koppen, data())
