"""Background jobs of the treffers app."""
from mensenhandel.core import mail
from mensenhandel.jobs.registry import job

from . import notifications


@job(notifications.JOB_NIEUW, opnieuw=mail.OPNIEUW)
def nieuw(job_row):
    """The "there is a new hit" mail to a ketenregisseur (``notifications.send_new``)."""
    return {"verstuurd": notifications.send_new(*job_row.args)}
