"""Attachments are served only here: after the access check, with an audit row, never inline."""
import logging
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from mensenhandel import audit
from mensenhandel.audit.models import Actie

from .. import bijlagen, selectors

logger = logging.getLogger(__name__)


def content_disposition(naam):
    """``attachment`` with an ASCII fallback name and the exact name in RFC 5987 form (RFC 6266 §4.3)."""
    ascii_naam = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode("ascii")
    ascii_naam = "".join(ch if ch.isalnum() or ch in " ._-()" else "_" for ch in ascii_naam).strip(" .") or "bijlage"
    header = f'attachment; filename="{ascii_naam}"'
    if ascii_naam != naam:
        header += f"; filename*=UTF-8''{quote(naam, safe='')}"
    return header


@require_safe
def download(request, pk):
    bijlage = get_object_or_404(selectors.bijlagen_visible_for(request.user).select_related("signaal"), pk=pk)
    try:
        bestand = bijlagen.open(bijlage)
    except (FileNotFoundError, ValueError):
        logger.error("The file of attachment %s is missing", bijlage.pk)
        raise Http404 from None
    audit.log(request.user, Actie.DOWNLOAD, bijlage, omschrijving=f"bijlage bij signaal {bijlage.signaal_id}")
    response = FileResponse(bestand, content_type=bijlage.content_type)
    response["Content-Length"] = str(bijlage.grootte)
    response["Content-Disposition"] = content_disposition(bijlage.bestandsnaam)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
