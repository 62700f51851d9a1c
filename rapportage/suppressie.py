"""Small-number suppression for the report's tables of counts (issue 8, "Small-number suppression").

Pure functions, no database: the report code counts, this module decides what may be shown, and the page, the
PDF and any export all render the same result.

The rules
---------
* **Primary suppression.** Every count of 1–4 is shown as ``"< 5"``; 0 stays ``"0"``; 5 and more are shown as
  they are. This holds for totals too: a total is a count like any other, and a total of 3 in one table would
  give away a figure that another table (say, the same gemeente in the one-dimensional table) hides.
* **Secondary suppression.** A row with a row total is one sum, ``cells = total``; so is a column with a column
  total, and, when both kinds of totals are shown, the row of column totals and the column of row totals (both
  summing to the grand total). In each such sum the number of hidden entries (cells and the total itself) must
  be 0 or at least 2: one hidden entry could be worked out by subtraction. Where a sum has exactly one hidden
  entry, the smallest other **non-zero** cell of that sum is hidden too and shown as ``"•"`` (a 0 cannot hide
  anything: everyone knows it is 0). Ties go to the cell whose crossing row/column already has a hidden entry
  (it needs no further suppression), then to the first cell in reading order. This repeats until stable, since
  hiding a cell can leave its crossing row or column with exactly one hidden entry.
* **When no other non-zero cell is left.** A sum with one hidden entry always has another non-zero entry (the
  hidden one is non-zero and the sum balances), but it may be the total: a row ``3, 0, 0`` with total 3. Then
  the total itself is hidden. In practice this total equals the hidden cell: when that cell is a count of 1–4,
  the total is 1–4 and is already shown as ``"< 5"`` by the primary rule; when the hidden cell is a secondary
  one of 5 or more (its row has no other non-zero cell, and it was picked to protect its column), the total is
  shown as ``"•"``. Totals are never changed, rounded or perturbed: a total is either its true value or hidden,
  and only in these cases. In a one-dimensional table (a single row or column with its total) the total is
  hidden only when it is 1–4.
* **Combinations of sums.** Subtracting within one row or column is not the only way in: in a two-dimensional
  table, adding some rows and subtracting some columns can isolate a hidden cell even when every row and
  column has two hidden entries (two blocks of suppressions joined by a single cell). After the rules above,
  every hidden entry is checked exactly (linear algebra over the rationals, all sums at once); a hidden entry
  that is still determined gets a further hidden cell next to it, and the rules run again. Hiding everything
  non-zero is always safe, so this ends.

Not covered: bounds. ``"< 5"`` says 1–4 and counts are not negative, so a hidden cell can be narrowed to a
range (in the worked example, ``"•"`` is 6–9). The issue asks for exactly this, no more. Tables are protected one
at a time: the caller must not publish, elsewhere, a figure that this table hides (the same counts should come
out of the same table everywhere, which the report does by rendering one result in page, PDF and export).

Worked example (issue 8): per gemeente 12, 3, 7, total 22, is shown as 12, < 5, •, total 22.

>>> uitkomst = onderdruk(Tabel.reeks(["Enschede", "Hengelo", "Almelo"], [12, 3, 7], kop="Signalen"))
>>> [str(rij[0]) for rij in uitkomst.cellen], str(uitkomst.kolomtotalen[0])
(['12', '< 5', '•'], '22')
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

DREMPEL = 5
"""Counts from 1 up to (not including) this threshold are hidden; so is a percentage over fewer than this."""

KLEIN = "< 5"
"""Shown for a count of 1–4 (primary suppression)."""

AANVULLEND = "•"
"""Shown for a cell hidden so that another hidden cell cannot be worked out (secondary suppression)."""

NIET_GETOOND = "–"
"""Shown by :func:`toon_percentage` for a percentage that is not shown (denominator fewer than 5)."""


class Soort(enum.Enum):
    """What a displayed entry is: a number as it is, or hidden (and why)."""

    GETAL = "getal"
    KLEIN = "klein"
    AANVULLEND = "aanvullend"


@dataclass(frozen=True)
class Cel:
    """One displayed entry. It carries only what may be shown; the true value of a hidden entry is not in it."""

    tekst: str
    soort: Soort

    @property
    def onderdrukt(self) -> bool:
        return self.soort is not Soort.GETAL

    def __str__(self) -> str:
        return self.tekst


@dataclass(frozen=True)
class Tabel:
    """A table of counts: ``waarden[i][j]`` is the count for row ``rijen[i]`` and column ``kolommen[j]``.

    ``rijtotalen``: a total is shown at the end of each row; ``kolomtotalen``: at the foot of each column. With
    both, the grand total is shown as well. The totals are computed here from the counts, so they are always the
    true totals. A single row or column with its total is simply a table of one row or one column; see
    :meth:`reeks`.
    """

    rijen: list[str]
    kolommen: list[str]
    waarden: list[list[int]]
    rijtotalen: bool = False
    kolomtotalen: bool = False

    def __post_init__(self) -> None:
        if len(self.waarden) != len(self.rijen):
            raise ValueError(f"{len(self.rijen)} row labels but {len(self.waarden)} rows of counts.")
        for rij in self.waarden:
            if len(rij) != len(self.kolommen):
                raise ValueError(f"{len(self.kolommen)} column labels but a row of {len(rij)} counts.")
            for waarde in rij:
                if isinstance(waarde, bool) or not isinstance(waarde, int) or waarde < 0:
                    raise ValueError(f"Counts are non-negative integers, not {waarde!r}.")

    @classmethod
    def reeks(cls, labels: list[str], waarden: list[int], kop: str, totaal: bool = True) -> Tabel:
        """A one-dimensional table: one row per label, a single column headed ``kop``, with a total at the foot."""
        return cls(rijen=list(labels), kolommen=[kop], waarden=[[w] for w in waarden], kolomtotalen=totaal)


@dataclass(frozen=True)
class Onderdrukt:
    """The table as it may be shown: the same shape as the :class:`Tabel`, every entry a :class:`Cel`.

    ``rijtotalen`` / ``kolomtotalen`` are ``None`` when the table has no such totals; ``totaal`` (the grand total)
    is ``None`` unless it has both.
    """

    rijen: list[str]
    kolommen: list[str]
    cellen: list[list[Cel]]
    rijtotalen: list[Cel] | None
    kolomtotalen: list[Cel] | None
    totaal: Cel | None


# Positions in the table extended with its totals: ("cel", i, j), ("rij", i) for the total of row i,
# ("kolom", j) for the total of column j, ("totaal",) for the grand total.
Positie = tuple


def _sommen(tabel: Tabel) -> list[tuple[list[Positie], Positie]]:
    """Every sum the table shows, as (the entries that add up, the total they add up to)."""
    n, m = len(tabel.rijen), len(tabel.kolommen)
    sommen = []
    if tabel.rijtotalen:
        sommen += [([("cel", i, j) for j in range(m)], ("rij", i)) for i in range(n)]
    if tabel.kolomtotalen:
        sommen += [([("cel", i, j) for i in range(n)], ("kolom", j)) for j in range(m)]
    if tabel.rijtotalen and tabel.kolomtotalen:
        sommen.append(([("rij", i) for i in range(n)], ("totaal",)))
        sommen.append(([("kolom", j) for j in range(m)], ("totaal",)))
    return sommen


def _waarden(tabel: Tabel) -> dict[Positie, int]:
    waarden: dict[Positie, int] = {}
    for i, rij in enumerate(tabel.waarden):
        for j, waarde in enumerate(rij):
            waarden[("cel", i, j)] = waarde
    if tabel.rijtotalen:
        for i, rij in enumerate(tabel.waarden):
            waarden[("rij", i)] = sum(rij)
    if tabel.kolomtotalen:
        for j in range(len(tabel.kolommen)):
            waarden[("kolom", j)] = sum(rij[j] for rij in tabel.waarden)
    if tabel.rijtotalen and tabel.kolomtotalen:
        waarden[("totaal",)] = sum(map(sum, tabel.waarden))
    return waarden


def _volgorde(positie: Positie) -> tuple:
    """Reading order: cells first (row by row), then row totals, column totals, the grand total."""
    soort = {"cel": 0, "rij": 1, "kolom": 2, "totaal": 3}[positie[0]]
    return (soort, *positie[1:])


def _sluit(sommen, waarden: dict[Positie, int], verborgen: dict[Positie, Soort]) -> None:
    """Secondary suppression: until every sum has 0 or at least 2 hidden entries (changes ``verborgen``)."""
    leden = [[*cellen, totaal] for cellen, totaal in sommen]
    per_positie: dict[Positie, list[int]] = {}
    for k, lid in enumerate(leden):
        for positie in lid:
            per_positie.setdefault(positie, []).append(k)

    def al_beschermd(positie: Positie, behalve: int) -> bool:
        # Another sum through this entry already has a hidden entry: hiding it there completes a pair.
        return any(k != behalve and any(p in verborgen for p in leden[k]) for k in per_positie[positie])

    veranderd = True
    while veranderd:
        veranderd = False
        for k, (cellen, totaal) in enumerate(sommen):
            if sum(p in verborgen for p in leden[k]) != 1:
                continue
            kandidaten = [p for p in cellen if p not in verborgen and waarden[p] > 0]
            if not kandidaten:
                # Only the total is left to hide (it is non-zero: the hidden entry is, and the sum balances).
                kandidaten = [totaal]
            keuze = min(kandidaten, key=lambda p: (waarden[p], not al_beschermd(p, k), _volgorde(p)))
            verborgen[keuze] = Soort.KLEIN if 0 < waarden[keuze] < DREMPEL else Soort.AANVULLEND
            veranderd = True


def _bepaald(sommen, verborgen: dict[Positie, Soort]) -> list[Positie]:
    """The hidden entries whose value follows from the shown figures and the sums, all sums taken together.

    Each sum is a linear equation in the hidden entries (the shown ones are known). An entry is determined
    exactly when its unit vector lies in the row space of the equations: in reduced row echelon form, when its
    pivot row has no other non-zero coefficient.
    """
    onbekend = sorted(verborgen, key=_volgorde)
    index = {p: k for k, p in enumerate(onbekend)}
    rijen = []
    for cellen, totaal in sommen:
        rij = [Fraction(0)] * len(onbekend)
        for p in cellen:
            if p in index:
                rij[index[p]] += 1
        if totaal in index:
            rij[index[totaal]] -= 1
        if any(rij):
            rijen.append(rij)
    # Reduced row echelon form.
    spil_van: dict[int, int] = {}
    r = 0
    for kolom in range(len(onbekend)):
        spil = next((s for s in range(r, len(rijen)) if rijen[s][kolom] != 0), None)
        if spil is None:
            continue
        rijen[r], rijen[spil] = rijen[spil], rijen[r]
        factor = rijen[r][kolom]
        rijen[r] = [x / factor for x in rijen[r]]
        for s in range(len(rijen)):
            if s != r and rijen[s][kolom] != 0:
                f = rijen[s][kolom]
                rijen[s] = [a - f * b for a, b in zip(rijen[s], rijen[r], strict=True)]
        spil_van[kolom] = r
        r += 1
    return [
        onbekend[kolom]
        for kolom, s in spil_van.items()
        if all(x == 0 for c, x in enumerate(rijen[s]) if c != kolom)
    ]


def _verberg(tabel: Tabel) -> tuple[dict[Positie, int], dict[Positie, Soort]]:
    sommen = _sommen(tabel)
    waarden = _waarden(tabel)
    verborgen = {p: Soort.KLEIN for p, w in waarden.items() if 0 < w < DREMPEL}
    _sluit(sommen, waarden, verborgen)
    while bepaald := _bepaald(sommen, verborgen):
        # Hide one more entry beside the first determined one: the smallest non-zero shown cell in a sum through
        # it (cells before totals), preferring one after which it is no longer determined.
        doel = bepaald[0]
        buren = {p for cellen, totaal in sommen if doel in (*cellen, totaal) for p in (*cellen, totaal)}
        kandidaten = [p for p in buren if p not in verborgen and waarden[p] > 0]
        if not kandidaten:
            kandidaten = [p for p in waarden if p not in verborgen and waarden[p] > 0]
        kandidaten.sort(key=lambda p: (p[0] != "cel", waarden[p], _volgorde(p)))
        gekozen = kandidaten[0]
        for kandidaat in kandidaten:
            proef = dict(verborgen)
            proef[kandidaat] = Soort.AANVULLEND
            _sluit(sommen, waarden, proef)
            if doel not in _bepaald(sommen, proef):
                gekozen = kandidaat
                break
        verborgen[gekozen] = Soort.AANVULLEND
        _sluit(sommen, waarden, verborgen)
    return waarden, verborgen


def onderdruk(tabel: Tabel) -> Onderdrukt:
    """The table as it may be shown, by the rules in this module's docstring.

    >>> t = Tabel(["A", "B"], ["x", "y", "z"], [[12, 3, 7], [6, 8, 9]], rijtotalen=True, kolomtotalen=True)
    >>> u = onderdruk(t)
    >>> [[str(c) for c in rij] for rij in u.cellen], [str(c) for c in u.rijtotalen], [str(c) for c in u.kolomtotalen]
    ([['12', '< 5', '•'], ['6', '•', '•']], ['22', '23'], ['18', '11', '16'])
    """
    waarden, verborgen = _verberg(tabel)

    def cel(positie: Positie) -> Cel:
        soort = verborgen.get(positie, Soort.GETAL)
        tekst = {Soort.GETAL: str(waarden[positie]), Soort.KLEIN: KLEIN, Soort.AANVULLEND: AANVULLEND}[soort]
        return Cel(tekst, soort)

    n, m = len(tabel.rijen), len(tabel.kolommen)
    return Onderdrukt(
        rijen=list(tabel.rijen),
        kolommen=list(tabel.kolommen),
        cellen=[[cel(("cel", i, j)) for j in range(m)] for i in range(n)],
        rijtotalen=[cel(("rij", i)) for i in range(n)] if tabel.rijtotalen else None,
        kolomtotalen=[cel(("kolom", j)) for j in range(m)] if tabel.kolomtotalen else None,
        totaal=cel(("totaal",)) if tabel.rijtotalen and tabel.kolomtotalen else None,
    )


def percentage(teller: int, noemer: int) -> int | None:
    """``teller`` as a share of ``noemer`` in whole percents, rounded half up; ``None`` (not shown) when the
    denominator is fewer than 5.

    Mind that a share together with its denominator gives the numerator back (3 of 40 is 8%, and 8% of 40 is 3.2):
    where the numerator is a hidden count and the denominator is shown, the caller should not show the share.

    >>> percentage(1, 8), percentage(2, 3), percentage(2, 6), percentage(0, 5)
    (13, None, 33, 0)
    """
    for waarde in (teller, noemer):
        if isinstance(waarde, bool) or not isinstance(waarde, int) or waarde < 0:
            raise ValueError(f"Counts are non-negative integers, not {waarde!r}.")
    if noemer < DREMPEL:
        return None
    return int((Decimal(teller) * 100 / Decimal(noemer)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def toon_percentage(teller: int, noemer: int) -> str:
    """The share for display: ``"13%"``, or ``"–"`` (:data:`NIET_GETOOND`) when it is not shown."""
    uitkomst = percentage(teller, noemer)
    return NIET_GETOOND if uitkomst is None else f"{uitkomst}%"
