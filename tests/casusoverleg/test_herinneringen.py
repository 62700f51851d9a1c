"""Reminders of open actions (``casusoverleg.herinneringen``), with a frozen clock (Europe/Amsterdam): one when due
within 3 days, one per ISO week while overdue, never twice; to the responsible person, else the organisation's
person or mailbox at the meeting, never to a whole organisation; no case code or action text in any e-mail; queued by
Celery beat daily at 07:00 Europe/Amsterdam.
"""
import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from casusoverleg import herinneringen
from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    Herinnering,
    HerinneringSoort,
    OverlegDeelnemer,
)
from casusoverleg.services import agenda as agenda_services
from mensenhandel.jobs.models import Job, JobStatus
from mensenhandel.jobs.services import execute
from partners.models import Organisatie, Rol
from tests.casusoverleg.test_agenda import TWENTE, plan, twente_casus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
OMSCHRIJVING = "Controle van de huisvesting aan de Lasondersingel."
CODE = "TW-2026-041"


def om(dag, uur=7, minuut=0):
    """Freeze the clock at ``dag`` ``uur``:``minuut`` Amsterdam time."""
    return time_machine.travel(datetime(dag.year, dag.month, dag.day, uur, minuut, tzinfo=AMSTERDAM), tick=False)


def draai():
    """Run the reminder job once (as the worker would) and return its result."""
    job = execute(Job.objects.create(naam=herinneringen.JOB).pk)
    assert job.status == JobStatus.DONE, job.fout
    return job.resultaat


@pytest.fixture
def org():
    return {o.naam: o for o in Organisatie.objects.all()}


@pytest.fixture
def punt(demo):
    """A case item of a Twente meeting (Gemeente Hengelo invited for it) where the actions were agreed."""
    regisseur = demo["regisseur@twente.example"]
    with om(date(2026, 11, 10), uur=9):
        overleg = plan(TWENTE, regisseur, dagen=1)
        casus = twente_casus(CODE, "Hengelo", regisseur)
        punt = agenda_services.add_casus(overleg, regisseur, casus)
        agenda_services.invite(punt, regisseur, Organisatie.objects.get(naam="Gemeente Hengelo"))
    mail.outbox.clear()
    return punt


def actie(demo, punt, organisatie, deadline, *, persoon=None, status=ActieStatus.OPEN):
    return Actie.objects.create(
        casus=punt.casus if punt else None, agendapunt=punt, omschrijving=OMSCHRIJVING, soort=ActieSoort.BESTUURLIJK,
        organisatie=organisatie, verantwoordelijke=persoon, deadline=deadline, status=status,
        aangemaakt_door=demo["regisseur@twente.example"],
    )


def herinneringen_mails():
    return [m for m in mail.outbox if "/acties/" in m.body]


# --- timing and idempotency ------------------------------------------------------------------------------


def test_due_within_three_days_gives_one_reminder_and_running_twice_sends_nothing_twice(demo, punt, org):
    politie = demo["politie@oost-nederland.example"]
    a = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 4), persoon=politie)
    with om(date(2026, 12, 1)):
        assert draai()["verzonden"] == 1
        assert draai()["verzonden"] == 0
    with om(date(2026, 12, 3)):
        assert draai()["verzonden"] == 0
    [bericht] = herinneringen_mails()
    assert bericht.to == ["politie@oost-nederland.example"]
    rij = Herinnering.objects.get(actie=a)
    assert (rij.soort, rij.periode, rij.ontvanger) == (HerinneringSoort.BINNENKORT, "2026-12-04",
                                                       "politie@oost-nederland.example")


def test_due_in_four_days_gives_none_yet_and_due_today_counts_as_due_soon(demo, punt, org):
    politie = demo["politie@oost-nederland.example"]
    actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 5), persoon=politie)
    with om(date(2026, 12, 1)):
        assert draai()["verzonden"] == 0
    assert not herinneringen_mails() and not Herinnering.objects.exists()
    with om(date(2026, 12, 2)):
        assert draai()["verzonden"] == 1
    # Due today: still "due soon" (0 days), not overdue.
    vandaag = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 2), persoon=politie)
    with om(date(2026, 12, 2), uur=8):
        assert draai()["verzonden"] == 1
    assert Herinnering.objects.get(actie=vandaag).soort == HerinneringSoort.BINNENKORT


def test_a_moved_due_date_gives_a_new_due_soon_reminder(demo, punt, org):
    a = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 3), persoon=demo["politie@oost-nederland.example"])
    with om(date(2026, 12, 1)):
        draai()
    Actie.objects.filter(pk=a.pk).update(deadline=date(2026, 12, 10))
    with om(date(2026, 12, 7)):
        assert draai()["verzonden"] == 1
    assert sorted(Herinnering.objects.filter(actie=a).values_list("periode", flat=True)) == ["2026-12-03",
                                                                                          "2026-12-10"]


