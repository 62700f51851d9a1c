"""Small-number suppression (issue 8): the worked example, the primary and secondary rules, the cascade, the edge
cases of rapportage/suppressie.py's docstring, and properties over random tables: every shown figure is true, no
count of 1–4 is shown, and no hidden value can be worked out by subtraction (per row or column, and exactly, all
sums at once). Plus percentages, rounded half up and not shown over fewer than 5.
"""
import doctest
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapportage import suppressie
from rapportage.suppressie import AANVULLEND, KLEIN, Soort, Tabel, onderdruk, percentage, toon_percentage

V = AANVULLEND


def tekst(rij):
    return [str(c) for c in rij]


def raster(uitkomst):
    return [tekst(rij) for rij in uitkomst.cellen]


def test_doctests():
    uitslag = doctest.testmod(suppressie)
    assert uitslag.attempted > 0 and uitslag.failed == 0


def test_worked_example_from_the_issue():
    uitkomst = onderdruk(Tabel.reeks(["Enschede", "Hengelo", "Almelo"], [12, 3, 7], kop="Signalen"))
    assert raster(uitkomst) == [["12"], ["< 5"], ["•"]]
    assert str(uitkomst.kolomtotalen[0]) == "22"
    assert [rij[0].soort for rij in uitkomst.cellen] == [Soort.GETAL, Soort.KLEIN, Soort.AANVULLEND]
    assert uitkomst.rijtotalen is None and uitkomst.totaal is None
    assert uitkomst.rijen == ["Enschede", "Hengelo", "Almelo"] and uitkomst.kolommen == ["Signalen"]


def test_worked_example_as_a_row():
    uitkomst = onderdruk(Tabel(["Signalen"], ["Enschede", "Hengelo", "Almelo"], [[12, 3, 7]], rijtotalen=True))
    assert raster(uitkomst) == [["12", "< 5", "•"]]
    assert tekst(uitkomst.rijtotalen) == ["22"]


@pytest.mark.parametrize(("waarde", "getoond"), [(0, "0"), (1, KLEIN), (4, KLEIN), (5, "5"), (6, "6"), (123, "123")])
def test_primary_suppression_without_totals(waarde, getoond):
    uitkomst = onderdruk(Tabel(["a"], ["x"], [[waarde]]))
    assert str(uitkomst.cellen[0][0]) == getoond
    assert uitkomst.cellen[0][0].onderdrukt == (getoond == KLEIN)


def test_zero_stays_zero_and_is_never_used_to_hide():
    # The 3 needs a partner; the zeros cannot be it, so the smallest non-zero (9, not the 0s) is hidden.
    uitkomst = onderdruk(Tabel.reeks(list("abcde"), [0, 3, 0, 9, 15], kop="n"))
    assert raster(uitkomst) == [["0"], [KLEIN], ["0"], [V], ["15"]]
    assert str(uitkomst.kolomtotalen[0]) == "27"


def test_only_one_other_nonzero_cell_is_hidden_whatever_its_size():
    uitkomst = onderdruk(Tabel(["r"], list("abc"), [[3, 0, 40]], rijtotalen=True))
    assert raster(uitkomst) == [[KLEIN, "0", V]]
    assert tekst(uitkomst.rijtotalen) == ["43"]


def test_the_only_nonzero_cell_hides_its_total():
    # 3, 0, 0 with total 3: the total would give the 3 away; it is a count of 1-4 itself, so "< 5".
    uitkomst = onderdruk(Tabel(["r"], list("abc"), [[3, 0, 0]], rijtotalen=True))
    assert raster(uitkomst) == [[KLEIN, "0", "0"]]
    assert tekst(uitkomst.rijtotalen) == [KLEIN]


