"""The daily sweep of the protected file store (``bestanden.opruimen``): a file whose row never got committed is
deleted once it is a day old, in every folder; a file a row names, a younger file and a file that is not ours stay."""
import os
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from mensenhandel.core import beschermd
from mensenhandel.core.jobs import _alle_mappen
from mensenhandel.jobs import enqueue
from mensenhandel.jobs.models import Job, JobStatus
from rapportage.models import RapportStatus
from tafels.models import District
from tests.rapportage.test_views import maak_rapport

pytestmark = pytest.mark.django_db

MAPPEN = {"bijlagen": "signalen.Bijlage", "actiebijlagen": "casusoverleg.ActieBijlage",
          "agenda": "casusoverleg.AgendaDocument", "rapporten": "rapportage.Rapport",
          "voorstellen": "rapportage.DvoVoorstel", "import": "importeren.Importbestand"}


@pytest.fixture
def opslag(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    return settings.PROTECTED_FILES_ROOT


def _bestand(map_, naam, dagen_oud):
    pad = map_.pad_map / naam
    beschermd.schrijf(pad, b"%PDF-1.7 inhoud")
    moment = (timezone.now() - timedelta(days=dagen_oud)).timestamp()
    os.utime(pad, (moment, moment))
    return pad


def test_every_folder_of_the_store_is_swept_and_names_the_model_of_its_files():
    mappen = {map_.naam: map_.model for map_ in _alle_mappen()}
    assert mappen == MAPPEN
    for model in mappen.values():
        assert apps.get_model(model)._meta.get_field("opslagnaam")


def test_an_orphan_a_day_old_goes_and_everything_else_stays(demo, opslag, django_capture_on_commit_callbacks):
    mappen = {map_.naam: map_ for map_ in _alle_mappen()}
    wezen = {naam: _bestand(map_, "a" * 48 + ".pdf", dagen_oud=2) for naam, map_ in mappen.items()}
    jong = {naam: _bestand(map_, "b" * 48 + ".pdf", dagen_oud=0) for naam, map_ in mappen.items()}
    vreemd = _bestand(mappen["rapporten"], "LEESMIJ.txt", dagen_oud=30)  # not a name of ours: never touched
    rapport = maak_rapport(District.objects.get(code="TW"), RapportStatus.DEFINITIEF, pdf=True)
    in_gebruik = mappen["rapporten"].pad(rapport.opslagnaam)
    os.utime(in_gebruik, (0, 0))  # very old, but its row names it

    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("bestanden.opruimen")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.resultaat == {naam: 1 for naam in MAPPEN}
    assert not any(pad.exists() for pad in wezen.values())
    assert all(pad.exists() for pad in jong.values())
    assert vreemd.exists() and in_gebruik.exists()

    with django_capture_on_commit_callbacks(execute=True):
        tweede = enqueue("bestanden.opruimen")
    tweede.refresh_from_db()
    assert tweede.resultaat == {naam: 0 for naam in MAPPEN}, "a second run finds nothing"


def test_a_pdf_whose_transaction_rolled_back_is_swept(demo, opslag, django_capture_on_commit_callbacks):
    """The gap the sweep closes: the report's PDF written, then the transaction around it rolled back."""
    from rapportage import pdf

    rapport = maak_rapport(District.objects.get(code="TW"), RapportStatus.CONCEPT, pdf=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        pdf.maak(rapport)
        raise RuntimeError("the job failed after the PDF was written")
    rapport.refresh_from_db()
    assert not rapport.heeft_pdf
    (wees,) = list(pdf.MAP.pad_map.iterdir())
    os.utime(wees, (0, 0))
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("bestanden.opruimen")
    job.refresh_from_db()
    assert job.resultaat["rapporten"] == 1 and not wees.exists()


def test_beat_queues_the_sweep_daily_at_half_past_three(django_capture_on_commit_callbacks):
    from mensenhandel.celery import app
    from mensenhandel.core.tasks import bestanden_opruimen

    entry = app.conf.beat_schedule["bestanden-opruimen"]
    assert entry["task"] == "bestanden.opruimen"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {30}
    with django_capture_on_commit_callbacks(execute=False):
        job_id = bestanden_opruimen()
    assert Job.objects.get(pk=job_id).naam == "bestanden.opruimen"


def test_no_folder_of_the_store_is_left_out_of_the_sweep():
    """Each ``beschermd.Map(...)`` in the code is a folder; the sweep knows only the folders the apps registered with
    ``beschermd.registreer()`` in their ``AppConfig.ready()``, so a new one must be registered there."""
    from pathlib import Path

    from django.conf import settings

    gemaakt = set()
    mappen = [p for p in Path(settings.BASE_DIR).iterdir() if p.is_dir() and not p.name.startswith(".")
              and p.name not in ("tests", "static", "node_modules")]
    for bron in (bestand for map_ in mappen for bestand in map_.rglob("*.py")):
        gemaakt.update(re.findall(r'beschermd\.Map\(\s*"(\w+)"', bron.read_text(encoding="utf-8")))
    assert gemaakt == {map_.naam for map_ in _alle_mappen()} == set(MAPPEN)
