"""What retention (``mensenhandel.bewaren``, issue 17) removes of cases: ``casussen``.

A closed case whose term (rule ``casus``) has passed since it was closed is anonymised with what hangs on it:

- the case keeps its code (a tombstone, "verwijderd volgens bewaartermijn", where a meeting's agenda points to it),
  werkgebied, gemeenten, forms, status and dates (opened, closed, CoMensha, care coordinator); its summary and reason
  for closing go, and its history keeps the events without their texts;
- its linked signals are anonymised as a signal of their own would be (``signalen.bewaartermijn.anonimiseer``),
  unless another case that is still kept links them too;
- its agenda items keep the meeting, the order and the invitations with their attendance; their texts and minutes go,
  and so do their decisions;
- its actions keep their type, organisation, dates and status (the figures count them); what, the responsible person,
  the feedback, the reason for dropping and the attachments go;
- the agenda and decision-list PDFs that hold it are deleted.

Every removed record gets one audit row (``log_verwijdering``): kind, id, rule and date, never the content.
"""
from django.db import transaction
from django.utils import timezone

from mensenhandel.audit.services import log_verwijdering
from signalen import bewaartermijn as signaal_bewaartermijn
from signalen import bijlagen as signaal_bijlagen
from signalen.models import Signaal

from . import agenda_pdf
from .models import (
    Actie,
    ActieBijlage,
    AgendaDocument,
    Agendapunt,
    Besluit,
    Casus,
    CasusHistorie,
    CasusSignaal,
    CasusStatus,
)
from .services.acties import MAP as ACTIE_MAP


def _kandidaten_qs(grens):
    return Casus.objects.filter(status=CasusStatus.AFGESLOTEN, verwijderd_op__isnull=True, afgesloten_op__lt=grens)


def kandidaten(grens):
    return _kandidaten_qs(grens).order_by("pk").values_list("pk", flat=True)


def beschrijf(ids):
    return [f"{code} afgesloten {timezone.localtime(afgesloten):%d-%m-%Y}"
            for code, afgesloten in Casus.objects.filter(pk__in=ids).order_by("pk").values_list("code", "afgesloten_op")]


def _signalen(casus, regel):
    """Anonymise the case's signals that no case still kept links; returns (count, stored file names)."""
    eigen = list(CasusSignaal.objects.filter(casus=casus).values_list("signaal_id", flat=True))
    # Only the links of these signals are looked at, not every case link in the country.
    anderen = (CasusSignaal.objects.filter(signaal_id__in=eigen, casus__verwijderd_op__isnull=True)
               .exclude(casus=casus).values_list("signaal_id", flat=True))
    ids = set(eigen) - set(anderen)
    aantal, namen = 0, []
    for signaal in Signaal.objects.select_for_update().filter(pk__in=ids, verwijderd_op__isnull=True).order_by("pk"):
        namen += signaal_bewaartermijn.anonimiseer(signaal, regel, omschrijving=f"met casus {casus.pk}")
        aantal += 1
    return aantal, namen


def _acties(casus, regel):
    acties = list(Actie.objects.select_for_update().filter(casus=casus, verwijderd_op__isnull=True).order_by("pk"))
    bijlagen = ActieBijlage.objects.filter(actie__in=acties)
    namen = list(bijlagen.values_list("opslagnaam", flat=True))
    bijlagen.delete()
    Actie.objects.filter(pk__in=[actie.pk for actie in acties]).update(
        omschrijving="", terugkoppeling="", reden_vervallen="", verantwoordelijke=None, verwijderd_op=timezone.now())
    for actie in acties:
        log_verwijdering(actie, regel, omschrijving=f"met casus {casus.pk}")
    return len(acties), namen


def verwijder(pk, grens, regel):
    casus = _kandidaten_qs(grens).select_for_update(of=("self",)).filter(pk=pk).first()
    if casus is None:
        return {}
    signalen, signaal_namen = _signalen(casus, regel)
    acties, actie_namen = _acties(casus, regel)
    punten = Agendapunt.objects.filter(casus=casus)
    _totaal, per_model = Besluit.objects.filter(agendapunt__in=punten).delete()
    besluiten = per_model.get(Besluit._meta.label, 0)
    punten.update(titel="", toelichting="", notities="")
    documenten = list(AgendaDocument.objects.filter(casussen=casus).distinct())
    document_namen = [document.opslagnaam for document in documenten]
    AgendaDocument.objects.filter(pk__in=[document.pk for document in documenten]).delete()
    CasusHistorie.objects.filter(casus=casus).update(tekst="")
    Casus.objects.filter(pk=casus.pk).update(samenvatting="", afsluitreden="", verwijderd_op=timezone.now())
    log_verwijdering(casus, regel)

    def bestanden_weg():
        signaal_bijlagen.MAP.verwijder(signaal_namen)
        ACTIE_MAP.verwijder(actie_namen)
        agenda_pdf.MAP.verwijder(document_namen)

    transaction.on_commit(bestanden_weg)
    return {"casussen": 1, "signalen": signalen, "acties": acties, "besluiten": besluiten,
            "bijlagen": len(signaal_namen) + len(actie_namen), "documenten": len(documenten)}
