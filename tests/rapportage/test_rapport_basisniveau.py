"""The quarterly report's chapters of issue 9: the latest basisniveau measurement of the werkgebied and the awareness
sessions (``cijfers.bereken`` keys "basisniveau" and "bewustwording", ``presentatie`` chapters of the same name, the
page and the PDF).

A known world, built with the ORM: a test district of 11 gemeenten (G0 … G10, by name) and the quarter Q3 2026
(last day 30 September 2026).

Measurements, the answers per gemeente in ``HUIDIG`` and ``VORIG`` below (J ja, N nee, O in ontwikkeling, X niet
beantwoord), the figures worked out by hand beside them:
- 30 September 2026 (the quarter's last day: it counts), closed, population G0 … G10; G10 answered nothing, so
  10 of 11 took part: 91%;
- 1 March 2025, the previous one (the trend), population G0 … G8 and a gemeente that no longer exists (no Gemeente
  row), all 10 took part: 100%;
- 1 June 2023, older still (the trend is not against it): G0 … G4, all ja;
- 1 October 2026, after the quarter: all nee, must not be used; and a measurement of the region Oost-Nederland on
  20 September 2026 (another werkgebied), all ja, must not be used either.

Awareness sessions (the twelve months up to 30 September 2026 start on 30 September 2025, both ends count):
G0 and G1 on 12 May 2026 (inside); G1 also on 10 January 2024; G2 on 30 September 2025 (the first day that counts);
G3 on 29 September 2025 (just outside); G4 and G0 on 1 October 2026 (after the quarter: not counted, and not G4's
"last session"); G5 on 1 March 2026 by the region Oost-Nederland (a session of another werkgebied that reached it
counts). Reached: G0, G1, G2, G5 = 4 of 11: 36%.

And the seed-002 measurement of Midden-Nederland (``rapportage.demo_basisniveau``) in a report of a quarter of 2022:
72%; 75, 60, 14, 25, 32, 25, 75.
"""
import re
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import OrganisatieSoort
from rapportage import cijfers, demo_basisniveau, pdf, presentatie
from rapportage.models import (
    BasisniveauItem,
    Bewustwordingsbijeenkomst,
    Meting,
    MetingAntwoord,
    MetingGemeente,
    Rapport,
    RapportStatus,
)
from rapportage.perioden import Kwartaal
from tafels.models import Gemeente, Regio
from tests.factories import DistrictFactory, OrganisatieFactory, UserFactory
from tests.i18n import nl

pytestmark = pytest.mark.django_db

