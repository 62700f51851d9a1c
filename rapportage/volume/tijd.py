"""The clock of the generated history: whole seconds since 1970 (UTC) for moments, proleptic ordinals for days.

The history ends at the *anchor*: midnight (Europe/Amsterdam) at the start of the Monday of the week the command
runs, and begins ten years earlier. The same seed therefore gives the same data all week; a week later everything
lies a week later (weekdays stay weekdays). Planned meetings reach four weeks past the anchor.
"""
import zoneinfo
from bisect import bisect_right
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

DAG = 86400
UUR = 3600
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_HMS = [f"{u:02d}:{m:02d}:{s:02d}" for u in range(24) for m in range(60) for s in range(60)]
_UTC_DAGEN = {}
_DATUMS = {}


def moment_tekst(ts):
    """A moment as PostgreSQL's COPY reads a timestamptz: '2019-03-04 10:22:01+00'."""
    dag, seconden = divmod(ts, DAG)
    tekst = _UTC_DAGEN.get(dag)
    if tekst is None:
        tekst = _UTC_DAGEN[dag] = date.fromordinal(_EPOCH_ORDINAL + dag).isoformat()
    return f"{tekst} {_HMS[seconden]}+00"


def datum_tekst(dag):
    """A day (ordinal) as COPY reads a date."""
    tekst = _DATUMS.get(dag)
    if tekst is None:
        tekst = _DATUMS[dag] = date.fromordinal(dag).isoformat()
    return tekst


def weekdag(dag):
    """0 = Monday (ordinal 1, 1 January of year 1, was a Monday)."""
    return (dag - 1) % 7


def aware(ts):
    return datetime.fromtimestamp(ts, tz=timezone.get_fixed_timezone(0))


def anker_voor(vandaag):
    return vandaag - timedelta(days=vandaag.weekday())


class Tijd:
    def __init__(self, vandaag):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        maandag = anker_voor(vandaag)
        try:
            begin = maandag.replace(year=maandag.year - 10)
        except ValueError:  # 29 February
            begin = maandag.replace(year=maandag.year - 10, day=28)
        self.anker_dag = maandag.toordinal()
        self.begin_dag = begin.toordinal()
        self._eerste = self.begin_dag - 400
        laatste = self.anker_dag + 400
        self._middernacht = [
            int(datetime.combine(date.fromordinal(dag), time(0), tzinfo=zone).timestamp())
            for dag in range(self._eerste, laatste + 1)
        ]
        self.anker = self.middernacht(self.anker_dag)
        self.begin = self.middernacht(self.begin_dag)
        self.span = self.anker - self.begin
        self.nu = int(timezone.now().timestamp())

    def middernacht(self, dag):
        return self._middernacht[dag - self._eerste]

    def dag_van(self, ts):
        """The Amsterdam day (ordinal) of a moment."""
        return self._eerste + bisect_right(self._middernacht, ts) - 1

    def jaar_van(self, ts):
        return date.fromordinal(self.dag_van(ts)).year

    def kantoortijd(self, rng, dag, van=8.5, tot=17.0):
        """A moment during office hours of ``dag``, moved to the Friday before when it falls in a weekend."""
        wd = weekdag(dag)
        if wd >= 5:
            dag -= wd - 4
        return self.middernacht(dag) + int(van * UUR) + rng.randrange(int((tot - van) * UUR))

    def groei(self, rng):
        """A moment in the ten years, more of them later: activity grows from 0.55 to 1.45 times the average."""
        while True:
            x = rng.random()
            if rng.random() * 1.45 <= 0.55 + 0.9 * x:
                return self.begin + int(x * self.span)
