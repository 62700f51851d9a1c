"""The counted figures of the quarterly report (``cijfers.bereken``), issue 8 "Exact figures".

The world (``tests/rapportage/wereld.py``) is built straight with the ORM at explicit moments; the expected figures
are computed there by hand, in plain Python over the records of what was created. ``bereken`` must give exactly
that, for the district and for the region around it, and nothing of another werkgebied.
"""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapportage import cijfers
from rapportage.perioden import Kwartaal
from signalen.models import Signaal
from tafels.models import Regio
from tests.rapportage import wereld as wereld_module
from tests.rapportage.wereld import bouw, t, verwacht

pytestmark = pytest.mark.django_db

K3 = Kwartaal(2026, 3)


@pytest.fixture
def wereld():
    return bouw()


def test_district_figures_are_exactly_the_hand_counted_ones(wereld):
    assert cijfers.bereken(wereld.district, K3) == verwacht(wereld, "district")


def test_region_counts_its_districts_and_its_own_tables(wereld):
    gegevens = cijfers.bereken(wereld.regio, K3)
    assert gegevens == verwacht(wereld, "regio")
    district = cijfers.bereken(wereld.district, K3)
    # The region has the other district's signals, case, meeting and action as well.
    assert gegevens["signalen"]["ontvangen"][0] == district["signalen"]["ontvangen"][0] + 5
    assert gegevens["casussen"]["geopend"][0] == district["casussen"]["geopend"][0] + 2
    assert gegevens["overleggen"]["gehouden"][0] == district["overleggen"]["gehouden"][0] + 2
    assert gegevens["acties"]["afgesproken"][0] == district["acties"]["afgesproken"][0] + 2


def test_another_werkgebied_counts_none_of_it(wereld):
    gegevens = cijfers.bereken(Regio.objects.get(naam="Midden-Nederland"), K3)
    assert gegevens["werkgebied"] == {"soort": "regio", "naam": "Midden-Nederland"}
    assert gegevens["signalen"]["ontvangen"] == [0, 0, 0]
    assert all(r["waarden"] == [0, 0, 0] for r in gegevens["signalen"]["per_gemeente"])
    assert [r["signalen"] for r in gegevens["reeks"]] == [0] * 5
    assert gegevens["casussen"]["geopend"] == gegevens["casussen"]["lopend"] == [0, 0, 0]
    assert gegevens["overleggen"] == {"gehouden": [0, 0, 0], "per_organisatiesoort": []}
    assert gegevens["acties"]["afgesproken"] == [0, 0, 0]
    assert gegevens["acties"]["per_organisatiesoort"] == []


def test_the_worked_example_and_the_sums(wereld):
    """Per gemeente 12, 3, 7 in the quarter; every breakdown that is one row per signal adds up to the total."""
    s = cijfers.bereken(wereld.district, K3)["signalen"]
    assert {r["label"]: r["waarden"][0] for r in s["per_gemeente"]} == {"Almelo": 7, "Enschede": 12, "Hengelo": 3}
    assert s["ontvangen"] == [22, 4, 6]
    for sleutel in ("per_gemeente", "per_sector", "per_bron", "uitkomst"):
        assert [sum(r["waarden"][i] for r in s[sleutel]) for i in range(3)] == s["ontvangen"], sleutel
    acties = cijfers.bereken(wereld.district, K3)["acties"]
    for maat in ("afgesproken", "gereed", "verlopen"):
        for sleutel in ("per_soort", "per_organisatiesoort"):
            assert [sum(r[maat][i] for r in acties[sleutel]) for i in range(3)] == acties[maat]


def test_reference_lists_hold_items_in_use_and_retired_ones_with_a_count(wereld):
    from signalen.models import Bron, Sector

    s = cijfers.bereken(wereld.district, K3)["signalen"]
    sectoren = [r["label"] for r in s["per_sector"]]
    # "Online" is no longer in use but has signals: listed, in the list's order; "not filled in" last.
    assert sectoren == [*Sector.objects.filter(actief=True).order_by("volgorde", "naam").values_list("naam", flat=True)
                        [:sectoren.index("Online")], "Online",
                        *Sector.objects.filter(actief=True).order_by("volgorde", "naam").values_list("naam", flat=True)
                        [sectoren.index("Online"):], None]
    assert {r["label"]: r["waarden"] for r in s["per_sector"]}["Online"] == [5, 0, 0]
    # "Publieksbalie" is no longer in use and has none: not listed. Sources in use without signals are.
    bronnen = [r["label"] for r in s["per_bron"]]
    assert Bron.objects.get(code="publieksbalie").naam not in bronnen
    assert Bron.objects.get(code="woningcorporatie").naam in bronnen


