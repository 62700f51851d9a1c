"""The write paths of the quarterly report: make a concept, save the toelichting, finalise (a new version), and the
schedule's concepts after each quarter. Each locks the werkgebied while it numbers a version, checks the rule and
writes the audit log; the counting and the PDF are the job's (``jobs.py``).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.jobs import enqueue
from partners.models import Rol, User
from tafels.models import District, Regio

from . import selectors
from .models import Rapport, RapportStatus
from .perioden import Kwartaal

JOB_RAPPORT = "rapportage.rapport"
# Issue 21: the proposal to the board, edited with the toelichting and carried over the same way.
DVO_VELDEN = ("dvo_besluitpunten", "dvo_agendapunt", "dvo_registratienummer")
JOB_KWARTAAL = "rapportage.kwartaalconcepten"


def _vergrendel(werkgebied):
    """Lock the District or Regio row: versions of its reports are numbered one at a time."""
    return type(werkgebied).objects.select_for_update().get(pk=werkgebied.pk)


def _werkgebied_velden(werkgebied):
    if isinstance(werkgebied, District):
        return {"district": werkgebied, "regio": None}
    if isinstance(werkgebied, Regio):
        return {"district": None, "regio": werkgebied}
    raise ValueError(f"A report is for a District or a Regio, not {werkgebied!r}.")


def _laatste_versie(werkgebied, kwartaal):
    """The newest version of the werkgebied's report of ``kwartaal`` (concept or final), or None."""
    return Rapport.objects.filter(
        selectors.werkgebied_zonder_districten_q(werkgebied), jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal
    ).order_by("-versie").first()


def _volgende_versie(laatste):
    return (laatste.versie if laatste else 0) + 1


def kan_kiezen(kwartaal, vandaag=None):
    """A report can be made for a quarter that has begun (the running quarter gives figures so far)."""
    vandaag = vandaag or timezone.localdate()
    return kwartaal.eerste_dag <= vandaag


def maak_concept(werkgebied, kwartaal: Kwartaal, door=None):
    """A new concept version for ``werkgebied`` and ``kwartaal``; the job counts the figures and makes the PDF.

    ``door`` is the ketenregisseur who asked for it, or None for the quarterly schedule.
    """
    if door is not None and not (selectors.may_manage_rapporten(door) and door.werkgebied == werkgebied):
        raise PermissionDenied
    if not kan_kiezen(kwartaal):
        raise ValidationError(_("A report can only be made for a quarter that has begun."))
    with transaction.atomic():
        werkgebied = _vergrendel(werkgebied)
        # The explanation written so far (on an earlier concept or final version of the quarter) is not lost.
        vorige = _laatste_versie(werkgebied, kwartaal)
        rapport = Rapport.objects.create(
            **_werkgebied_velden(werkgebied), jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal,
            versie=_volgende_versie(vorige), status=RapportStatus.CONCEPT, aangemaakt_door=door,
            toelichting=vorige.toelichting if vorige else "",
            **{veld: getattr(vorige, veld) for veld in DVO_VELDEN if vorige},
        )
        rapport.job = enqueue(JOB_RAPPORT, rapport.pk)
        rapport.save(update_fields=["job"])
        audit.log(door, AuditActie.CREATE, rapport,
                  omschrijving=f"concept K{kwartaal.kwartaal} {kwartaal.jaar} versie {rapport.versie}"
                  + ("" if door else " (schema)"))
    return rapport


def _beheerbaar_concept(rapport, door):
    """The concept, locked, when ``door`` manages it; 404-style None when they may not see it."""
    rapport = selectors.rapporten_visible_for(door).select_for_update(of=("self",)).filter(pk=rapport.pk).first()
    if rapport is None or not selectors.may_manage_rapporten(door):
        raise PermissionDenied
    if rapport.status != RapportStatus.CONCEPT:
        raise ValidationError(_("A final report cannot be changed; make a new concept instead."))
    return rapport


def _dvo(dvo):
    """The proposal's fields as given (``{veld: text}``, stripped); None: leave them as they are."""
    return None if dvo is None else {veld: (dvo.get(veld) or "").strip() for veld in DVO_VELDEN}


def toelichting_opslaan(rapport, door, toelichting, *, dvo=None):
    """Save the toelichting of a concept and (``dvo``: the fields of ``DVO_VELDEN``) the proposal to the board."""
    with transaction.atomic():
        rapport = _beheerbaar_concept(rapport, door)
        rapport.toelichting = toelichting.strip()
        velden = ["toelichting"]
        for veld, waarde in (_dvo(dvo) or {}).items():
            setattr(rapport, veld, waarde)
            velden.append(veld)
        rapport.full_clean(validate_unique=False, validate_constraints=False)
        rapport.save(update_fields=velden)
        audit.log(door, AuditActie.CHANGE, rapport, omschrijving=", ".join(
            ["toelichting"] + (["dvo-voorstel"] if dvo is not None else [])))
    return rapport


