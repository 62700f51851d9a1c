"""The column rules of the import, one by one: each bad cell gives its own Dutch reason, a good row none."""
import datetime

import pytest
from django.utils import timezone, translation

from importeren.controle import Controle
from importeren.lezen import Tabel
from tafels.models import District

from .bestanden import KOPPEN, actie, casus, signaal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nl():
    with translation.override("nl"):
        yield


def twente():
    return District.objects.get(code="TW")


def check(soort, *rijen, koppen=None):
    tabel = Tabel(koppen or KOPPEN[soort], ((n, tuple(r)) for n, r in enumerate(rijen, start=2)))
    return Controle(soort, twente()).verwerk(tabel, bewaar=True)


def fouten(soort, rij):
    uitkomst = check(soort, rij)
    assert not uitkomst.bestandsfouten
    return " ".join(uitkomst.rijen[0][3])


def test_a_good_signal_row_has_no_problems(demo):
    uitkomst = check("signalen", signaal(vormen="Arbeidsuitbuiting; seksueel", sector="Land- en tuinbouw",
                                         bron="Toezicht en handhaving (BOA)", kvk="12345678", status="doorgezet",
                                         statusdatum="2024-03-20", doorgezet_naar="NLA"))
    assert uitkomst.is_geldig and uitkomst.aantal_nieuw == 1
    record = uitkomst.nieuw[0]
    assert record["datum"] == datetime.date(2024, 3, 15) and record["statusdatum"] == datetime.date(2024, 3, 20)
    assert len(record["vormen"]) == 2 and record["bestemming"] == "nla"


@pytest.mark.parametrize("waarde", ["Hengelo", "Hengelo (O.)", "hengelo (o.)", "GM0164", "0164", "164", 164])
def test_gemeente_by_cbs_code_cbs_name_or_plain_name(demo, waarde):
    uitkomst = check("signalen", signaal(gemeente=waarde))
    assert uitkomst.is_geldig, uitkomst.rijen
    assert uitkomst.nieuw[0]["gemeente"] == twente().gemeenten.get(cbs_code="GM0164").pk


@pytest.mark.parametrize(("rij", "reden"), [
    (signaal(organisatie="Stichting Onbekend"), "Organisatie ‘Stichting Onbekend’ is onbekend"),
    (signaal(organisatie=""), "Indienende organisatie is leeg"),
    (signaal(gemeente="Atlantis"), "Gemeente ‘Atlantis’ is onbekend"),
    (signaal(gemeente="Utrecht"), "Gemeente ‘Utrecht’ hoort niet bij Twente"),
    (signaal(datum="31-02-2024"), "is geen datum"),
    (signaal(datum="gisteren"), "is geen datum"),
    (signaal(datum=""), "Datum is leeg"),
    (signaal(vormen="Mensensmokkel"), "‘Mensensmokkel’ staat niet in de lijst"),
    (signaal(sector="Ruimtevaart"), "‘Ruimtevaart’ staat niet in de lijst"),
    (signaal(bron="Glazen bol"), "‘Glazen bol’ staat niet in de lijst"),
    (signaal(status="concept"), "Een concept kan niet worden geïmporteerd"),
    (signaal(status="vergeten"), "‘vergeten’ staat niet in de lijst"),
    (signaal(status="doorgezet"), "heeft de kolom ‘doorgezet naar’ nodig"),
    (signaal(doorgezet_naar="NLA"), "maar de status is niet ‘doorgezet’"),
    (signaal(statusdatum="01-01-2024"), "ligt vóór de datum van het signaal"),
    (signaal(kvk="1234"), "heeft niet precies 8 cijfers"),
    (signaal(kenmerk=""), "Extern kenmerk is leeg"),
    (signaal(kenmerk="K" * 51), "langer dan 50 tekens"),
    (signaal(locatie="x" * 201), "langer dan 200 tekens"),
])
def test_each_signal_column_rule(demo, rij, reden):
    assert reden in fouten("signalen", rij)


