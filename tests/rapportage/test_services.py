"""Rules of the report's write paths (rapportage/services.py) that the views and jobs rely on: a final report has
the figures of the whole quarter, finalising twice makes one final version, the schedule does not count a concept
made while the quarter ran, and every change is in the audit log."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from mensenhandel.audit.models import AuditActie, AuditEntry
from rapportage import cijfers, services
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from tafels.models import District
from tests.i18n import nl

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
K3 = Kwartaal(2026, 3)


def _concept(twente, regisseur, geteld_op):
    concept = Rapport.objects.create(district=twente, jaar=K3.jaar, kwartaal=K3.kwartaal, versie=1,
                                     aangemaakt_door=regisseur, gegevens=cijfers.bereken(twente, K3),
                                     geteld_op=geteld_op)
    return concept


def test_a_concept_counted_while_the_quarter_ran_cannot_be_made_final(demo, django_capture_on_commit_callbacks):
    twente, regisseur = District.objects.get(code="TW"), demo["regisseur@twente.example"]
    concept = _concept(twente, regisseur, datetime(2026, 9, 30, 23, 59, tzinfo=AMS))
    with pytest.raises(ValidationError) as fout:
        services.definitief_maken(concept, regisseur, "Toelichting voor het DVO.")
    assert fout.value.messages == [nl(
        "The figures of this concept were counted before the quarter ended, so they are not complete. Make a new "
        "concept of this quarter and make that one final.")]
    assert not Rapport.objects.filter(status=RapportStatus.DEFINITIEF).exists()
    # Counted at 00:00 on the first day after the quarter: complete.
    Rapport.objects.filter(pk=concept.pk).update(geteld_op=datetime(2026, 10, 1, 0, 0, tzinfo=AMS))
    with django_capture_on_commit_callbacks(execute=False):
        definitief = services.definitief_maken(concept, regisseur, "Toelichting voor het DVO.")
    assert definitief.status == RapportStatus.DEFINITIEF and definitief.versie == 2


def test_finalising_twice_makes_one_final_version(demo, django_capture_on_commit_callbacks):
    twente, regisseur = District.objects.get(code="TW"), demo["regisseur@twente.example"]
    concept = _concept(twente, regisseur, timezone.now())
    with django_capture_on_commit_callbacks(execute=False):
        eerste = services.definitief_maken(concept, regisseur, "Toelichting voor het DVO.")
        tweede = services.definitief_maken(concept, regisseur, "Toelichting voor het DVO.  ")
    assert eerste == tweede
    assert Rapport.objects.filter(status=RapportStatus.DEFINITIEF).count() == 1
    # A different explanation is a deliberate new final version.
    with django_capture_on_commit_callbacks(execute=False):
        derde = services.definitief_maken(concept, regisseur, "Een betere toelichting.")
    assert derde.versie == 3 and derde.toelichting == "Een betere toelichting."


def test_the_explanation_written_while_finalising_is_audited_on_the_concept(demo, django_capture_on_commit_callbacks):
    twente, regisseur = District.objects.get(code="TW"), demo["regisseur@twente.example"]
    concept = _concept(twente, regisseur, timezone.now())
    with django_capture_on_commit_callbacks(execute=False):
        definitief = services.definitief_maken(concept, regisseur, "Toelichting voor het DVO.")
    rijen = AuditEntry.objects.filter(actor=regisseur, object_type="rapportage.rapport")
    assert rijen.filter(actie=AuditActie.CHANGE, object_id=str(concept.pk), omschrijving="toelichting").exists()
    assert rijen.filter(actie=AuditActie.CREATE, object_id=str(definitief.pk)).exists()
    assert "Toelichting" not in " ".join(rijen.values_list("omschrijving", flat=True))  # not the text itself


def test_the_schedule_does_not_count_a_concept_made_while_the_quarter_ran(demo, django_capture_on_commit_callbacks):
    twente = District.objects.get(code="TW")
    with time_machine.travel(datetime(2026, 9, 15, 10, 0, tzinfo=AMS), tick=False):
        vroeg = Rapport.objects.create(district=twente, jaar=2026, kwartaal=3, versie=1)
    with time_machine.travel(datetime(2026, 10, 2, 6, 30, tzinfo=AMS), tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            gemaakt = services.kwartaalconcepten()
        twente_nieuw = [r for r in gemaakt if r.werkgebied == twente]
        assert len(twente_nieuw) == 1 and twente_nieuw[0].versie == 2 and twente_nieuw[0].pk != vroeg.pk
        with django_capture_on_commit_callbacks(execute=False):
            assert services.kwartaalconcepten() == []


def test_a_new_concept_takes_over_the_explanation_written_so_far(demo, django_capture_on_commit_callbacks):
    twente, regisseur = District.objects.get(code="TW"), demo["regisseur@twente.example"]
    vroeg = _concept(twente, regisseur, datetime(2026, 9, 20, 9, 0, tzinfo=AMS))
    services.toelichting_opslaan(vroeg, regisseur, "Meer meldingen uit de horeca na de campagne.")
    with django_capture_on_commit_callbacks(execute=False):
        nieuw = services.maak_concept(twente, K3, door=regisseur)
    assert nieuw.versie == 2 and nieuw.toelichting == "Meer meldingen uit de horeca na de campagne."
    vroeg.refresh_from_db()
    assert vroeg.toelichting == "Meer meldingen uit de horeca na de campagne.", "the earlier version is unchanged"
    # Another werkgebied starts empty.
    from tafels.models import Regio

    with django_capture_on_commit_callbacks(execute=False):
        ander = services.maak_concept(Regio.objects.get(naam="Midden-Nederland"), K3)
    assert ander.versie == 1 and ander.toelichting == ""


def test_only_a_stuck_report_is_made_again_and_only_by_its_ketenregisseur(demo, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    from mensenhandel.jobs.models import Job, JobStatus

    twente, regisseur = District.objects.get(code="TW"), demo["regisseur@twente.example"]
    rapport = Rapport.objects.create(district=twente, jaar=K3.jaar, kwartaal=K3.kwartaal, versie=1)
    lopend = Job.objects.create(naam=services.JOB_RAPPORT, args=[rapport.pk], status=JobStatus.RUNNING)
    Rapport.objects.filter(pk=rapport.pk).update(job=lopend)
    with pytest.raises(ValidationError):
        services.opnieuw_maken(rapport, regisseur)
    Job.objects.filter(pk=lopend.pk).update(status=JobStatus.FAILED)
    for ander in ("regisseur@midden-nederland.example", "burgemeester@twente.example", "coordinator@enschede.example"):
        with pytest.raises(PermissionDenied):
            services.opnieuw_maken(rapport, demo[ander])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        opnieuw = services.opnieuw_maken(rapport, regisseur)
    assert len(callbacks) == 1 and opnieuw.job_id != lopend.pk and opnieuw.job.status == JobStatus.QUEUED
    assert Rapport.objects.count() == 1
