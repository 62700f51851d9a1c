"""Meetings of a table: scheduling one or a year at once, changing, cancelling, the presentielijst, and the pages.

Who may do what: only the ketenregisseur who manages the table schedules and changes its meetings (403 for others who
see the meeting, 404 for who does not). The portefeuillehouder who does not chair sees date, place and general items,
no participants.
"""
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casusoverleg import selectors
from casusoverleg.models import (
    Agendapunt,
    AgendapuntSoort,
    Casus,
    CasusGebeurtenis,
    CasusHistorie,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)
from casusoverleg.services import overleggen as services
from mensenhandel.audit.models import AuditActie, AuditEntry
from tafels.models import District, Gemeente, Tafel
from tests.access import assert_has_access, assert_no_access
from tests.i18n import nl

pytestmark = pytest.mark.django_db

TWENTE = "Casusoverleg Mensenhandel Twente"
MIDDEN = "Casusoverleg Mensenhandel Midden-Nederland"
REGISSEUR = "regisseur@twente.example"
MN_REGISSEUR = "regisseur@midden-nederland.example"


def _moment(dag, uur=10, minuut=0):
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)), timezone.get_default_timezone())


def tafel(naam=TWENTE):
    return Tafel.objects.get(naam=naam)


def plan(demo, *, naam=TWENTE, door=REGISSEUR, dag=None, **velden):
    dag = dag or timezone.localdate() + timedelta(days=21)
    velden.setdefault("locatie", "Stadhuis Enschede")
    velden.setdefault("doel", "Casusbespreking mensenhandel.")
    return services.schedule(tafel(naam), demo[door], begint=_moment(dag), eindigt=_moment(dag, 12), **velden)


@pytest.fixture
def overleg(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return plan(demo)


@pytest.fixture
def mn_overleg(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return plan(demo, naam=MIDDEN, door=MN_REGISSEUR, locatie="Stadskantoor Utrecht")


def _casus_op_agenda(demo, overleg, code="TW-2027-021"):
    twente = District.objects.get(code="TW")
    casus = Casus.objects.create(code=code, district=twente, regio=twente.regio, eigenaar=demo[REGISSEUR],
                                 samenvatting="Arbeidsuitbuiting in de bouw.")
    casus.gemeenten.set([Gemeente.objects.get(cbs_code="GM0164")])
    Agendapunt.objects.filter(overleg=overleg, soort=AgendapuntSoort.RONDVRAAG).update(volgorde=4)
    punt = Agendapunt.objects.create(overleg=overleg, soort=AgendapuntSoort.CASUS, casus=casus, volgorde=3)
    return casus, punt


# --- the year planning: dates ---------------------------------------------------------------------------------


def test_four_a_year_is_every_three_months_on_the_same_day():
    dagen = services.jaarplanning_data(date(2027, 1, 14), 4)
    assert dagen == [date(2027, 1, 14), date(2027, 4, 14), date(2027, 7, 14), date(2027, 10, 14)]
    assert all(dag.weekday() < 5 for dag in dagen)
    assert services.jaarplanning_data(date(2027, 2, 10), 6) == [
        date(2027, 2, 10), date(2027, 4, 12), date(2027, 6, 10), date(2027, 8, 10), date(2027, 10, 11),
        date(2027, 12, 10),
    ]  # 10 April 2027 and 10 October 2027 are Saturday and Sunday: the Monday after


def test_a_date_in_a_weekend_moves_to_the_next_working_day():
    # 13 March 2027 is a Saturday, 13 June a Sunday, 13 September a Monday, 13 December a Monday.
    assert date(2027, 3, 13).weekday() == 5 and date(2027, 6, 13).weekday() == 6
    assert services.ritme(date(2027, 3, 13), 4) == [date(2027, 3, 13), date(2027, 6, 13), date(2027, 9, 13),
                                                     date(2027, 12, 13)]
    assert services.jaarplanning_data(date(2027, 3, 13), 4) == [date(2027, 3, 15), date(2027, 6, 14),
                                                                date(2027, 9, 13), date(2027, 12, 13)]


def test_the_day_is_clamped_to_the_end_of_a_shorter_month():
    assert services.ritme(date(2027, 1, 31), 6) == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31),
                                                    date(2027, 7, 31), date(2027, 9, 30), date(2027, 11, 30)]
    assert services.ritme(date(2028, 11, 30), 12)[:1] == [date(2028, 11, 30)]
    assert services.ritme(date(2028, 1, 31), 12)[1] == date(2028, 2, 29), "a leap year"
    # Each date starts again from the first one's day: 31 Jan, 30 Apr, 31 Jul, 31 Oct — not 30 from April on.
    assert services.ritme(date(2027, 1, 31), 4) == [date(2027, 1, 31), date(2027, 4, 30), date(2027, 7, 31),
                                                    date(2027, 10, 31)]
    assert services.jaarplanning_data(date(2027, 1, 31), 4) == [date(2027, 2, 1), date(2027, 4, 30),
                                                                date(2027, 8, 2), date(2027, 11, 1)]


