"""The import pages (issue 20), for the ketenregisseur only: everyone else gets 404, on every page.

``/import/`` downloads the template and takes an upload; the preview (``/import/<id>/``) says per row whether it is
new, imported before or why it cannot be imported; ``Importeren`` runs the import when every row is valid.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.beschermd import content_disposition

from . import selectors, services, sjabloon
from .forms import UploadForm
from .kolommen import BLADEN, KOLOMMEN
from .models import ImportStatus, Soort

PER_PAGINA = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _alleen_regisseur(request):
    if not services.may_import(request.user):
        raise Http404


def _kolommen():
    return [(Soort(s).label, BLADEN[s], KOLOMMEN[s]) for s in (Soort.SIGNALEN, Soort.CASUSSEN, Soort.ACTIES)]


def start(request):
    _alleen_regisseur(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                importbestand = services.upload(request.user, form.cleaned_data["bestand"], form.cleaned_data["soort"])
            except ValidationError as exc:
                form.add_error("bestand", exc)
            else:
                return redirect("importeren:voorbeeld", pk=importbestand.pk)
    else:
        form = UploadForm()
    return render(request, "importeren/start.html", {
        "form": form,
        "fouten": [(f"id_{naam}", form.fields[naam].label, fout) for naam, lijst in form.errors.items()
                   for fout in lijst],
        "wachtend": selectors.wachtend(request.user),
        "eerdere": selectors.eerdere_imports(request.user),
        "kolommen": _kolommen(),
        "werkgebied": request.user.werkgebied,
    })


def _download(inhoud, naam, content_type):
    response = HttpResponse(inhoud, content_type=content_type)
    response["Content-Disposition"] = content_disposition(naam)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def sjabloon_xlsx(request):
    _alleen_regisseur(request)
    return _download(sjabloon.xlsx(), "sjabloon.xlsx", XLSX_TYPE)


def _sjabloon_csv(soort):
    @require_safe
    def view(request):
        _alleen_regisseur(request)
        return _download(sjabloon.csv_tekst(soort).encode("utf-8"), f"sjabloon-{soort}.csv",
                         "text/csv; charset=utf-8")

    return view


sjabloon_signalen = _sjabloon_csv(Soort.SIGNALEN)
sjabloon_casussen = _sjabloon_csv(Soort.CASUSSEN)
sjabloon_acties = _sjabloon_csv(Soort.ACTIES)


def _importbestand(request, pk):
    _alleen_regisseur(request)
    return get_object_or_404(selectors.importbestanden_visible_for(request.user), pk=pk)


@require_safe
def voorbeeld(request, pk):
    importbestand = _importbestand(request, pk)
    audit.log(request.user, AuditActie.VIEW, importbestand, omschrijving="voorbeeld van de import")
    gegevens = importbestand.rijen or {}
    rijen = gegevens.get("rijen", [])
    alleen_fouten = request.GET.get("toon") == "fouten" or (
        request.GET.get("toon") != "alle" and importbestand.aantal_fout > 0)
    if alleen_fouten:
        rijen = [r for r in rijen if r[3]]
    page = Paginator(rijen, PER_PAGINA).get_page(request.GET.get("pagina"))
    n = importbestand.aantal_nieuw
    soort = Soort(importbestand.soort)
    return render(request, "importeren/voorbeeld.html", {
        "importbestand": importbestand,
        "rijen": [{"nummer": r[0], "kenmerk": r[1], "kort": r[2], "fouten": r[3], "bestaand": r[4]}
                  for r in page.object_list],
        "page_obj": page,
        "alleen_fouten": alleen_fouten,
        "blad": gegevens.get("blad", ""),
        "onbekende_kolommen": gegevens.get("onbekende_kolommen", []),
        "meldingen": gegevens.get("meldingen", []),
        "weggelaten": gegevens.get("weggelaten", 0),
        "geimporteerd": importbestand.status == ImportStatus.GEIMPORTEERD,
        "form": UploadForm(initial={"soort": importbestand.soort}),
        "importeer_knop": {
            Soort.SIGNALEN: ngettext("Import %(n)s signal", "Import %(n)s signals", n),
            Soort.CASUSSEN: ngettext("Import %(n)s case", "Import %(n)s cases", n),
            Soort.ACTIES: ngettext("Import %(n)s action", "Import %(n)s actions", n),
        }[soort] % {"n": n},
        "in_orde": {
            Soort.SIGNALEN: ngettext("Every row is valid: %(n)s new signal will be imported.",
                                     "Every row is valid: %(n)s new signals will be imported.", n),
            Soort.CASUSSEN: ngettext("Every row is valid: %(n)s new case will be imported.",
                                     "Every row is valid: %(n)s new cases will be imported.", n),
            Soort.ACTIES: ngettext("Every row is valid: %(n)s new action will be imported.",
                                   "Every row is valid: %(n)s new actions will be imported.", n),
        }[soort] % {"n": n},
        "lijst_url": reverse("signalen:lijst") if importbestand.soort == Soort.SIGNALEN
        else reverse("casusoverleg:casussen") if importbestand.soort == Soort.CASUSSEN
        else reverse("casusoverleg:actiebewaking"),
    })


@require_POST
def importeren(request, pk):
    importbestand = _importbestand(request, pk)
    try:
        uitkomst = services.importeer(importbestand, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("importeren:voorbeeld", pk=importbestand.pk)
    if not uitkomst.is_geldig:
        messages.error(request, _("Nothing was imported: not every row is valid. Correct the rows below in your file "
                                  "and upload it again."))
        return redirect("importeren:voorbeeld", pk=importbestand.pk)
    soort = Soort(importbestand.soort)
    nieuw = {
        Soort.SIGNALEN: ngettext("%(n)s signal imported.", "%(n)s signals imported.", uitkomst.aantal_nieuw),
        Soort.CASUSSEN: ngettext("%(n)s case imported.", "%(n)s cases imported.", uitkomst.aantal_nieuw),
        Soort.ACTIES: ngettext("%(n)s action imported.", "%(n)s actions imported.", uitkomst.aantal_nieuw),
    }[soort] % {"n": uitkomst.aantal_nieuw}
    if uitkomst.aantal_bestaand:
        nieuw += " " + ngettext("%(n)s row had been imported before and was skipped.",
                                "%(n)s rows had been imported before and were skipped.",
                                uitkomst.aantal_bestaand) % {"n": uitkomst.aantal_bestaand}
    messages.success(request, nieuw)
    return redirect("importeren:voorbeeld", pk=importbestand.pk)


@require_POST
def weggooien(request, pk):
    importbestand = _importbestand(request, pk)
    services.discard(importbestand, request.user)
    messages.success(request, _("The file has been removed. Nothing was imported."))
    return redirect("importeren:start")
