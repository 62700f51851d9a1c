"""A 20,000-row file is read as a stream (openpyxl's read-only mode), not held in memory: the peak RSS while every
row is checked stays far below 300 MB and grows by a few MB only. (The time is measured by ``benchmarks/importeer.py``,
not here.)"""
import re
from pathlib import Path

import pytest

from importeren import lezen, services
from importeren.kolommen import BLADEN, KOLOMMEN
from tafels.models import District

pytestmark = pytest.mark.django_db

RIJEN = 20_000


def schrijf(pad, aantal):
    from openpyxl import Workbook

    gemeenten = ["Enschede", "Hengelo (O.)", "GM0141", "Oldenzaal", "153"]
    workbook = Workbook(write_only=True)
    blad = workbook.create_sheet(BLADEN["signalen"])
    blad.append([k.kop for k in KOLOMMEN["signalen"]])
    for n in range(aantal):
        blad.append([f"VOL-{n:06d}", "Gemeente Enschede", f"{1 + n % 28:02d}-{1 + n % 12:02d}-2024",
                     gemeenten[n % 5], "arbeid", None, None, "Omschrijving van een signaal " * 3, None, None, None,
                     "doorgezet" if n % 2 else None, None, "NLA" if n % 2 else None])
    workbook.save(pad)


def test_a_20000_row_file_is_checked_streaming_with_modest_memory(demo, tmp_path, monkeypatch):
    pad = tmp_path / "groot.xlsx"
    schrijf(pad, RIJEN)
    geladen = []
    origineel = lezen._laad_werkmap

    def spion(p):
        workbook = origineel(p)
        geladen.append(workbook.read_only)
        return workbook

    monkeypatch.setattr(lezen, "_laad_werkmap", spion)
    twente = District.objects.get(code="TW")
    voor = _rss_kb("VmRSS")
    _reset_piek()
    uitkomst = services.controleer_pad("signalen", twente, pad, ".xlsx")
    piek = _rss_kb("VmHWM")
    assert geladen == [True]
    assert uitkomst.is_geldig and uitkomst.aantal_nieuw == RIJEN
    # The preview keeps the first 200 valid rows, not 20,000.
    assert len(uitkomst.rijen) == 200 and uitkomst.rijen_weggelaten == RIJEN - 200
    if piek is None:
        pytest.skip("No /proc/self/status here to read the peak RSS from.")
    # This test process holds what earlier tests left behind: here only what the check adds counts.
    assert (piek - voor) / 1024 < 60, f"the check made the process grow by {(piek - voor) / 1024:.0f} MB"


CONTROLE_IN_EIGEN_PROCES = """
import re, sys
from pathlib import Path
import django
django.setup()
from importeren import services
from tafels.models import District
uitkomst = services.controleer_pad("signalen", District.objects.get(code="TW"), sys.argv[1], ".xlsx")
assert uitkomst.is_geldig and uitkomst.aantal_nieuw == int(sys.argv[2]), uitkomst.aantal_nieuw
print("PIEK_KB", re.search(r"^VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text(), re.M)[1])
"""


@pytest.mark.django_db(transaction=True)
def test_the_check_of_a_20000_row_file_peaks_below_300_mb_in_a_process_of_its_own(demo, tmp_path):
    """Issue 20's bound, for a fresh process as a web worker or ``manage.py importeer`` is one: Django, openpyxl and
    the check of 20,000 rows together stay under 300 MB. The process reads the demo basis, committed (a transactional
    test: an earlier one in this worker may have flushed the session's basis) (``make bench`` reports the same for
    the check and the import, ``benchmarks/importeer.py``)."""
    import os
    import subprocess
    import sys

    from django.db import connection

    if not Path("/proc/self/status").exists():
        pytest.skip("No /proc/self/status here to read the peak RSS from.")
    pad = tmp_path / "groot.xlsx"
    schrijf(pad, RIJEN)
    instellingen = connection.settings_dict
    if instellingen["ENGINE"] == "django.db.backends.postgresql":
        url = (f"postgres://{instellingen['USER']}:{instellingen['PASSWORD']}@{instellingen['HOST'] or '127.0.0.1'}:"
               f"{instellingen['PORT'] or 5432}/{instellingen['NAME']}")
    else:
        url = f"sqlite:///{instellingen['NAME']}"
        if instellingen["NAME"].startswith(("file:", ":memory:")) or "mode=memory" in instellingen["NAME"]:
            pytest.skip("An in-memory SQLite test database cannot be read by another process.")
    omgeving = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "mensenhandel.settings.test"}
    uit = subprocess.run([sys.executable, "-c", CONTROLE_IN_EIGEN_PROCES, str(pad), str(RIJEN)], env=omgeving,
                         capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parents[2])
    assert uit.returncode == 0, uit.stderr[-3000:]
    piek_mb = int(re.search(r"PIEK_KB (\d+)", uit.stdout)[1]) / 1024
    assert piek_mb <= 300, f"peak RSS {piek_mb:.0f} MB"


def _rss_kb(veld):
    """VmRSS (now) or VmHWM (the peak since the last reset) of this process in KiB, from Linux's /proc."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    gevonden = re.search(rf"^{veld}:\s+(\d+) kB", status.read_text(), re.M)
    return int(gevonden[1]) if gevonden else None


def _reset_piek():
    """Start the peak RSS (VmHWM) afresh from the current RSS (Linux: "5" to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