def test_only_the_meetings_of_that_year_and_an_uneven_rhythm_spread_by_days():
    assert services.ritme(date(2027, 9, 1), 4) == [date(2027, 9, 1), date(2027, 12, 1)]
    assert services.ritme(date(2027, 1, 4), 1) == [date(2027, 1, 4)]
    vijf = services.ritme(date(2027, 1, 4), 5)
    assert len(vijf) == 5 and all(b - a in (timedelta(days=73),) for a, b in zip(vijf, vijf[1:], strict=False))


# --- schedule -----------------------------------------------------------------------------------------------------


def test_schedule_copies_the_members_and_creates_the_standard_agenda(demo, overleg):
    assert overleg.voorzitter == demo["burgemeester@twente.example"], "Twente: the portefeuillehouder chairs"
    assert overleg.status == OverlegStatus.GEPLAND and overleg.ics_volgnummer == 0
    leden = {(lid.organisatie_id, lid.deelnemer_id, lid.mailbox) for lid in tafel().leden.all()}
    assert {(d.organisatie_id, d.deelnemer_id, d.mailbox) for d in overleg.deelnemers.all()} == leden
    assert len(leden) == 6
    punten = list(Agendapunt.objects.filter(overleg=overleg).order_by("volgorde").values_list("volgorde", "soort"))
    assert punten == [(1, AgendapuntSoort.OPENING), (2, AgendapuntSoort.BESLUITENLIJST), (3, AgendapuntSoort.RONDVRAAG)]
    entry = AuditEntry.objects.get(actie=AuditActie.CREATE, object_type="casusoverleg.overleg")
    assert entry.object_id == str(overleg.pk) and entry.actor == demo[REGISSEUR]
    assert entry.district_id == tafel().district_id


def test_midden_nederland_is_chaired_by_its_ketenregisseur(demo, mn_overleg):
    assert mn_overleg.voorzitter == demo[MN_REGISSEUR]


def test_schedule_with_a_subset_of_the_members(demo, django_capture_on_commit_callbacks):
    leden = list(tafel().leden.order_by("organisatie__naam")[:2])
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo, deelnemers=leden)
    assert {d.organisatie_id for d in overleg.deelnemers.all()} == {lid.organisatie_id for lid in leden}
    andere = tafel(MIDDEN).leden.first()
    with pytest.raises(ValidationError):
        plan(demo, deelnemers=[andere])


@pytest.mark.parametrize("email", [MN_REGISSEUR, "burgemeester@twente.example", "politie@oost-nederland.example",
                                   "beheer@ketenregie.example"])
def test_only_the_ketenregisseur_of_the_table_schedules(demo, email):
    with pytest.raises(PermissionDenied):
        plan(demo, door=email)
    assert not Overleg.objects.exists()


def test_the_chair_must_belong_to_the_table(demo):
    with pytest.raises(ValidationError) as error:
        plan(demo, voorzitter=demo["coordinator@hengelo.example"])
    assert "voorzitter" in error.value.error_dict
    for wie in (REGISSEUR, "politie@oost-nederland.example", "burgemeester@twente.example"):
        assert plan(demo, voorzitter=demo[wie]).voorzitter == demo[wie]


def test_a_place_or_a_link_and_an_end_after_the_start(demo):
    with pytest.raises(ValidationError) as error:
        plan(demo, locatie="", online_link="")
    assert "locatie" in error.value.error_dict
    assert plan(demo, locatie="", online_link="https://vergaderen.example/twente").online_link
    dag = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.schedule(tafel(), demo[REGISSEUR], begint=_moment(dag, 12), eindigt=_moment(dag, 10),
                          locatie="Stadhuis", doel="Doel")
    assert "eindigt" in error.value.error_dict


