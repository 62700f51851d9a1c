"""View mixins that log reads: one row per detail view, per list request, per export and download.

Also the audit-log page itself and its CSV export (which are logged like any other list and export).
"""
import datetime
import json

from django.db.models import Q
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.views import BaseFilterView, FilterView

from mensenhandel.core.csv_export import CsvExport, csv_cell  # noqa: F401  (csv_cell: the tests' import)
from mensenhandel.core.rollen import Rol

from . import log, selectors
from .filters import AuditEntryFilter
from .models import AuditActie, AuditEntry


class AuditedDetailMixin:
    """For DetailView-like views: logs a 'view' of the object the view shows."""

    audit_action = AuditActie.VIEW

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        log(self.request.user, self.audit_action, obj)
        return obj


class AuditedListMixin:
    """For ListView-like views: logs a 'list' of the model with the filter the user asked for."""

    audit_action = AuditActie.LIST

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(request.user, self.audit_action, self.model, filters=request.GET)
        return response


class AuditLogAccessMixin:
    """Only the beheerder and the ketenregisseur read the audit log; to everyone else it does not exist (404)."""

    model = AuditEntry
    filterset_class = AuditEntryFilter

    def dispatch(self, request, *args, **kwargs):
        if not selectors.may_read_audit_log(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.auditentry_list_for(self.request.user)


def filter_text(filters):
    """{'actie': 'list', 'x': ['a', 'b']} -> 'actie=list, x=a|b' (the filter a list or export was asked with)."""
    if not isinstance(filters, dict):
        return ""
    parts = []
    for key, value in filters.items():
        value = "|".join(str(v) for v in value) if isinstance(value, list) else str(value)
        parts.append(f"{key}={value}")
    return ", ".join(parts)


# The page says how many rows match up to this number, and "more than" beyond it: counting every row of a
# werkgebied's ten years would cost more than the page itself.
TEL_TOT = 1000
PER_PAGINA = 50


def _cursor(entry):
    return f"{entry.tijdstip.isoformat()}~{entry.pk}"


def _lees_cursor(value):
    """``"<tijdstip>~<id>"`` -> (datetime, id), or None for anything else (then the list starts at the newest)."""
    tijdstip, _sep, pk = (value or "").partition("~")
    try:
        moment = datetime.datetime.fromisoformat(tijdstip)
        pk = int(pk)
    except ValueError:
        return None
    if timezone.is_naive(moment) or pk < 1:
        return None
    return moment, pk


class AuditEntryListView(AuditLogAccessMixin, AuditedListMixin, FilterView):
    """The audit log, searchable by period, user, organisation, action and object; 50 rows a page, newest first.

    Paged by position (keyset: "older than this row"), not by page number: the cost of a page stays the same however
    far back the reader goes and however large the log is."""

    context_object_name = "entries"
    template_name = "audit/auditentry_list.html"

    def get_context_data(self, **kwargs):
        rows = self.object_list
        ouder = _lees_cursor(self.request.GET.get("voor"))
        nieuwer = None if ouder else _lees_cursor(self.request.GET.get("na"))
        if ouder:
            moment, pk = ouder
            pagina = list(rows.filter(Q(tijdstip__lt=moment) | Q(tijdstip=moment, pk__lt=pk))[:PER_PAGINA + 1])
            heeft_ouder, heeft_nieuwer = len(pagina) > PER_PAGINA, True
            pagina = pagina[:PER_PAGINA]
        elif nieuwer:
            moment, pk = nieuwer
            pagina = list(rows.filter(Q(tijdstip__gt=moment) | Q(tijdstip=moment, pk__gt=pk))
                          .order_by("tijdstip", "pk")[:PER_PAGINA + 1])
            heeft_nieuwer, heeft_ouder = len(pagina) > PER_PAGINA, True
            pagina = list(reversed(pagina[:PER_PAGINA]))
        else:
            pagina = list(rows[:PER_PAGINA + 1])
            heeft_ouder, heeft_nieuwer = len(pagina) > PER_PAGINA, False
            pagina = pagina[:PER_PAGINA]
        # Read now (lists), so the page shows the log as it was when asked, not with this request's own row.
        for entry in pagina:
            entry.object_label = selectors.object_type_label(entry.object_type)
            entry.filter_text = filter_text(entry.filters)
        aantal = rows.order_by()[:TEL_TOT + 1].count()
        # The filter asked for, without empty fields and without the position: for the links and the export link.
        filter_query = QueryDict(mutable=True)
        for name in self.filterset.form.fields:
            values = [value for value in self.request.GET.getlist(name) if value]
            if values:
                filter_query.setlist(name, values)
        return super().get_context_data(
            entries=pagina, filter_query=filter_query, gefilterd=bool(filter_query),
            aantal=min(aantal, TEL_TOT), meer_dan=aantal > TEL_TOT,
            ouder_cursor=_cursor(pagina[-1]) if pagina and heeft_ouder else None,
            nieuwer_cursor=_cursor(pagina[0]) if pagina and heeft_nieuwer else None,
            **kwargs,
        )


class AuditEntryExportView(AuditLogAccessMixin, AuditedListMixin, BaseFilterView):
    """The rows of the audit-log page (same filter, no pages) as CSV for Excel NL: UTF-8 with BOM, semicolons."""

    audit_action = AuditActie.EXPORT

    def render_to_response(self, context):
        export = CsvExport(
            "auditlog",
            (
                _("ID"), _("Time"), _("User"), _("Organisation"), _("Action"), _("Object type"), _("Object id"),
                _("Filter"), _("Description"), _("IP address"),
            ),
        )
        labels = {}
        for entry in self.object_list.iterator(chunk_size=2000):
            if entry.object_type not in labels:
                labels[entry.object_type] = selectors.object_type_label(entry.object_type)
            export.row(
                (
                    entry.pk,
                    timezone.localtime(entry.tijdstip).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.actor.naam if entry.actor else "",
                    entry.organisatie.naam if entry.organisatie else "",
                    entry.get_actie_display(),
                    labels[entry.object_type],
                    entry.object_id,
                    json.dumps(entry.filters, ensure_ascii=False, sort_keys=True) if entry.filters else "",
                    entry.omschrijving,
                    entry.ip or "",
                )
            )
        return export.response


def verwerkingsoverzicht(obj, ook=()):
    """The context of ``audit/_verwerkingsoverzicht.html`` for one record and the records in ``ook`` that belong to
    it (the caller decides who sees it: the ketenregisseur of its werkgebied)."""
    rijen, aantal = selectors.verwerkingen(obj, ook=ook)
    query = QueryDict(mutable=True)
    query.update({"object_type": obj._meta.label_lower, "object_id": str(obj.pk)})
    return {"rijen": rijen, "aantal": aantal, "meer_url": f"{reverse('audit:lijst')}?{query.urlencode()}"}


def ongebruikelijk(request):
    """Beheer: the unusual reading of the last two weeks (``selectors.ongebruikelijk_lezen``), each day of a user with
    a link to its rows in the audit log. For the beheerder only (404 for everyone else); the page itself is audited."""
    from django.shortcuts import render

    user = request.user
    if not (selectors.may_read_audit_log(user) and user.rol == Rol.BEHEERDER):
        raise Http404
    bevindingen = selectors.ongebruikelijk_lezen()
    for bevinding in bevindingen:
        query = QueryDict(mutable=True)
        query.update({"actor": str(bevinding["actor_id"]), "van": bevinding["dag"].isoformat(),
                      "tot": bevinding["dag"].isoformat(), "actie": AuditActie.VIEW.value})
        bevinding["url"] = f"{reverse('audit:lijst')}?{query.urlencode()}"
    log(user, AuditActie.LIST, AuditEntry, omschrijving="ongebruikelijk lezen")
    return render(request, "audit/ongebruikelijk.html", {
        "bevindingen": bevindingen,
        "factor": selectors.ONGEBRUIKELIJK_FACTOR,
        "minimum": selectors.ONGEBRUIKELIJK_MIN,
        "patroon": selectors.ONGEBRUIKELIJK_PATROON,
        "dagen": selectors.ONGEBRUIKELIJK_DAGEN,
        "veel": selectors.VEEL,
    })
