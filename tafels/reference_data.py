"""Loads the regions (police units) and municipalities from ``tafels/data`` (sources: SOURCES.md).

Idempotent: rows are matched on their key (region name, CBS code) and updated in place, so it can
run on every ``make run`` and in tests. The whole file is checked before anything is written; a
broken row stops the load with a message that names the file and line, and changes nothing.
"""
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Gemeente, Regio, plain_gemeente_name

DATA_DIR = Path(__file__).resolve().parent / "data"

# Short codes of the police units, used later in case codes where a region has no district.
REGIO_CODES = {
    "Noord-Nederland": "NN",
    "Oost-Nederland": "ON",
    "Midden-Nederland": "MN",
    "Noord-Holland": "NH",
    "Amsterdam": "AM",
    "Den Haag": "DH",
    "Rotterdam": "RT",
    "Zeeland-West-Brabant": "ZWB",
    "Oost-Brabant": "OB",
    "Limburg": "LB",
}
CBS_CODE = re.compile(r"^GM\d{4}$")


class ReferenceDataError(ValueError):
    """A reference file is missing, has the wrong columns or a broken row."""


@dataclass
class LoadResult:
    regios: int
    gemeenten: int


def _read(path, columns):
    if not path.exists():
        raise ReferenceDataError(_("The file %(file)s does not exist.") % {"file": path.name})
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or [c.strip() for c in reader.fieldnames] != columns:
            raise ReferenceDataError(
                _("%(file)s must have exactly the columns %(columns)s.")
                % {"file": path.name, "columns": ", ".join(columns)}
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            values = {key: (value or "").strip() for key, value in row.items() if key is not None}
            if None in row or any(not values.get(column) for column in columns):
                raise ReferenceDataError(
                    _("%(file)s, line %(line)s: every column must be filled and there may be no extra cells.")
                    % {"file": path.name, "line": line}
                )
            rows.append((line, values))
        return rows


def _validate(regio_rows, gemeente_rows):
    namen = set()
    for line, row in regio_rows:
        if row["naam"] not in REGIO_CODES:
            raise ReferenceDataError(
                _("politie_eenheden.csv, line %(line)s: unknown police unit %(name)s.") % {"line": line, "name": row["naam"]}
            )
        namen.add(row["naam"])
    codes = set()
    for line, row in gemeente_rows:
        if not CBS_CODE.match(row["code"]):
            raise ReferenceDataError(
                _("gemeenten.csv, line %(line)s: %(code)s is not a CBS municipality code (GM followed by 4 digits).")
                % {"line": line, "code": row["code"]}
            )
        if row["code"] in codes:
            raise ReferenceDataError(
                _("gemeenten.csv, line %(line)s: the code %(code)s appears twice.") % {"line": line, "code": row["code"]}
            )
        if row["politie_eenheid"] not in namen:
            raise ReferenceDataError(
                _("gemeenten.csv, line %(line)s: police unit %(name)s is not in politie_eenheden.csv.")
                % {"line": line, "name": row["politie_eenheid"]}
            )
        codes.add(row["code"])


@transaction.atomic
def load(directory=DATA_DIR):
    directory = Path(directory)
    regio_rows = _read(directory / "politie_eenheden.csv", ["naam", "riec"])
    gemeente_rows = _read(
        directory / "gemeenten.csv", ["code", "naam", "provincie", "politie_eenheid", "veiligheidsregio"]
    )
    _validate(regio_rows, gemeente_rows)

    regios = {}
    for _line, row in regio_rows:
        regio, _created = Regio.objects.update_or_create(
            naam=row["naam"], defaults={"riec": row["riec"], "code": REGIO_CODES[row["naam"]]}
        )
        regios[regio.naam] = regio

    bestaand = {g.cbs_code: g for g in Gemeente.objects.all()}
    nieuw, gewijzigd = [], []
    for _line, row in gemeente_rows:
        values = {
            "cbs_naam": row["naam"],
            "naam": plain_gemeente_name(row["naam"]),
            "provincie": row["provincie"],
            "regio": regios[row["politie_eenheid"]],
            "veiligheidsregio": row["veiligheidsregio"],
        }
        gemeente = bestaand.get(row["code"])
        if gemeente is None:
            nieuw.append(Gemeente(cbs_code=row["code"], **values))
        elif any(getattr(gemeente, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(gemeente, key, value)
            gewijzigd.append(gemeente)
    Gemeente.objects.bulk_create(nieuw)
    Gemeente.objects.bulk_update(gewijzigd, ["cbs_naam", "naam", "provincie", "regio", "veiligheidsregio"])
    return LoadResult(regios=len(regios), gemeenten=len(gemeente_rows))