def test_plan_year_schedules_the_rhythm_through_schedule(demo, mailoutbox, django_capture_on_commit_callbacks):
    # A quarterly rhythm, set here: the demo's Twente table meets monthly (vergaderingen_per_jaar 12, issue 18).
    Tafel.objects.filter(naam=TWENTE).update(vergaderingen_per_jaar=4)
    jaar = timezone.localdate().year + 1
    eerste = date(jaar, 1, 14)
    with django_capture_on_commit_callbacks(execute=True):
        overleggen = services.plan_year(tafel(), demo[REGISSEUR], jaar=jaar, eerste=eerste, tijd=time(10, 0),
                                        duur_minuten=90, locatie="Stadhuis Enschede", online_link="", doel="Doel")
    assert len(overleggen) == 4
    assert [timezone.localdate(o.begint) for o in overleggen] == services.jaarplanning_data(eerste, 4)
    for overleg in overleggen:
        begint = timezone.localtime(overleg.begint)
        assert (begint.hour, begint.minute) == (10, 0), "10:00 in Amsterdam, summer and winter"
        assert overleg.eindigt - overleg.begint == timedelta(minutes=90)
        assert overleg.deelnemers.count() == 6 and overleg.agendapunten.count() == 3
    assert len(mailoutbox) == 4 * 7  # six participants and the chair (issue 18)
    with pytest.raises(ValidationError):
        services.plan_year(tafel(), demo[REGISSEUR], jaar=jaar, eerste=date(jaar + 1, 1, 5), tijd=time(10, 0),
                           duur_minuten=90, locatie="x", online_link="", doel="Doel")
    with pytest.raises(PermissionDenied):
        services.plan_year(tafel(), demo[MN_REGISSEUR], jaar=jaar, eerste=eerste, tijd=time(10, 0),
                           duur_minuten=90, locatie="x", online_link="", doel="Doel")


# --- update, cancel, attendance -------------------------------------------------------------------------------------


def test_update_raises_the_sequence_only_for_time_or_place(demo, overleg, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.update(overleg, demo[REGISSEUR], doel="Nieuw doel")
    overleg.refresh_from_db()
    assert overleg.ics_volgnummer == 0 and overleg.doel == "Nieuw doel"
    with django_capture_on_commit_callbacks(execute=True):
        services.update(overleg, demo[REGISSEUR], locatie="Gemeentehuis Hengelo")
    overleg.refresh_from_db()
    assert overleg.ics_volgnummer == 1
    entry = AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(overleg.pk)).latest("pk")
    assert entry.omschrijving == "gewijzigd: locatie"
    with pytest.raises(PermissionDenied):
        services.update(overleg, demo["politie@oost-nederland.example"], locatie="Elders")


