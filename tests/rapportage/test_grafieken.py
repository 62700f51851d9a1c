"""The report's charts (``grafieken.svg``): pygal bar charts as static, accessible, deterministic SVG documents that
draw no bar for a hidden count. No database needed."""
import re
from xml.etree import ElementTree as ET

import pytest

from rapportage import grafieken
from rapportage.presentatie import Grafiek, Rij, TabelWeergave
from rapportage.suppressie import Cel, Soort
from tests.i18n import nl

SVG = "{http://www.w3.org/2000/svg}"


def _tabel(reeks):
    return TabelWeergave(
        sleutel="t", titel="Tabel", rijkop="Label", kolommen=["Aantal"],
        rijen=[Rij(label, [Cel(str(w), Soort.GETAL) if w is not None else Cel("< 5", Soort.KLEIN)])
               for label, w in reeks],
    )


def grafiek(sleutel="signalen-per-vorm", reeks=None, liggend=False, **velden):
    reeks = reeks if reeks is not None else [
        ("Arbeidsuitbuiting (uitbuiting buiten de seksindustrie)", 14), ("Seksuele uitbuiting", 12),
        ("Criminele uitbuiting", None), ("Overige", 0)]
    velden.setdefault("titel", "Signalen per vorm van uitbuiting, 3e kwartaal 2026")
    velden.setdefault("alt", "Liggend staafdiagram van het aantal signalen per vorm. De cijfers staan in de tabel.")
    return Grafiek(sleutel=sleutel, tabel=_tabel(reeks), reeks=reeks, liggend=liggend, as_titel="signalen", **velden)


def boom(data):
    return ET.fromstring(data)


def balken(root):
    """The drawn bars: pygal's rects in the bars group (the background rects are not in it)."""
    return [r for g in root.iter(f"{SVG}g") if g.get("class") == "bars" for r in g.iter(f"{SVG}rect")]


def waardelabels(root):
    return [t for t in root.iter(f"{SVG}text") if "value" in t.get("class", "").split()]


@pytest.mark.parametrize("liggend", [False, True])
def test_same_chart_same_bytes(liggend):
    eerste = grafieken.svg(grafiek(liggend=liggend))
    assert eerste == grafieken.svg(grafiek(liggend=liggend))
    assert eerste.startswith(b"<?xml") and b"<svg" in eerste
    # Another chart gets another id (pygal prefixes all its CSS with it).
    ander = grafieken.svg(grafiek(sleutel="acties-per-soort", liggend=liggend))
    assert boom(eerste).get("id") != boom(ander).get("id")
    assert boom(eerste).get("id") == f"chart-{grafieken._id(grafiek())}"


def test_no_javascript_no_external_references_no_date():
    data = grafieken.svg(grafiek())
    tekst = data.decode()
    assert b"<script" not in data and "javascript" not in tekst.lower()
    assert not re.search(r"\bon[a-z]+=", tekst)  # no event handlers
    assert "xlink:href" not in tekst and "href=" not in tekst
    assert "<!--" not in tekst  # pygal's comment carries today's date
    assert "tooltip-overlay" not in tekst
    assert "style=" not in tekst  # no inline style attributes: the style is in the SVG's own <style>
    # Only the SVG namespace: no http(s) URL otherwise.
    assert set(re.findall(r"https?://[^\s\"'<>)]+", tekst)) <= {"http://www.w3.org/2000/svg",
                                                                 "http://www.w3.org/1999/xlink"}


def test_title_and_description_name_the_chart():
    g = grafiek()
    root = boom(grafieken.svg(g))
    kinderen = list(root)
    assert kinderen[0].tag == f"{SVG}title" and kinderen[0].text == g.titel
    assert kinderen[1].tag == f"{SVG}desc" and kinderen[1].text == g.alt
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == kinderen[0].get("id")
    assert root.get("aria-describedby") == kinderen[1].get("id")
    # One title only (pygal's axis titles with raw numbers are gone), and no tooltip <desc>s.
    assert len(list(root.iter(f"{SVG}title"))) == 1
    assert len(list(root.iter(f"{SVG}desc"))) == 1


