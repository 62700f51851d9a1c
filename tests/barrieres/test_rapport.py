"""The quarterly report counts the barriers (issue 21): per domain and per instrument, started in each period, the
quarter boundaries on Dutch dates, only the werkgebied's cases, and suppressed like every other count. And the
national context (NRM) as a chapter of its own, apart from the own figures, with year and source."""
from datetime import date

import pytest
from django.utils import timezone, translation

from barrieres.models import Barriere, Domein, Instrument, Resultaat
from partners.models import Organisatie
from rapportage import cijfers, cijfers_barrieres, presentatie
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import District
from tests.casusoverleg.test_access import wereld as wereld  # noqa: F401,PLC0414  (the fixture)

pytestmark = pytest.mark.django_db

K3 = Kwartaal(2026, 3)
PERIODEN = [K3, K3.vorige, K3.jaar_eerder]


def maak(casus, domein, instrument, gestart, afgerond=None, resultaat=Resultaat.LOPEND):
    return Barriere.objects.create(
        casus=casus, domein=Domein.objects.get(code=domein), instrument=instrument,
        organisatie=Organisatie.objects.get(naam="Gemeente Enschede"), gestart_op=gestart, afgerond_op=afgerond,
        resultaat=resultaat, aangemaakt_door=casus.eigenaar)


@pytest.fixture
def barrieres(wereld):  # noqa: F811
    enschede, hengelo, almelo, utrecht = (wereld[n] for n in ("enschede", "hengelo", "almelo", "utrecht"))
    # K3 2026: 6 in Twente (huisvesting 3, arbeid 2, werving 1); the first and last day of the quarter count.
    maak(enschede, "huisvesting", Instrument.CONTROLE, date(2026, 7, 1), date(2026, 8, 15), Resultaat.OPGEWORPEN)
    maak(enschede, "huisvesting", Instrument.LAST_ONDER_DWANGSOM, date(2026, 7, 20))
    maak(hengelo, "huisvesting", Instrument.CONTROLE, date(2026, 9, 30), date(2026, 9, 30), Resultaat.GEEN_EFFECT)
    maak(hengelo, "arbeid", Instrument.SLUITING, date(2026, 8, 3), date(2026, 9, 1), Resultaat.OPGEWORPEN)
    maak(almelo, "arbeid", Instrument.CONTROLE, date(2026, 8, 4))
    maak(almelo, "werving_entree", Instrument.BIBOB, date(2026, 9, 12))
    # In no period: the day after the quarter; K2 2026: its last day; K3 2025: its first day.
    maak(enschede, "verblijf", Instrument.CONTROLE, date(2026, 10, 1))
    maak(enschede, "financien", Instrument.BIBOB, date(2026, 6, 30), date(2026, 7, 2), Resultaat.OPGEWORPEN)
    maak(hengelo, "huisvesting", Instrument.SLUITING, date(2025, 7, 1))
    # Midden-Nederland: never in Twente's report.
    maak(utrecht, "huisvesting", Instrument.CONTROLE, date(2026, 8, 1))


