"""CSV exports for Excel NL (UTF-8 with BOM, semicolons), safe against formula injection."""
import csv
import io

from django.http import HttpResponse
from django.utils import timezone

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); the full-width forms too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


_FORMULA_TEKENS = frozenset(_FORMULA_START)  # each one character


def csv_cell(value):
    """The text of one CSV cell, neutralised with a leading quote when a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    return f"'{text}" if text[:1] in _FORMULA_TEKENS else text


class CsvExport:
    """An attachment response ``<prefix>-<timestamp>.csv``, never cached; ``row()`` neutralises every cell.

    The rows are written to a buffer and become the response's content once, when ``response`` is asked for (written
    straight into the response, each of tens of thousands of rows was encoded and appended on its own)."""

    def __init__(self, prefix, headers):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        self._naam = f"{prefix}-{stamp}.csv"
        self._buffer = io.StringIO()
        self._buffer.write("\ufeff")
        self._writer = csv.writer(self._buffer, delimiter=";")
        self._response = None
        self.row(headers)

    def row(self, values):
        self._writer.writerow([csv_cell(value) for value in values])

    @property
    def response(self):
        if self._response is None:
            self._response = HttpResponse(self._buffer.getvalue(), content_type="text/csv; charset=utf-8")
            self._response["Content-Disposition"] = f'attachment; filename="{self._naam}"'
            self._response["Cache-Control"] = "no-store"
        return self._response