K3 = Kwartaal(2026, 3)
GETELD_OP = datetime(2026, 10, 2, 7, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
ITEMS = BasisniveauItem.values
ANTWOORD = {"J": "ja", "N": "nee", "O": "in_ontwikkeling", "X": "niet_beantwoord"}

# Per item, one letter per gemeente G0 … G10.
HUIDIG = {
    "aandachtsfunctionaris": "JJJJJJJNNOX",  # 7 ja of 10 answered: 70%
    "beleid": "JJJJOONNXXX",                 # 4 of 8: 50%
    "aard_en_omvang": "JNNNXXXXXXX",         # 4 answered: not shown
    "vormen": "JJJJJNNNNNX",                 # 5 of 10: 50%
    "training": "JJNNNNNNNXX",               # 2 of 9: 22.2 -> 22%
    "gegevensuitwisseling": "JJJJJNNNXXX",   # 5 of 8: 62.5 -> 63% (half up)
    "partners": "JJJJJJJJJJX",               # 10 of 10: 100%
}
# G0 … G8 and the former gemeente (the tenth letter).
VORIG = {
    "aandachtsfunctionaris": "JJJJJJNNNN",   # 6 of 10: 60%  -> difference +10
    "beleid": "JJJJJNNNXX",                  # 5 of 8: 62.5 -> 63%  -> 50 - 63 = -13
    "aard_en_omvang": "JJNNNXXXXX",          # 2 of 5: 40%  -> now not shown: "–"
    "vormen": "JJNNXXXXXX",                  # 4 answered: not shown -> "–"
    "training": "JJNNNNNNNX",                # 2 of 9: 22%  -> 0
    "gegevensuitwisseling": "JJJNNNXXXX",    # 3 of 6: 50%  -> +13
    "partners": "JJJJJJJJNN",                # 8 of 10: 80%  -> +20
}
# By hand, in the items' order: (beantwoord, ja, aandeel) now and before, and the difference.
NU = [(10, 7, 70), (8, 4, 50), (4, 1, None), (10, 5, 50), (9, 2, 22), (8, 5, 63), (10, 10, 100)]
TOEN = [(10, 6, 60), (8, 5, 63), (5, 2, 40), (4, 2, None), (9, 2, 22), (6, 3, 50), (10, 8, 80)]
VERSCHIL = [10, -13, None, None, 0, 13, 20]
# The table row of each item as shown: share, answers, previous share, difference (a minus sign, not a hyphen).
RIJEN = [["70%", "10", "60%", "+10"], ["50%", "8", "63%", "\u221213"], ["–", "4", "40%", "–"],
         ["50%", "10", "–", "–"], ["22%", "9", "22%", "0"], ["63%", "8", "50%", "+13"], ["100%", "10", "80%", "+20"]]


def _meting(datum, populatie, antwoorden, *, district=None, regio=None, open_=False):
    """A measurement with its population [(Gemeente or None, cbs_code, naam)] and per item one letter per gemeente."""
    meting = Meting.objects.create(district=district, regio=regio, datum=datum, open=open_)
    for i, (gemeente, cbs_code, naam) in enumerate(populatie):
        mg = MetingGemeente.objects.create(meting=meting, gemeente=gemeente, cbs_code=cbs_code, naam=naam)
        MetingAntwoord.objects.bulk_create([
            MetingAntwoord(meting_gemeente=mg, item=item, antwoord=ANTWOORD[antwoorden[item][i]]) for item in ITEMS])
    return meting


@pytest.fixture
def wereld():
    oost = Regio.objects.get(naam="Oost-Nederland")
    gemeenten = list(Gemeente.objects.filter(regio=oost).order_by("naam", "cbs_code")[:11])
    district = DistrictFactory(naam="Testdistrict Basis", code="TB", regio=oost, gemeenten=gemeenten)
    populatie = [(g, g.cbs_code, g.naam) for g in gemeenten]
    w = {"district": district, "regio": oost, "g": gemeenten}
    w["oud"] = _meting(date(2023, 6, 1), populatie[:5], {item: "JJJJJ" for item in ITEMS}, district=district)
    w["vorig"] = _meting(date(2025, 3, 1), [*populatie[:9], (None, "GM9901", "Voormalig Testdorp")], VORIG,
                         district=district)
    w["huidig"] = _meting(date(2026, 9, 30), populatie, HUIDIG, district=district)
    w["erna"] = _meting(date(2026, 10, 1), populatie, {item: "N" * 11 for item in ITEMS}, district=district,
                        open_=True)
    w["regio_meting"] = _meting(date(2026, 9, 20), populatie, {item: "J" * 11 for item in ITEMS}, regio=oost)

    riec = OrganisatieFactory(naam="RIEC Testregio", soort=OrganisatieSoort.RIEC)
    door = UserFactory()
    g = gemeenten

    def sessie(datum, bereikt, **werkgebied):
        b = Bewustwordingsbijeenkomst.objects.create(
            **(werkgebied or {"district": district}), datum=datum, organisator=riec, afdelingen=["publieksbalie"],
            deelnemers=12, aangemaakt_door=door)
        b.gemeenten.set(bereikt)

    sessie(date(2026, 5, 12), [g[0], g[1]])
    sessie(date(2024, 1, 10), [g[1]])
    sessie(date(2025, 9, 30), [g[2]])
    sessie(date(2025, 9, 29), [g[3]])
    sessie(date(2026, 10, 1), [g[4], g[0]])
    sessie(date(2026, 3, 1), [g[5]], regio=oost)
    # By hand: per gemeente its last session up to 30 September 2026 and whether it counts.
    w["laatste"] = [date(2026, 5, 12), date(2026, 5, 12), date(2025, 9, 30), date(2025, 9, 29), None,
                    date(2026, 3, 1), None, None, None, None, None]
    w["bereikt"] = [True, True, True, False, False, True, False, False, False, False, False]
    return w


def _rapport(werkgebied, kwartaal=K3, gegevens=None):
    plek = {"regio": werkgebied} if isinstance(werkgebied, Regio) else {"district": werkgebied}
    return Rapport.objects.create(**plek, jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal, versie=1,
                                  status=RapportStatus.CONCEPT, geteld_op=GETELD_OP,
                                  gegevens=gegevens if gegevens is not None else cijfers.bereken(werkgebied, kwartaal))


def _weergave(rapport):
    with translation.override("nl"):
        return presentatie.opbouw(rapport)


def _hoofdstuk(weergave, sleutel):
    return next(h for h in weergave.hoofdstukken if h.sleutel == sleutel)


def _pdf_tekst(data, tmp_path, modus="-raw"):
    bestand = tmp_path / "rapport.pdf"
    bestand.write_bytes(data)
    return subprocess.run(["pdftotext", modus, str(bestand), "-"], capture_output=True, check=True).stdout.decode()


def _plat(tekst):
    """All whitespace (line breaks of a wrapped table row too) as single spaces."""
    return " ".join(tekst.split())


def _stuk(tekst, van, tot):
    """The text of one chapter: from its numbered title ("6 Bestuurlijk basisniveau", the second time: the first is
    in the contents) up to the next chapter's."""
    koppen = [m.start() for m in re.finditer(rf"\b\d+ {re.escape(van)}\b", tekst)]
    assert len(koppen) == 2, (van, koppen)
    volgende = [m.start() for m in re.finditer(rf"\b\d+ {re.escape(tot)}\b", tekst) if m.start() > koppen[1]]
    assert volgende, tot
    return tekst[koppen[1]:volgende[0]]


# --- the figures -------------------------------------------------------------------------------------------------


def test_bereken_takes_the_latest_measurement_up_to_the_quarters_last_day_with_its_trend(wereld):
    gegevens = cijfers.bereken(wereld["district"], K3)
    assert gegevens["basisniveau"] == {
        "meting": wereld["huidig"].pk, "datum": "2026-09-30", "open": False,
        "populatie": 11, "deelgenomen": 10, "respons": 91,  # 10 of 11: 90.9
        "items": [{"sleutel": item, "beantwoord": n, "ja": ja, "aandeel": aandeel, "vorig_aandeel": toen[2],
                   "verschil": verschil}
                  for item, (n, ja, aandeel), toen, verschil in zip(ITEMS, NU, TOEN, VERSCHIL, strict=True)],
        "vorige": {
            "meting": wereld["vorig"].pk, "datum": "2025-03-01", "populatie": 10, "deelgenomen": 10, "respons": 100,
            "items": [{"sleutel": item, "beantwoord": n, "ja": ja, "aandeel": aandeel}
                      for item, (n, ja, aandeel) in zip(ITEMS, TOEN, strict=True)],
        },
    }
    # The answer table above says the same (counted here from the letters, not by the code).
    for item, (n, ja, _a) in zip(ITEMS, NU, strict=True):
        assert (sum(a in "JNO" for a in HUIDIG[item]), HUIDIG[item].count("J")) == (n, ja)
    for item, (n, ja, _a) in zip(ITEMS, TOEN, strict=True):
        assert (sum(a in "JNO" for a in VORIG[item]), VORIG[item].count("J")) == (n, ja)

    g = wereld["g"]
    assert gegevens["bewustwording"] == {
        "peildatum": "2026-09-30", "vanaf": "2025-09-30",
        "gemeenten": [{"naam": gemeente.naam, "cbs_code": gemeente.cbs_code,
                       "laatste_bijeenkomst": laatste.isoformat() if laatste else None, "bereikt": bereikt}
                      for gemeente, laatste, bereikt in zip(g, wereld["laatste"], wereld["bereikt"], strict=True)],
        "bereikt": 4, "populatie": 11, "percentage": 36,  # 4 of 11: 36.4
    }


def test_an_earlier_quarter_gets_the_measurement_of_its_time_and_before_any_there_is_none(wereld):
    vorig_kwartaal = cijfers.bereken(wereld["district"], Kwartaal(2026, 2))["basisniveau"]
    assert (vorig_kwartaal["meting"], vorig_kwartaal["datum"]) == (wereld["vorig"].pk, "2025-03-01")
    # Its trend is against the measurement before it: all ja in 2023 (100%), 60% in 2025.
    assert vorig_kwartaal["vorige"]["datum"] == "2023-06-01"
    assert vorig_kwartaal["items"][0]["verschil"] == 60 - 100
    assert cijfers.bereken(wereld["district"], Kwartaal(2023, 1))["basisniveau"] is None
    # The region's report has the region's own measurement, not the district's.
    assert cijfers.bereken(wereld["regio"], K3)["basisniveau"]["meting"] == wereld["regio_meting"].pk


# --- the chapters as shown ------------------------------------------------------------------------------------


def test_the_chapters_come_after_the_actions_with_the_shares_as_shown(wereld):
    weergave = _weergave(_rapport(wereld["district"]))
    assert [h.sleutel for h in weergave.hoofdstukken] == [
        "toelichting", "signalen", "casussen", "zorg", "overleggen", "acties", "barrieres", "basisniveau",
        "bewustwording", "landelijk", "verantwoording"]

    hoofdstuk = _hoofdstuk(weergave, "basisniveau")
    assert hoofdstuk.titel == nl("Administrative basic level")
    assert "30 september 2026" in hoofdstuk.inleiding and "91%" in hoofdstuk.inleiding
    assert re.search(r"\(10 \w+ 11\)", hoofdstuk.inleiding), hoofdstuk.inleiding
    [tabel] = hoofdstuk.tabellen
    assert tabel.kolommen == [nl("Answered yes"), nl("Answers"),
                              nl("Previous measurement (%(datum)s)") % {"datum": "maart 2025"}, nl("Difference")]
    with translation.override("nl"):
        labels = [str(BasisniveauItem(item).label) for item in ITEMS]
    assert {rij.label: [c.tekst for c in rij.cellen] for rij in tabel.rijen} == dict(zip(labels, RIJEN, strict=True))
    assert [rij.label for rij in tabel.rijen] == labels

    hoofdstuk = _hoofdstuk(weergave, "bewustwording")
    assert hoofdstuk.titel == nl("Awareness sessions")
    assert "30 september 2026" in hoofdstuk.inleiding and "(36%)" in hoofdstuk.inleiding
    assert re.search(r"\b4 \w+ de 11\b|\b4 of the 11\b", hoofdstuk.inleiding), hoofdstuk.inleiding
    [tabel] = hoofdstuk.tabellen
    assert tabel.kolommen == [nl("Last session"), nl("In the last 12 months")]
    datum = {None: nl("none"), **{d: f"{d.day}-{d.month}-{d.year}" for d in wereld["laatste"] if d}}
    assert [(rij.label, [c.tekst for c in rij.cellen]) for rij in tabel.rijen] == [
        (gemeente.naam, [datum[laatste], nl("yes") if bereikt else nl("no")])
        for gemeente, laatste, bereikt in zip(wereld["g"], wereld["laatste"], wereld["bereikt"], strict=True)]
    # The gemeenten without a session are named once more, highlighted in a paragraph of their own.
    [alinea] = hoofdstuk.alineas
    for gemeente, bereikt in zip(wereld["g"], wereld["bereikt"], strict=True):
        assert (gemeente.naam in alinea) is not bereikt, gemeente.naam
    assert "(7)" in alinea
    # The verantwoording explains both.
    begrippen = dict(_hoofdstuk(weergave, "verantwoording").begrippen)
    assert nl("Administrative basic level") in begrippen and nl("Awareness sessions") in begrippen


def test_without_a_measurement_the_chapter_says_so(wereld):
    weergave = _weergave(_rapport(wereld["district"], Kwartaal(2023, 1)))
    hoofdstuk = _hoofdstuk(weergave, "basisniveau")
    assert hoofdstuk.tabellen == [] and hoofdstuk.inleiding == nl(
        "There is no measurement of the administrative basic level of the werkgebied on or before the end of the "
        "quarter yet.")
    # No session up to 31 March 2023 (the first is of January 2024): none reached, every row "none", "no", and no
    # separate list of all eleven.
    bewustwording = _hoofdstuk(weergave, "bewustwording")
    assert bewustwording.alineas == []
    assert {c.tekst for rij in bewustwording.tabellen[0].rijen for c in rij.cellen} == {nl("none"), nl("no")}


def test_a_report_counted_before_issue_9_has_neither_chapter(wereld, pdftotext, tmp_path):
    gegevens = cijfers.bereken(wereld["district"], K3)
    del gegevens["basisniveau"], gegevens["bewustwording"]
    rapport = _rapport(wereld["district"], gegevens=gegevens)
    weergave = _weergave(rapport)
    assert [h.sleutel for h in weergave.hoofdstukken] == [
        "toelichting", "signalen", "casussen", "zorg", "overleggen", "acties", "barrieres", "landelijk",
        "verantwoording"]
    begrippen = dict(_hoofdstuk(weergave, "verantwoording").begrippen)
    assert nl("Administrative basic level") not in begrippen and nl("Awareness sessions") not in begrippen
    tekst = _plat(_pdf_tekst(pdf.render(rapport), tmp_path))
    assert "Bestuurlijk basisniveau" not in tekst and "Bewustwordingsbijeenkomsten" not in tekst
    assert nl("Explanation by the ketenregisseur") in tekst  # the rest is there


# --- the PDF -------------------------------------------------------------------------------------------------------


def test_the_pdf_has_both_chapters_in_dutch(wereld, opslag, pdftotext, tmp_path):
    rapport = _rapport(wereld["district"])
    assert pdf.maak(rapport) is True
    tekst = _plat(subprocess.run(["pdftotext", "-raw", str(pdf.pad(rapport)), "-"], capture_output=True,
                                 check=True).stdout.decode())
    verantwoording = nl("How the figures are counted")

    # The contents: after the explanation and the actions, before how the figures are counted, numbered as the report
    # orders its chapters (issue 21 added chapters before them).
    sleutels = [h.sleutel for h in _weergave(rapport).hoofdstukken]
    nummer = {sleutel: i + 1 for i, sleutel in enumerate(sleutels)}
    assert nummer["acties"] < nummer["basisniveau"] < nummer["bewustwording"] < nummer["verantwoording"]
    inhoud = tekst[tekst.index(nl("Contents")):tekst.index(verantwoording)]
    assert f"{nummer['basisniveau']} Bestuurlijk basisniveau" in inhoud, inhoud
    assert f"{nummer['bewustwording']} Bewustwordingsbijeenkomsten" in inhoud, inhoud

    basis = _stuk(tekst, "Bestuurlijk basisniveau", "Bewustwordingsbijeenkomsten")
    # The response line, in Dutch (seed 002: "op basis van 72% van de gemeenten").
    assert "van 30 september 2026, op basis van 91% van de gemeenten (10 van 11)" in basis, basis
    assert "Bestuurlijk basisniveau per item" in basis
    with translation.override("nl"):
        labels = [str(BasisniveauItem(item).label) for item in ITEMS]
    assert "Ja geantwoord Antwoorden Vorige meting (maart 2025) Verschil" in basis, basis
    for label, rij in zip(labels, RIJEN, strict=True):
        assert f"{label} {' '.join(rij)}" in basis, (label, basis)
    # Nothing of the measurement after the quarter or of the region's.
    assert "1 oktober 2026" not in basis and "20 september 2026" not in basis

    sessies = _stuk(tekst, "Bewustwordingsbijeenkomsten", verantwoording)
    assert "tot en met 30 september 2026" in sessies and "4 van de 11 gemeenten" in sessies and "(36%)" in sessies
    g = wereld["g"]
    for gemeente, regel in ((g[0], "12-5-2026 ja"), (g[1], "12-5-2026 ja"), (g[2], "30-9-2025 ja"),
                            (g[3], "29-9-2025 nee"), (g[4], "geen nee"), (g[5], "1-3-2026 ja"), (g[10], "geen nee")):
        assert f"{gemeente.naam} {regel}" in sessies, (gemeente.naam, regel, sessies)
    assert "1-10-2026" not in sessies  # the session after the quarter
    assert "Zonder bijeenkomst in de afgelopen 12 maanden (7):" in sessies

    # The verantwoording defines both.
    assert "Bestuurlijk basisniveau De laatste meting op of vóór de laatste dag van het kwartaal." in tekst


# --- the seed-002 measurement -----------------------------------------------------------------------------------


SEED_002 = ["75%", "60%", "14%", "25%", "32%", "25%", "75%"]


@pytest.fixture
def midden(demo):
    demo_basisniveau.seed(demo)
    return Regio.objects.get(naam="Midden-Nederland")


def test_seed_002_in_a_midden_nederland_report_of_2022(midden, demo, client, pdftotext, tmp_path):
    rapport = _rapport(midden, Kwartaal(2022, 1))
    assert rapport.gegevens["basisniveau"]["datum"] == "2022-02-15"
    assert rapport.gegevens["basisniveau"]["populatie"] == 39  # Weesp included
    weergave = _weergave(rapport)
    hoofdstuk = _hoofdstuk(weergave, "basisniveau")
    assert "72%" in hoofdstuk.inleiding and "15 februari 2022" in hoofdstuk.inleiding
    assert re.search(r"\(28 \w+ 39\)", hoofdstuk.inleiding)
    [tabel] = hoofdstuk.tabellen
    # No earlier measurement: no trend columns.
    assert tabel.kolommen == [nl("Answered yes"), nl("Answers")]
    assert [[c.tekst for c in rij.cellen] for rij in tabel.rijen] == [
        [aandeel, str(n)] for aandeel, n in zip(SEED_002, (28, 25, 28, 28, 28, 28, 28), strict=True)]

    tekst = _plat(_pdf_tekst(pdf.render(rapport), tmp_path))
    basis = _stuk(tekst, "Bestuurlijk basisniveau", "Bewustwordingsbijeenkomsten")
    assert "op basis van 72% van de gemeenten (28 van 39)" in basis, basis
    with translation.override("nl"):
        labels = [str(BasisniveauItem(item).label) for item in ITEMS]
    for label, aandeel, n in zip(labels, SEED_002, (28, 25, 28, 28, 28, 28, 28), strict=True):
        assert f"{label} {aandeel} {n}" in basis, (label, basis)

    # The page shows the same chapter to the Midden-Nederland ketenregisseur.
    client.force_login(demo["regisseur@midden-nederland.example"])
    html = client.get(reverse("rapportage:rapport", args=[rapport.pk])).content.decode()
    pagina = html[html.index('id="basisniveau"'):html.index('id="bewustwording"')]
    assert "72%" in pagina and "Bestuurlijk basisniveau" in pagina
    # (each cell names its headings since issue 18: ``headers="…"`` after the class)
    cellen = re.findall(r'<td class="utrecht-table__cell utrecht-table__cell--numeric"[^>]*>([^<]*)</td>', pagina)
    assert cellen == [w for aandeel, n in zip(SEED_002, (28, 25, 28, 28, 28, 28, 28), strict=True)
                      for w in (aandeel, str(n))]
    assert 'id="bewustwording"' in html


def test_the_later_midden_nederland_measurement_has_the_trend_against_2022(midden):
    weergave = _weergave(_rapport(midden, Kwartaal(2026, 4)))
    [tabel] = _hoofdstuk(weergave, "basisniveau").tabellen
    assert tabel.kolommen[2] == nl("Previous measurement (%(datum)s)") % {"datum": "februari 2022"}
    # 2026: 19 of 22 = 86%, 2022: 75% -> +11 (and every item went up).
    assert [c.tekst for c in tabel.rijen[0].cellen] == ["86%", "22", "75%", "+11"]
    assert [rij.cellen[2].tekst for rij in tabel.rijen] == SEED_002
    assert all(rij.cellen[3].tekst.startswith("+") for rij in tabel.rijen)