def test_overdue_gives_one_reminder_per_iso_week(demo, punt, org):
    a = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 11, 20), persoon=demo["politie@oost-nederland.example"])
    with om(date(2026, 12, 1)):  # Tuesday of ISO week 49
        assert draai()["verzonden"] == 1
        assert draai()["verzonden"] == 0
    with om(date(2026, 12, 6), uur=23, minuut=30):  # Sunday night: still week 49
        assert draai()["verzonden"] == 0
    with om(date(2026, 12, 7)):  # Monday: week 50
        assert draai()["verzonden"] == 1
        assert draai()["verzonden"] == 0
    assert list(Herinnering.objects.filter(actie=a).order_by("periode").values_list("soort", "periode")) == [
        (HerinneringSoort.VERLOPEN, "2026-W49"), (HerinneringSoort.VERLOPEN, "2026-W50")]
    assert len(herinneringen_mails()) == 2
    # Across the turn of the year the ISO year counts: 1 January 2027 is in week 53 of 2026.
    with om(date(2027, 1, 1)):
        assert draai()["verzonden"] == 1
    assert Herinnering.objects.filter(actie=a, periode="2026-W53").exists()


def test_a_due_soon_action_gets_its_overdue_reminders_after_the_due_date(demo, punt, org):
    a = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 3), persoon=demo["politie@oost-nederland.example"])
    for dag, verwacht in ((date(2026, 11, 30), 1), (date(2026, 12, 3), 0), (date(2026, 12, 4), 1),
                          (date(2026, 12, 5), 0)):
        with om(dag):
            assert draai()["verzonden"] == verwacht, dag
    assert list(Herinnering.objects.filter(actie=a).order_by("soort").values_list("soort", "periode")) == [
        (HerinneringSoort.BINNENKORT, "2026-12-03"), (HerinneringSoort.VERLOPEN, "2026-W49")]


def test_done_and_dropped_actions_get_no_reminder(demo, punt, org):
    politie = demo["politie@oost-nederland.example"]
    for status in (ActieStatus.GEREED, ActieStatus.VERVALLEN):
        actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 2), persoon=politie, status=status)
        actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 11, 2), persoon=politie, status=status)
    in_uitvoering = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 2), persoon=politie,
                          status=ActieStatus.IN_UITVOERING)
    with om(date(2026, 12, 1)):
        assert draai()["verzonden"] == 1
    assert list(Herinnering.objects.values_list("actie_id", flat=True)) == [in_uitvoering.pk]


def test_the_date_in_amsterdam_decides(demo, punt, org):
    """At 00:30 on 1 December in Amsterdam it is still 30 November in UTC: the action due on 4 December is due
    within 3 days here."""
    actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 4), persoon=demo["politie@oost-nederland.example"])
    with om(date(2026, 12, 1), uur=0, minuut=30):
        assert draai()["verzonden"] == 1


# --- the recipient ---------------------------------------------------------------------------------------


def test_the_responsible_person_first(demo, punt, org):
    # A colleague in the same organisation is named: only that colleague gets it, not the table member.
    collega = UserFactory(email="rechercheur@oost-nederland.example", organisatie=org["Politie Oost-Nederland"],
                          rol=Rol.PARTNER)
    actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 2), persoon=collega)
    with om(date(2026, 12, 1)):
        draai()
    assert [m.to for m in herinneringen_mails()] == [["rechercheur@oost-nederland.example"]]


def test_without_an_active_person_the_organisations_contact_at_the_meeting(demo, punt, org):
    inactief = UserFactory(email="oud-collega@nla.example", organisatie=org["Nederlandse Arbeidsinspectie"],
                           is_active=False)
    ander = UserFactory(email="iemand@om.example", organisatie=org["OM Oost-Nederland"])
    gevallen = {
        # inactive person: the person who takes part for the NLA
        actie(demo, punt, org["Nederlandse Arbeidsinspectie"], date(2026, 12, 2), persoon=inactief).pk:
            "inspectie@nla.example",
        # nobody named: the functional mailbox that takes part for the Belastingdienst
        actie(demo, punt, org["Belastingdienst"], date(2026, 12, 2)).pk: "casusoverleg.oost@belastingdienst.example",
        # a person of another organisation is not the responsible organisation's contact
        actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 2), persoon=ander).pk:
            "politie@oost-nederland.example",
        # invited for the item (not a standing participant): the invitation's contact
        actie(demo, punt, org["Gemeente Hengelo"], date(2026, 12, 2)).pk: "coordinator@hengelo.example",
    }
    with om(date(2026, 12, 1)):
        assert draai()["verzonden"] == 4
    assert dict(Herinnering.objects.values_list("actie_id", "ontvanger")) == gevallen
    assert sorted(adres for m in herinneringen_mails() for adres in m.to) == sorted(gevallen.values())
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in herinneringen_mails())


