"""The Celery app. Workers: `celery -A mensenhandel worker`; schedule: `celery -A mensenhandel beat`.

Jobs are queued through `mensenhandel.jobs.enqueue`, never with `.delay()` directly: the job is a
row written in the same transaction as the change, and Celery only carries its id.
"""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings.dev")

app = Celery("mensenhandel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Hands jobs that could not be published (Redis away) to Celery once it answers again.
    "jobs-relay-pending": {
        "task": "jobs.relay_pending",
        "schedule": crontab(minute="*"),
    },
    # Retention (mensenhandel.bewaren, issue 17): closed cases, signals without a case, drafts and audit rows past
    # their term are removed or anonymised, nightly at 03:15 Europe/Amsterdam (CELERY_TIMEZONE).
    "bewaren-toepassen": {
        "task": "bewaren.toepassen",
        "schedule": crontab(hour=3, minute=15),
    },
    # Files of the protected store whose row never got committed (a rolled-back transaction) are removed once they
    # are a day old (mensenhandel.core.jobs), daily at 03:30 Europe/Amsterdam.
    "bestanden-opruimen": {
        "task": "bestanden.opruimen",
        "schedule": crontab(hour=3, minute=30),
    },
    # Reminders of actions due within 3 days or overdue (casusoverleg.herinneringen), daily at 07:00 Europe/Amsterdam.
    "casusoverleg-herinneringen": {
        "task": "casusoverleg.herinneringen",
        "schedule": crontab(hour=7, minute=0),
    },
    # Concepts of the quarterly report (for the werkgebied's board) for the quarter that ended
    # (rapportage.kwartaalconcepten), at 06:30 Europe/Amsterdam on each of the first seven days after a quarter: a day
    # the workers were down is made up the next morning; a werkgebied that has a report of that quarter gets nothing new.
    "rapportage-kwartaalconcepten": {
        "task": "rapportage.kwartaalconcepten",
        "schedule": crontab(hour=6, minute=30, day_of_month="1-7", month_of_year="1,4,7,10"),
    },
}