def test_quarter_boundary_on_the_amsterdam_clock(wereld):
    """23:59 on the last day of a quarter (21:59 UTC) is in that quarter; 00:00 the next day is in the next."""
    gegevens = cijfers.bereken(wereld.district, K3)
    momenten = sorted(Signaal.objects.filter(gemeente__naam="Enschede").values_list("ingediend_op", flat=True),
                      key=lambda m: m or t(2000, 1, 1))
    assert t(2026, 9, 30, 23, 59) in momenten and t(2026, 10, 1, 0, 0) in momenten
    assert wereld_module.kwartaal_van(t(2026, 9, 30, 23, 59)) == (2026, 3)
    # Counted by the report: without the 23:59 signal Enschede would have 11; the 00:00 one is in no period.
    assert {r["label"]: r["waarden"] for r in gegevens["signalen"]["per_gemeente"]}["Enschede"] == [12, 2, 3]
    q4 = cijfers.bereken(wereld.district, Kwartaal(2026, 4))
    assert q4["signalen"]["ontvangen"][0] == 1
    # 23:59 on 30 June in Q2, 00:00 on 1 July in Q3; 23:59 on 31 March in Q1 (the series).
    assert [r["signalen"] for r in gegevens["reeks"]] == [6, 2, 5, 4, 22]
    q1 = cijfers.bereken(wereld.district, Kwartaal(2026, 2))
    assert [r["signalen"] for r in q1["reeks"]][-2:] == [5, 4]


def test_decision_time_uses_the_first_decision(wereld):
    duur = cijfers.bereken(wereld.district, K3)["signalen"]["beslisduur"]
    assert duur == {"mediaan_dagen": [4.5, 2.0, 6.0], "aantal": [16, 3, 5]}


def test_figures_are_plain_json_without_codes_or_free_text(wereld):
    gegevens = cijfers.bereken(wereld.district, K3)
    tekst = json.dumps(gegevens, ensure_ascii=False)
    assert json.loads(tekst) == gegevens
    for geheim in wereld.geheimen:
        assert geheim not in tekst
    assert "Jansen" not in tekst and "SIG-" not in tekst and "TT-2026" not in tekst


def _aantal_queries(werkgebied):
    with CaptureQueriesContext(connection) as queries:
        cijfers.bereken(werkgebied, K3)
    return len(queries)


def test_query_count_is_small_and_independent_of_the_number_of_signals(django_assert_max_num_queries):
    klein = bouw()
    with django_assert_max_num_queries(20):
        cijfers.bereken(klein.district, K3)
    voor = _aantal_queries(klein.district), _aantal_queries(klein.regio)
    # Forty more signals (each with forms, a decision and history rows) in the same werkgebied and quarter.
    from tests.rapportage.wereld import Wereld, _signaal

    extra = Wereld(district=klein.district, ander_district=klein.ander_district, regio=klein.regio)
    from signalen.models import Bestemming, Status
    from tafels.models import Gemeente

    door = Signaal.objects.first().ingediend_door
    almelo = Gemeente.objects.get(cbs_code="GM0141")
    for i in range(40):
        _signaal(extra, door, almelo, t(2026, 8, 1 + i % 28), Status.DOORGEZET, Bestemming.COMENSHA, "bouw", "brp",
                 ["arbeid", "seksueel"], (1 + i % 5,))
    assert cijfers.bereken(klein.district, K3)["signalen"]["ontvangen"][0] == 62
    assert (_aantal_queries(klein.district), _aantal_queries(klein.regio)) == voor


def test_a_report_is_for_a_district_or_a_region():
    with pytest.raises(ValueError):
        cijfers.bereken(object(), K3)


def test_the_running_quarter_counts_overdue_actions_as_actiebewaking_does(demo):
    """Issue 18: the concept of the quarter still running counted an action due later this quarter as overdue."""
    from datetime import timedelta

    from django.utils import timezone

    from casusoverleg import selectors as casusoverleg_selectors
    from casusoverleg.models import Actie, ActieSoort
    from tafels.models import District
    from tests.casusoverleg.test_access import maak_casus

    regisseur = demo["regisseur@twente.example"]
    twente = District.objects.get(code="TW")
    casus = maak_casus("TW-2026-090", "Enschede", regisseur, district=twente)
    vandaag = timezone.localdate()
    kwartaal = Kwartaal.van_datum(vandaag)
    for dagen in (-3, -1, 0, 1):
        deadline = vandaag + timedelta(days=dagen)
        if kwartaal.eerste_dag <= deadline <= kwartaal.laatste_dag:
            Actie.objects.create(casus=casus, omschrijving="Controle.", soort=ActieSoort.BESTUURLIJK,
                                 organisatie=regisseur.organisatie, deadline=deadline, aangemaakt_door=regisseur)
    bewaking = Actie.objects.filter(casus=casus).filter(casusoverleg_selectors.actie_verlopen_q(vandaag)).count()
    assert cijfers.bereken(twente, kwartaal)["acties"]["verlopen"][0] == bewaking