@pytest.mark.parametrize("liggend", [False, True])
def test_a_hidden_count_draws_no_bar_and_says_not_shown(liggend):
    root = boom(grafieken.svg(grafiek(liggend=liggend)))
    # 14, 12 and 0 are bars (0 has no length); the hidden one has none at all.
    assert len(balken(root)) == 3
    hoogtes = sorted(float(r.get("width" if liggend else "height") or 0) for r in balken(root))
    assert hoogtes[0] == 0 and hoogtes[1] > 0
    labels = [t.text for t in waardelabels(root)]
    assert sorted(labels) == sorted(["14", "12", nl("not shown"), "0"])
    verborgen = [t for t in waardelabels(root) if t.text == nl("not shown")]
    assert verborgen[0].get("class") == "value verborgen"


def test_values_are_printed_on_the_bars_in_dutch_notation():
    root = boom(grafieken.svg(grafiek(reeks=[("Strafrechtelijk", 3000), ("Bestuurlijk", 1234)], liggend=True)))
    assert sorted(t.text for t in waardelabels(root)) == ["1.234", "3.000"]


def test_horizontal_chart_reads_top_down_and_wraps_long_labels():
    root = boom(grafieken.svg(grafiek(liggend=True)))
    assert "horizontal" in (root.find(f".//{SVG}g[@class='graph horizontalbar-graph horizontal']").get("class"))
    as_y = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "axis y")
    teksten = list(as_y.iter(f"{SVG}text"))
    inhoud = ["".join(t.itertext()) for t in teksten]
    # pygal draws the first label at the bottom; the table order is top-down: given reversed.
    assert inhoud[-1].replace(" ", "") == "Arbeidsuitbuiting(uitbuitingbuitendeseksindustrie)"
    assert inhoud[0] == "Overige"
    lang = teksten[-1]
    regels = list(lang.iter(f"{SVG}tspan"))
    assert len(regels) >= 2 and all(len(r.text) <= grafieken.LABEL_BREEDTE for r in regels)
    # The value labels sit beside the end of the bar, not across it.
    assert all(t.get("text-anchor") == "start" for t in waardelabels(root))


def test_quarter_series_marks_the_reports_quarter():
    reeks = [("K3 '25", 31), ("K4 '25", 28), ("K1 '26", None), ("K2 '26", 40), ("K3 '26", 37)]
    data = grafieken.svg(grafiek(sleutel=grafieken.KWARTAALREEKS, reeks=reeks))
    root = boom(data)
    assert len(balken(root)) == 4
    # Earlier quarters in the lighter blue, the report's quarter (the last bar) in the site's dark blue.
    assert [r.get("class") for r in balken(root)] == ["rect eerder"] * 3 + ["rect reactive tooltip-trigger"]
    assert re.search(rf"rect\.eerder\{{fill:{grafieken.GRIJSBLAUW}", data.decode())
    assert grafieken.DONKERBLAUW.encode() in data
    # The value axis counts in whole numbers up to a round number above the highest bar.
    as_waarden = [t.text for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("axis y")
                  for t in g.iter(f"{SVG}text")]
    assert as_waarden == ["0", "10", "20", "30", "40", "50"]


def test_fonts_and_colours_are_the_sites():
    data = grafieken.svg(grafiek()).decode()
    assert '"Noto Sans"' in data
    assert grafieken.DONKERBLAUW in data
    assert "monospace" not in data  # pygal's default font is gone


def test_an_empty_or_all_hidden_chart_still_renders():
    for reeks in ([], [("A", None), ("B", 0)]):
        root = boom(grafieken.svg(grafiek(reeks=reeks)))
        assert all(float(r.get("height") or 0) == 0 for r in balken(root))


def test_lazy_labels_are_fine():
    from django.utils.translation import gettext_lazy

    g = grafiek(reeks=[(gettext_lazy("Total"), 5)], titel=gettext_lazy("Signals"))
    assert b"<title" in grafieken.svg(g)
