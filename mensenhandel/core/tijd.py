"""Days and moments in the product's time zone (Europe/Amsterdam)."""
import datetime

from django.utils import timezone


def begin_van_dag(dag):
    """The first moment of ``dag`` (a date) in the current time zone: a filter "from this day" is ``>=`` it, "until
    this day, inclusive" is ``<`` that of the next day."""
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time.min))
