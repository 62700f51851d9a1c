"""The report as it may be shown: the counted figures (``Rapport.gegevens``, see ``cijfers``) turned into chapters,
headline figures, tables and charts, every count already suppressed (``suppressie``).

The page, the PDF, the charts and the CSV export all render this one structure (``opbouw``), so a figure hidden in
one is hidden in all, and a total is the same wherever it appears. Nothing in it is a raw count that the
suppression hides: a chart gets a value only where its table shows the number.

Structure (frozen dataclasses, plain strings, safe to hand to templates):

- ``Weergave``: the report (werkgebied, quarter, status, version, dates, toelichting) and its ``hoofdstukken``;
- ``Hoofdstuk``: a chapter with an ``inleiding``, ``kengetallen`` (headline figures), ``grafieken`` and ``tabellen``;
- ``TabelWeergave``: column headings (usually the three periods), rows of ``Cel`` per column, optionally a share
  per cell and a total row, and a footnote;
- ``Kengetal``: one figure per period, as displayed text;
- ``Grafiek``: a chart (drawn by ``grafieken``) with its text alternative and the table with its numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import suppressie
from .perioden import Kwartaal
from .suppressie import Cel, Soort, Tabel


@dataclass(frozen=True)
class Rij:
    label: str
    cellen: list[Cel]
    # Per column the share as displayed ("40%", or "–" when not shown); None when the table has no shares.
    aandelen: list[str] | None = None


@dataclass(frozen=True)
class TabelWeergave:
    sleutel: str  # unique within the report, a slug: "signalen-per-gemeente"
    titel: str
    rijkop: str  # heading of the label column: "Gemeente"
    kolommen: list[str]  # column headings, e.g. the three periods ("K3 '26", "K2 '26", "K3 '25")
    rijen: list[Rij]
    totaal: Rij | None = None  # the foot row ("Totaal"), when the rows add up
    aandeel_kop: str = ""  # heading of the share columns ("aandeel"), when the rows have shares
    voetnoot: str = ""

    @property
    def met_aandeel(self) -> bool:
        return any(rij.aandelen is not None for rij in self.rijen)


@dataclass(frozen=True)
class Kengetal:
    sleutel: str
    label: str
    waarden: list[str]  # per period, as displayed ("37", "< 5", "4,5", "–")
    toelichting: str = ""


@dataclass(frozen=True)
class Grafiek:
    sleutel: str  # a slug, also the file name of the SVG: /rapporten/<pk>/grafiek/<sleutel>.svg
    titel: str
    alt: str  # the text alternative: what the chart shows, in words, and where its numbers are
    tabel: TabelWeergave  # the table with its numbers, shown beside it
    # The bars: (label, value) with value None where the table hides the count (no bar is drawn there).
    reeks: list[tuple[str, int | None]]
    liggend: bool = False  # horizontal bars (long category labels)
    as_titel: str = ""  # the value axis ("aantal signalen")


@dataclass(frozen=True)
class Hoofdstuk:
    sleutel: str
    titel: str
    inleiding: str = ""
    kengetallen: list[Kengetal] = field(default_factory=list)
    grafieken: list[Grafiek] = field(default_factory=list)
    tabellen: list[TabelWeergave] = field(default_factory=list)
    # Paragraphs of running text after the introduction (the toelichting, the suppression rules).
    alineas: list[str] = field(default_factory=list)
    # Definitions: (term, what it means), shown as a definition list (the verantwoording).
    begrippen: list[tuple[str, str]] = field(default_factory=list)

    @property
    def losse_tabellen(self) -> list[TabelWeergave]:
        """The tables not shown beside one of the chapter's charts (``tabellen`` holds those too, for the export)."""
        bij_grafiek = {id(grafiek.tabel) for grafiek in self.grafieken}
        return [tabel for tabel in self.tabellen if id(tabel) not in bij_grafiek]


@dataclass(frozen=True)
class Weergave:
    werkgebied: str  # "Twente", "Midden-Nederland"
    kwartaal: Kwartaal
    perioden: list[Kwartaal]  # the quarter, the quarter before, the same quarter a year earlier
    status: str  # "Concept" / "Definitief" (displayed)
    definitief: bool
    versie: int
    geteld_op: datetime | None
    gemaakt_op: datetime | None
    toelichting: str
    hoofdstukken: list[Hoofdstuk]
    # What the report is about, for whom, and the moment the figures were counted ("Stand van de gegevens: ...").
    inleiding: str = ""
    # The board the report is for, as the werkgebied names it (``bestuurlijk_overleg``, set in Beheer):
    # "districtelijk veiligheidsoverleg (DVO)".
    overleg: str = ""

    def kengetal(self, sleutel: str) -> Kengetal | None:
        for hoofdstuk in self.hoofdstukken:
            for kengetal in hoofdstuk.kengetallen:
                if kengetal.sleutel == sleutel:
                    return kengetal
        return None

    @property
    def in_het_kort(self) -> list[Kengetal]:
        """The few headline figures of the cover (``IN_HET_KORT``), as the chapters show them (suppressed alike)."""
        return [k for k in (self.kengetal(sleutel) for sleutel in IN_HET_KORT) if k is not None]

    @property
    def eerste_zin(self) -> str:
        """The first sentence of the ketenregisseur's toelichting (for the cover), or "" when there is none."""
        return eerste_zin(self.toelichting)

    def grafiek(self, sleutel: str) -> Grafiek | None:
        for hoofdstuk in self.hoofdstukken:
            for grafiek in hoofdstuk.grafieken:
                if grafiek.sleutel == sleutel:
                    return grafiek
        return None

    def tabellen(self):
        """Every table of the report in order, with its chapter: ``[(Hoofdstuk, TabelWeergave), ...]``."""
        return [(hoofdstuk, tabel) for hoofdstuk in self.hoofdstukken for tabel in hoofdstuk.tabellen]




