"""The lists of signals: "Signalen" for the ketenregisseur (with filters, counts, search, sorting and a CSV
export) and "Mijn signalen" for submitters. Both start from ``selectors.signalen_visible_for``; a role without
the list gets 404. Every list request and every export is written to the audit log with its filter.

No list column or export cell holds a description, a name of a person, a location or an attachment.
"""

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.csv_export import CsvExport
from partners.models import Rol
from tafels.selectors import gemeenten_in_werkgebied

from .. import bewaartermijn
from ..filters import STANDAARD_SORTERING, SignaalFilter, sorteer
from ..models import Gebeurtenis, Signaal, SignaalHistorie, Status, Vorm
from ..selectors import may_submit, signalen_visible_for

PER_PAGINA = 25

# The sortable columns of the ketenregisseur's list: key, header, the direction of a first click.
KOLOMMEN_SORTEERBAAR = [
    ("referentie", gettext_lazy("Reference"), ""),
    ("ingediend", gettext_lazy("Submitted"), "-"),
    ("status", gettext_lazy("Status"), ""),
    ("urgentie", gettext_lazy("Urgency"), "-"),
]


def _is_regisseur(user):
    return getattr(user, "rol", None) == Rol.KETENREGISSEUR


def _rijen(queryset):
    """What a row shows, fetched in a fixed number of queries whatever the number of rows."""
    return queryset.select_related("gemeente", "sector", "bron", "organisatie").prefetch_related("vormen")


def _regisseur_filter(request):
    """The filter of the ketenregisseur's list, bound to the request, over the rows the user may see."""
    if not _is_regisseur(request.user):
        raise Http404
    base = signalen_visible_for(request.user).exclude(status=Status.CONCEPT)
    filterset = SignaalFilter(request.GET, queryset=base, request=request)
    geldig = filterset.is_valid()
    rows = filterset.qs if geldig else base.none()
    rows, sortering = sorteer(rows, request.GET.get("sorteer"))
    return filterset, geldig, rows, sortering


def _filter_query(request, filterset, sortering=None):
    """The filter asked for, without empty fields or the page: for page, sort and export links."""
    query = QueryDict(mutable=True)
    for name in filterset.form.fields:
        values = [value for value in request.GET.getlist(name) if value]
        if values:
            query.setlist(name, values)
    if sortering and sortering != STANDAARD_SORTERING:
        query["sorteer"] = sortering
    return query


def _sort_headers(filter_query, sortering):
    headers = {}
    for key, label, eerste in KOLOMMEN_SORTEERBAAR:
        if sortering == key:
            volgende, aria = f"-{key}", "ascending"
        elif sortering == f"-{key}":
            volgende, aria = key, "descending"
        else:
            volgende, aria = f"{eerste}{key}", ""
        query = filter_query.copy()
        query["sorteer"] = volgende
        headers[key] = {"label": label, "href": f"?{query.urlencode()}", "aria_sort": aria}
    return headers


def _page(request, rows):
    paginator = Paginator(rows, PER_PAGINA)
    page = paginator.get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    return paginator, page


def signaal_list(request):
    """The signals of the ketenregisseur's werkgebied (and any shared with their organisation), filtered."""
    filterset, geldig, rows, sortering = _regisseur_filter(request)
    paginator, page = _page(request, _rijen(rows))
    filterset.label_counts(filterset.facet_counts())
    filter_query = _filter_query(request, filterset)
    page_query = _filter_query(request, filterset, sortering)
    audit.log(request.user, AuditActie.LIST, Signaal, filters=request.GET)
    return render(request, "signalen/lijst.html", {
        "filter": filterset,
        "geldig": geldig,
        "signalen": page.object_list,
        "page_obj": page,
        "paginator": paginator,
        "gefilterd": bool(filter_query),
        "page_query": page_query,
        "export_query": page_query,
        "sortering": sortering,
        "koppen": _sort_headers(filter_query, sortering),
    })


def _laatste_terugkoppeling():
    """When the submitter last heard something: a decision with feedback, or a question."""
    return Subquery(
        SignaalHistorie.objects.filter(signaal=OuterRef("pk"))
        .filter(~Q(terugkoppeling="") | Q(soort=Gebeurtenis.VRAAG))
        .order_by("-tijdstip", "-pk")
        .values("tijdstip")[:1]
    )


