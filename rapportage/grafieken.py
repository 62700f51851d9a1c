"""The report's charts as SVG documents, drawn by pygal: ``svg(grafiek) -> bytes``.

One chart is one ``presentatie.Grafiek``: a single series of bars (label, value), horizontal when its labels are
long (``liggend``). A value of None is a count the table hides ("< 5" or "•"): no bar is drawn there, only a grey
"not shown" where the bar would start, so the chart never tells more than its table.

The same bytes go to the page (``<img src=".../grafiek/<sleutel>.svg">``) and into the PDF (as a ``data:`` URL of
an ``<img>``): no JavaScript (pygal's tooltip script and its configuration dump are removed), no external
references, the style in the SVG's own ``<style>``, Noto Sans like the rest of the report. The output is
deterministic (same chart, same bytes): pygal's random chart id is replaced by one derived from the chart's key,
and its generator comment (which carries today's date) is dropped. The SVG names itself for assistive technology:
``<title>`` (the chart's title) and ``<desc>`` (its text alternative), referenced from the root with
``role="img"`` and ``aria-labelledby``.
"""
from __future__ import annotations

import hashlib
import math
import re
import textwrap
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

# The site's colours (static/css: the accent #00568b, its darker hover #00466f, the grey text #3d3d3d/#545454).
DONKERBLAUW = "#00568b"
GRIJSBLAUW = "#6d8fae"  # earlier quarters in the quarter series: 3.4:1 against white (non-text contrast >= 3:1)
TEKST = "#1b1b1b"
TEKST_ZACHT = "#545454"
LIJN = "#c9d6e2"
LETTER = '"Noto Sans", sans-serif'

BREEDTE = 720  # user units; the page and the PDF scale the chart to their column
STAAND_HOOGTE = 340
BALK_HOOGTE = 34  # per bar of a horizontal chart (at least: a label of several lines gets more)
REGEL = 17  # line height of a label that wraps
LABEL_BREEDTE = 28  # characters per line of a horizontal chart's label (longer ones wrap)
LIGGEND_RAND = 70  # axis and margins of a horizontal chart
AS_TITEL = 30  # the value axis' title under a horizontal chart
LABEL = 14  # font sizes in user units: 720 units on 160 mm of A4 makes 14 about 9 pt
WAARDE = 14
WAARDE_AFSTAND = 6  # between the end of a horizontal bar and its value

# The chart whose last bar is the report's own quarter (the earlier quarters are drawn lighter).
KWARTAALREEKS = "signalen-per-kwartaal"



def _id(grafiek):
    """A stable id for the chart (pygal prefixes every CSS rule with it): its key, plus a short hash of it so two
    charts on one page never share an id even if a key had odd characters."""
    slug = re.sub(r"[^a-z0-9-]", "-", grafiek.sleutel.lower()) or "grafiek"
    return f"{slug}-{hashlib.sha256(grafiek.sleutel.encode()).hexdigest()[:8]}"


def _stap(maximum):
    """A round step for the value axis (1, 2, 5, 10, 20, 50, ...) giving about five gridlines."""
    if maximum <= 5:
        return 1
    ruw = maximum / 5
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 5, 10):
        if ruw <= factor * macht:
            return int(factor * macht)
    return int(10 * macht)


def _as(waarden):
    """Whole-number gridlines from 0 up to a round number at or above the largest value."""
    hoogste = max([w for w in waarden if w is not None] or [0])
    if hoogste == 0:  # nothing to draw (all 0 or hidden): an axis of 0 to 5 rather than 0 to 1
        return list(range(6))
    stap = _stap(hoogste)
    top = max(stap * math.ceil(hoogste / stap), stap)
    if top == hoogste:  # room above the highest bar for its value label
        top += stap
    return list(range(0, top + 1, stap))


def _getal(waarde):
    """A count as Dutch text: 1.234 (a dot groups thousands)."""
    return f"{int(waarde):,}".replace(",", ".")


