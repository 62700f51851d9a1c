"""CSV exports for Excel NL (UTF-8 with BOM, semicolons), safe against formula injection."""
import csv

from django.http import HttpResponse
from django.utils import timezone

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); the full-width forms too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value):
    """The text of one CSV cell, neutralised with a leading quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class CsvExport:
    """An attachment response ``<prefix>-<timestamp>.csv``, never cached; ``row()`` neutralises every cell."""

    def __init__(self, prefix, headers):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        self.response = HttpResponse(content_type="text/csv; charset=utf-8")
        self.response["Content-Disposition"] = f'attachment; filename="{prefix}-{stamp}.csv"'
        self.response["Cache-Control"] = "no-store"
        self.response.write("\ufeff")
        self._writer = csv.writer(self.response, delimiter=";")
        self.row(headers)

    def row(self, values):
        self._writer.writerow(csv_cell(value) for value in values)