def definitief_maken(rapport, door, toelichting, *, dvo=None):
    """Finalise a concept: a new version with the concept's figures and this toelichting (and ``dvo``: the proposal to
    the board, else the concept's); the concept stays in the archive. The job makes the final PDF and the proposal."""
    with transaction.atomic():
        concept = _beheerbaar_concept(rapport, door)
        kwartaal = Kwartaal(concept.jaar, concept.kwartaal)
        if concept.gegevens is None:
            raise ValidationError(_("The figures of this concept are still being counted. Try again in a moment."))
        if not concept.volledig:
            raise ValidationError(_(
                "The figures of this concept were counted before the quarter ended, so they are not complete. Make a "
                "new concept of this quarter and make that one final."))
        toelichting = toelichting.strip()
        if not toelichting:
            raise ValidationError(_("Write an explanation for the %(overleg)s before you make the report final.")
                                  % {"overleg": concept.werkgebied.bestuurlijk_overleg})
        voorstel = _dvo(dvo) or {veld: getattr(concept, veld) for veld in DVO_VELDEN}
        eerder = Rapport.objects.filter(gebaseerd_op=concept, status=RapportStatus.DEFINITIEF,
                                        toelichting=toelichting, **voorstel).first()
        if eerder is not None:
            return eerder  # the same request twice (a double click, a second tab): one final version
        gewijzigd = [veld for veld, waarde in [("toelichting", toelichting), *voorstel.items()]
                     if getattr(concept, veld) != waarde]
        if gewijzigd:
            concept.toelichting = toelichting
            for veld, waarde in voorstel.items():
                setattr(concept, veld, waarde)
            concept.full_clean(validate_unique=False, validate_constraints=False)
            concept.save(update_fields=gewijzigd)
            audit.log(door, AuditActie.CHANGE, concept, omschrijving=", ".join(dict.fromkeys(
                "dvo-voorstel" if veld.startswith("dvo_") else veld for veld in gewijzigd)))
        werkgebied = _vergrendel(concept.werkgebied)
        definitief = Rapport.objects.create(
            **_werkgebied_velden(werkgebied), jaar=concept.jaar, kwartaal=concept.kwartaal,
            versie=_volgende_versie(_laatste_versie(werkgebied, kwartaal)), status=RapportStatus.DEFINITIEF,
            toelichting=toelichting, gegevens=concept.gegevens, geteld_op=concept.geteld_op, gebaseerd_op=concept,
            aangemaakt_door=door, **voorstel,
        )
        definitief.job = enqueue(JOB_RAPPORT, definitief.pk)
        definitief.save(update_fields=["job"])
        audit.log(door, AuditActie.CREATE, definitief,
                  omschrijving=f"definitief K{concept.kwartaal} {concept.jaar} versie {definitief.versie} "
                  f"(uit versie {concept.versie})")
    return definitief


def opnieuw_maken(rapport, door):
    """Run the job of a version again after it failed (counting or the PDF): the same version, no new one. The job
    does only what is missing, so a retry of a job that is still running or has finished makes nothing twice."""
    with transaction.atomic():
        rapport = (selectors.rapporten_visible_for(door).select_for_update(of=("self",)).select_related("job")
                   .filter(pk=rapport.pk).first())
        if rapport is None or not selectors.may_manage_rapporten(door):
            raise PermissionDenied
        if not selectors.job_gestopt_zonder_pdf(rapport):
            raise ValidationError(_("This report is not stuck: it is being made or it is ready."))
        rapport.job = enqueue(JOB_RAPPORT, rapport.pk)
        rapport.save(update_fields=["job"])
        audit.log(door, AuditActie.CHANGE, rapport,
                  omschrijving=f"opnieuw maken K{rapport.kwartaal} {rapport.jaar} versie {rapport.versie}")
    return rapport


def werkgebieden_met_regisseur():
    """Every District and Regio that has an active ketenregisseur: the schedule makes concepts for these."""
    actief = User.objects.filter(is_active=True, rol=Rol.KETENREGISSEUR)
    districten = District.objects.filter(pk__in=actief.values("werkgebied_district")).select_related("regio")
    regios = Regio.objects.filter(pk__in=actief.values("werkgebied_regio"))
    return [*districten.order_by("naam"), *regios.order_by("naam")]


def kwartaalconcepten(vandaag=None):
    """The schedule, in the first week after a quarter: a concept of the quarter that ended, for every werkgebied
    that has no report of that quarter made after it ended. Running it again makes nothing new. Returns the concepts
    made."""
    vandaag = vandaag or timezone.localdate()
    kwartaal = Kwartaal.laatst_afgesloten(vandaag)
    gemaakt = []
    for werkgebied in werkgebieden_met_regisseur():
        with transaction.atomic():
            _vergrendel(werkgebied)
            # A report made after the quarter ended has the whole quarter; one made while it ran (figures so far)
            # does not, so it does not count here.
            if Rapport.objects.filter(selectors.werkgebied_zonder_districten_q(werkgebied), jaar=kwartaal.jaar,
                                      kwartaal=kwartaal.kwartaal, aangemaakt__gte=kwartaal.einde).exists():
                continue
            gemaakt.append(maak_concept(werkgebied, kwartaal))
    return gemaakt


def download_gelogd(rapport, door, *, wat="PDF"):
    audit.log(door, AuditActie.DOWNLOAD, rapport,
              omschrijving=f"{wat} K{rapport.kwartaal} {rapport.jaar} versie {rapport.versie}")
