"""Issue 18: every data cell of the report's tables says which headings apply to it (WCAG H43), on the page and in the
PDF's HTML. A table with two heading rows (a period over "number" and "share": what became of the signals, the
attendance) cannot rely on ``scope``: each heading cell has an id, each data cell a ``headers`` attribute naming
exactly its row heading, its column heading(s) and, in the PDF's key-figures table, the heading of its group.

The tables are parsed from the HTML (``html.parser``) into a grid, with their row and column spans, and each cell's
``headers`` is compared with the headings the grid puts over and beside it.
"""
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from rapportage import pdf
from rapportage.models import RapportStatus
from tafels.models import District, Regio
from tests.rapportage.test_views import maak_rapport

pytestmark = pytest.mark.django_db

# The tables with a period heading over two columns (number, share): the two pa11y reported.
MET_TWEE_KOPRIJEN = {"tabel-signalen-uitkomst", "tabel-overleggen-aanwezigheid"}


@dataclass
class Cel:
    tag: str
    attrs: dict
    sectie: str  # thead, tbody, tfoot
    groep: int  # which row group (thead, each tbody, tfoot) it is in

    @property
    def span(self):
        return int(self.attrs.get("rowspan") or 1), int(self.attrs.get("colspan") or 1)


@dataclass
class Tabel:
    id: str
    rijen: list = field(default_factory=list)  # [[Cel, ...], ...]
    colgroups: list = field(default_factory=list)  # the span of each <colgroup>, in order

    def rooster(self):
        """``{(row, column): Cel}`` for every slot a cell covers, as the HTML table model lays them out."""
        rooster = {}
        for r, rij in enumerate(self.rijen):
            k = 0
            for cel in rij:
                while (r, k) in rooster:
                    k += 1
                rijen, kolommen = cel.span
                cel.plek = (r, k)
                for dr in range(rijen):
                    for dk in range(kolommen):
                        rooster[(r + dr, k + dk)] = cel
                k += kolommen
        return rooster

    def cellen(self):
        self.rooster()
        return [cel for rij in self.rijen for cel in rij]


