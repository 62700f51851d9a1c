"""Quarters as the report counts them: calendar quarters in Europe/Amsterdam (the project's TIME_ZONE).

A moment belongs to the quarter in which it falls on the Amsterdam clock: a signal submitted at 23:59 on
30 September (Amsterdam) is in the third quarter, even though it is 21:59 UTC. ``begin`` and ``einde`` are aware
datetimes (``begin`` <= moment < ``einde``); ``eerste_dag`` and ``laatste_dag`` are dates (for date fields such as
an action's deadline or the day a case was reported to CoMensha).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Kwartaal:
    jaar: int
    kwartaal: int

    def __post_init__(self):
        if not 1 <= self.kwartaal <= 4:
            raise ValueError(f"A quarter is 1 to 4, not {self.kwartaal!r}.")

    @classmethod
    def van_datum(cls, dag: date) -> Kwartaal:
        return cls(dag.year, (dag.month - 1) // 3 + 1)

    @classmethod
    def laatst_afgesloten(cls, vandaag: date | None = None) -> Kwartaal:
        """The last quarter that has ended (on 1 October: the third quarter)."""
        vandaag = vandaag or timezone.localdate()
        return cls.van_datum(vandaag).vorige

    @property
    def eerste_dag(self) -> date:
        return date(self.jaar, 3 * self.kwartaal - 2, 1)

    @property
    def laatste_dag(self) -> date:
        return self.volgende.eerste_dag - timedelta(days=1)

    @property
    def begin(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.eerste_dag, datetime.min.time()))

    @property
    def einde(self) -> datetime:
        return self.volgende.begin

    @property
    def vorige(self) -> Kwartaal:
        return Kwartaal(self.jaar - 1, 4) if self.kwartaal == 1 else Kwartaal(self.jaar, self.kwartaal - 1)

    @property
    def volgende(self) -> Kwartaal:
        return Kwartaal(self.jaar + 1, 1) if self.kwartaal == 4 else Kwartaal(self.jaar, self.kwartaal + 1)

    @property
    def jaar_eerder(self) -> Kwartaal:
        return Kwartaal(self.jaar - 1, self.kwartaal)

    def terug(self, aantal: int) -> Kwartaal:
        kwartaal = self
        for _i in range(aantal):
            kwartaal = kwartaal.vorige
        return kwartaal

    @property
    def label(self) -> str:
        """"3e kwartaal 2026"."""
        return _("Q%(kwartaal)s %(jaar)s") % {"kwartaal": self.kwartaal, "jaar": self.jaar}

    @property
    def kort(self) -> str:
        """"K3 2026" (table headings, chart axes)."""
        return _("Q%(kwartaal)s '%(jaar)s") % {"kwartaal": self.kwartaal, "jaar": str(self.jaar)[2:]}

    def bevat(self, moment) -> bool:
        if isinstance(moment, datetime):
            return self.begin <= moment < self.einde
        return self.eerste_dag <= moment <= self.laatste_dag
