"""Background jobs of cases and meetings: the handlers live in ``berichten`` (invitation and update e-mails with
an iCalendar file), ``agenda_pdf`` (the agenda PDFs per recipient), ``besluitenlijst_pdf`` (the decision list PDFs
per recipient) and ``herinneringen`` (the daily reminders of open actions); importing them registers them, and
``CasusoverlegConfig.ready()`` imports this module."""
from . import agenda_pdf, berichten, besluitenlijst_pdf, herinneringen  # noqa: F401