def _stijl():
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground=TEKST_ZACHT,
        foreground_strong=TEKST,
        foreground_subtle=LIJN,
        font_family=LETTER,
        label_font_size=LABEL,
        major_label_font_size=LABEL,
        value_font_size=WAARDE,
        value_label_font_size=WAARDE,
        title_font_size=16,
        legend_font_size=LABEL,
        no_data_font_size=LABEL,
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
        guide_stroke_color=LIJN,
        major_guide_stroke_color=LIJN,
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_width="0",
        stroke_width_hover="0",
        transition="0s",
        colors=(DONKERBLAUW,),
    )


def _extra_css(chart_id):
    p = f"#chart-{chart_id}"
    return (
        f"inline:{p} text.value{{font-weight:700;}}"
        f"{p} text.value.verborgen{{font-weight:400;font-style:italic;fill:{TEKST_ZACHT};}}"
        f"{p} .axis .guides text{{fill:{TEKST};}}"
        f"{p} .axis.x .guides text,{p} .horizontal .axis.y .guides text{{fill:{TEKST};}}"
        f"{p} .axis .line{{stroke:{TEKST_ZACHT};}}"
        f"{p} .bars rect.eerder{{fill:{GRIJSBLAUW};}}"
    )


def _regels(label):
    """A horizontal chart's label over lines of at most ``LABEL_BREEDTE`` characters (pygal writes one line)."""
    return textwrap.wrap(label, LABEL_BREEDTE, break_long_words=False) or [label]


def _opschonen(grafiek, chart_id, verborgen_tekst, liggend=False, label_regels=None):
    """pygal's SVG made static and accessible (an ``xml_filters`` entry: gets and returns the root element)."""

    def filter_(root):
        def naam(element):
            """The local tag name ("" for a comment): pygal builds plain names with xmlns as an attribute."""
            return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""

        def weg(ouder, kind):
            ouder.remove(kind)

        # Comments (pygal's carries today's date), scripts (its tooltip code and config) and the tooltip layer.
        for ouder in list(root.iter()):
            for kind in list(ouder):
                tag = naam(kind)
                klasse = kind.get("class", "") if tag else ""
                if not tag or tag == "script" or "tooltip-overlay" in klasse:
                    weg(ouder, kind)
                # The tooltip data of each bar (<desc>) and the axis' numeric <title>s mean nothing to a reader.
                elif tag == "desc" or (tag == "title" and ouder is not root):
                    weg(ouder, kind)
                elif tag == "rect" and "verborgen" in klasse.split():
                    weg(ouder, kind)  # a hidden count: no bar at all
        if label_regels:
            _label_regels(root, naam, label_regels)
        for tekst in root.iter():
            if naam(tekst) != "text" or "value" not in tekst.get("class", "").split():
                continue
            if tekst.text == verborgen_tekst:
                tekst.set("class", "value verborgen")
            if liggend:
                # pygal centres a value on the end of its bar; beside the end reads better.
                tekst.set("text-anchor", "start")
                tekst.set("x", f"{float(tekst.get('x', 0)) + WAARDE_AFSTAND:g}")
        # <title> and <desc> first, named by the root.
        for kind in [k for k in root if naam(k) == "title"]:
            root.remove(kind)
        titel = ET.Element("title", {"id": f"{chart_id}-titel"})
        titel.text = str(grafiek.titel)
        desc = ET.Element("desc", {"id": f"{chart_id}-desc"})
        desc.text = str(grafiek.alt)
        root.insert(0, desc)
        root.insert(0, titel)
        root.set("role", "img")
        root.set("aria-labelledby", f"{chart_id}-titel")
        root.set("aria-describedby", f"{chart_id}-desc")
        root.set("lang", "nl")
        return root

    return filter_


