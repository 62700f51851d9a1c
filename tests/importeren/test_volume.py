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
    assert piek / 1024 <= 300, f"peak RSS {piek / 1024:.0f} MB"
    assert (piek - voor) / 1024 < 60, f"the check made the process grow by {(piek - voor) / 1024:.0f} MB"


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