def test_cancel_needs_a_reason_and_ends_the_changes(demo, overleg, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        services.cancel(overleg, demo[REGISSEUR], "  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(overleg, demo[REGISSEUR], "Geen casussen.")
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEANNULEERD and overleg.ics_volgnummer == 1
    assert overleg.annuleringsreden == "Geen casussen."
    with pytest.raises(ValidationError):
        services.cancel(overleg, demo[REGISSEUR], "Nog eens.")
    with pytest.raises(ValidationError):
        services.update(overleg, demo[REGISSEUR], locatie="Elders")


def test_attendance_marks_the_meeting_held_and_the_cases_discussed(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo, dag=timezone.localdate())
    casus, punt = _casus_op_agenda(demo, overleg)
    hengelo = demo["coordinator@hengelo.example"]
    uitnodiging = Uitnodiging.objects.create(agendapunt=punt, organisatie=hengelo.organisatie, deelnemer=hengelo,
                                             uitgenodigd_door=demo[REGISSEUR])
    deelnemers = list(overleg.deelnemers.order_by("organisatie__naam"))
    aanwezig = [d.pk for d in deelnemers[:4]]
    services.record_attendance(overleg, demo[REGISSEUR], aanwezig_deelnemers=aanwezig,
                               aanwezig_uitnodigingen=[uitnodiging.pk])
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEHOUDEN
    assert {d.pk: d.aanwezig for d in overleg.deelnemers.all()} == {d.pk: d.pk in aanwezig for d in deelnemers}
    uitnodiging.refresh_from_db()
    assert uitnodiging.aanwezig is True
    rij = CasusHistorie.objects.get(casus=casus, soort=CasusGebeurtenis.BESPROKEN)
    assert rij.overleg == overleg and rij.door == demo[REGISSEUR]
    assert rij.tekst.startswith(f"{TWENTE}, ") and str(timezone.localdate().year) in rij.tekst
    assert casus.code not in rij.tekst
    # A correction changes the list, not the timeline.
    services.record_attendance(overleg, demo[REGISSEUR], aanwezig_deelnemers=[], aanwezig_uitnodigingen=[])
    assert not OverlegDeelnemer.objects.filter(overleg=overleg, aanwezig=True).exists()
    assert CasusHistorie.objects.filter(casus=casus, soort=CasusGebeurtenis.BESPROKEN).count() == 1


def test_attendance_not_before_the_day_and_not_of_strangers(demo, overleg, mn_overleg):
    with pytest.raises(ValidationError):
        services.record_attendance(overleg, demo[REGISSEUR], aanwezig_deelnemers=[], aanwezig_uitnodigingen=[])
    Overleg.objects.filter(pk=overleg.pk).update(begint=_moment(timezone.localdate(), 0, 1))
    vreemd = mn_overleg.deelnemers.first()
    with pytest.raises(ValidationError):
        services.record_attendance(overleg, demo[REGISSEUR], aanwezig_deelnemers=[vreemd.pk], aanwezig_uitnodigingen=[])
    with pytest.raises(PermissionDenied):
        services.record_attendance(overleg, demo["burgemeester@twente.example"], aanwezig_deelnemers=[],
                                   aanwezig_uitnodigingen=[])


# --- who reaches which page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["coordinator@hengelo.example", "coordinator@utrecht.example", MN_REGISSEUR,
                                   "burgemeester@midden-nederland.example", "beheer@ketenregie.example"])
def test_who_does_not_see_a_twente_meeting_gets_404_everywhere(client, demo, overleg, email):
    assert_no_access(client, demo[email], overleg)


@pytest.mark.parametrize("email", [REGISSEUR, "burgemeester@twente.example", "politie@oost-nederland.example",
                                   "inspectie@nla.example"])
def test_participants_the_chair_and_the_director_see_the_meeting(client, demo, overleg, email):
    assert_has_access(client, demo[email], overleg)


def test_an_invited_organisation_sees_the_meeting(client, demo, overleg):
    _casus, punt = _casus_op_agenda(demo, overleg)
    hengelo = demo["coordinator@hengelo.example"]
    Uitnodiging.objects.create(agendapunt=punt, organisatie=hengelo.organisatie, deelnemer=hengelo,
                               uitgenodigd_door=demo[REGISSEUR])
    assert_has_access(client, hengelo, overleg)
    assert_no_access(client, demo["coordinator@enschede.example"], overleg)


MANAGE = ["overleg_bewerken", "overleg_annuleren", "overleg_presentie"]


@pytest.mark.parametrize("email", ["burgemeester@twente.example", "politie@oost-nederland.example"])
def test_who_sees_but_does_not_manage_gets_403_on_the_manage_pages(client, demo, overleg, email):
    client.force_login(demo[email])
    for name in MANAGE:
        url = f"/overleggen/{overleg.pk}/{name.removeprefix('overleg_')}/"
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reden": "x"}).status_code == 403, url
    assert client.get("/overleggen/nieuw/").status_code == 403
    assert client.get("/overleggen/jaarplanning/").status_code == 403
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEPLAND


def test_the_director_of_another_region_gets_404_on_the_manage_pages_and_403_on_new(client, demo, overleg):
    client.force_login(demo[MN_REGISSEUR])
    for name in MANAGE:
        assert client.get(f"/overleggen/{overleg.pk}/{name.removeprefix('overleg_')}/").status_code == 404
    assert client.get(f"/overleggen/nieuw/?tafel={tafel().pk}").status_code == 200, "their own tables to choose"
    response = client.post("/overleggen/nieuw/", {"tafel": tafel().pk})
    assert response.status_code == 200 and not Overleg.objects.filter(tafel__naam=MIDDEN).exists()
    assert Overleg.objects.count() == 1