def _label_regels(root, naam, label_regels):
    """Write each label of a horizontal chart's label axis (pygal's "y" axis there) as its lines (``<tspan>``s),
    centred on the bar. pygal was given the longest line of each, so its margin fits the wrapped label."""
    as_y = next((g for g in root.iter() if naam(g) == "g" and g.get("class", "").split() == ["axis", "y"]), None)
    if as_y is None:
        return
    teksten = [t for t in as_y.iter() if naam(t) == "text"]
    for tekst, regels in zip(teksten, label_regels, strict=False):
        if len(regels) < 2:
            continue
        x, y = tekst.get("x"), float(tekst.get("y"))
        tekst.text = None
        eerste = y - (len(regels) - 1) * REGEL / 2
        for i, regel in enumerate(regels):
            tspan = ET.SubElement(tekst, "tspan", {"x": x, "y": f"{eerste + i * REGEL:g}"})
            tspan.text = regel


def svg(grafiek) -> bytes:
    """The chart as a standalone SVG document (UTF-8 bytes)."""
    import pygal
    from pygal.etree import etree

    # pygal builds its tree with lxml when that is installed (pikepdf brings it); the clean-up filter above and the
    # byte-for-byte determinism are those of the standard library's ElementTree.
    etree.to_etree()
    chart_id = _id(grafiek)
    labels = [str(label) for label, _waarde in grafiek.reeks]  # labels may be lazy translations (choices)
    waarden = [waarde for _label, waarde in grafiek.reeks]
    verborgen_tekst = _("not shown")
    kwartaalreeks = grafiek.sleutel == KWARTAALREEKS

    punten = []
    for index, waarde in enumerate(waarden):
        if waarde is None:
            # Drawn as 0 so pygal places the "not shown" label where the bar would start; the bar itself is
            # removed afterwards (class "verborgen").
            punten.append({"value": 0, "formatter": lambda _w: verborgen_tekst, "node": {"class": "verborgen"}})
        elif kwartaalreeks and index < len(waarden) - 1:
            punten.append({"value": waarde, "node": {"class": "rect eerder"}})
        else:
            punten.append({"value": waarde})

    as_labels = _as(waarden)
    gemeen = {
        "style": _stijl(),
        "js": [],
        "css": ["file://style.css", "file://graph.css", _extra_css(chart_id)],
        "width": BREEDTE,
        "show_legend": False,
        "print_values": True,
        "print_zeroes": True,
        "print_values_position": "top",
        "value_formatter": _getal,
        "truncate_label": -1,
        "truncate_legend": -1,
        "range": (0, as_labels[-1]),
        "y_labels": as_labels,
        "show_minor_y_labels": True,
        "margin": 12,
        "spacing": 12,
        "explicit_size": False,
        "disable_xml_declaration": False,
        "classes": ["rapport-grafiek"],
        # The value axis' title; in a horizontal chart pygal draws the value axis (still its "y" axis) at the bottom
        # but its title on the left, beside the labels: there the title goes under the chart (``x_title``).
        "y_title": None if grafiek.liggend else (str(grafiek.as_titel) or None),
        "x_title": (str(grafiek.as_titel) or None) if grafiek.liggend else None,
    }
    if grafiek.liggend:
        # pygal draws a horizontal chart's first label at the bottom: reversed, the chart reads top to bottom in
        # the order of its table.
        labels, punten = labels[::-1], punten[::-1]
        label_regels = [_regels(label) for label in labels]
        labels = [max(regels, key=len) for regels in label_regels]
        balk = max(BALK_HOOGTE, max((len(r) for r in label_regels), default=1) * REGEL + 10)
        hoogte = LIGGEND_RAND + (AS_TITEL if grafiek.as_titel else 0) + balk * max(len(labels), 1)
        chart = pygal.HorizontalBar(height=hoogte, **gemeen)
    else:
        label_regels = None
        chart = pygal.Bar(height=STAAND_HOOGTE, **gemeen)
    chart.uuid = chart_id
    chart.add_xml_filter(_opschonen(grafiek, chart_id, verborgen_tekst, liggend=grafiek.liggend,
                                    label_regels=label_regels))
    chart.x_labels = labels
    chart.add(str(grafiek.as_titel or grafiek.titel), punten)
    data = chart.render()
    return data if isinstance(data, bytes) else data.encode("utf-8")