def test_a_date_in_the_future_is_refused(demo):
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    assert "ligt in de toekomst" in fouten("signalen", signaal(datum=morgen.strftime("%d-%m-%Y")))


def test_an_extern_kenmerk_used_twice_in_the_file(demo):
    uitkomst = check("signalen", signaal(kenmerk="A"), signaal(kenmerk="B"), signaal(kenmerk="A"))
    assert not uitkomst.is_geldig and uitkomst.aantal_fout == 1
    assert uitkomst.rijen[2][0] == 4
    assert "‘A’ staat twee keer in dit bestand (ook in rij 2)" in uitkomst.rijen[2][3][0]


def test_dates_in_several_notations_and_date_cells(demo):
    for waarde in ("2024-03-15", "15-3-2024", "15/03/2024", "15.03.2024", datetime.datetime(2024, 3, 15)):
        uitkomst = check("signalen", signaal(datum=waarde))
        assert uitkomst.nieuw[0]["datum"] == datetime.date(2024, 3, 15), waarde


def test_a_kvk_number_cell_gets_its_leading_zero_back(demo):
    assert check("signalen", signaal(kvk=1234567)).nieuw[0]["kvk"] == "01234567"


def test_headers_are_recognised_loosely_and_unknown_ones_named(demo):
    koppen = [k.upper() + " *" for k in KOPPEN["signalen"]] + ["Interne opmerking"]
    uitkomst = check("signalen", signaal() + ["iets"], koppen=koppen)
    assert uitkomst.is_geldig
    assert uitkomst.onbekende_kolommen == ["Interne opmerking"]


def test_a_missing_required_column_refuses_the_file(demo):
    koppen = [k for k in KOPPEN["signalen"] if k != "gemeente"]
    uitkomst = check("signalen", signaal()[:3] + signaal()[4:], koppen=koppen)
    assert not uitkomst.is_geldig and "‘gemeente’" in uitkomst.bestandsfouten[0]


@pytest.mark.parametrize(("rij", "reden"), [
    (casus(gemeenten="Enschede; Utrecht"), "Gemeente ‘Utrecht’ hoort niet bij Twente"),
    (casus(gemeenten=""), "Gemeenten is leeg"),
    (casus(samenvatting=""), "Samenvatting is leeg"),
    (casus(samenvatting="x" * 1001), "langer dan 1000 tekens"),
    (casus(status="gesloten maar open"), "staat niet in de lijst"),
    (casus(signalen="MELD-BESTAAT-NIET"), "Geen signaal met extern kenmerk ‘MELD-BESTAAT-NIET’ in Twente"),
    (casus(geopend_op=""), "Geopend op is leeg"),
    (casus(statusdatum="01-01-2020"), "ligt vóór de datum waarop de casus is geopend"),
])
def test_each_case_column_rule(demo, rij, reden):
    assert reden in fouten("casussen", rij)


@pytest.mark.parametrize(("rij", "reden"), [
    (actie(casus="ONBEKEND"), "Geen casus met extern kenmerk ‘ONBEKEND’ in Twente"),
    (actie(organisatie="Bureau Nergens"), "Organisatie ‘Bureau Nergens’ is onbekend"),
    (actie(soort="diplomatiek"), "‘diplomatiek’ staat niet in de lijst"),
    (actie(uiterlijk=""), "Uiterlijk is leeg"),
    (actie(status="gereed"), "heeft de datum van terugkoppeling nodig"),
    (actie(omschrijving=""), "Omschrijving is leeg"),
])
def test_each_action_column_rule(demo, rij, reden):
    assert reden in fouten("acties", rij)


def test_action_kinds_by_dutch_label_or_code(demo):
    from casusoverleg.models import ActieSoort

    controle = Controle("acties", twente())
    assert controle.soorten["zorg / hulpverlening"] == ActieSoort.ZORG
    assert controle.soorten["strafrechtelijk"] == ActieSoort.STRAFRECHTELIJK
    assert controle.soorten["zorg"] == ActieSoort.ZORG