# The quarter in brief, on the cover: signals received, cases opened and closed, meetings held, actions done and
# overdue (keys of the chapters' ``Kengetal``).
IN_HET_KORT = ("signalen-ontvangen", "casussen-geopend", "casussen-afgesloten", "overleggen-gehouden", "acties-gereed",
               "acties-verlopen")
# The end of a sentence: . ! ? or …, possibly closed by quotes or a bracket, then white space and what starts the next
# one (a capital, a digit, an opening quote or bracket).
_ZINSEINDE = re.compile(r"[.!?…][\"'”’)]*\s+(?=[A-ZÀ-Ý0-9\"'“‘(])")
# A full stop after these does not end a sentence ("bijv. De", "o.a. Het", "ca. 20"): abbreviations, lower case.
_AFKORTINGEN = {"bijv", "bv", "ca", "nr", "resp", "incl", "excl", "vgl", "zgn", "jl", "mr", "dr", "drs", "ir", "ing",
                "mevr", "dhr", "m.b.t", "t.a.v", "o.a", "d.w.z", "i.p.v", "i.v.m", "e.d", "e.a", "t.z.t"}
EERSTE_ZIN_MAX = 200


def eerste_zin(tekst: str) -> str:
    """The first sentence of a text (of its first paragraph), with its closing punctuation; a sentence longer than
    ``EERSTE_ZIN_MAX`` characters is cut at a word and ends in "…"."""
    alinea = next((a for a in re.split(r"\n\s*\n", (tekst or "").replace("\r\n", "\n")) if a.strip()), "")
    alinea = " ".join(alinea.split())
    zin = alinea
    for einde in _ZINSEINDE.finditer(alinea):
        woord = alinea[:einde.start()].rsplit(" ", 1)[-1].lstrip("(\"'“‘")
        if einde.group()[0] == "." and (woord.lower() in _AFKORTINGEN or re.fullmatch(r"[a-z](\.[a-z])*", woord)):
            continue
        zin = alinea[:einde.end()].rstrip()
        break
    if len(zin) > EERSTE_ZIN_MAX:
        zin = zin[:EERSTE_ZIN_MAX].rsplit(" ", 1)[0].rstrip(",;:–- ") + " …"
    return zin


# --- building the Weergave ------------------------------------------------------------------------------------


def _enkel(waarde: int) -> Cel:
    """A single count as it may be shown (the same rule as a table's cell: 1–4 is "< 5")."""
    return suppressie.onderdruk(Tabel([""], [""], [[waarde]])).cellen[0][0]


def _aandeel(teller: int, teller_cel: Cel, noemer: int, noemer_cel: Cel) -> str:
    """A share, only where the count is shown as a number and its denominator is shown and at least 5."""
    if teller_cel.soort is not Soort.GETAL or noemer_cel.soort is not Soort.GETAL:
        return suppressie.NIET_GETOOND
    return suppressie.toon_percentage(teller, noemer)


def _mediaan(mediaan, aantal) -> str:
    """A median in days with a decimal comma ("4,5"), only over at least 5 values."""
    if mediaan is None or aantal < suppressie.DREMPEL:
        return suppressie.NIET_GETOOND
    return formats.number_format(mediaan, decimal_pos=1, use_l10n=True)


