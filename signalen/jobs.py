"""Background jobs of the signals app. (Drafts past their term are removed by the retention run:
``signalen.bewaartermijn``.)"""
from mensenhandel.core import mail
from mensenhandel.jobs.registry import job

from . import notifications


@job(notifications.JOB_NIEUWS, opnieuw=mail.OPNIEUW)
def nieuws(job_row):
    """The "there is news" mail to a signal's submitter (``notifications.send_news``)."""
    return {"verstuurd": notifications.send_news(*job_row.args)}


@job(notifications.JOB_ANTWOORD, opnieuw=mail.OPNIEUW)
def antwoord(job_row):
    """The "there is news" mail to a ketenregisseur: a submitter answered a question
    (``notifications.send_answer_news``)."""
    return {"verstuurd": notifications.send_answer_news(*job_row.args)}