def test_a_total_of_one_to_four_is_hidden_even_with_two_hidden_cells():
    # The same count would be "< 5" in the one-dimensional table of that row's subject.
    uitkomst = onderdruk(Tabel(["r", "s"], ["a", "b"], [[1, 2], [10, 20]], rijtotalen=True))
    assert raster(uitkomst) == [[KLEIN, KLEIN], ["10", "20"]]
    assert tekst(uitkomst.rijtotalen) == [KLEIN, "30"]


def test_no_suppression_needed_leaves_everything_shown():
    uitkomst = onderdruk(Tabel(["r", "s"], ["a", "b"], [[5, 0], [7, 9]], rijtotalen=True, kolomtotalen=True))
    assert raster(uitkomst) == [["5", "0"], ["7", "9"]]
    assert tekst(uitkomst.rijtotalen) == ["5", "16"] and tekst(uitkomst.kolomtotalen) == ["12", "9"]
    assert str(uitkomst.totaal) == "21"


def test_secondary_suppression_in_rows_only():
    # Row totals only: each row is protected on its own; the columns have no total and need nothing.
    t = Tabel(["r", "s"], ["a", "b", "c"], [[12, 3, 7], [6, 8, 2]], rijtotalen=True)
    uitkomst = onderdruk(t)
    assert raster(uitkomst) == [["12", KLEIN, V], [V, "8", KLEIN]]
    assert tekst(uitkomst.rijtotalen) == ["22", "16"]
    assert uitkomst.kolomtotalen is None and uitkomst.totaal is None


def test_secondary_suppression_in_columns_only():
    t = Tabel(["r", "s", "t"], ["a", "b"], [[12, 6], [3, 8], [7, 2]], kolomtotalen=True)
    uitkomst = onderdruk(t)
    assert raster(uitkomst) == [["12", V], [KLEIN, "8"], [V, KLEIN]]
    assert tekst(uitkomst.kolomtotalen) == ["22", "16"]


def test_secondary_suppression_in_rows_and_columns_with_both_totals():
    t = Tabel(["r", "s"], ["a", "b", "c"], [[12, 3, 7], [6, 8, 9]], rijtotalen=True, kolomtotalen=True)
    uitkomst = onderdruk(t)
    # Row r: 3 and its partner 7; column b: 3 and 8; column c: 7 and 9; row s then has 8 and 9.
    assert raster(uitkomst) == [["12", KLEIN, V], ["6", V, V]]
    assert tekst(uitkomst.rijtotalen) == ["22", "23"]
    assert tekst(uitkomst.kolomtotalen) == ["18", "11", "16"]
    assert str(uitkomst.totaal) == "45"


def test_cascade():
    # 3 needs 10 (row r) and 8 (column a); 10 leaves column b with one, so 20; 20 leaves row s with one, so 9;
    # 8 leaves row t with one, so 60; 9 leaves column c with one, so 50. Then every line has 0 or >= 2.
    t = Tabel(["r", "s", "t"], ["a", "b", "c"], [[3, 10, 50], [40, 20, 9], [8, 60, 70]], rijtotalen=True, kolomtotalen=True)
    uitkomst = onderdruk(t)
    assert raster(uitkomst) == [[KLEIN, V, V], ["40", V, V], [V, V, "70"]]
    assert tekst(uitkomst.rijtotalen) == ["63", "69", "138"]
    assert tekst(uitkomst.kolomtotalen) == ["51", "90", "129"]
    assert str(uitkomst.totaal) == "270"


def test_a_hidden_cell_alone_in_its_row_hides_the_row_total():
    # Column a: the 3 needs a partner, the 8; row s is then 8, 0 with total 8, so its total is hidden ("•"), which in
    # turn leaves the column of row totals (9, •, grand 17) with one hidden entry, and so on. Only the grand total
    # and the zero stay; anything more would give the 3 away.
    t = Tabel(["r", "s"], ["a", "b"], [[3, 6], [8, 0]], rijtotalen=True, kolomtotalen=True)
    uitkomst = onderdruk(t)
    assert raster(uitkomst) == [[KLEIN, V], [V, "0"]]
    assert tekst(uitkomst.rijtotalen) == [V, V]
    assert tekst(uitkomst.kolomtotalen) == [V, V]
    assert str(uitkomst.totaal) == "17"
    assert not bepaald(t, uitkomst)