def _datum_tijd(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


class _Bouwer:
    def __init__(self, gegevens):
        self.g = gegevens
        self.perioden = [Kwartaal(*p) for p in gegevens["perioden"]]
        self.kolommen = [k.kort for k in self.perioden]

    def tabel(self, sleutel, titel, rijkop, rijen, *, totaal=False, noemers=None, voetnoot="", kolommen=None):
        """A table of ``rijen`` = [(label, [n, n, n])], suppressed as one table. ``totaal``: the rows add up to a
        total, shown at the foot. ``noemers``: per column the denominator of the shares, as
        ``(value, Cel as shown)``, or per row and column (``"rij"``, a list per row of such lists)."""
        kolommen = kolommen or self.kolommen
        labels = [label for label, _w in rijen]
        waarden = [list(w) for _l, w in rijen]
        uit = suppressie.onderdruk(Tabel(labels, kolommen, waarden, kolomtotalen=totaal))
        weergave_rijen = []
        for i, (label, rij_waarden) in enumerate(rijen):
            aandelen = None
            if noemers is not None:
                per_rij = noemers[i] if isinstance(noemers, _PerRij) else noemers
                aandelen = [_aandeel(rij_waarden[j], uit.cellen[i][j], *per_rij[j]) for j in range(len(kolommen))]
            weergave_rijen.append(Rij(label=label, cellen=uit.cellen[i], aandelen=aandelen))
        voet = None
        if totaal:
            totalen = [sum(w[j] for w in waarden) for j in range(len(kolommen))]
            voet = Rij(label=_("Total"), cellen=uit.kolomtotalen,
                       aandelen=[_aandeel(t, c, t, c) for t, c in zip(totalen, uit.kolomtotalen, strict=True)]
                       if noemers is not None else None)
        return TabelWeergave(sleutel=sleutel, titel=titel, rijkop=rijkop, kolommen=list(kolommen),
                             rijen=weergave_rijen, totaal=voet, aandeel_kop=_("share") if noemers is not None else "",
                             voetnoot=voetnoot)

    def kengetal(self, sleutel, label, waarden, toelichting=""):
        return Kengetal(sleutel=sleutel, label=label, waarden=[_enkel(w).tekst for w in waarden], toelichting=toelichting)

    def mediaan(self, sleutel, label, duur, toelichting):
        return Kengetal(sleutel=sleutel, label=label, toelichting=toelichting, waarden=[
            _mediaan(m, n) for m, n in zip(duur["mediaan_dagen"], duur["aantal"], strict=True)])

    def grafiek(self, sleutel, titel, alt, tabel, kolom=0, liggend=False, as_titel=""):
        """A bar chart of one column of ``tabel``: a bar only where the table shows the number."""
        reeks = [(rij.label, int(rij.cellen[kolom].tekst) if rij.cellen[kolom].soort is Soort.GETAL else None)
                 for rij in tabel.rijen]
        verborgen = _("Where the table shows “< 5” or “•” there is no bar.") if any(w is None for _l, w in reeks) else ""
        alt = " ".join(filter(None, [alt, _("The numbers are in the table beside the chart."), verborgen]))
        return Grafiek(sleutel=sleutel, titel=titel, alt=alt, tabel=tabel, reeks=reeks, liggend=liggend,
                       as_titel=as_titel)


class _PerRij(list):
    """Denominators given per row (the attendance table), rather than one per column."""


def _label_lijst(label):
    return label if label is not None else _("Not filled in")


def _signalen(b: _Bouwer) -> Hoofdstuk:
    from signalen.models import Bestemming

    s = b.g["signalen"]
    ontvangen = s["ontvangen"]
    reeks_kwartalen = [Kwartaal(*r["kwartaal"]) for r in b.g["reeks"]]
    per_kwartaal = b.tabel(
        "signalen-per-kwartaal", _("Signals received per quarter"), _("Quarter"),
        [(k.kort, [r["signalen"]]) for k, r in zip(reeks_kwartalen, b.g["reeks"], strict=True)],
        kolommen=[_("Signals")],
    )
    per_gemeente = b.tabel("signalen-per-gemeente", _("Signals received per municipality"), _("Municipality"),
                           [(r["label"], r["waarden"]) for r in s["per_gemeente"]], totaal=True)
    per_vorm = b.tabel(
        "signalen-per-vorm", _("Signals received per suspected form of exploitation"), _("Form of exploitation"),
        [(r["label"], r["waarden"]) for r in s["per_vorm"]] + [(_("No form given"), s["zonder_vorm"])],
        voetnoot=_("A signal can name more than one form, so the rows do not add up to the number of signals."),
    )
    # The sector and source lists are long: a row that is 0 in all three periods is left out (it hides nothing).
    per_sector = b.tabel("signalen-per-sector", _("Signals received per sector"), _("Sector"),
                         [(_label_lijst(r["label"]), r["waarden"]) for r in s["per_sector"] if any(r["waarden"])],
                         totaal=True, voetnoot=_("Sectors without signals in these three quarters are left out."))
    per_bron = b.tabel("signalen-per-bron", _("Signals received per source"), _("Source"),
                       [(_label_lijst(r["label"]), r["waarden"]) for r in s["per_bron"] if any(r["waarden"])],
                       totaal=True, voetnoot=_("Sources without signals in these three quarters are left out."))
    bestemmingen = dict(Bestemming.choices)
    labels = {
        "opgepakt_in_casus": _("Taken up in a case"),
        "afgesloten_zonder_vervolg": _("Closed without follow-up"),
        "in_behandeling": _("No decision yet (still being assessed)"),
    }
    uitkomst_rijen = [
        (_("Passed on to %(bestemming)s") % {"bestemming": bestemmingen[r["bestemming"]]}
         if r["sleutel"] == "doorgezet" else labels[r["sleutel"]], r["waarden"])
        for r in s["uitkomst"]
    ]
    totaal_cellen = suppressie.onderdruk(Tabel([""], b.kolommen, [ontvangen], kolomtotalen=True)).kolomtotalen
    uitkomst = b.tabel(
        "signalen-uitkomst", _("What became of the signals received"), _("Outcome"), uitkomst_rijen, totaal=True,
        noemers=list(zip(ontvangen, totaal_cellen, strict=True)),
        voetnoot=_("The status of each signal when the figures were counted: a signal decided on after the end of "
                   "the quarter counts under that decision. Shares are of the signals received in that quarter; "
                   "a share is not shown where the count is hidden or fewer than 5 signals were received."),
    )
    return Hoofdstuk(
        sleutel="signalen", titel=_("Signals"),
        inleiding=_("Signals of possible human trafficking submitted by the partners, counted by the quarter in "
                    "which they were submitted and the municipality where they play."),
        kengetallen=[
            b.kengetal("signalen-ontvangen", _("Signals received"), ontvangen),
            b.mediaan("signalen-beslisduur", _("Median days from submission to the triage decision"),
                      s["beslisduur"],
                      _("Over the signals received in the quarter that have a decision. “–”: fewer than 5 decisions, "
                        "too few for a meaningful median.")),
        ],
        grafieken=[
            b.grafiek("signalen-per-kwartaal", _("Signals received over five quarters"),
                      _("Bar chart of the number of signals received in each of the last five quarters, from "
                        "%(van)s to %(tot)s.") % {"van": reeks_kwartalen[0].kort, "tot": reeks_kwartalen[-1].kort},
                      per_kwartaal, as_titel=_("signals")),
            b.grafiek("signalen-per-vorm", _("Signals per form of exploitation, %(kwartaal)s")
                      % {"kwartaal": b.perioden[0].label},
                      _("Horizontal bar chart of the number of signals received in %(kwartaal)s per suspected form "
                        "of exploitation.") % {"kwartaal": b.perioden[0].label},
                      per_vorm, liggend=True, as_titel=_("signals")),
        ],
        tabellen=[per_kwartaal, uitkomst, per_gemeente, per_vorm, per_sector, per_bron],
    )


def _verband(posities):
    """Cases running at the end of the quarter = running at the end of the quarter before + opened − closed in the
    quarter: four shown figures that make one sum. ``posities`` holds, in that order (running now, running before,
    opened, closed), ``(count, list, index)``: the displayed entry is ``list[index]`` (a ``Cel`` or a headline text).
    Where exactly one of the four is hidden it could be worked out, so the smallest other non-zero one is hidden too
    (running now first on a tie), shown as "•" (or "< 5" when it is 1–4: then it was already hidden)."""

    def verborgen(waarde):
        return (waarde.tekst if isinstance(waarde, Cel) else waarde) in (suppressie.KLEIN, suppressie.AANVULLEND)

    if sum(verborgen(lijst[i]) for _n, lijst, i in posities) != 1:
        return
    kandidaten = [(n, k) for k, (n, lijst, i) in enumerate(posities) if n > 0 and not verborgen(lijst[i])]
    if not kandidaten:
        return
    _n, k = min(kandidaten)
    _waarde, lijst, i = posities[k]
    lijst[i] = Cel(suppressie.AANVULLEND, Soort.AANVULLEND) if isinstance(lijst[i], Cel) else suppressie.AANVULLEND


def _casussen(b: _Bouwer) -> Hoofdstuk:
    c = b.g["casussen"]
    voetnoot = _("A case can have more than one form, so the rows do not add up to the number of cases.")
    geopend = b.kengetal("casussen-geopend", _("Cases opened"), c["geopend"])
    lopend = b.kengetal("casussen-lopend", _("Cases running at the end of the quarter"), c["lopend"])
    afgesloten = b.kengetal("casussen-afgesloten", _("Cases closed"), c["afgesloten"])
    _verband([(c["lopend"][0], lopend.waarden, 0), (c["lopend"][1], lopend.waarden, 1),
              (c["geopend"][0], geopend.waarden, 0), (c["afgesloten"][0], afgesloten.waarden, 0)])
    per_vorm = {
        maat: b.tabel(f"casussen-{maat}-per-vorm", titel, _("Form of exploitation"),
                      [(r["label"], r["waarden"]) for r in c[f"{maat}_per_vorm"]], voetnoot=voetnoot)
        for maat, titel in (
            ("geopend", _("Cases opened per form of exploitation")),
            ("lopend", _("Cases running at the end of the quarter per form of exploitation")),
            ("afgesloten", _("Cases closed per form of exploitation")),
        )
    }
    for k in range(len(c["lopend_per_vorm"])):
        # The same sum holds for each form (a case's forms are counted as they are now, in every period).
        rijen = {maat: per_vorm[maat].rijen[k].cellen for maat in per_vorm}
        waarden = {maat: c[f"{maat}_per_vorm"][k]["waarden"] for maat in per_vorm}
        _verband([(waarden["lopend"][0], rijen["lopend"], 0), (waarden["lopend"][1], rijen["lopend"], 1),
                  (waarden["geopend"][0], rijen["geopend"], 0), (waarden["afgesloten"][0], rijen["afgesloten"], 0)])
    return Hoofdstuk(
        sleutel="casussen", titel=_("Cases"),
        inleiding=_("Cases of the werkgebied discussed by the chain partners: opened, still running at the end of "
                    "the quarter, and closed."),
        kengetallen=[
            geopend, lopend, afgesloten,
            b.kengetal("casussen-comensha", _("Cases reported to CoMensha"), c["comensha"]),
            b.kengetal("casussen-zorgcoordinator", _("Cases in which a care coordinator became involved"),
                       c["zorgcoordinator"]),
        ],
        tabellen=[per_vorm["geopend"], per_vorm["lopend"], per_vorm["afgesloten"]],
    )


def _zorg(b: _Bouwer) -> Hoofdstuk | None:
    """Issue 21: the victims' care tracks: victims with a care track, registrations with CoMensha and the steps
    arranged per kind, suppressed like every count. Reports counted before issue 21 have no such key and get no
    chapter."""
    from casusoverleg.models import ZorgStapSoort

    if "zorg" not in b.g:
        return None
    z = b.g["zorg"]
    soorten = dict(ZorgStapSoort.choices)
    per_stap = b.tabel(
        "zorg-geregeld-per-stap", _("Steps of the care track arranged per kind"), _("Step"),
        [(capfirst(str(soorten[r["sleutel"]])), r["waarden"]) for r in z["geregeld_per_stap"]],
        voetnoot=_("A step counts in the quarter in which it was arranged. Every victim has each step, so the rows "
                   "do not add up to a number of victims."),
    )
    return Hoofdstuk(
        sleutel="zorg", titel=_("Care tracks of victims"),
        inleiding=_("The care tracks of the possible victims in the cases of the werkgebied, as the care coordinator "
                    "records them: registration with CoMensha, reflection period, shelter, BRP, health insurance, "
                    "benefits, residence permit and a report to the police."),
        kengetallen=[
            b.kengetal("zorg-in-zorg", _("Possible victims with a care track at the end of the quarter"),
                       z["in_zorg"]),
            b.kengetal("zorg-nieuw", _("Possible victims added to a care track"), z["nieuw"]),
            b.kengetal("zorg-comensha", _("Possible victims registered with CoMensha"), z["comensha"]),
        ],
        tabellen=[per_stap],
    )


def _overleggen(b: _Bouwer) -> Hoofdstuk:
    from partners.models import OrganisatieSoort

    o = b.g["overleggen"]
    soorten = dict(OrganisatieSoort.choices)
    rijen = o["per_organisatiesoort"]
    verwacht = b.tabel(
        "overleggen-verwacht", _("Expected at the meetings held, per type of organisation"),
        _("Type of organisation"), [(soorten[r["sleutel"]], r["verwacht"]) for r in rijen],
        voetnoot=_("Per meeting held, each organisation that was a standing participant or was invited for an "
                   "agenda item counts once."),
    )
    noemers = _PerRij([list(zip(r["verwacht"], rij.cellen, strict=True)) for r, rij in zip(rijen, verwacht.rijen,
                                                                                         strict=True)])
    aanwezig = b.tabel(
        "overleggen-aanwezigheid", _("Attendance at the meetings held, per type of organisation"),
        _("Type of organisation"), [(soorten[r["sleutel"]], r["aanwezig"]) for r in rijen], noemers=noemers,
        voetnoot=_("Present: the organisation was recorded as present at the meeting. The share is of the times it "
                   "was expected; it is not shown where the count is hidden or it was expected fewer than 5 times."),
    )
    return Hoofdstuk(
        sleutel="overleggen", titel=_("Meetings"),
        inleiding=_("Meetings of the tables of the werkgebied that were held, and which types of organisation "
                    "attended them."),
        kengetallen=[b.kengetal("overleggen-gehouden", _("Meetings held"), o["gehouden"])],
        tabellen=[aanwezig, verwacht],
    )


def _acties(b: _Bouwer) -> Hoofdstuk:
    from casusoverleg.models import ActieSoort
    from partners.models import OrganisatieSoort

    a = b.g["acties"]
    soorten = dict(ActieSoort.choices)
    organisatiesoorten = dict(OrganisatieSoort.choices)
    maten = [
        ("afgesproken", _("Actions agreed per type of intervention"), _("Actions agreed per type of organisation")),
        ("gereed", _("Actions done per type of intervention"), _("Actions done per type of organisation")),
        ("verlopen", _("Actions overdue at the end of the quarter per type of intervention"),
         _("Actions overdue at the end of the quarter per type of organisation")),
    ]
    per_soort, per_organisatie = [], []
    for maat, titel_soort, titel_organisatie in maten:
        per_soort.append(b.tabel(f"acties-{maat}-per-soort", titel_soort, _("Type of intervention"),
                                 [(capfirst(soorten[r["sleutel"]]), r[maat]) for r in a["per_soort"]], totaal=True))
        per_organisatie.append(b.tabel(
            f"acties-{maat}-per-organisatiesoort", titel_organisatie, _("Responsible type of organisation"),
            [(organisatiesoorten[r["sleutel"]], r[maat]) for r in a["per_organisatiesoort"]], totaal=True))
    return Hoofdstuk(
        sleutel="acties", titel=_("Actions"),
        inleiding=_("Actions the partners agreed in the meetings: what was agreed, what was done, and what was "
                    "overdue at the end of the quarter."),
        kengetallen=[
            b.kengetal("acties-afgesproken", _("Actions agreed"), a["afgesproken"]),
            b.kengetal("acties-gereed", _("Actions done"), a["gereed"]),
            b.kengetal("acties-verlopen", _("Actions overdue at the end of the quarter"), a["verlopen"]),
            b.mediaan("acties-doorlooptijd", _("Median days from agreeing an action to done"), a["doorlooptijd"],
                      _("Over the actions done in the quarter. “–”: fewer than 5 actions done, too few for a "
                        "meaningful median.")),
        ],
        grafieken=[
            b.grafiek("acties-per-soort", _("Actions agreed per type of intervention, %(kwartaal)s")
                      % {"kwartaal": b.perioden[0].label},
                      _("Horizontal bar chart of the number of actions agreed in %(kwartaal)s per type of "
                        "intervention.") % {"kwartaal": b.perioden[0].label},
                      per_soort[0], liggend=True, as_titel=_("actions")),
        ],
        tabellen=[per_soort[0], per_organisatie[0], per_soort[1], per_organisatie[1], per_soort[2],
                  per_organisatie[2]],
    )


def _toelichting(rapport) -> Hoofdstuk:
    tekst = (rapport.toelichting or "").strip()
    alineas = [a.strip() for a in tekst.replace("\r\n", "\n").split("\n\n") if a.strip()]
    return Hoofdstuk(
        sleutel="toelichting", titel=_("Explanation by the ketenregisseur"),
        inleiding="" if alineas else _("The ketenregisseur has not yet written an explanation."),
        alineas=alineas,
    )


def _tekst(tekst) -> Cel:
    """A displayed entry that is not a count (a share, a date, yes/no)."""
    return Cel(str(tekst), Soort.GETAL)


def _basisniveau(b: _Bouwer) -> Hoofdstuk | None:
    """Issue 9: the latest basisniveau measurement of the werkgebied on or before the quarter's last day. Reports
    counted before issue 9 have no such key and get no chapter."""
    from .models import BasisniveauItem

    if "basisniveau" not in b.g:
        return None
    titel = _("Administrative basic level")
    data = b.g["basisniveau"]
    if data is None:
        return Hoofdstuk(sleutel="basisniveau", titel=titel, inleiding=_(
            "There is no measurement of the administrative basic level of the werkgebied on or before the end of "
            "the quarter yet."))
    datum = formats.date_format(date.fromisoformat(data["datum"]), "j F Y")
    vorige = data.get("vorige")
    inleiding = _(
        "The latest measurement of the administrative basic level on human trafficking (bestuurlijk basisniveau), "
        "of %(datum)s, based on %(respons)s of the municipalities (%(deelgenomen)s of %(populatie)s). Per item: "
        "the share of the municipalities that answered “yes”, among those that answered the item."
    ) % {"datum": datum, "respons": f"{data['respons']}%" if data["respons"] is not None else suppressie.NIET_GETOOND,
         "deelgenomen": data["deelgenomen"], "populatie": data["populatie"]}
    if data.get("open"):
        inleiding += " " + _("The measurement is still open: these are the answers so far.")
    # The headings of the measurement's own page: the share that answered yes, and over how many answers.
    kolommen = [_("Answered yes"), _("Answers")]
    if vorige:
        kolommen += [_("Previous measurement (%(datum)s)") % {
            "datum": formats.date_format(date.fromisoformat(vorige["datum"]), "F Y")}, _("Difference")]
    labels = dict(BasisniveauItem.choices)
    rijen = []
    for item in data["items"]:
        cellen = [_tekst(suppressie.NIET_GETOOND if item["aandeel"] is None else f"{item['aandeel']}%"),
                  _tekst(item["beantwoord"])]
        if vorige:
            cellen.append(_tekst(suppressie.NIET_GETOOND if item.get("vorig_aandeel") is None
                                 else f"{item['vorig_aandeel']}%"))
            verschil = item.get("verschil")
            cellen.append(_tekst(suppressie.NIET_GETOOND if verschil is None
                                 else (f"+{verschil}" if verschil > 0 else str(verschil).replace("-", "−"))))
        rijen.append(Rij(label=str(labels[item["sleutel"]]), cellen=cellen))
    tabel = TabelWeergave(
        sleutel="basisniveau-items", titel=_("Administrative basic level per item"), rijkop=_("Item"),
        kolommen=kolommen, rijen=rijen,
        voetnoot=" ".join(filter(None, [
            _("A share over fewer than 5 answers is not shown (“–”)."),
            _("Difference: in percentage points against the previous measurement.") if vorige else "",
        ])),
    )
    return Hoofdstuk(sleutel="basisniveau", titel=titel, inleiding=inleiding, tabellen=[tabel])


def _bewustwording(b: _Bouwer) -> Hoofdstuk | None:
    """Issue 9: the awareness sessions: per municipality its last session, and who had none in the twelve months
    up to the quarter's last day."""
    if "bewustwording" not in b.g:
        return None
    data = b.g["bewustwording"]
    peildatum = formats.date_format(date.fromisoformat(data["peildatum"]), "j F Y")
    inleiding = _(
        "Awareness sessions on human trafficking (bewustwordingsbijeenkomsten) for the staff of the municipalities. "
        "In the twelve months up to %(peildatum)s, %(bereikt)s of the %(populatie)s municipalities of the werkgebied "
        "had one (%(percentage)s)."
    ) % {"peildatum": peildatum, "bereikt": data["bereikt"], "populatie": data["populatie"],
         "percentage": f"{data['percentage']}%" if data["percentage"] is not None else suppressie.NIET_GETOOND}
    ja, nee = _("yes"), _("no")
    rijen = [
        Rij(label=g["naam"], cellen=[
            _tekst(formats.date_format(date.fromisoformat(g["laatste_bijeenkomst"]), "SHORT_DATE_FORMAT")
                   if g["laatste_bijeenkomst"] else _("none")),
            _tekst(ja if g["bereikt"] else nee),
        ])
        for g in data["gemeenten"]
    ]
    tabel = TabelWeergave(
        sleutel="bewustwording-gemeenten", titel=_("Last awareness session per municipality"),
        rijkop=_("Municipality"), kolommen=[_("Last session"), _("In the last 12 months")], rijen=rijen,
        voetnoot=_("Municipalities marked “no” had no awareness session in the twelve months up to %(peildatum)s.")
        % {"peildatum": peildatum},
    )
    # Highlighted as on the page: the municipalities without a session named in a paragraph of their own (not when
    # none had one: the introduction says so, and every row says "no").
    niet_bereikt = [g["naam"] for g in data["gemeenten"] if not g["bereikt"]]
    alineas = []
    if niet_bereikt and data["bereikt"]:
        alineas.append(ngettext("Without a session in the last 12 months:",
                                "Without a session in the last 12 months (%(aantal)s):", len(niet_bereikt))
                       % {"aantal": len(niet_bereikt)} + " " + ", ".join(niet_bereikt) + ".")
    return Hoofdstuk(sleutel="bewustwording", titel=_("Awareness sessions"), inleiding=inleiding, alineas=alineas,
                     tabellen=[tabel])


def _barrieres(b: _Bouwer) -> Hoofdstuk | None:
    """Issue 21: the barriers of the bestuurlijke aanpak started in the quarter, per domain and per instrument.
    Reports counted before issue 21 have no such key and get no chapter."""
    from barrieres.models import Instrument

    if "barrieres" not in b.g:
        return None
    d = b.g["barrieres"]
    per_domein = b.tabel("barrieres-per-domein", _("Barriers started per domain"), _("Domain"),
                         [(r["label"], r["waarden"]) for r in d["per_domein"]], totaal=True)
    instrumenten = dict(Instrument.choices)
    per_instrument = b.tabel("barrieres-per-instrument", _("Barriers started per instrument"), _("Instrument"),
                             [(capfirst(str(instrumenten.get(r["sleutel"], r["sleutel"]))), r["waarden"])
                              for r in d["per_instrument"]], totaal=True)
    return Hoofdstuk(
        sleutel="barrieres", titel=_("Barriers (administrative approach)"),
        inleiding=_("Barriers are administrative measures that gemeenten and partners take along the route of the "
                    "exploitation in a case: recruitment and entry, housing, identity and registration, work, money "
                    "and residence (the barrier model of the Expertisecentrum Mensenhandel en Mensensmokkel and of "
                    "VNG and CCV for labour migrants)."),
        kengetallen=[
            b.kengetal("barrieres-ingezet", _("Barriers started"), d["ingezet"]),
            b.kengetal("barrieres-opgeworpen", _("Barriers completed with the barrier raised"), d["opgeworpen"]),
        ],
        tabellen=[per_domein, per_instrument],
    )


def _landelijk(b: _Bouwer) -> Hoofdstuk | None:
    """Issue 21: the national context, the NRM's latest yearly figures with year and source; not the werkgebied's own
    figures, and not suppressed (published national totals)."""
    if "landelijk" not in b.g:
        return None
    d = b.g["landelijk"]
    reeks = d["reeks"]
    laatste = reeks[-1]
    vorige = reeks[-2] if len(reeks) > 1 else None

    def getal(n):
        return formats.number_format(n, use_l10n=True, force_grouping=True)

    inleiding = _(
        "These figures were not counted by this chain and are not part of the figures of %(werkgebied)s above. In "
        "%(jaar)s, %(aantal)s possible victims of human trafficking were registered in the whole of the Netherlands."
    ) % {"werkgebied": b.g["werkgebied"]["naam"], "jaar": laatste["jaar"], "aantal": getal(laatste["slachtoffers"])}
    if vorige:
        inleiding += " " + _("In %(jaar)s there were %(aantal)s.") % {
            "jaar": vorige["jaar"], "aantal": getal(vorige["slachtoffers"])}
    tabel = TabelWeergave(
        sleutel="landelijk-slachtoffers", titel=_("Registered possible victims in the Netherlands per year"),
        rijkop=_("Year"), kolommen=[_("Possible victims")],
        rijen=[Rij(label=str(r["jaar"]), cellen=[_tekst(getal(r["slachtoffers"]))]) for r in reeks],
        voetnoot=_("Source: %(bron)s. National figures per calendar year, latest year %(jaar)s.")
        % {"bron": d["bron"], "jaar": d["jaar"]},
    )
    return Hoofdstuk(
        sleutel="landelijk", titel=_("National context"), inleiding=inleiding, tabellen=[tabel],
        alineas=[_("A yearly national figure cannot be compared one to one with the quarterly figures of one "
                   "werkgebied: it counts every registration in the country over a whole year.")],
    )


def voorbeeld_onderdrukking() -> TabelWeergave:
    """The worked example of the issue (12, 3, 7, total 22), run through the same suppression as every table."""
    labels = [_("Municipality A"), _("Municipality B"), _("Municipality C")]
    waarden = [12, 3, 7]
    uit = suppressie.onderdruk(Tabel.reeks(labels, waarden, kop=_("Shown")))
    return TabelWeergave(
        sleutel="voorbeeld-onderdrukking", titel=_("Example: signals per municipality"), rijkop=_("Municipality"),
        kolommen=[_("Counted"), _("Shown")],
        rijen=[Rij(label=label, cellen=[Cel(str(w), Soort.GETAL), uit.cellen[i][0]])
               for i, (label, w) in enumerate(zip(labels, waarden, strict=True))],
        totaal=Rij(label=_("Total"), cellen=[Cel(str(sum(waarden)), Soort.GETAL), uit.kolomtotalen[0]]),
        voetnoot=_("An invented example. 3 is fewer than 5 and is shown as “< 5”. With only that one hidden, it "
                   "would follow from the total: 22 − 12 − 7 = 3. So the smallest other count, 7, is hidden too "
                   "(“•”). The total stays 22, the same as everywhere else in the report."),
    )


def _verantwoording(b: _Bouwer) -> Hoofdstuk:
    return Hoofdstuk(
        sleutel="verantwoording", titel=_("How the figures are counted"),
        inleiding=_("The figures come from the work itself, as it is recorded in the system. Each figure is given for "
                    "the quarter, the quarter before it and the same quarter a year earlier. A quarter is a calendar "
                    "quarter on Dutch time: a signal submitted at 23:59 on the last day of a quarter counts in that "
                    "quarter."),
        begrippen=[
            (_("Signals received"), _("Signals submitted in the quarter for a municipality of the werkgebied. "
                                      "Drafts that were never submitted do not count.")),
            (_("Per municipality, sector and source"), _("Each signal counts once: under its municipality, its "
                                                         "sector and its source, or under “Not filled in”.")),
            (_("Per form of exploitation"), _("A signal counts under each form the submitter suspected; a signal can "
                                              "name several forms or none.")),
            (_("What became of the signals"), _("The status of the signals received in the quarter at the moment "
                                                "the figures were counted: taken up in a case, passed on (per "
                                                "destination), closed without follow-up, or no decision yet.")),
            (_("Days to the triage decision"), _("From submission to the first decision of the ketenregisseur "
                                                 "(taken up, passed on or closed), for the signals received in the "
                                                 "quarter that have one. The median: half took less time, half "
                                                 "more.")),
            (_("Cases opened, running and closed"), _("Opened and closed: in the quarter. Running: opened before "
                                                      "the end of the quarter and not closed by then.")),
            (_("CoMensha and care coordinator"), _("Cases reported to CoMensha in the quarter, and cases in which "
                                                   "a care coordinator became involved in the quarter.")),
            (_("Meetings held"), _("Meetings of the tables of the werkgebied that took place in the quarter "
                                   "(cancelled meetings do not count).")),
            (_("Attendance"), _("Per meeting held, each organisation that was a standing participant or was "
                                "invited for an agenda item was expected once; present when it was recorded as "
                                "present.")),
            (_("Actions agreed and done"), _("Agreed: made in the quarter. Done: marked done in the quarter.")),
            (_("Actions overdue"), _("At the end of the quarter: due on or before its last day, not done by then "
                                     "and not dropped.")),
            (_("Days to done"), _("For the actions done in the quarter, from agreeing them to done; the median.")),
            # Issue 9: only in a report that has these chapters (one counted before it has neither).
            *([(_("Administrative basic level"), _("The latest measurement on or before the last day of the quarter. "
                                                  "A measurement keeps the municipalities it asked on its date. A "
                                                  "municipality took part when it answered at least one item; “not "
                                                  "answered” does not count as an answer. Shares are rounded half up "
                                                  "to whole percents."))] if "basisniveau" in b.g else []),
            *([(_("Awareness sessions"), _("A municipality is reached when a session reached it in the twelve months "
                                           "up to and including the last day of the quarter."))]
              if "bewustwording" in b.g else []),
            # Issue 21: only in a report that has these chapters.
            *([(_("Barriers started"), _("Barriers of the cases of the werkgebied with their start date in the "
                                         "quarter, each under its one domain and its one instrument. Completed with "
                                         "the barrier raised: the completion date is in the quarter and the result "
                                         "is “barrier raised”."))] if "barrieres" in b.g else []),
            *([(_("Care tracks of victims"), _("Possible victims of the cases of the werkgebied as the care "
                                               "coordinator records them (numbered, without names). With a care "
                                               "track at the end of the quarter: added before its end, their case "
                                               "not closed by then. Registered with CoMensha, and a step arranged: "
                                               "the date it was arranged is in the quarter."))]
              if "zorg" in b.g else []),
            *([(_("National context"), _("The latest yearly figures of the National Rapporteur, as published; they "
                                         "are not counted from this system and are not suppressed."))]
              if "landelijk" in b.g else []),
        ],
        alineas=[
            _("No personal data, no case codes and no text from signals or cases are in this report."),
            _("Small numbers are not shown, so that no person or case can be recognised. A count of 1 to 4 is "
              "shown as “< 5”; 0 is shown as 0. Where a column with a total then has exactly one hidden count, "
              "that count could be worked out by subtraction; so the smallest other count in it is hidden as "
              "well, shown as “•”. A total is shown the same wherever it appears."),
            _("A percentage is not shown (“–”) where it is over fewer than 5, or where the count it is about is "
              "hidden. A median is not shown (“–”) over fewer than 5 values. Charts draw no bar for a hidden count."),
        ],
        tabellen=[voorbeeld_onderdrukking()],
    )


def opbouw(rapport) -> Weergave:
    """The ``Weergave`` of a counted report (``rapport.gegevens`` is set)."""
    from .models import RapportStatus

    if rapport.gegevens is None:
        raise ValueError("The report's figures have not been counted yet.")
    b = _Bouwer(rapport.gegevens)
    kwartaal = b.perioden[0]
    werkgebied = rapport.gegevens["werkgebied"]["naam"]
    # The board as the werkgebied names it now (a report rendered after the beheerder renamed it uses the new name).
    overleg = rapport.werkgebied.bestuurlijk_overleg
    inleiding = " ".join(filter(None, [
        _("Quarterly report of the chain approach to human trafficking in %(werkgebied)s over %(kwartaal)s, for "
          "the %(overleg)s. Each figure is shown beside the quarter before (%(vorige)s) and the same quarter a year "
          "earlier (%(jaar_eerder)s).")
        % {"werkgebied": werkgebied, "kwartaal": kwartaal.label, "overleg": overleg, "vorige": b.perioden[1].label,
           "jaar_eerder": b.perioden[2].label},
        _("Figures as of: %(moment)s.") % {"moment": _datum_tijd(rapport.geteld_op)} if rapport.geteld_op else "",
    ]))
    return Weergave(
        werkgebied=werkgebied,
        kwartaal=kwartaal,
        perioden=b.perioden,
        status=capfirst(dict(RapportStatus.choices)[rapport.status]),
        definitief=rapport.status == RapportStatus.DEFINITIEF,
        versie=rapport.versie,
        geteld_op=rapport.geteld_op,
        gemaakt_op=rapport.gemaakt_op,
        toelichting=rapport.toelichting,
        # The ketenregisseur's explanation first: it is what the board reads; the figures follow, then how they are
        # counted.
        hoofdstukken=[h for h in (_toelichting(rapport), _signalen(b), _casussen(b), _zorg(b), _overleggen(b), _acties(b),
                                  _barrieres(b), _basisniveau(b), _bewustwording(b), _landelijk(b),
                                  _verantwoording(b)) if h is not None],
        inleiding=inleiding,
        overleg=overleg,
    )
