"""The start-page block of the audit log (registered in ``AuditConfig.ready()``; see ``mensenhandel/core/startpage.py``)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mensenhandel.core.startpage import Block

from .selectors import auditentry_list_for

START_AUDIT = 10


def audit(request):
    rows = list(auditentry_list_for(request.user)[:START_AUDIT])
    return {"audit_rows": rows, "audit_url": reverse("audit:lijst")}


BLOCKS = (Block("audit", _("Audit log"), audit),)