def mijn_signalen(request):
    """For submitters: the signals their organisation submitted (and those shared with it), and their own drafts."""
    user = request.user
    if not may_submit(user):
        raise Http404
    visible = signalen_visible_for(user)
    concepten = list(
        visible.filter(status=Status.CONCEPT, ingediend_door=user).select_related("gemeente").order_by("-gewijzigd", "-pk")
    )
    ingediend = (
        _rijen(visible.exclude(status=Status.CONCEPT))
        .annotate(laatste_terugkoppeling=_laatste_terugkoppeling())
        .order_by("-ingediend_op", "-pk")
    )
    paginator, page = _page(request, ingediend)
    # Counted as the start page counts them (signalen/startpage.py): the organisation's own signals, and apart from
    # them those shared with it, so the caption and the start page block give the same number.
    aantallen = visible.exclude(status=Status.CONCEPT).aggregate(
        eigen=Count("pk", filter=Q(organisatie_id=user.organisatie_id)),
        gedeeld=Count("pk", filter=~Q(organisatie_id=user.organisatie_id)),
    )
    audit.log(user, AuditActie.LIST, Signaal, filters=request.GET)
    return render(request, "signalen/mijn.html", {
        "aantal_eigen": aantallen["eigen"],
        "aantal_gedeeld": aantallen["gedeeld"],
        "concepten": concepten,
        "signalen": page.object_list,
        "page_obj": page,
        "paginator": paginator,
    })


EXPORT_KOPPEN = [
    gettext_lazy("Reference"),
    gettext_lazy("Submitted on"),
    gettext_lazy("Municipality"),
    gettext_lazy("Forms of exploitation"),
    gettext_lazy("Sector"),
    gettext_lazy("Signal source"),
    gettext_lazy("Status"),
    gettext_lazy("Urgency"),
    gettext_lazy("Priority"),
    gettext_lazy("Passed on to"),
]


def export_csv(request):
    """The rows of the ketenregisseur's list (same filter and order, no pages) as CSV for Excel NL.

    UTF-8 with BOM, semicolons; no description, names, location or attachments; a cell a spreadsheet would run as a
    formula is neutralised (``csv_cell``). The export itself is audited with its filter.
    """
    _filterset, _geldig, rows, _sortering = _regisseur_filter(request)
    export = CsvExport("signalen", EXPORT_KOPPEN)
    ja, nee = _("yes"), _("no")
    # The forms of all rows in two queries (a prefetch would run one more query per chunk of rows).
    vorm_namen = dict(Vorm.objects.values_list("pk", "naam"))
    vormen = {}
    koppelingen = Signaal.vormen.through.objects.filter(signaal_id__in_ids=rows.order_by().values("pk"))
    for signaal_id, vorm_id in koppelingen.order_by("vorm__volgorde", "vorm__naam").values_list("signaal_id", "vorm_id"):
        vormen.setdefault(signaal_id, []).append(vorm_namen[vorm_id])
    # Plain values, not model instances (issue 14: ten years of a werkgebied is tens of thousands of rows); the labels
    # of the choices translated once.
    labels = {veld: {waarde: str(label) for waarde, label in Signaal._meta.get_field(veld).choices}
              for veld in ("status", "urgentie", "doorgezet_naar")}
    tijdzone = timezone.get_current_timezone()
    waarden = rows.values_list("pk", "referentie", "ingediend_op", "gemeente__naam", "sector__naam", "bron__naam",
                               "status", "urgentie", "prioriteit", "doorgezet_naar")
    # One plain fetch: a server-side cursor (``iterator()``) lets PostgreSQL plan for the first rows, and the sorted
    # read by index with the access filter on every row took eight times as long as this.
    for pk, referentie, ingediend_op, gemeente, sector, bron, status, urgentie, prioriteit, doorgezet_naar in waarden:
        export.row(
            (
                referentie,
                ingediend_op.astimezone(tijdzone).strftime("%Y-%m-%d %H:%M") if ingediend_op else "",
                gemeente or "",
                ", ".join(vormen.get(pk, ())),
                sector or "",
                bron or "",
                labels["status"].get(status, status),
                labels["urgentie"].get(urgentie, urgentie),
                ja if prioriteit else nee,
                labels["doorgezet_naar"].get(doorgezet_naar, doorgezet_naar) if doorgezet_naar else "",
            )
        )
    audit.log(request.user, AuditActie.EXPORT, Signaal, filters=request.GET)
    return export.response


def zonder_besluit(request):
    """Retention (issue 17): the signals of the ketenregisseur's werkgebied that have waited more than 24 months for a
    decision. Retention never removes them by itself; the ketenregisseur decides (and the decision starts the term)."""
    user = request.user
    if not _is_regisseur(user):
        raise Http404
    eigen = signalen_visible_for(user).filter(gemeente_id__in=gemeenten_in_werkgebied(user.werkgebied).values("pk"))
    paginator, page = _page(request, _rijen(bewaartermijn.zonder_besluit(eigen)))
    audit.log(user, AuditActie.LIST, Signaal, omschrijving="zonder besluit na 24 maanden", filters=request.GET)
    return render(request, "signalen/zonder_besluit.html", {
        "signalen": page.object_list, "page_obj": page, "paginator": paginator,
        "maanden": bewaartermijn.ZONDER_BESLUIT_MAANDEN,
    })
