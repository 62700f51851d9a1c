"""The report as shown (``presentatie.opbouw``): every count of the hand-counted world (``wereld.py``) comes out as
the suppression rule says, shares and medians only over 5 or more, charts only draw shown numbers, and nothing of the
cases' codes or free text gets in.

The expected display is worked out here from the hand-counted figures: a shown number is the true count, "< 5" is a
count of 1–4, "•" a count of 5 or more hidden so that another cannot be worked out; shares by hand (half up).
"""
import dataclasses
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.text import capfirst

from casusoverleg.models import ActieSoort
from partners.models import OrganisatieSoort
from rapportage import cijfers, presentatie
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from rapportage.suppressie import Cel, Soort
from signalen.models import Bestemming
from tafels.models import Regio
from tests.i18n import nl
from tests.rapportage.wereld import bouw, verwacht

pytestmark = pytest.mark.django_db

K3 = Kwartaal(2026, 3)
GETELD_OP = datetime(2026, 10, 3, 6, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
TOELICHTING = "Het aantal signalen steeg door de campagne in de horeca.\n\nDe politie was bij elk overleg."


def _rapport(werkgebied, status=RapportStatus.DEFINITIEF, toelichting=TOELICHTING, versie=2):
    velden = {"district": werkgebied, "regio": None} if not isinstance(werkgebied, Regio) else {
        "district": None, "regio": werkgebied}
    return Rapport.objects.create(**velden, jaar=2026, kwartaal=3, versie=versie, status=status, toelichting=toelichting,
                                  gegevens=cijfers.bereken(werkgebied, K3), geteld_op=GETELD_OP)


@pytest.fixture
def wereld():
    return bouw()


@pytest.fixture
def weergave(wereld):
    with translation.override("nl"):
        return presentatie.opbouw(_rapport(wereld.district))


def _aandeel(teller, noemer):
    """Whole percents, half up, by hand."""
    return f"{(200 * teller + noemer) // (2 * noemer)}%"


def _tabellen(weergave):
    return {tabel.sleutel: tabel for _h, tabel in weergave.tabellen()}


def _rijen(tabel):
    return {rij.label: [c.tekst for c in rij.cellen] for rij in tabel.rijen}


def _verwachte_tabellen(v):
    """Table sleutel -> (rows [(label, [n, n, n])], rows add up to a total)."""
    s, c, o, a = v["signalen"], v["casussen"], v["overleggen"], v["acties"]
    bestemmingen, actiesoorten, organisatiesoorten = (dict(Bestemming.choices), dict(ActieSoort.choices),
                                                      dict(OrganisatieSoort.choices))
    niet_ingevuld = presentatie._label_lijst(None)

    def lijst(rijen):
        return [(r["label"] if r["label"] is not None else niet_ingevuld, r["waarden"]) for r in rijen]

    uitkomst = {"opgepakt_in_casus": presentatie._("Taken up in a case"),
                "afgesloten_zonder_vervolg": presentatie._("Closed without follow-up"),
                "in_behandeling": presentatie._("No decision yet (still being assessed)")}
    tabellen = {
        "signalen-per-kwartaal": ([(Kwartaal(*r["kwartaal"]).kort, [r["signalen"]]) for r in v["reeks"]], False),
        "signalen-per-gemeente": (lijst(s["per_gemeente"]), True),
        "signalen-per-vorm": (lijst(s["per_vorm"]) + [(presentatie._("No form given"), s["zonder_vorm"])], False),
        # Rows that are 0 in all three periods are left out of these two long lists.
        "signalen-per-sector": ([r for r in lijst(s["per_sector"]) if any(r[1])], True),
        "signalen-per-bron": ([r for r in lijst(s["per_bron"]) if any(r[1])], True),
        "signalen-uitkomst": ([
            (presentatie._("Passed on to %(bestemming)s") % {"bestemming": bestemmingen[r["bestemming"]]}
             if r["sleutel"] == "doorgezet" else uitkomst[r["sleutel"]], r["waarden"]) for r in s["uitkomst"]], True),
        "casussen-geopend-per-vorm": (lijst(c["geopend_per_vorm"]), False),
        "casussen-lopend-per-vorm": (lijst(c["lopend_per_vorm"]), False),
        "casussen-afgesloten-per-vorm": (lijst(c["afgesloten_per_vorm"]), False),
        "overleggen-aanwezigheid": ([(organisatiesoorten[r["sleutel"]], r["aanwezig"])
                                     for r in o["per_organisatiesoort"]], False),
        "overleggen-verwacht": ([(organisatiesoorten[r["sleutel"]], r["verwacht"])
                                 for r in o["per_organisatiesoort"]], False),
    }
    for maat in ("afgesproken", "gereed", "verlopen"):
        tabellen[f"acties-{maat}-per-soort"] = (
            [(capfirst(actiesoorten[r["sleutel"]]), r[maat]) for r in a["per_soort"]], True)
        tabellen[f"acties-{maat}-per-organisatiesoort"] = (
            [(organisatiesoorten[r["sleutel"]], r[maat]) for r in a["per_organisatiesoort"]], True)
    return tabellen


def _past(cel, waarde):
    """The displayed cell is what the rule allows for this true count."""
    if cel.soort is Soort.GETAL:
        return cel.tekst == str(waarde) and not 1 <= waarde <= 4
    if cel.soort is Soort.KLEIN:
        return cel.tekst == "< 5" and 1 <= waarde <= 4
    return cel.tekst == "•" and waarde >= 5


def test_chapters_and_charts_are_the_contract(weergave):
    assert [h.sleutel for h in weergave.hoofdstukken] == [
        "toelichting", "signalen", "casussen", "zorg", "overleggen", "acties", "barrieres", "basisniveau",
        "bewustwording", "landelijk", "verantwoording"]
    for sleutel in ("signalen-per-kwartaal", "signalen-per-vorm", "acties-per-soort"):
        assert weergave.grafiek(sleutel) is not None
    sleutels = [tabel.sleutel for _h, tabel in weergave.tabellen()]
    assert len(sleutels) == len(set(sleutels))
    toelichting = weergave.hoofdstukken[0]
    assert toelichting.tabellen == [] and toelichting.grafieken == []
    assert toelichting.alineas == ["Het aantal signalen steeg door de campagne in de horeca.",
                                   "De politie was bij elk overleg."]


def test_every_table_shows_the_hand_counted_figures_suppressed(wereld):
    with translation.override("nl"):
        weergave = presentatie.opbouw(_rapport(wereld.district))
        verwachte = _verwachte_tabellen(verwacht(wereld, "district"))
    tabellen = _tabellen(weergave)
    assert set(verwachte) <= set(tabellen)
    perioden = [K3.kort, K3.vorige.kort, K3.jaar_eerder.kort]
    for sleutel, (rijen, totaal) in verwachte.items():
        tabel = tabellen[sleutel]
        assert [rij.label for rij in tabel.rijen] == [label for label, _w in rijen], sleutel
        if sleutel != "signalen-per-kwartaal":
            assert tabel.kolommen == perioden, sleutel
        for rij, (_label, waarden) in zip(tabel.rijen, rijen, strict=True):
            for cel, waarde in zip(rij.cellen, waarden, strict=True):
                assert _past(cel, waarde), (sleutel, rij.label, cel, waarde)
        assert (tabel.totaal is not None) == totaal, sleutel
        for j in range(len(tabel.kolommen)):
            kolom = [w[j] for _l, w in rijen]
            verborgen = sum(rij.cellen[j].onderdrukt for rij in tabel.rijen)
            if totaal:
                som = sum(kolom)
                cel = tabel.totaal.cellen[j]
                # A total is its true value, hidden only when it is 1–4 (as a headline figure would be).
                assert cel.tekst == ("< 5" if 1 <= som <= 4 else str(som)), (sleutel, j)
                # No column has exactly one hidden entry (it would follow from the total).
                assert verborgen + cel.onderdrukt != 1, (sleutel, j)
            else:
                # Without a total only the small counts are hidden.
                assert verborgen == sum(1 for w in kolom if 1 <= w <= 4), (sleutel, j)


def test_the_worked_example_per_gemeente(weergave):
    tabel = _tabellen(weergave)["signalen-per-gemeente"]
    assert {label: cellen[0] for label, cellen in _rijen(tabel).items()} == {
        "Enschede": "12", "Hengelo": "< 5", "Almelo": "•"}
    assert tabel.totaal.cellen[0].tekst == "22"
    # The same total as the headline figure and the other breakdowns of the same signals.
    kengetal = weergave.hoofdstukken[1].kengetallen[0]
    assert kengetal.sleutel == "signalen-ontvangen" and kengetal.waarden == ["22", "< 5", "6"]
    for sleutel in ("signalen-per-sector", "signalen-per-bron", "signalen-uitkomst"):
        assert [c.tekst for c in _tabellen(weergave)[sleutel].totaal.cellen] == ["22", "< 5", "6"]
    assert _rijen(_tabellen(weergave)["signalen-per-kwartaal"])[K3.kort] == ["22"]


def test_the_worked_example_in_the_verantwoording(weergave):
    verantwoording = weergave.hoofdstukken[-1]
    (voorbeeld,) = verantwoording.tabellen
    assert [[c.tekst for c in rij.cellen] for rij in voorbeeld.rijen] == [["12", "12"], ["3", "< 5"], ["7", "•"]]
    assert [c.tekst for c in voorbeeld.totaal.cellen] == ["22", "22"]
    assert len(verantwoording.begrippen) >= 10 and verantwoording.alineas


def test_shares_only_over_five_and_only_for_shown_counts(wereld, weergave):
    v = verwacht(wereld, "district")["signalen"]
    ontvangen = v["ontvangen"]
    tabel = _tabellen(weergave)["signalen-uitkomst"]
    assert tabel.met_aandeel and tabel.aandeel_kop
    for rij, r in zip(tabel.rijen, v["uitkomst"], strict=True):
        for j in range(3):
            n = r["waarden"][j]
            toon = rij.cellen[j].soort is Soort.GETAL and ontvangen[j] >= 5
            assert rij.aandelen[j] == (_aandeel(n, ontvangen[j]) if toon else "–"), (rij.label, j)
    rijen = {rij.label: rij.aandelen for rij in tabel.rijen}
    # 7 of 22; 1 of 4 (too few received); 5 of 6, but hidden ("•") so that the "< 5" beside it cannot be worked out.
    assert rijen[presentatie._("Taken up in a case")] == ["32%", "–", "–"]
    assert rijen[presentatie._("Closed without follow-up")][0] == "–"  # 2 of 22: the count is hidden
    # Attendance: present as a share of expected, only where expected is 5 or more and present is shown.
    aanwezig = _tabellen(weergave)["overleggen-aanwezigheid"]
    with translation.override("nl"):
        politie, gemeente, nla = (str(dict(OrganisatieSoort.choices)[s]) for s in ("politie", "gemeente", "nla"))
    rijen = {rij.label: ([c.tekst for c in rij.cellen], rij.aandelen) for rij in aanwezig.rijen}
    assert rijen[politie] == (["6", "< 5", "< 5"], ["100%", "–", "–"])
    assert rijen[gemeente] == (["5", "0", "0"], ["71%", "–", "–"])  # 5 of 7; expected once, and never
    assert rijen[nla] == (["< 5", "0", "0"], ["–", "–", "–"])


def test_medians_with_a_decimal_comma_only_over_five(weergave):
    kengetallen = {k.sleutel: k for h in weergave.hoofdstukken for k in h.kengetallen}
    # 16 decisions (4,5 days), 3 (not shown), 5 (just enough).
    assert kengetallen["signalen-beslisduur"].waarden == ["4,5", "–", "6,0"]
    # The number of decisions is not a headline figure: received minus decided would give the hidden "no decision
    # yet" row of the outcome table away (6 received, 5 decided, "< 5" without a decision a year earlier).
    assert "signalen-besluiten" not in kengetallen
    assert "5" in kengetallen["signalen-beslisduur"].toelichting
    # Actions done: 7 in the quarter, none before, 1 a year earlier.
    assert kengetallen["acties-doorlooptijd"].waarden[1:] == ["–", "–"]
    assert kengetallen["acties-doorlooptijd"].waarden[0] not in ("–", "")
    assert "," in kengetallen["acties-doorlooptijd"].waarden[0]
    with translation.override("en"):
        engels = presentatie.opbouw(Rapport.objects.get())
    assert {k.sleutel: k for h in engels.hoofdstukken for k in h.kengetallen}["signalen-beslisduur"].waarden[0] == "4.5"


def test_headline_figures_follow_the_same_rule(wereld, weergave):
    v = verwacht(wereld, "district")
    kengetallen = {k.sleutel: k.waarden for h in weergave.hoofdstukken for k in h.kengetallen}

    def getoond(waarden):
        return ["< 5" if 1 <= w <= 4 else str(w) for w in waarden]

    assert kengetallen["casussen-geopend"] == getoond(v["casussen"]["geopend"])
    assert kengetallen["casussen-lopend"] == getoond(v["casussen"]["lopend"])
    assert kengetallen["casussen-comensha"] == getoond(v["casussen"]["comensha"])
    assert kengetallen["overleggen-gehouden"] == getoond(v["overleggen"]["gehouden"]) == ["6", "< 5", "< 5"]
    assert kengetallen["acties-afgesproken"] == getoond(v["acties"]["afgesproken"]) == ["8", "< 5", "< 5"]
    assert kengetallen["acties-verlopen"] == getoond(v["acties"]["verlopen"])


def test_charts_draw_only_the_numbers_their_table_shows(weergave):
    for hoofdstuk in weergave.hoofdstukken:
        for grafiek in hoofdstuk.grafieken:
            assert grafiek.tabel in hoofdstuk.tabellen and grafiek.tabel not in hoofdstuk.losse_tabellen
            assert [label for label, _w in grafiek.reeks] == [rij.label for rij in grafiek.tabel.rijen]
            for (_label, waarde), rij in zip(grafiek.reeks, grafiek.tabel.rijen, strict=True):
                cel = rij.cellen[0]
                assert waarde == (int(cel.tekst) if cel.soort is Soort.GETAL else None)
            assert grafiek.titel and presentatie._("The numbers are in the table beside the chart.") in grafiek.alt
    per_kwartaal = weergave.grafiek("signalen-per-kwartaal")
    assert [w for _l, w in per_kwartaal.reeks] == [6, None, 5, None, 22]
    assert [label for label, _w in per_kwartaal.reeks] == [Kwartaal(2025, 3).kort, Kwartaal(2025, 4).kort,
                                                          Kwartaal(2026, 1).kort, Kwartaal(2026, 2).kort, K3.kort]
    assert presentatie._("Where the table shows “< 5” or “•” there is no bar.") in per_kwartaal.alt


def test_report_details_and_the_counted_on_date(wereld):
    with translation.override("nl"):
        weergave = presentatie.opbouw(_rapport(wereld.district))
        assert weergave.werkgebied == "Testdistrict Twente"
        assert weergave.kwartaal == K3 and weergave.perioden == [K3, K3.vorige, K3.jaar_eerder]
        assert weergave.definitief and weergave.versie == 2 and weergave.status == capfirst(nl("final"))
        assert weergave.geteld_op == GETELD_OP and weergave.toelichting == TOELICHTING
        assert "3 oktober 2026 06:00" in weergave.inleiding
        assert "Testdistrict Twente" in weergave.inleiding and K3.label in weergave.inleiding
        concept = presentatie.opbouw(_rapport(wereld.district, RapportStatus.CONCEPT, toelichting="", versie=1))
        assert not concept.definitief and concept.status == capfirst(nl("draft")) == "Concept"
        assert concept.hoofdstukken[0].alineas == [] and concept.hoofdstukken[0].inleiding


def test_no_case_code_or_free_text_anywhere(wereld, weergave):
    tekst = json.dumps(dataclasses.asdict(weergave), default=str, ensure_ascii=False)
    for geheim in wereld.geheimen:
        assert geheim not in tekst
    assert "Jansen" not in tekst and "SIG-2090" not in tekst and "TT-2026" not in tekst


def test_an_empty_werkgebied_shows_zeros_and_no_shares_or_medians():
    leeg = Regio.objects.get(naam="Zeeland-West-Brabant")
    with translation.override("nl"):
        weergave = presentatie.opbouw(_rapport(leeg))
    kengetallen = {k.sleutel: k.waarden for h in weergave.hoofdstukken for k in h.kengetallen}
    assert kengetallen["signalen-ontvangen"] == ["0", "0", "0"]
    assert kengetallen["signalen-beslisduur"] == kengetallen["acties-doorlooptijd"] == ["–", "–", "–"]
    uitkomst = _tabellen(weergave)["signalen-uitkomst"]
    assert all(a == "–" for rij in uitkomst.rijen for a in rij.aandelen)
    assert _tabellen(weergave)["overleggen-aanwezigheid"].rijen == []
    assert all(w == 0 for _l, w in weergave.grafiek("signalen-per-kwartaal").reeks)


def test_a_report_without_figures_cannot_be_shown(wereld):
    rapport = Rapport.objects.create(district=wereld.district, jaar=2026, kwartaal=3, versie=1)
    with pytest.raises(ValueError):
        presentatie.opbouw(rapport)


def test_running_opened_and_closed_cases_cannot_reveal_a_hidden_one():
    """Running now = running before + opened − closed: with exactly one of the four hidden, it would follow by
    subtraction, so one more is hidden ("•")."""
    from rapportage.presentatie import _verband

    lopend, geopend, afgesloten = ["20", "18", "9"], ["5", "7", "6"], ["< 5", "6", "8"]
    _verband([(20, lopend, 0), (18, lopend, 1), (5, geopend, 0), (3, afgesloten, 0)])
    assert geopend[0] == "•" and lopend == ["20", "18", "9"]  # the smallest other non-zero: opened (5)
    # None hidden, or two hidden already: nothing changes.
    lopend, geopend, afgesloten = ["20", "18", "9"], ["7", "7", "6"], ["5", "6", "8"]
    _verband([(20, lopend, 0), (18, lopend, 1), (7, geopend, 0), (5, afgesloten, 0)])
    assert (lopend, geopend, afgesloten) == (["20", "18", "9"], ["7", "7", "6"], ["5", "6", "8"])
    cellen = [Cel("< 5", Soort.KLEIN), Cel("< 5", Soort.KLEIN)]
    rij = [Cel("6", Soort.GETAL)]
    _verband([(3, cellen, 0), (4, cellen, 1), (6, rij, 0), (5, [Cel("5", Soort.GETAL)], 0)])
    assert rij == [Cel("6", Soort.GETAL)]
    # Works on table cells too (the per-form tables).
    lopend_cellen = [Cel("12", Soort.GETAL), Cel("9", Soort.GETAL)]
    geopend_cellen, afgesloten_cellen = [Cel("< 5", Soort.KLEIN)], [Cel("0", Soort.GETAL)]
    _verband([(12, lopend_cellen, 0), (9, lopend_cellen, 1), (3, geopend_cellen, 0), (0, afgesloten_cellen, 0)])
    assert lopend_cellen == [Cel("12", Soort.GETAL), Cel("•", Soort.AANVULLEND)]  # 9 is the smallest non-zero
