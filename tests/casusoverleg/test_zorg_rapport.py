"""The care tracks in the quarterly report (issue 21): counted exactly per period for the werkgebied only, and shown
with the same suppression as every count ("< 5" for 1–4; 0 stays 0).

The world is built straight with the ORM at explicit moments in Q3 2026, Q2 2026 and Q3 2025 (the quarter, the one
before, the same one a year earlier), in Twente, with one victim in Midden-Nederland that Twente never counts.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from casusoverleg.models import Casus, Slachtoffer, ZorgStap, ZorgStapSoort, ZorgStapStatus
from rapportage import cijfers, presentatie
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import District, Regio
from tests.casusoverleg.test_access import maak_casus

pytestmark = pytest.mark.django_db

K3 = Kwartaal(2026, 3)
AMS = ZoneInfo("Europe/Amsterdam")
G = ZorgStapStatus.GEREGELD


def _moment(jaar, maand, dag):
    return datetime(jaar, maand, dag, 12, tzinfo=AMS)


def _slachtoffer(casus, nummer, door, aangemaakt, **stappen):
    slachtoffer = Slachtoffer.objects.create(casus=casus, nummer=nummer, aangemaakt_door=door, aangemaakt=aangemaakt)
    for soort in ZorgStapSoort.values:
        status, afgerond = stappen.get(soort, (ZorgStapStatus.NOG_NIET, None))
        ZorgStap.objects.create(slachtoffer=slachtoffer, soort=soort, status=status, afgerond_op=afgerond)
    return slachtoffer


@pytest.fixture
def wereld(demo):
    regisseur = demo["regisseur@twente.example"]
    twente = District.objects.get(code="TW")
    casus = maak_casus("TW-2025-301", "Enschede", regisseur, district=twente)
    gesloten = maak_casus("TW-2025-302", "Hengelo", regisseur, district=twente)
    # Closed on 15 May 2026: its victim has a care track at the end of Q3 2025, not at the end of Q2 or Q3 2026.
    Casus.objects.filter(pk=gesloten.pk).update(geopend_op=_moment(2025, 7, 1), afgesloten_op=_moment(2026, 5, 15))
    Casus.objects.filter(pk=casus.pk).update(geopend_op=_moment(2025, 7, 1))
    # Q3 2025: one victim (the closed case), registered with CoMensha on 30 September 2025.
    _slachtoffer(gesloten, 1, regisseur, _moment(2025, 8, 1), comensha=(G, date(2025, 9, 30)))
    # Q2 2026: one victim, shelter arranged in Q2, CoMensha arranged on the first day of Q3 (1 July 2026).
    _slachtoffer(casus, 1, regisseur, _moment(2026, 6, 30), opvang=(G, date(2026, 6, 30)),
                 comensha=(G, date(2026, 7, 1)))
    # Q3 2026: five victims; two registered with CoMensha, one refused a B8 (not counted: not arranged).
    for nummer in range(2, 7):
        _slachtoffer(casus, nummer, regisseur, _moment(2026, 8, nummer),
                     comensha=(G, date(2026, 9, 30)) if nummer < 4 else (ZorgStapStatus.NOG_NIET, None),
                     verblijfsvergunning=(ZorgStapStatus.AFGEWEZEN, date(2026, 9, 1)) if nummer == 6 else (
                         ZorgStapStatus.NOG_NIET, None),
                     opvang=(G, date(2026, 8, 20)))
    # Midden-Nederland: never in Twente's figures.
    utrecht = maak_casus("MN-2026-301", "Utrecht", demo["regisseur@midden-nederland.example"],
                         regio=Regio.objects.get(naam="Midden-Nederland"))
    _slachtoffer(utrecht, 1, regisseur, _moment(2026, 8, 1), comensha=(G, date(2026, 8, 2)))
    return twente


def test_the_care_tracks_are_counted_exactly_per_period(wereld):
    zorg = cijfers.bereken(wereld, K3)["zorg"]
    assert zorg["nieuw"] == [5, 1, 1]
    assert zorg["in_zorg"] == [6, 1, 1]
    assert zorg["comensha"] == [3, 0, 1]
    per_stap = {r["sleutel"]: r["waarden"] for r in zorg["geregeld_per_stap"]}
    assert list(per_stap) == ZorgStapSoort.values
    assert per_stap["opvang"] == [5, 1, 0]
    assert per_stap["comensha"] == zorg["comensha"]
    assert per_stap["verblijfsvergunning"] == [0, 0, 0]
    # The region counts the district's victims and Utrecht's (it is in another region: not Oost-Nederland's).
    assert cijfers.bereken(wereld.regio, K3)["zorg"]["nieuw"] == [5, 1, 1]
    assert cijfers.bereken(Regio.objects.get(naam="Midden-Nederland"), K3)["zorg"]["comensha"] == [1, 0, 0]


def test_the_chapter_shows_them_suppressed_like_every_count(wereld):
    rapport = Rapport.objects.create(district=wereld, jaar=2026, kwartaal=3, versie=1, status=RapportStatus.CONCEPT,
                                     gegevens=cijfers.bereken(wereld, K3), geteld_op=_moment(2026, 10, 3))
    with translation.override("nl"):
        weergave = presentatie.opbouw(rapport)
    hoofdstuk = next(h for h in weergave.hoofdstukken if h.sleutel == "zorg")
    assert hoofdstuk.titel == "Zorgtrajecten van slachtoffers"
    assert weergave.kengetal("zorg-in-zorg").waarden == ["6", "< 5", "< 5"]
    assert weergave.kengetal("zorg-nieuw").waarden == ["5", "< 5", "< 5"]
    assert weergave.kengetal("zorg-comensha").waarden == ["< 5", "0", "< 5"]
    [tabel] = hoofdstuk.tabellen
    rijen = {rij.label: [cel.tekst for cel in rij.cellen] for rij in tabel.rijen}
    assert rijen["Opvang"] == ["5", "< 5", "0"]
    assert rijen["Aanmelding bij CoMensha"] == ["< 5", "0", "< 5"]
    assert rijen["Verblijfsvergunning (B8)"] == ["0", "0", "0"]
    begrippen = dict(next(h for h in weergave.hoofdstukken if h.sleutel == "verantwoording").begrippen)
    assert "Zorgtrajecten van slachtoffers" in begrippen


def test_a_report_counted_before_issue_21_has_no_care_chapter(wereld):
    gegevens = cijfers.bereken(wereld, K3)
    del gegevens["zorg"]
    rapport = Rapport.objects.create(district=wereld, jaar=2026, kwartaal=3, versie=1, status=RapportStatus.CONCEPT,
                                     gegevens=gegevens, geteld_op=_moment(2026, 10, 3))
    weergave = presentatie.opbouw(rapport)
    assert "zorg" not in [h.sleutel for h in weergave.hoofdstukken]
    assert weergave.kengetal("zorg-comensha") is None
