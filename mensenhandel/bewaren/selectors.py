"""Reading the retention rules and runs."""
import calendar
from datetime import timedelta

from django.utils import timezone

from .models import SOORTEN, BewaarRun, Bewaartermijn, Eenheid, RunStatus


def regel(soort):
    """The rule of a kind: its row, or an unsaved one with the default term."""
    rij = Bewaartermijn.objects.filter(soort=soort).first()
    return rij or Bewaartermijn(soort=soort, termijn=SOORTEN[soort].standaard)


def regels():
    """Every kind's rule, in the order of ``SOORTEN``."""
    rijen = {rij.soort: rij for rij in Bewaartermijn.objects.select_related("gewijzigd_door")}
    return [rijen.get(soort) or Bewaartermijn(soort=soort, termijn=spec.standaard) for soort, spec in SOORTEN.items()]


def maanden_terug(moment, maanden):
    """The same day and time ``maanden`` calendar months earlier (the month's last day where it is shorter)."""
    jaar, maand = divmod(moment.year * 12 + moment.month - 1 - maanden, 12)
    maand += 1
    return moment.replace(year=jaar, month=maand, day=min(moment.day, calendar.monthrange(jaar, maand)[1]))


def grens(rij, nu=None):
    """Records whose term started before this moment have passed it."""
    nu = timezone.localtime(nu or timezone.now())
    eenheid = rij.spec.eenheid
    if eenheid == Eenheid.DAGEN:
        return nu - timedelta(days=rij.termijn)
    maanden = rij.termijn if eenheid == Eenheid.MAANDEN else rij.termijn * 12
    return maanden_terug(nu, maanden)


def termijnen_tekst():
    """{"signaal": "12 maanden", ...}: the terms as the privacy statement and the runs name them."""
    return {rij.soort: rij.tekst for rij in regels()}


def runs():
    return BewaarRun.objects.select_related("door")


def laatste_run():
    return runs().exclude(status=RunStatus.BEZIG).first()


def volgende_run(nu=None):
    """When the nightly run starts next (from the beat schedule), or None when the schedule has no run."""
    from mensenhandel.celery import app

    for entry in app.conf.beat_schedule.values():
        if entry["task"] == "bewaren.toepassen":
            nu = timezone.localtime(nu or timezone.now())
            moment = nu + entry["schedule"].remaining_estimate(nu) + timedelta(seconds=30)
            return moment.replace(second=0, microsecond=0)  # to the whole minute the schedule names
    return None
