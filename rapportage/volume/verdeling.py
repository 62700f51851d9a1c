"""Exact, reproducible division of a total over weights, and fast weighted choices."""
import math
from bisect import bisect_right
from itertools import accumulate


def verdeel(totaal, gewichten):
    """Divide ``totaal`` over ``gewichten`` in whole numbers that add up to it exactly (largest remainder)."""
    som = float(sum(gewichten))
    if totaal <= 0 or som <= 0:
        return [0] * len(gewichten)
    delen = [totaal * g / som for g in gewichten]
    uitkomst = [math.floor(d) for d in delen]
    rest = totaal - sum(uitkomst)
    for index in sorted(range(len(delen)), key=lambda i: (uitkomst[i] - delen[i], i))[:rest]:
        uitkomst[index] += 1
    return uitkomst


class Keuze:
    """A weighted choice among fixed items, repeated many times (cumulative weights, bisect)."""

    __slots__ = ("items", "_cumulatief", "_totaal")

    def __init__(self, gewogen):
        gewogen = [(item, gewicht) for item, gewicht in gewogen if gewicht > 0]
        self.items = [item for item, _g in gewogen]
        self._cumulatief = list(accumulate(gewicht for _i, gewicht in gewogen))
        self._totaal = self._cumulatief[-1] if self._cumulatief else 0

    def __bool__(self):
        return bool(self.items)

    def __call__(self, rng):
        return self.items[bisect_right(self._cumulatief, rng.random() * self._totaal)]
