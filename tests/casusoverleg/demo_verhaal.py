"""The demo's cases and meetings (``casusoverleg.demo``, with the history of ``rapportage.demo``, as ``seed_demo``
makes them) do not contradict themselves (issue 18): a table meets as often as it says, a case never records a
CoMensha or care coordinator date after the day it was written down, and an agenda PDF of a past meeting says it was
made when the story made that agenda final, not on the day the demo was seeded."""
import statistics
import subprocess
from datetime import datetime, time, timedelta

from django.utils import formats, timezone, translation

from casusoverleg.agenda_pdf import pad
from casusoverleg.models import (
    AgendaDocument,
    Casus,
    CasusGebeurtenis,
    CasusHistorie,
    DocumentSoort,
    Overleg,
    OverlegStatus,
)
from tafels.models import Tafel
from tests.i18n import nl


def controleer_verhaal(pdftotext):
    """The checks, on a demo seeded with ``--zonder-rapporten`` whose PDF jobs ran. Called by
    ``tests/partners/test_seed_demo.py::test_seed_demo_twice_gives_the_same_data``, which seeds the whole demo anyway
    (seeding it once more here would cost the suite a minute)."""
    # Every table that meets in the demo meets as often as its vergaderingen_per_jaar says (the Twente
    # casusoverleg said 4× a year and met every month).
    tafels = 0
    for tafel in Tafel.objects.all():
        dagen = sorted(timezone.localtime(b).date() for b in Overleg.objects.filter(tafel=tafel).exclude(
            status=OverlegStatus.GEANNULEERD).values_list("begint", flat=True))
        if len(dagen) < 4:
            continue
        tafels += 1
        tussen = statistics.median((b - a).days for a, b in zip(dagen, dagen[1:], strict=False))
        assert 0.75 <= tussen / (365 / tafel.vergaderingen_per_jaar) <= 1.33, (tafel.naam, tussen)
    assert tafels >= 3
    assert Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente").vergaderingen_per_jaar == 12

    # The victim track is recorded on or after the dates it records (TW-2026-002 recorded its CoMensha date weeks
    # before that date).
    casussen = Casus.objects.exclude(comensha_aangemeld_op=None, zorgcoordinator_betrokken_op=None)
    assert casussen.count() >= 4
    for casus in casussen:
        vastgelegd = CasusHistorie.objects.filter(casus=casus, soort=CasusGebeurtenis.SLACHTOFFERSPOOR).latest(
            "tijdstip").tijdstip
        for datum in (casus.comensha_aangemeld_op, casus.zorgcoordinator_betrokken_op):
            assert datum is None or datum <= timezone.localtime(vastgelegd).date(), casus.code

    # The agenda PDFs of the demo's past meetings were made when the story made the agenda final, a week before the
    # meeting; the PDF's footer says so.
    documenten = AgendaDocument.objects.filter(soort=DocumentSoort.AGENDA, overleg__begint__lt=timezone.now())
    assert documenten.exists()
    for document in documenten.select_related("overleg"):
        begint = timezone.localtime(document.overleg.begint)
        assert timezone.localtime(document.gemaakt_op) == timezone.make_aware(
            datetime.combine(begint.date() - timedelta(days=7), time(10, 0)))
    document = documenten.first()
    tekst = subprocess.run([pdftotext, str(pad(document)), "-"], capture_output=True, text=True, check=True).stdout
    with translation.override("nl"):
        gemaakt = formats.date_format(timezone.localtime(document.gemaakt_op), "j F Y")
        vandaag = formats.date_format(timezone.localdate(), "j F Y")
    voet = nl("Made on %(datum)s at %(tijd)s")
    assert voet % {"datum": gemaakt, "tijd": "10:00"} in tekst
    assert voet.split("%(datum)s")[0] + vandaag not in tekst