def test_two_blocks_joined_by_one_cell_get_more_suppression():
    # Every row and column has two or more hidden cells, yet rows r+s minus columns a+b leaves the 1 at (s, c)
    # alone: the exact check must hide more.
    waarden = [[1, 2, 50, 60], [3, 4, 1, 70], [80, 90, 2, 3], [55, 65, 4, 1]]
    t = Tabel(list("rstu"), list("abcd"), waarden, rijtotalen=True, kolomtotalen=True)
    uitkomst = onderdruk(t)
    assert not bepaald(t, uitkomst)
    assert sum(c.soort is Soort.AANVULLEND for rij in uitkomst.cellen for c in rij) >= 1


def test_invalid_tables_are_refused():
    with pytest.raises(ValueError):
        Tabel(["a"], ["x"], [[-1]])
    with pytest.raises(ValueError):
        Tabel(["a", "b"], ["x"], [[1]])
    with pytest.raises(ValueError):
        Tabel(["a"], ["x", "y"], [[1]])
    with pytest.raises(ValueError):
        Tabel(["a"], ["x"], [[1.5]])


# --- Properties over random tables ----------------------------------------------------------------------------------

def entries(tabel, uitkomst):
    """(true value, displayed cell) per position, with the lines (cells, total) the table shows — built here
    independently of the module's own bookkeeping."""
    n, m = len(tabel.rijen), len(tabel.kolommen)
    w = tabel.waarden
    waarde = {("c", i, j): w[i][j] for i in range(n) for j in range(m)}
    getoond = {("c", i, j): uitkomst.cellen[i][j] for i in range(n) for j in range(m)}
    lijnen = []
    if tabel.rijtotalen:
        for i in range(n):
            waarde["R", i], getoond["R", i] = sum(w[i]), uitkomst.rijtotalen[i]
            lijnen.append(([("c", i, j) for j in range(m)], ("R", i)))
    if tabel.kolomtotalen:
        for j in range(m):
            waarde["K", j], getoond["K", j] = sum(w[i][j] for i in range(n)), uitkomst.kolomtotalen[j]
            lijnen.append(([("c", i, j) for i in range(n)], ("K", j)))
    if tabel.rijtotalen and tabel.kolomtotalen:
        waarde["G"], getoond["G"] = sum(map(sum, w)), uitkomst.totaal
        lijnen.append(([("R", i) for i in range(n)], "G"))
        lijnen.append(([("K", j) for j in range(m)], "G"))
    return waarde, getoond, lijnen


def rang(matrix):
    rijen = [list(r) for r in matrix]
    rank = 0
    kolommen = len(rijen[0]) if rijen else 0
    for k in range(kolommen):
        spil = next((r for r in range(rank, len(rijen)) if rijen[r][k]), None)
        if spil is None:
            continue
        rijen[rank], rijen[spil] = rijen[spil], rijen[rank]
        for r in range(len(rijen)):
            if r != rank and rijen[r][k]:
                f = Fraction(rijen[r][k], rijen[rank][k])
                rijen[r] = [a - f * b for a, b in zip(rijen[r], rijen[rank], strict=True)]
        rank += 1
    return rank


def bepaald(tabel, uitkomst):
    """Hidden positions whose value follows from what is shown: e_k is in the row space of the sums."""
    waarde, getoond, lijnen = entries(tabel, uitkomst)
    verborgen = [p for p, c in getoond.items() if c.onderdrukt]
    matrix = []
    for cellen, totaal in lijnen:
        matrix.append([Fraction((p in cellen) - (p == totaal)) for p in verborgen])
    r = rang(matrix)
    return [p for k, p in enumerate(verborgen) if rang([*matrix, [int(i == k) for i in range(len(verborgen))]]) == r]