# --- the pages ----------------------------------------------------------------------------------------------------


def _formulier(dag, **extra):
    data = {"datum": dag.isoformat(), "begintijd": "13:30", "eindtijd": "15:00", "locatie": "Stadhuis Hengelo",
            "online_link": "", "doel": "Doelbinding van dit overleg."}
    data.update(extra)
    return data


def test_scheduling_through_the_page(client, demo, mailoutbox, django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    client.force_login(regisseur)
    response = client.get("/overleggen/nieuw/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Regiegroep Prostitutie Twente" in html and TWENTE in html, "more than one table: choose first"
    assert MIDDEN not in html
    twente = tafel()
    html = client.get(f"/overleggen/nieuw/?tafel={twente.pk}").content.decode()
    assert html.count('type="checkbox"') == 6 and html.count("checked") == 6, "all members, checked"
    assert nl("The information shared in this meeting may only be used to assess the cases of human trafficking on "
              "the agenda and to agree on and follow up interventions (criminal, administrative, tax, labour law and "
              "care), each organisation within its own legal task. It is not passed on to others without a legal "
              "basis.") in html.replace("&#x27;", "'")
    assert f'<option value="{demo["burgemeester@twente.example"].pk}" selected>' in html
    leden = list(twente.leden.order_by("organisatie__naam"))
    dag = timezone.localdate() + timedelta(days=30)
    data = _formulier(dag, tafel=twente.pk, voorzitter=demo["burgemeester@twente.example"].pk,
                      deelnemers=[lid.pk for lid in leden[:3]])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/overleggen/nieuw/?tafel={twente.pk}", data)
    overleg = Overleg.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/overleggen/{overleg.pk}/"
    assert timezone.localtime(overleg.begint).strftime("%Y-%m-%d %H:%M") == f"{dag.isoformat()} 13:30"
    assert overleg.deelnemers.count() == 3 and len(mailoutbox) == 4  # and the chair


def test_an_invalid_form_keeps_what_was_typed_and_shows_a_summary(client, demo):
    client.force_login(demo[REGISSEUR])
    twente = tafel()
    dag = timezone.localdate() + timedelta(days=30)
    data = _formulier(dag, tafel=twente.pk, voorzitter=demo["burgemeester@twente.example"].pk, locatie="",
                      eindtijd="12:00", doel="Mijn eigen doelbinding", deelnemers=[twente.leden.first().pk])
    response = client.post(f"/overleggen/nieuw/?tafel={twente.pk}", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="foutoverzicht"' in html
    assert nl("The meeting must end after it starts.") in html
    assert nl("Give a place, an online link, or both.") in html
    assert "Mijn eigen doelbinding" in html and 'value="13:30"' in html
    assert html.count("checked") == 1
    assert not Overleg.objects.exists()
    past = _formulier(timezone.localdate() - timedelta(days=1), tafel=twente.pk,
                      voorzitter=demo["burgemeester@twente.example"].pk, deelnemers=[twente.leden.first().pk])
    assert nl("A new meeting cannot start in the past.") in client.post("/overleggen/nieuw/", past).content.decode()


def test_the_year_planning_page_shows_existing_meetings_a_preview_then_plans(
    client, demo, mailoutbox, django_capture_on_commit_callbacks
):
    regisseur = demo[REGISSEUR]
    # A quarterly rhythm, set here: the demo's Twente table meets monthly (vergaderingen_per_jaar 12, issue 18).
    Tafel.objects.filter(naam=TWENTE).update(vergaderingen_per_jaar=4)
    twente = tafel()
    jaar = timezone.localdate().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        bestaand = plan(demo, dag=date(jaar, 2, 3))
    client.force_login(regisseur)
    url = f"/overleggen/jaarplanning/?tafel={twente.pk}"
    data = {"tafel": twente.pk, "jaar": jaar, "eerste": f"{jaar}-01-14", "begintijd": "10:00", "duur_minuten": 120,
            "locatie": "Stadhuis Enschede", "online_link": "", "doel": "Doel", "actie": "voorbeeld"}
    html = client.post(url, data).content.decode()
    assert f'data-overleg="{bestaand.pk}"' in html, "the meetings of that year first"
    assert html.count('class="utrecht-ordered-list__item"') == 4
    assert 'value="plannen"' in html
    assert Overleg.objects.count() == 1
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "actie": "plannen"})
    assert response.status_code == 302 and response["Location"] == f"/overleggen/?tafel={twente.pk}"
    assert Overleg.objects.filter(begint__year=jaar).count() == 5
    assert len(mailoutbox) == 4 * 7  # six participants and the chair
    wrong = client.post(url, {**data, "eerste": f"{jaar + 1}-01-14"}).content.decode()
    assert 'id="foutoverzicht"' in wrong


def test_changing_cancelling_and_attendance_through_the_pages(client, demo, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        overleg = plan(demo, dag=timezone.localdate())
    client.force_login(demo[REGISSEUR])
    html = client.get(f"/overleggen/{overleg.pk}/bewerken/").content.decode()
    assert 'value="Stadhuis Enschede"' in html
    mailoutbox.clear()
    # Moved to tomorrow evening: still to come whatever the hour the suite runs, so the update is sent.
    morgen = timezone.localdate() + timedelta(days=1)
    data = _formulier(morgen, voorzitter=overleg.voorzitter_id, begintijd="20:00", eindtijd="21:00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/overleggen/{overleg.pk}/bewerken/", data)
    assert response.status_code == 302
    overleg.refresh_from_db()
    assert overleg.ics_volgnummer == 1 and overleg.locatie == "Stadhuis Hengelo" and len(mailoutbox) == 7
    assert timezone.localtime(overleg.begint) == _moment(morgen, 20)

    # The day has come: attendance can be recorded.
    Overleg.objects.filter(pk=overleg.pk).update(begint=_moment(timezone.localdate(), 0, 1),
                                                 eindigt=_moment(timezone.localdate(), 0, 30))
    deelnemers = list(overleg.deelnemers.all())
    response = client.post(f"/overleggen/{overleg.pk}/presentie/", {"deelnemers": [deelnemers[0].pk]})
    assert response.status_code == 302
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEHOUDEN
    html = client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert nl("Attendance list") in html and nl("present") in html and nl("absent") in html
    assert client.get(f"/overleggen/{overleg.pk}/annuleren/").status_code == 302, "a held meeting is not cancelled"


def test_cancelling_through_the_confirmation_page(client, demo, overleg, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(demo[REGISSEUR])
    assert client.get(f"/overleggen/{overleg.pk}/annuleren/").status_code == 200
    response = client.post(f"/overleggen/{overleg.pk}/annuleren/", {"reden": ""})
    assert response.status_code == 200 and 'id="foutoverzicht"' in response.content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/overleggen/{overleg.pk}/annuleren/", {"reden": "Te weinig casussen."})
    assert response.status_code == 302
    overleg.refresh_from_db()
    assert overleg.status == OverlegStatus.GEANNULEERD and len(mailoutbox) == 7
    html = client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert "Te weinig casussen." in html
    assert f'href="/overleggen/{overleg.pk}/bewerken/"' not in html


def test_the_detail_page_is_audited_and_shows_persons_only_to_the_manager(client, demo, overleg):
    client.force_login(demo[REGISSEUR])
    html = client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, object_type="casusoverleg.overleg",
                                     object_id=str(overleg.pk)).exists()
    assert "Erik Nijhof" in html and "casusoverleg.oost@belastingdienst.example" in html
    assert f'href="/overleggen/{overleg.pk}/bewerken/"' in html and f'href="/overleggen/{overleg.pk}/annuleren/"' in html
    assert f'href="/overleggen/{overleg.pk}/uitnodiging.ics"' in html

    client.force_login(demo["politie@oost-nederland.example"])
    html = client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert "Nederlandse Arbeidsinspectie" in html and "Belastingdienst" in html
    for persoon in ("Linda Kamphuis", "inspectie@nla.example", "casusoverleg.oost@belastingdienst.example",
                    "Sanne Oude Veldhuis"):
        assert persoon not in html
    assert "/bewerken/" not in html and "/annuleren/" not in html


def test_a_portfolio_holder_who_does_not_chair_sees_no_participants(client, demo, mn_overleg):
    burgemeester = demo["burgemeester@midden-nederland.example"]
    client.force_login(burgemeester)
    response = client.get(f"/overleggen/{mn_overleg.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stadskantoor Utrecht" in html and MIDDEN in html
    for deelnemer in OverlegDeelnemer.objects.filter(overleg=mn_overleg).select_related("deelnemer", "organisatie"):
        if deelnemer.deelnemer:
            assert deelnemer.deelnemer.naam not in html
        assert deelnemer.contact not in html
    assert "Thomas van Dijk" not in html and "Noor Bakker" not in html
    assert "data-deelnemer" not in html and "Politie Midden-Nederland" not in html
    # The chair of Twente sees the organisations of her meeting, not the persons.
    client.force_login(demo["burgemeester@twente.example"])
    overleg = plan(demo)
    html = client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert "Politie Oost-Nederland" in html and "Erik Nijhof" not in html
    assert nl("You chair this meeting") in html


def test_an_invitee_sees_only_its_own_invitation(client, demo, overleg):
    _casus, punt = _casus_op_agenda(demo, overleg)
    casus2, punt2 = _casus_op_agenda(demo, overleg, code="TW-2027-022")
    Agendapunt.objects.filter(pk=punt2.pk).update(volgorde=5)
    hengelo, enschede = demo["coordinator@hengelo.example"], demo["coordinator@enschede.example"]
    Uitnodiging.objects.create(agendapunt=punt, organisatie=hengelo.organisatie, deelnemer=hengelo,
                               uitgenodigd_door=demo[REGISSEUR])
    Uitnodiging.objects.create(agendapunt=punt2, organisatie=enschede.organisatie, deelnemer=enschede,
                               uitgenodigd_door=demo[REGISSEUR])
    client.force_login(hengelo)
    html = client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert re.findall(r'data-uitgenodigd="(\d+)"', html) == [str(hengelo.organisatie_id)]
    client.force_login(demo["politie@oost-nederland.example"])
    html = client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert set(re.findall(r'data-uitgenodigd="(\d+)"', html)) == {str(hengelo.organisatie_id),
                                                                  str(enschede.organisatie_id)}, "every invitee"
    assert "Fatima El Amrani" not in html


def test_the_ics_download_is_audited_and_404_for_others(client, demo, overleg):
    client.force_login(demo["inspectie@nla.example"])
    response = client.get(f"/overleggen/{overleg.pk}/uitnodiging.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="overleg-')
    body = response.content.decode()
    assert "METHOD:PUBLISH" in body and f"UID:{overleg.uid}@" in body and "Linda Kamphuis" not in body
    assert AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD, object_id=str(overleg.pk)).exists()
    client.force_login(demo["coordinator@utrecht.example"])
    assert client.get(f"/overleggen/{overleg.pk}/uitnodiging.ics").status_code == 404


# --- the list -------------------------------------------------------------------------------------------------


def _list(client, query=""):
    response = client.get(f"/overleggen/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_upcoming_first_with_a_filter_per_table(
    client, demo, overleg, mn_overleg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        geweest = plan(demo, dag=timezone.localdate() - timedelta(days=40))
        later = plan(demo, dag=timezone.localdate() + timedelta(days=60))
    client.force_login(demo[REGISSEUR])
    html = _list(client)
    ids = [int(pk) for pk in re.findall(r'data-overleg="(\d+)"', html)]
    assert ids == [overleg.pk, later.pk], "upcoming, soonest first"
    assert f'data-overleg="{mn_overleg.pk}"' not in html
    assert nl("Schedule a meeting") in html and nl("Plan a year") in html
    ids = [int(pk) for pk in re.findall(r'data-overleg="(\d+)"', _list(client, "?wanneer=alle"))]
    assert ids == [overleg.pk, later.pk, geweest.pk]
    assert [int(pk) for pk in re.findall(r'data-overleg="(\d+)"', _list(client, "?wanneer=geweest"))] == [geweest.pk]
    # The table filter offers only tables of meetings the user sees.
    options = re.findall(r'<option value="(\d+)"', html)
    assert options == [str(tafel().pk)]
    assert "not a valid" not in _list(client, f"?tafel={tafel().pk}")
    html = _list(client, f"?tafel={tafel(MIDDEN).pk}")
    assert "data-overleg" not in html, "an unknown table filters nothing into view"
    entry = AuditEntry.objects.filter(actie=AuditActie.LIST, object_type="casusoverleg.overleg").latest("pk")
    assert entry.filters == {"tafel": str(tafel(MIDDEN).pk)}


def test_the_list_of_a_partner_has_no_planning_buttons_and_a_beheerder_has_no_list(client, demo, overleg):
    client.force_login(demo["politie@oost-nederland.example"])
    html = _list(client)
    assert f'data-overleg="{overleg.pk}"' in html
    assert "/overleggen/nieuw/" not in html and "/overleggen/jaarplanning/" not in html
    client.force_login(demo["beheer@ketenregie.example"])
    assert client.get("/overleggen/").status_code == 404


def test_the_list_query_count_does_not_grow_with_the_rows(client, demo, django_capture_on_commit_callbacks):
    client.force_login(demo[REGISSEUR])
    with django_capture_on_commit_callbacks(execute=True):
        plan(demo)
    _list(client, "?wanneer=alle")

    def count():
        with CaptureQueriesContext(connection) as queries:
            _list(client, "?wanneer=alle")
        return len(queries)

    een = count()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(12):
            plan(demo, dag=timezone.localdate() + timedelta(days=30 + i))
            plan(demo, naam="Regiegroep Prostitutie Twente", dag=timezone.localdate() - timedelta(days=30 + i))
    assert count() == een


def test_the_list_runs_few_queries(client, demo, overleg, django_assert_max_num_queries):
    client.force_login(demo["politie@oost-nederland.example"])
    _list(client)
    with django_assert_max_num_queries(12):
        _list(client, "?wanneer=alle")


# --- the start page ---------------------------------------------------------------------------------------------


def _section(html, key):
    match = re.search(rf'<section class="start-block start-block--{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def _start(client, user):
    client.force_login(user)
    return client.get("/").content.decode()


def test_the_start_page_shows_the_next_meeting_to_director_and_chair(client, demo, overleg, mn_overleg,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        geannuleerd = plan(demo, dag=timezone.localdate() + timedelta(days=2))
        services.cancel(geannuleerd, demo[REGISSEUR], "Vervalt.")
    for email in (REGISSEUR, "burgemeester@twente.example"):
        section = _section(_start(client, demo[email]), "volgend_overleg")
        assert f'href="/overleggen/{overleg.pk}/"' in section and TWENTE in section
        assert f'data-overleg="{geannuleerd.pk}"' not in section
        assert f'data-overleg="{mn_overleg.pk}"' not in section
        assert "empty-state" not in section
    section = _section(_start(client, demo["burgemeester@midden-nederland.example"]), "volgend_overleg")
    assert f'data-overleg="{mn_overleg.pk}"' in section and "Thomas van Dijk" not in section


def test_the_start_page_lists_the_meetings_a_partner_or_coordinator_is_invited_to(client, demo, overleg):
    section = _section(_start(client, demo["politie@oost-nederland.example"]), "uitnodigingen_overleg")
    assert f'data-overleg="{overleg.pk}"' in section
    assert nl("Your organisation is a standing participant.") in section
    hengelo = demo["coordinator@hengelo.example"]
    section = _section(_start(client, hengelo), "uitnodigingen_overleg")
    assert "empty-state" in section and "data-overleg" not in section
    _casus, punt = _casus_op_agenda(demo, overleg)
    Uitnodiging.objects.create(agendapunt=punt, organisatie=hengelo.organisatie, deelnemer=hengelo,
                               uitgenodigd_door=demo[REGISSEUR])
    section = _section(_start(client, hengelo), "uitnodigingen_overleg")
    assert f'data-overleg="{overleg.pk}"' in section
    assert nl("Invited for an agenda item: accept the confidentiality declaration to see it.") in section
    assert _casus.code not in section


def test_the_start_page_stays_within_its_query_budget_with_meetings(client, demo, overleg,
                                                                    django_assert_max_num_queries):
    for email in (REGISSEUR, "burgemeester@twente.example", "politie@oost-nederland.example",
                  "coordinator@hengelo.example"):
        client.force_login(demo[email])
        client.get("/")
        with django_assert_max_num_queries(16):
            assert client.get("/").status_code == 200


def test_selectors_for_the_chair_choice(demo):
    keuzes = set(selectors.mogelijke_voorzitters(tafel()).values_list("email", flat=True))
    assert keuzes == {"burgemeester@twente.example", REGISSEUR, "politie@oost-nederland.example",
                      "inspectie@nla.example"}
