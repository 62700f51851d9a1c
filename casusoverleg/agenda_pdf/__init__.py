"""The agenda PDFs of a meeting: one per recipient organisation, holding only the items it may see.

For one agenda version the recipients are (``verzendlijst.ontvangers``):

- the full agenda (``organisatie`` empty), for the managing ketenregisseur and the chair;
- each standing participant (``OverlegDeelnemer``): the general items and every case item (a standing member for the
  general items only, issue 21: the case items it is invited for);
- each organisation invited for a case item (``Uitnodiging``): the general items and only its own case items.

The job ``casusoverleg.agenda_pdfs`` (args: meeting id, version; ``job``) makes the documents that do not exist yet,
one per run, and queues itself again for the next one, so every document is committed (and counted by the progress on
the meeting page, ``progress``) as soon as it is made. A version that is no longer current is skipped; a document that
exists is not made again. When the last one exists, each participant's and invitee's contact (and the chair) gets one
e-mail (``mail``: ``OverlegBericht`` soort "agenda", volgnummer = version) that the agenda is ready, with a link to the
meeting page: no case codes, nothing of the items.

Rendering (``rendering``) is the platform's ``mensenhandel.core.pdf.html_to_pdf`` (WeasyPrint, tagged PDF/UA-1, A4,
Noto Sans, ``static/css/pdf.css``) with the agenda's running header and footer. Files go to
``PROTECTED_FILES_ROOT / "agenda"`` under a random name (``opslag``) and are served only by ``views.agenda.document``
after the access check.

The decision list (``casusoverleg.besluitenlijst_pdf``) reuses the recipients, the page header, the store, the
progress and the e-mail of this package. The names below are the package's public face.
"""
from .job import JOB, PER_RUN, agenda_pdfs
from .mail import BERICHT_SOORT, contacten, contacten_zonder_bericht, mail_agenda_klaar, send_to
from .opslag import MAP, open, pad, store  # noqa: A004  (open: as signalen.bijlagen.open)
from .progress import Voortgang, voortgang
from .rendering import pagina_css, render
from .verzendlijst import Ontvanger, aantal_ontvangers, agenda_punten, deelnemers, ontvangers

__all__ = [
    "BERICHT_SOORT", "JOB", "MAP", "PER_RUN", "Ontvanger", "Voortgang", "aantal_ontvangers", "agenda_pdfs",
    "agenda_punten", "contacten", "contacten_zonder_bericht", "deelnemers", "mail_agenda_klaar", "ontvangers", "open",
    "pad", "pagina_css", "render", "send_to", "store", "voortgang",
]