aantal = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40))


@st.composite
def tabellen(draw):
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    waarden = draw(st.lists(st.lists(aantal, min_size=m, max_size=m), min_size=n, max_size=n))
    rijtotalen, kolomtotalen = draw(st.booleans()), draw(st.booleans())
    return Tabel([f"r{i}" for i in range(n)], [f"k{j}" for j in range(m)], waarden, rijtotalen, kolomtotalen)


@settings(max_examples=400, deadline=None)
@given(tabellen())
def test_every_line_with_a_total_has_no_single_hidden_cell(tabel):
    uitkomst = onderdruk(tabel)
    waarde, getoond, lijnen = entries(tabel, uitkomst)
    for cellen, totaal in lijnen:
        verborgen = sum(getoond[p].onderdrukt for p in cellen)
        # The brief's form: 0 or >= 2 hidden cells, or the total itself hidden ...
        assert verborgen != 1 or getoond[totaal].onderdrukt
        # ... and the stronger form: counting the total as an entry of the sum, 0 or >= 2 hidden entries.
        assert verborgen + getoond[totaal].onderdrukt != 1


@settings(max_examples=400, deadline=None)
@given(tabellen())
def test_what_is_shown_is_true_and_no_small_count_is_shown(tabel):
    uitkomst = onderdruk(tabel)
    waarde, getoond, _ = entries(tabel, uitkomst)
    for p, cel in getoond.items():
        if 1 <= waarde[p] <= 4:
            assert (cel.tekst, cel.soort) == (KLEIN, Soort.KLEIN)
        elif cel.soort is Soort.GETAL:
            assert cel.tekst == str(waarde[p])
        else:
            assert (cel.tekst, cel.soort) == (V, Soort.AANVULLEND)
            assert waarde[p] >= 5
        if waarde[p] == 0:
            assert cel.tekst == "0"


@settings(max_examples=400, deadline=None)
@given(tabellen())
def test_no_hidden_value_follows_from_all_sums_together(tabel):
    uitkomst = onderdruk(tabel)
    assert bepaald(tabel, uitkomst) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(aantal, min_size=1, max_size=8))
def test_one_dimensional_total_is_hidden_only_when_small(waarden):
    uitkomst = onderdruk(Tabel.reeks([str(i) for i in range(len(waarden))], waarden, kop="n"))
    totaal = uitkomst.kolomtotalen[0]
    assert totaal.tekst == (KLEIN if 1 <= sum(waarden) <= 4 else str(sum(waarden)))
    verborgen = [rij[0] for rij in uitkomst.cellen if rij[0].onderdrukt]
    assert len(verborgen) != 1 or totaal.onderdrukt


# --- Percentages ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("teller", "noemer", "verwacht"),
    [
        (1, 8, 13),  # 12.5 -> 13: half up, not to even
        (2, 3, None),  # denominator under 5
        (2, 6, 33),
        (4, 6, 67),  # 66.67
        (5, 8, 63),  # 62.5 -> 63
        (1, 40, 3),  # 2.5 -> 3 (banker's rounding would give 2)
        (0, 5, 0),
        (5, 5, 100),
        (0, 0, None),
        (3, 4, None),
        (1, 200, 1),  # 0.5 -> 1
        (1, 201, 0),  # 0.4975 -> 0
    ],
)
def test_percentage(teller, noemer, verwacht):
    assert percentage(teller, noemer) == verwacht


def test_two_thirds_is_67():
    assert percentage(10, 15) == 67


def test_toon_percentage():
    assert toon_percentage(1, 8) == "13%"
    assert toon_percentage(2, 3) == suppressie.NIET_GETOOND


@pytest.mark.parametrize(("teller", "noemer"), [(-1, 5), (1, -5), (1.0, 5), (True, 5)])
def test_percentage_refuses_what_is_no_count(teller, noemer):
    with pytest.raises(ValueError):
        percentage(teller, noemer)
