"""Background jobs of cases and meetings: the handlers live in ``berichten`` (invitation and update e-mails with
an iCalendar file) and ``agenda_pdf`` (the agenda PDFs per recipient); importing them registers them."""
from . import agenda_pdf, berichten  # noqa: F401