class _Tabellen(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tabellen, self._tabel, self._sectie, self._groep, self._colgroup = [], None, "tbody", 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._tabel, self._groep = Tabel(attrs.get("id", "")), 0
            self.tabellen.append(self._tabel)
        elif self._tabel is None:
            return
        elif tag == "colgroup":
            self._colgroup = len(self._tabel.colgroups)
            self._tabel.colgroups.append(int(attrs["span"]) if "span" in attrs else 0)
        elif tag == "col" and self._colgroup is not None:
            self._tabel.colgroups[self._colgroup] += int(attrs.get("span") or 1)
        elif tag in ("thead", "tbody", "tfoot"):
            self._sectie, self._groep = tag, self._groep + 1
        elif tag == "tr":
            self._tabel.rijen.append([])
        elif tag in ("th", "td"):
            self._tabel.rijen[-1].append(Cel(tag, attrs, self._sectie, self._groep))

    def handle_endtag(self, tag):
        if tag == "table":
            self._tabel = None
        elif tag == "colgroup":
            self._colgroup = None


def tabellen(html):
    parser = _Tabellen()
    parser.feed(html)
    return parser.tabellen


def verwachte_koppen(tabel, cel, rooster):
    """The ids of the headings that apply to a data cell: the row headings (scope="row") of its rows, the column
    headings (scope="col"/"colgroup") above it in its columns, and the group heading (scope="rowgroup") of its body."""
    r0, k0 = cel.plek
    rijen, kolommen = cel.span
    koppen = set()
    for (r, k), kop in rooster.items():
        if kop.tag != "th" or kop is cel:
            continue
        scope = kop.attrs.get("scope")
        if scope == "row" and r0 <= r < r0 + rijen and k < k0:
            koppen.add(kop.attrs["id"])
        elif scope in ("col", "colgroup") and k0 <= k < k0 + kolommen and r < r0:
            koppen.add(kop.attrs["id"])
        elif scope == "rowgroup" and kop.groep == cel.groep:
            koppen.add(kop.attrs["id"])
    return koppen


def controleer(tabel):
    """Every heading cell has an id (unique in the table) and a scope; every data cell's ``headers`` names existing
    heading ids of this table, exactly those that apply to it; a column-group heading spans its whole <colgroup>."""
    rooster = tabel.rooster()
    koppen = [cel for cel in tabel.cellen() if cel.tag == "th"]
    ids = [kop.attrs.get("id") for kop in koppen]
    assert all(ids) and len(set(ids)) == len(ids), (tabel.id, ids)
    assert all(kop.attrs.get("scope") in ("row", "col", "colgroup", "rowgroup") for kop in koppen), tabel.id
    data = [cel for cel in tabel.cellen() if cel.tag == "td"]
    assert data or tabel.id not in MET_TWEE_KOPRIJEN, tabel.id
    for cel in data:
        headers = cel.attrs.get("headers", "").split()
        assert headers, (tabel.id, cel.plek)
        assert set(headers) <= set(ids), (tabel.id, cel.plek, headers)  # they refer to existing headings
        assert set(headers) == verwachte_koppen(tabel, cel, rooster), (tabel.id, cel.plek, headers)
    # scope="colgroup" heads a real column group: a <colgroup> that starts where it starts and is as wide.
    starts, begin = {}, 0
    for breedte in tabel.colgroups:
        starts[begin] = breedte
        begin += breedte
    for kop in koppen:
        if kop.attrs["scope"] == "colgroup":
            assert starts.get(kop.plek[1]) == kop.span[1], (tabel.id, kop.attrs["id"], tabel.colgroups)


def test_the_checker_finds_a_wrong_or_missing_headers_attribute():
    goed = """<table id="t"><colgroup><col></colgroup><colgroup span="2"></colgroup>
      <thead><tr><th id="t-rk" scope="col" rowspan="2">Rij</th><th id="t-k1" scope="colgroup" colspan="2">K3</th></tr>
      <tr><th id="t-n" scope="col">aantal</th><th id="t-a" scope="col">aandeel</th></tr></thead>
      <tbody><tr><th id="t-r1" scope="row">A</th><td headers="t-r1 t-k1 t-n">7</td><td headers="t-a t-k1 t-r1">32%</td>
      </tr></tbody></table>"""
    controleer(tabellen(goed)[0])
    for fout in ('headers="t-r1 t-k1 t-a">7', 'headers="t-r1 t-k1">7', 'headers="t-r1 t-k1 t-n t-x">7', ">7"):
        html = goed.replace('headers="t-r1 t-k1 t-n">7', fout)
        with pytest.raises(AssertionError):
            controleer(tabellen(html)[0])
    with pytest.raises(AssertionError):  # a column-group heading without its column group
        controleer(tabellen(goed.replace('<colgroup span="2"></colgroup>', ""))[0])


@pytest.fixture(autouse=True)
def _beschermd(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path


def rapport_met_aanwezigheid(werkgebied, **kwargs):
    """A report whose attendance table has rows (the demo's quarter has no meetings): both tables with shares show."""
    rapport = maak_rapport(werkgebied, **kwargs)
    rapport.gegevens["overleggen"]["per_organisatiesoort"] = [
        {"sleutel": "gemeente", "verwacht": [12, 6, 0], "aanwezig": [9, 3, 0]},
        {"sleutel": "politie", "verwacht": [6, 3, 2], "aanwezig": [6, 3, 2]},
    ]
    rapport.save(update_fields=["gegevens"])
    return rapport


@pytest.mark.parametrize("werkgebied", ["twente", "midden"])
def test_every_table_on_the_report_page_says_which_headings_apply(client, demo, werkgebied):
    if werkgebied == "twente":
        rapport = rapport_met_aanwezigheid(District.objects.get(code="TW"), pdf="nep")
        regisseur = "regisseur@twente.example"
    else:
        rapport = rapport_met_aanwezigheid(Regio.objects.get(naam="Midden-Nederland"), pdf="nep")
        regisseur = "regisseur@midden-nederland.example"
    client.force_login(demo[regisseur])
    response = client.get(f"/rapporten/{rapport.pk}/")
    assert response.status_code == 200
    # The report's own tables (the versions table below them is a plain list of versions).
    gevonden = [t for t in tabellen(response.content.decode()) if t.id.startswith("tabel-")]
    assert MET_TWEE_KOPRIJEN <= {t.id for t in gevonden}
    assert len(gevonden) > 10
    for tabel in gevonden:
        controleer(tabel)
    for tabel in gevonden:
        if tabel.id in MET_TWEE_KOPRIJEN:
            assert sum(cel.sectie == "thead" for rij in tabel.rijen for cel in rij[:1]) == 2, tabel.id


def test_every_table_in_the_pdf_says_which_headings_apply(monkeypatch):
    """The PDF's HTML (captured before WeasyPrint renders it): the chapters' tables and the key figures, whose group
    rows (one per chapter) head the rows of their own body."""
    gezien = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kwargs: gezien.append(html) or b"%PDF-")
    rapport = rapport_met_aanwezigheid(District.objects.get(code="TW"), status=RapportStatus.DEFINITIEF, pdf=False)
    pdf.render(rapport)
    gevonden = tabellen(gezien[0])
    assert MET_TWEE_KOPRIJEN | {"tabel-kort"} <= {t.id for t in gevonden}
    for tabel in gevonden:
        controleer(tabel)
    kort = next(t for t in gevonden if t.id == "tabel-kort")
    assert sum(cel.attrs.get("scope") == "rowgroup" for cel in kort.cellen()) >= 4  # signals, cases, meetings, actions