def test_barriers_are_counted_per_domain_and_instrument_for_the_werkgebied_only(barrieres):
    twente = District.objects.get(code="TW")
    uit = cijfers_barrieres.cijfers_voor_rapport(twente, PERIODEN)
    assert uit["ingezet"] == [6, 1, 1]
    # Completed with the barrier raised: K3 2026 the Enschede control and the Hengelo closure, plus the K2 Bibob
    # completed in K3; the Hengelo control completed without effect does not count.
    assert uit["opgeworpen"] == [3, 0, 0]
    assert uit["per_domein"] == [
        {"label": "Werving en entree", "waarden": [1, 0, 0]},
        {"label": "Huisvesting", "waarden": [3, 0, 1]},
        {"label": "Identiteit en registratie", "waarden": [0, 0, 0]},
        {"label": "Arbeid", "waarden": [2, 0, 0]},
        {"label": "Financiën", "waarden": [0, 1, 0]},
        {"label": "Verblijf", "waarden": [0, 0, 0]},
    ]
    assert uit["per_instrument"] == [
        {"sleutel": "bibob", "waarden": [1, 1, 0]},
        {"sleutel": "sluiting", "waarden": [1, 0, 1]},
        {"sleutel": "last_onder_dwangsom", "waarden": [1, 0, 0]},
        {"sleutel": "vergunning_geweigerd", "waarden": [0, 0, 0]},
        {"sleutel": "controle", "waarden": [3, 0, 0]},
    ]
    # The region's report counts its own cases only (a region's cases: casus.regio; Twente's are in Oost-Nederland).
    midden = District.objects.get(code="TW").regio.__class__.objects.get(naam="Midden-Nederland")
    assert cijfers_barrieres.cijfers_voor_rapport(midden, PERIODEN)["ingezet"] == [1, 0, 0]
    # A domain switched off still shows where it has a count, and not where it has none.
    Domein.objects.filter(code__in=["financien", "identiteit_registratie"]).update(actief=False)
    labels = [r["label"] for r in cijfers_barrieres.cijfers_voor_rapport(twente, PERIODEN)["per_domein"]]
    assert "Financiën" in labels and "Identiteit en registratie" not in labels


def rapport(werkgebied):
    return Rapport.objects.create(district=werkgebied, jaar=2026, kwartaal=3, versie=1, status=RapportStatus.DEFINITIEF,
                                  gegevens=cijfers.bereken(werkgebied, K3), geteld_op=timezone.now())


def test_the_report_shows_the_barriers_suppressed_and_the_national_context_apart(barrieres):
    with translation.override("nl"):
        weergave = presentatie.opbouw(rapport(District.objects.get(code="TW")))
    sleutels = [h.sleutel for h in weergave.hoofdstukken]
    # The barriers among the own figures, the national context after them, before how the figures are counted.
    assert sleutels.index("acties") < sleutels.index("barrieres") < sleutels.index("landelijk") < sleutels.index(
        "verantwoording")
    assert weergave.kengetal("barrieres-ingezet").waarden == ["6", "< 5", "< 5"]
    assert weergave.kengetal("barrieres-opgeworpen").waarden == ["< 5", "0", "0"]
    hoofdstuk = next(h for h in weergave.hoofdstukken if h.sleutel == "barrieres")
    per_domein = {t.sleutel: t for t in hoofdstuk.tabellen}["barrieres-per-domein"]
    assert [(r.label, r.cellen[0].tekst) for r in per_domein.rijen] == [
        ("Werving en entree", "< 5"), ("Huisvesting", "< 5"), ("Identiteit en registratie", "0"), ("Arbeid", "< 5"),
        ("Financiën", "0"), ("Verblijf", "0")]
    assert per_domein.totaal.cellen[0].tekst == "6"
    per_instrument = {t.sleutel: t for t in hoofdstuk.tabellen}["barrieres-per-instrument"]
    assert [r.label for r in per_instrument.rijen] == [
        "Bibob-onderzoek", "Sluiting", "Last onder dwangsom", "Vergunning geweigerd", "Controle"]
    assert [r.cellen[0].tekst for r in per_instrument.rijen] == ["< 5", "< 5", "< 5", "0", "< 5"]

    landelijk = next(h for h in weergave.hoofdstukken if h.sleutel == "landelijk")
    assert "944" in landelijk.inleiding and "2024" in landelijk.inleiding and "868" in landelijk.inleiding
    tabel = landelijk.tabellen[0]
    assert [(r.label, r.cellen[0].tekst) for r in tabel.rijen] == [
        ("2020", "984"), ("2021", "791"), ("2022", "814"), ("2023", "868"), ("2024", "944")]
    assert "Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen" in tabel.voetnoot
    assert "2024" in tabel.voetnoot


def test_a_report_counted_before_issue_21_has_neither_chapter(demo):
    twente = District.objects.get(code="TW")
    r = rapport(twente)
    gegevens = dict(r.gegevens)
    del gegevens["barrieres"], gegevens["landelijk"]
    r.gegevens = gegevens
    sleutels = [h.sleutel for h in presentatie.opbouw(r).hoofdstukken]
    assert "barrieres" not in sleutels and "landelijk" not in sleutels