def test_an_inactive_participant_falls_back_to_nobody_rather_than_the_whole_organisation(demo, punt, org, caplog):
    """Never the organisation's users: an organisation without a person or mailbox at the meeting gets no reminder,
    and a warning names only ids."""
    ggd = org["GGD Twente"]
    for n in range(3):
        UserFactory(email=f"medewerker{n}@ggdtwente.example", organisatie=ggd, rol=Rol.PARTNER)
    niet_aan_tafel = actie(demo, punt, ggd, date(2026, 12, 2))
    zonder_overleg = actie(demo, None, org["Politie Oost-Nederland"], date(2026, 12, 2))
    OverlegDeelnemer.objects.filter(overleg=punt.overleg, organisatie__naam="Zorgcoördinator Twente").update(mailbox="")
    geen_contact = actie(demo, punt, org["Zorgcoördinator Twente"], date(2026, 12, 2))
    with om(date(2026, 12, 1)), caplog.at_level(logging.WARNING, logger="casusoverleg.herinneringen"):
        resultaat = draai()
    assert resultaat == {"verzonden": 0, "mislukt": 0, "zonder_ontvanger": 3}
    assert not herinneringen_mails() and not Herinnering.objects.exists()
    meldingen = [r.getMessage() for r in caplog.records if r.name == "casusoverleg.herinneringen"]
    assert len(meldingen) == 3
    for a in (niet_aan_tafel, zonder_overleg, geen_contact):
        assert any(f"Action {a.pk} " in melding for melding in meldingen)
    for melding in meldingen:
        assert OMSCHRIJVING not in melding and CODE not in melding and "@" not in melding


# --- the e-mail ------------------------------------------------------------------------------------------


def test_the_mail_holds_no_case_code_and_no_action_text_only_a_link(demo, punt, org, settings):
    settings.SITE_URL = "https://ketenregie.example"
    binnenkort = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 3),
                       persoon=demo["politie@oost-nederland.example"])
    verlopen = actie(demo, punt, org["Gemeente Hengelo"], date(2026, 11, 20))
    with om(date(2026, 12, 1)):
        draai()
    berichten = {m.to[0]: m for m in herinneringen_mails()}
    assert set(berichten) == {"politie@oost-nederland.example", "coordinator@hengelo.example"}
    for bericht in berichten.values():
        tekst = bericht.subject + "\n" + bericht.body
        for verboden in (CODE, OMSCHRIJVING, "Lasondersingel", "Hengelo ", "huisvesting", punt.overleg.tafel.naam):
            assert verboden not in tekst, verboden
    politie = berichten["politie@oost-nederland.example"]
    assert f"https://ketenregie.example{reverse('casusoverleg:actie', kwargs={'pk': binnenkort.pk})}" in politie.body
    assert "3 december 2026" in politie.subject and "3 december 2026" in politie.body  # Dutch dates
    hengelo = berichten["coordinator@hengelo.example"]
    assert f"https://ketenregie.example/acties/{verlopen.pk}/" in hengelo.body
    assert "20 november 2026" in hengelo.body
    assert hengelo.subject != politie.subject


def test_a_mail_server_failure_rolls_back_the_reminder_and_a_later_run_sends_it(demo, punt, org, monkeypatch):
    from django.core.mail import EmailMessage

    a = actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 3), persoon=demo["politie@oost-nederland.example"])
    echt = EmailMessage.send

    def kapot(self, *args, **kwargs):
        raise OSError("mail server away")

    monkeypatch.setattr(EmailMessage, "send", kapot)
    with om(date(2026, 12, 1)):
        assert draai() == {"verzonden": 0, "mislukt": 1, "zonder_ontvanger": 0}
    assert not Herinnering.objects.filter(actie=a).exists()
    monkeypatch.setattr(EmailMessage, "send", echt)
    with om(date(2026, 12, 1), uur=8):
        assert draai()["verzonden"] == 1
    assert Herinnering.objects.filter(actie=a).count() == 1 and len(herinneringen_mails()) == 1


# --- the schedule ----------------------------------------------------------------------------------------


def test_beat_queues_the_reminders_daily_at_seven_amsterdam_time(demo, punt, org, django_capture_on_commit_callbacks):
    from casusoverleg.tasks import herinneringen as beat_task
    from mensenhandel.celery import app

    entry = app.conf.beat_schedule["casusoverleg-herinneringen"]
    assert entry["task"] == "casusoverleg.herinneringen"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert entry["schedule"].day_of_week == set(range(7))
    assert app.conf.timezone == "Europe/Amsterdam"

    actie(demo, punt, org["Politie Oost-Nederland"], date(2026, 12, 3), persoon=demo["politie@oost-nederland.example"])
    with om(date(2026, 12, 1)), django_capture_on_commit_callbacks(execute=True):
        job_id = beat_task()
    job = Job.objects.get(pk=job_id)
    assert job.naam == "casusoverleg.herinneringen" and job.status == JobStatus.DONE
    assert job.resultaat["verzonden"] == 1
