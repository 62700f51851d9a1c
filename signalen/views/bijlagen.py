"""Attachments are served only here: after the access check, with an audit row, never inline."""
import logging

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.beschermd import content_disposition  # noqa: F401  (named here since issue 5)
from mensenhandel.core.beschermd import download as download_response

from .. import bijlagen, selectors

logger = logging.getLogger(__name__)


@require_safe
def download(request, pk):
    bijlage = get_object_or_404(selectors.bijlagen_visible_for(request.user).select_related("signaal"), pk=pk)
    try:
        bestand = bijlagen.open(bijlage)
    except (FileNotFoundError, ValueError):
        logger.error("The file of attachment %s is missing", bijlage.pk)
        raise Http404 from None
    audit.log(request.user, AuditActie.DOWNLOAD, bijlage, omschrijving=f"bijlage bij signaal {bijlage.signaal_id}")
    return download_response(bestand, content_type=bijlage.content_type, naam=bijlage.bestandsnaam,
                             grootte=bijlage.grootte)
