"""Cases: the code, opening from signals, linking later, status, victim track, the timeline and the case pages.

The cross-area access tests (every role, every URL, assert_no_access/assert_has_access) are in test_access.py.
"""
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casusoverleg import selectors
from casusoverleg.models import (
    Actie,
    ActieSoort,
    Agendapunt,
    AgendapuntSoort,
    Casus,
    CasusGebeurtenis,
    CasusHistorie,
    CasusNummer,
    CasusSignaal,
    CasusStatus,
    Overleg,
    OverlegDeelnemer,
)
from casusoverleg.services import casussen as services
from mensenhandel.audit.models import AuditActie, AuditEntry
from signalen import services as signaal_services
from signalen.models import Gebeurtenis, SignaalHistorie, Standaardtekst, Status, Vorm
from tafels.models import Gemeente, Tafel
from tests.i18n import nl
from tests.signalen.test_access import maak_signaal

pytestmark = pytest.mark.django_db

REGISSEUR = "regisseur@twente.example"
REGISSEUR_MN = "regisseur@midden-nederland.example"
ENSCHEDE = "coordinator@enschede.example"
HENGELO = "coordinator@hengelo.example"
UTRECHT = "coordinator@utrecht.example"
POLITIE = "politie@oost-nederland.example"
BURGEMEESTER = "burgemeester@twente.example"

CODE = re.compile(r"^(TW|MN)-\d{4}-\d{3}$")


def tekst(msgid, **params):
    """The text as the page shows it, HTML-escaped as a variable is."""
    text = nl(msgid)
    return escape(text % params if params else text)


def gemeente(naam):
    return Gemeente.objects.get(naam=naam)


def open_casus(door, *gemeenten, signalen=(), **velden):
    velden.setdefault("vormen", [Vorm.objects.order_by("pk").first()])
    velden.setdefault("samenvatting", "Uitbuiting in de schoonmaak; meerdere slachtoffers op één adres.")
    return services.open_casus(door, gemeenten=[gemeente(n) for n in gemeenten or ("Enschede",)],
                               signalen=signalen, **velden)


def op_agenda(casus, organisatie, *, dagen=14, door=None):
    """A meeting of the Twente casusoverleg with ``organisatie`` as standing participant and the case on its agenda."""
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    begint = timezone.now() + timedelta(days=dagen)
    overleg = Overleg.objects.create(tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2),
                                     doel="Casusoverleg mensenhandel", aangemaakt_door=door or casus.eigenaar)
    OverlegDeelnemer.objects.create(overleg=overleg, organisatie=organisatie)
    Agendapunt.objects.create(overleg=overleg, soort=AgendapuntSoort.CASUS, casus=casus, volgorde=1)
    return overleg


@pytest.fixture
def regisseur(demo):
    return demo[REGISSEUR]


@pytest.fixture
def signaal(demo):
    return maak_signaal(demo[ENSCHEDE])


# --- the code ----------------------------------------------------------------------------------------------------


def test_codes_are_numbered_per_prefix_and_year_and_a_new_year_starts_again():
    assert services.next_code("TW", 2031) == "TW-2031-001"
    assert services.next_code("TW", 2031) == "TW-2031-002"
    assert services.next_code("MN", 2031) == "MN-2031-001"
    assert services.next_code("TW", 2032) == "TW-2032-001"
    assert services.next_code("TW", 2031) == "TW-2031-003"
    CasusNummer.objects.filter(prefix="TW", jaar=2031).update(laatste=13)
    assert services.next_code("TW", 2031) == "TW-2031-014"


def test_the_counter_row_is_taken_under_a_row_lock():
    manager = CasusNummer.objects
    with mock.patch.object(manager, "select_for_update", wraps=manager.select_for_update) as lock:
        services.next_code("TW", 2033)
    lock.assert_called_once_with()


def test_a_district_director_opens_a_district_case_with_the_district_code(regisseur):
    casus = open_casus(regisseur, "Enschede", "Hengelo")
    jaar = timezone.localdate().year
    assert re.fullmatch(rf"TW-{jaar}-\d{{3}}", casus.code)
    assert casus.district.code == "TW" and casus.regio == casus.district.regio
    assert casus.eigenaar == regisseur and casus.status == CasusStatus.OPEN
    assert set(casus.gemeenten.values_list("naam", flat=True)) == {"Enschede", "Hengelo"}
    volgende = open_casus(regisseur, "Almelo")
    assert int(volgende.code[-3:]) == int(casus.code[-3:]) + 1
    geopend = casus.historie.get()
    assert geopend.soort == CasusGebeurtenis.GEOPEND and geopend.door == regisseur
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="casusoverleg.casus",
                                     object_id=str(casus.pk)).exists()


def test_a_region_director_opens_a_region_case_with_the_region_code(demo):
    casus = open_casus(demo[REGISSEUR_MN], "Utrecht")
    assert casus.code.startswith(f"MN-{timezone.localdate().year}-")
    assert casus.district is None and casus.regio.code == "MN"


def test_a_case_only_plays_in_the_werkgebied_and_only_a_director_opens_one(demo, regisseur):
    with pytest.raises(ValidationError):
        open_casus(regisseur, "Utrecht")
    with pytest.raises(ValidationError):
        services.open_casus(regisseur, gemeenten=[], vormen=[], samenvatting="Zonder gemeente")
    for email in (ENSCHEDE, POLITIE, BURGEMEESTER):
        with pytest.raises(PermissionDenied):
            open_casus(demo[email], "Enschede")
    assert not Casus.objects.exists()


def test_a_case_can_be_opened_from_a_partners_report_without_signals(demo, regisseur):
    politie = demo[POLITIE].organisatie
    casus = open_casus(regisseur, "Almelo", melder=politie)
    assert casus.melder == politie and not casus.koppelingen.exists()


# --- signals -----------------------------------------------------------------------------------------------------


def test_opening_from_signals_takes_them_up_and_mails_the_submitters_without_the_code(
    demo, regisseur, django_capture_on_commit_callbacks
):
    eerste = maak_signaal(demo[ENSCHEDE])
    tweede = maak_signaal(demo[HENGELO])
    signaal_services.change_status(tweede, regisseur, Status.IN_BEHANDELING)
    with django_capture_on_commit_callbacks(execute=True):
        casus = open_casus(regisseur, "Enschede", "Hengelo", signalen=[eerste, tweede])
    for signaal in (eerste, tweede):
        signaal.refresh_from_db()
        assert signaal.status == Status.OPGEPAKT_IN_CASUS
        beslissing = signaal.historie.filter(soort=Gebeurtenis.STATUS).last()
        assert beslissing.naar_status == Status.OPGEPAKT_IN_CASUS
        assert beslissing.terugkoppeling == Standaardtekst.objects.get(status=Status.OPGEPAKT_IN_CASUS).tekst
        assert casus.code not in beslissing.terugkoppeling
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ENSCHEDE, HENGELO])
    for bericht in mail.outbox:
        assert casus.code not in bericht.subject and casus.code not in bericht.body
        assert eerste.referentie not in bericht.body and tweede.referentie not in bericht.body
    assert set(casus.signalen.all()) == {eerste, tweede}
    gekoppeld = casus.historie.filter(soort=CasusGebeurtenis.SIGNAAL)
    assert {rij.signaal_id for rij in gekoppeld} == {eerste.pk, tweede.pk}


def test_a_signal_linked_later_is_taken_up_once_and_linking_twice_changes_nothing(
    regisseur, signaal, django_capture_on_commit_callbacks
):
    casus = open_casus(regisseur)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.link_signaal(casus, signaal, regisseur) is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.link_signaal(casus, signaal, regisseur) is None
    assert CasusSignaal.objects.filter(casus=casus, signaal=signaal).count() == 1
    assert casus.historie.filter(soort=CasusGebeurtenis.SIGNAAL).count() == 1
    assert SignaalHistorie.objects.filter(signaal=signaal, naar_status=Status.OPGEPAKT_IN_CASUS).count() == 1
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="casusoverleg.casus", object_id=str(casus.pk),
                                     omschrijving=f"signaal {signaal.pk} gekoppeld").count() == 1


def test_a_signal_already_taken_up_can_join_a_second_case_without_a_new_decision_or_mail(
    regisseur, signaal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_casus(regisseur, signalen=[signaal])
        tweede = open_casus(regisseur)
        services.link_signaal(tweede, signaal, regisseur)
    assert len(mail.outbox) == 1
    assert signaal.casussen.count() == 2
    assert SignaalHistorie.objects.filter(signaal=signaal, naar_status=Status.OPGEPAKT_IN_CASUS).count() == 1


@pytest.mark.parametrize("besluit", [Status.DOORGEZET, Status.AFGESLOTEN])
def test_a_passed_on_or_closed_signal_must_be_reopened_first(regisseur, signaal, besluit):
    signaal_services.change_status(signaal, regisseur, besluit, reden="Geen vervolg", doorgezet_naar="nla")
    casus = open_casus(regisseur)
    with pytest.raises(ValidationError) as fout:
        services.link_signaal(casus, signaal, regisseur)
    assert signaal.referentie in fout.value.messages[0]
    assert not casus.koppelingen.exists()
    signaal_services.change_status(signaal, regisseur, Status.IN_BEHANDELING)
    services.link_signaal(casus, signaal, regisseur)
    signaal.refresh_from_db()
    assert signaal.status == Status.OPGEPAKT_IN_CASUS


def test_only_a_director_who_may_triage_the_signal_links_it(demo, regisseur, signaal):
    casus = open_casus(regisseur)
    utrecht = maak_signaal(demo[UTRECHT])
    with pytest.raises(PermissionDenied):
        services.link_signaal(casus, utrecht, regisseur)
    with pytest.raises(PermissionDenied):
        services.link_signaal(casus, signaal, demo[REGISSEUR_MN])
    with pytest.raises(PermissionDenied):
        services.link_signaal(casus, signaal, demo[ENSCHEDE])


# --- status ------------------------------------------------------------------------------------------------------


def test_status_moves_forward_and_back_between_the_open_states(regisseur):
    casus = open_casus(regisseur)
    eerder = casus.status_gewijzigd_op
    for naar in (CasusStatus.IN_ONDERZOEK, CasusStatus.INTERVENTIES_LOPEN, CasusStatus.IN_ONDERZOEK):
        casus = services.change_status(casus, regisseur, naar, verwacht=casus.status)
        assert casus.status == naar
    assert casus.status_gewijzigd_op > eerder
    rijen = list(casus.historie.filter(soort=CasusGebeurtenis.STATUS).values_list("van_status", "naar_status"))
    assert rijen == [("open", "in_onderzoek"), ("in_onderzoek", "interventies_lopen"),
                     ("interventies_lopen", "in_onderzoek")]
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(casus.pk),
                                     omschrijving="status open -> in_onderzoek").exists()


def test_closing_needs_a_reason_and_reopening_keeps_it_in_the_timeline(regisseur):
    casus = open_casus(regisseur)
    with pytest.raises(ValidationError):
        services.change_status(casus, regisseur, CasusStatus.AFGESLOTEN, reden="  ")
    casus = services.change_status(casus, regisseur, CasusStatus.AFGESLOTEN, reden="Interventies afgerond.")
    assert casus.afgesloten_op is not None and casus.afsluitreden == "Interventies afgerond."
    with pytest.raises(ValidationError):
        services.change_status(casus, regisseur, CasusStatus.IN_ONDERZOEK)
    casus = services.change_status(casus, regisseur, CasusStatus.OPEN)
    assert casus.status == CasusStatus.OPEN and casus.afgesloten_op is None and casus.afsluitreden == ""
    sluiten, heropenen = casus.historie.filter(soort=CasusGebeurtenis.STATUS)
    assert sluiten.tekst == "Interventies afgerond." and heropenen.van_status == CasusStatus.AFGESLOTEN


def test_a_stale_status_is_refused_and_nothing_changes(regisseur):
    casus = open_casus(regisseur)
    services.change_status(casus, regisseur, CasusStatus.IN_ONDERZOEK, verwacht=CasusStatus.OPEN)
    with pytest.raises(services.StaleStatus) as fout:
        services.change_status(casus, regisseur, CasusStatus.AFGESLOTEN, reden="Klaar", verwacht=CasusStatus.OPEN)
    assert isinstance(fout.value, ValidationError)
    casus.refresh_from_db()
    assert casus.status == CasusStatus.IN_ONDERZOEK


def test_the_status_form_shows_a_stale_status_and_keeps_the_reason(client, regisseur):
    casus = open_casus(regisseur)
    services.change_status(casus, regisseur, CasusStatus.IN_ONDERZOEK)
    client.force_login(regisseur)
    response = client.post(reverse("casusoverleg:casus_status", args=[casus.pk]),
                           {"verwacht": "open", "naar": "afgesloten", "reden": "Alles afgerond"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alles afgerond" in html
    assert tekst("Someone else changed the status of this case in the meantime: it is now '%(status)s'. Check and "
                 "choose again.", status=nl("under investigation")) in html
    casus.refresh_from_db()
    assert casus.status == CasusStatus.IN_ONDERZOEK


def test_the_status_form_closes_with_a_reason_and_shows_an_error_summary_without_one(client, regisseur):
    casus = open_casus(regisseur)
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_status", args=[casus.pk])
    response = client.post(url, {"verwacht": "open", "naar": "afgesloten", "reden": ""})
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode()
    assert tekst("Give the reason for closing the case.") in response.content.decode()
    response = client.post(url, {"verwacht": "open", "naar": "afgesloten", "reden": "Afgerond"}, follow=True)
    assert tekst("Case %(code)s is now '%(status)s'.", code=casus.code, status=nl("closed")) in response.content.decode()
    casus.refresh_from_db()
    assert casus.status == CasusStatus.AFGESLOTEN


# --- details and victim track ------------------------------------------------------------------------------------


def test_details_change_names_only_the_fields_and_the_owner_is_a_director_of_the_werkgebied(demo, regisseur):
    casus = open_casus(regisseur)
    with pytest.raises(ValidationError):
        services.update_details(casus, regisseur, gemeenten=[gemeente("Enschede")], vormen=[],
                                samenvatting=casus.samenvatting, eigenaar=demo[REGISSEUR_MN])
    with pytest.raises(ValidationError):
        services.update_details(casus, regisseur, gemeenten=[gemeente("Utrecht")], vormen=[],
                                samenvatting=casus.samenvatting, eigenaar=regisseur)
    gewijzigd = services.update_details(casus, regisseur, gemeenten=[gemeente("Enschede"), gemeente("Hengelo")],
                                        vormen=list(casus.vormen.all()), samenvatting="Nieuwe samenvatting zonder namen",
                                        eigenaar=regisseur)
    assert gewijzigd == ["gemeenten", "samenvatting"]
    rij = casus.historie.get(soort=CasusGebeurtenis.GEWIJZIGD)
    assert rij.tekst == "gemeenten, samenvatting"
    assert "Nieuwe samenvatting" not in rij.tekst
    assert services.update_details(casus, regisseur, gemeenten=[gemeente("Enschede"), gemeente("Hengelo")],
                                   vormen=list(casus.vormen.all()), samenvatting="Nieuwe samenvatting zonder namen",
                                   eigenaar=regisseur) == []
    assert casus.historie.filter(soort=CasusGebeurtenis.GEWIJZIGD).count() == 1


def test_the_victim_track_takes_dates_not_in_the_future(regisseur):
    casus = open_casus(regisseur)
    vandaag = timezone.localdate()
    with pytest.raises(ValidationError):
        services.set_slachtofferspoor(casus, regisseur, comensha_aangemeld_op=vandaag + timedelta(days=1),
                                      zorgcoordinator_betrokken_op=None)
    assert services.set_slachtofferspoor(casus, regisseur, comensha_aangemeld_op=vandaag - timedelta(days=3),
                                         zorgcoordinator_betrokken_op=vandaag) == [
        "comensha_aangemeld_op", "zorgcoordinator_betrokken_op"]
    casus.refresh_from_db()
    assert casus.comensha_aangemeld_op == vandaag - timedelta(days=3)
    assert casus.zorgcoordinator_betrokken_op == vandaag
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(casus.pk),
                                     omschrijving__startswith="slachtofferspoor").exists()
    rij = casus.historie.get(soort=CasusGebeurtenis.SLACHTOFFERSPOOR)
    assert rij.tekst == (f"comensha_aangemeld_op={(vandaag - timedelta(days=3)).isoformat()}\n"
                         f"zorgcoordinator_betrokken_op={vandaag.isoformat()}")
    assert services.set_slachtofferspoor(casus, regisseur, comensha_aangemeld_op=casus.comensha_aangemeld_op,
                                         zorgcoordinator_betrokken_op=vandaag) == []
    assert casus.historie.filter(soort=CasusGebeurtenis.SLACHTOFFERSPOOR).count() == 1


def test_the_victim_track_form_refuses_a_future_date_and_keeps_the_input(client, regisseur):
    casus = open_casus(regisseur)
    client.force_login(regisseur)
    morgen = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("casusoverleg:casus_slachtofferspoor", args=[casus.pk]),
                           {"comensha_aangemeld_op": morgen.isoformat(), "zorgcoordinator_betrokken_op": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="foutoverzicht"' in html and morgen.isoformat() in html
    assert tekst("This date lies in the future.") in html
    casus.refresh_from_db()
    assert casus.comensha_aangemeld_op is None


def test_history_is_append_only(regisseur):
    casus = open_casus(regisseur)
    rij = casus.historie.get()
    rij.tekst = "anders"
    with pytest.raises(ValueError):
        rij.save()
    assert CasusHistorie.objects.get(pk=rij.pk).tekst == ""


# --- the detail page and its timeline ------------------------------------------------------------------------------


def test_a_participant_sees_the_case_but_not_the_reference_of_a_signal_it_may_not_see(demo, regisseur, signaal, client):
    casus = open_casus(regisseur, signalen=[signaal])
    politie = demo[POLITIE]
    overleg = op_agenda(casus, politie.organisatie)
    assert selectors.casussen_visible_for(politie).filter(pk=casus.pk).exists()
    client.force_login(politie)
    response = client.get(reverse("casusoverleg:casus", args=[casus.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert casus.code in html
    assert signaal.referentie not in html
    assert reverse("signalen:detail", args=[signaal.pk]) not in html
    assert tekst("a signal you cannot see") in html
    assert tekst("A signal you cannot see was linked") in html
    assert reverse("casusoverleg:overleg", args=[overleg.pk]) in html
    # Read-only: no forms or links of the manager.
    assert reverse("casusoverleg:casus_status", args=[casus.pk]) not in html
    assert reverse("casusoverleg:casus_bewerken", args=[casus.pk]) not in html

    client.force_login(regisseur)
    html = client.get(reverse("casusoverleg:casus", args=[casus.pk])).content.decode()
    assert signaal.referentie in html and reverse("signalen:detail", args=[signaal.pk]) in html
    assert reverse("casusoverleg:casus_status", args=[casus.pk]) in html


def test_the_timeline_links_a_meeting_only_for_who_sees_it(demo, regisseur, client):
    from casusoverleg import historie

    casus = open_casus(regisseur)
    politie = demo[POLITIE]
    zichtbaar = op_agenda(casus, politie.organisatie)
    verborgen = op_agenda(casus, demo[HENGELO].organisatie, dagen=40)
    for overleg in (zichtbaar, verborgen):
        historie.add(casus, regisseur, CasusGebeurtenis.AGENDA, overleg=overleg)
    client.force_login(politie)
    html = client.get(reverse("casusoverleg:casus", args=[casus.pk])).content.decode()
    assert reverse("casusoverleg:overleg", args=[zichtbaar.pk]) in html
    assert reverse("casusoverleg:overleg", args=[verborgen.pk]) not in html
    client.force_login(regisseur)
    html = client.get(reverse("casusoverleg:casus", args=[casus.pk])).content.decode()
    assert reverse("casusoverleg:overleg", args=[verborgen.pk]) in html


def test_the_detail_page_shows_open_actions_first_and_marks_overdue_ones(demo, regisseur, client):
    casus = open_casus(regisseur)
    politie = demo[POLITIE].organisatie
    vandaag = timezone.localdate()
    klaar = Actie.objects.create(casus=casus, omschrijving="Controle afgerond", soort=ActieSoort.BESTUURLIJK,
                                 organisatie=politie, deadline=vandaag - timedelta(days=30), status="gereed",
                                 aangemaakt_door=regisseur)
    verlopen = Actie.objects.create(casus=casus, omschrijving="Verhoor plannen", soort=ActieSoort.STRAFRECHTELIJK,
                                    organisatie=politie, deadline=vandaag - timedelta(days=2), aangemaakt_door=regisseur)
    later = Actie.objects.create(casus=casus, omschrijving="Woning controleren", soort=ActieSoort.BESTUURLIJK,
                                 organisatie=politie, deadline=vandaag + timedelta(days=20), aangemaakt_door=regisseur)
    client.force_login(regisseur)
    html = client.get(reverse("casusoverleg:casus", args=[casus.pk])).content.decode()
    volgorde = [int(pk) for pk in re.findall(r'data-actie="(\d+)"', html)]
    assert volgorde == [verlopen.pk, later.pk, klaar.pk]
    assert html.count("casus-acties__item--verlopen") == 1


def test_the_detail_page_is_audited(regisseur, client):
    casus = open_casus(regisseur)
    client.force_login(regisseur)
    client.get(reverse("casusoverleg:casus", args=[casus.pk]))
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, object_type="casusoverleg.casus",
                                     object_id=str(casus.pk), actor=regisseur).exists()


# --- 403 and 404 on the manager's pages ----------------------------------------------------------------------------


def _manage_requests(casus, signaal):
    return [
        ("get", reverse("casusoverleg:casus_bewerken", args=[casus.pk]), None),
        ("post", reverse("casusoverleg:casus_bewerken", args=[casus.pk]), {}),
        ("post", reverse("casusoverleg:casus_status", args=[casus.pk]), {"verwacht": "open", "naar": "in_onderzoek"}),
        ("post", reverse("casusoverleg:casus_slachtofferspoor", args=[casus.pk]), {}),
        ("get", reverse("casusoverleg:casus_signalen", args=[casus.pk]), None),
        ("post", reverse("casusoverleg:casus_signalen", args=[casus.pk]), {"signalen": [signaal.pk]}),
    ]


def test_who_sees_the_case_but_does_not_manage_it_gets_403_and_who_does_not_see_it_404(demo, regisseur, signaal,
                                                                                        client):
    casus = open_casus(regisseur)
    op_agenda(casus, demo[POLITIE].organisatie)
    for email, verwacht in ((POLITIE, 403), (HENGELO, 404), (REGISSEUR_MN, 404), (BURGEMEESTER, 404)):
        client.force_login(demo[email])
        for method, url, data in _manage_requests(casus, signaal):
            response = getattr(client, method)(url, data or {})
            assert response.status_code == verwacht, f"{method} {url} answered {response.status_code} to {email}"
    casus.refresh_from_db()
    assert casus.status == CasusStatus.OPEN and not casus.koppelingen.exists()


def test_opening_a_case_is_for_directors_only(demo, client):
    for email in (ENSCHEDE, POLITIE, BURGEMEESTER):
        client.force_login(demo[email])
        assert client.get(reverse("casusoverleg:casus_nieuw")).status_code == 403


def test_linking_from_the_signal_page_404_for_an_invisible_signal_403_for_who_may_not_triage(demo, regisseur,
                                                                                              signaal, client):
    casus = open_casus(regisseur)
    url = reverse("casusoverleg:signaal_koppelen", args=[signaal.pk])
    client.force_login(demo[REGISSEUR_MN])
    assert client.post(url, {"casus": casus.pk}).status_code == 404
    client.force_login(demo[ENSCHEDE])
    assert client.post(url, {"casus": casus.pk}).status_code == 403
    assert not casus.koppelingen.exists()


# --- the pages of the manager ----------------------------------------------------------------------------------


def test_a_new_case_from_a_signal_is_prefilled_and_opened(client, regisseur, signaal, django_capture_on_commit_callbacks):
    signaal.vormen.set(Vorm.objects.order_by("pk")[:2])
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_nieuw") + f"?signaal={signaal.pk}"
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.initial["gemeenten"]) == [signaal.gemeente]
    assert set(form.initial["vormen"]) == set(signaal.vormen.all())
    assert list(form.initial["signalen"]) == [signaal]
    html = response.content.decode()
    assert signaal.referentie in html and signaal.omschrijving not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "gemeenten": [signaal.gemeente.pk], "vormen": [v.pk for v in signaal.vormen.all()],
            "samenvatting": "Arbeidsuitbuiting in een distributiecentrum.", "signalen": [signaal.pk], "melder": "",
        }, follow=True)
    casus = Casus.objects.get()
    assert response.redirect_chain[-1][0] == reverse("casusoverleg:casus", args=[casus.pk])
    assert tekst("Case %(code)s has been opened.", code=casus.code) in response.content.decode()
    assert list(casus.signalen.all()) == [signaal]
    assert len(mail.outbox) == 1


def test_a_new_case_keeps_the_input_on_an_error_and_only_offers_the_werkgebied(client, regisseur, demo):
    utrecht = maak_signaal(demo[UTRECHT])
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_nieuw")
    response = client.get(url)
    gemeenten = set(response.context["form"].fields["gemeenten"].queryset.values_list("naam", flat=True))
    assert "Enschede" in gemeenten and "Utrecht" not in gemeenten
    response = client.post(url, {"gemeenten": [gemeente("Utrecht").pk], "samenvatting": "Iets zonder namen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="foutoverzicht"' in html and "Iets zonder namen" in html
    assert not Casus.objects.exists()
    # A signal the director may not triage: 404, whether it is invisible or visible through a share.
    assert client.get(f"{url}?signaal={utrecht.pk}").status_code == 404
    assert client.get(f"{url}?signaal=abc").status_code == 404


def test_bewerken_saves_the_details(client, regisseur):
    casus = open_casus(regisseur)
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_bewerken", args=[casus.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"gemeenten": [gemeente("Almelo").pk], "vormen": [],
                                 "samenvatting": "Aangepast", "eigenaar": regisseur.pk}, follow=True)
    assert tekst("The details of case %(code)s have been saved.", code=casus.code) in response.content.decode()
    casus.refresh_from_db()
    assert list(casus.gemeenten.values_list("naam", flat=True)) == ["Almelo"]
    assert casus.samenvatting == "Aangepast" and not casus.vormen.exists()
    response = client.post(url, {"gemeenten": [], "samenvatting": "", "eigenaar": regisseur.pk})
    assert response.status_code == 200 and 'id="foutoverzicht"' in response.content.decode()


def test_more_signals_are_linked_from_the_case(client, demo, regisseur, django_capture_on_commit_callbacks):
    casus = open_casus(regisseur)
    eerste, tweede = maak_signaal(demo[ENSCHEDE]), maak_signaal(demo[HENGELO])
    doorgezet = maak_signaal(demo[ENSCHEDE])
    signaal_services.change_status(doorgezet, regisseur, Status.DOORGEZET, doorgezet_naar="nla")
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_signalen", args=[casus.pk])
    response = client.get(url)
    aangeboden = set(response.context["form"].fields["signalen"].queryset)
    assert aangeboden == {eerste, tweede}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"signalen": [eerste.pk, tweede.pk]}, follow=True)
    assert response.status_code == 200
    assert set(casus.signalen.all()) == {eerste, tweede}
    assert len(mail.outbox) == 2
    assert set(client.get(url).context["form"].fields["signalen"].queryset) == set()


def test_the_signal_page_shows_the_case_section_to_the_director_and_links_from_there(
    client, demo, regisseur, signaal, django_capture_on_commit_callbacks
):
    casus = open_casus(regisseur)
    afgesloten = open_casus(regisseur)
    services.change_status(afgesloten, regisseur, CasusStatus.AFGESLOTEN, reden="Klaar")
    client.force_login(regisseur)
    detail = reverse("signalen:detail", args=[signaal.pk])
    response = client.get(detail)
    html = response.content.decode()
    assert 'id="casus"' in html
    assert f'{reverse("casusoverleg:casus_nieuw")}?signaal={signaal.pk}' in html
    keuzes = set(response.context["casus_koppel_form"].fields["casus"].queryset)
    assert keuzes == {casus}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("casusoverleg:signaal_koppelen", args=[signaal.pk]), {"casus": casus.pk})
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.OPGEPAKT_IN_CASUS and list(signaal.casussen.all()) == [casus]
    html = client.get(detail).content.decode()
    assert reverse("casusoverleg:casus", args=[casus.pk]) in html
    # A closed case cannot be chosen: the form answers with an error and the page again.
    response = client.post(reverse("casusoverleg:signaal_koppelen", args=[signaal.pk]), {"casus": afgesloten.pk})
    assert response.status_code == 200
    assert tekst("Choose an open case from the list.") in response.content.decode()

    # The submitter does not see the case: no section, no code.
    client.force_login(demo[ENSCHEDE])
    html = client.get(detail).content.decode()
    assert casus.code not in html and 'id="casus"' not in html


def test_who_sees_the_case_sees_its_code_on_the_signal_page(client, demo, regisseur):
    signaal = maak_signaal(demo[POLITIE], "Almelo")
    casus = open_casus(regisseur, "Almelo", signalen=[signaal])
    client.force_login(demo[POLITIE])
    assert casus.code not in client.get(reverse("signalen:detail", args=[signaal.pk])).content.decode()
    op_agenda(casus, demo[POLITIE].organisatie)
    html = client.get(reverse("signalen:detail", args=[signaal.pk])).content.decode()
    assert casus.code in html
    assert reverse("casusoverleg:casus_nieuw") not in html
    assert reverse("casusoverleg:signaal_koppelen", args=[signaal.pk]) not in html


# --- the list ------------------------------------------------------------------------------------------------------


def _rijen(html):
    return re.findall(r'<tr class="utrecht-table__row" data-casus="(\d+)"', html)


def test_the_list_filters_and_counts_only_visible_cases(client, demo, regisseur):
    vorm = Vorm.objects.order_by("pk")
    a = open_casus(regisseur, "Enschede", vormen=[vorm[0]])
    b = open_casus(regisseur, "Enschede", "Hengelo", vormen=[vorm[1]])
    c = open_casus(regisseur, "Almelo", vormen=[vorm[0]])
    services.change_status(c, regisseur, CasusStatus.IN_ONDERZOEK)
    mn = open_casus(demo[REGISSEUR_MN], "Utrecht", vormen=[vorm[0]])
    client.force_login(regisseur)
    url = reverse("casusoverleg:casussen")

    response = client.get(url)
    html = response.content.decode()
    assert set(map(int, _rijen(html))) == {a.pk, b.pk, c.pk}
    assert mn.code not in html
    form = response.context["filter"].form
    assert dict(form.fields["status"].choices)["open"] == f"{CasusStatus.OPEN.label} (2)"
    gemeenten = list(form.fields["gemeente"].queryset.values_list("naam", flat=True))
    assert gemeenten == ["Almelo", "Enschede", "Hengelo"]
    assert form.fields["gemeente"].label_from_instance(gemeente("Enschede")) == "Enschede (2)"

    response = client.get(url, {"status": "open", "gemeente": gemeente("Enschede").pk})
    assert set(map(int, _rijen(response.content.decode()))) == {a.pk, b.pk}
    response = client.get(url, {"q": b.code[-7:]})
    assert set(map(int, _rijen(response.content.decode()))) == {b.pk}
    response = client.get(url, {"vorm": vorm[1].pk})
    form = response.context["filter"].form
    assert set(map(int, _rijen(response.content.decode()))) == {b.pk}
    assert dict(form.fields["status"].choices)["open"] == f"{CasusStatus.OPEN.label} (1)"
    assert AuditEntry.objects.filter(actie=AuditActie.LIST, object_type="casusoverleg.casus",
                                     filters={"vorm": str(vorm[1].pk)}).exists()

    client.force_login(demo[REGISSEUR_MN])
    html = client.get(url).content.decode()
    assert set(map(int, _rijen(html))) == {mn.pk}
    assert a.code not in html and "Enschede" not in html


def test_the_list_shows_open_actions_and_the_next_visible_meeting(client, demo, regisseur):
    casus = open_casus(regisseur)
    politie = demo[POLITIE]
    Actie.objects.create(casus=casus, omschrijving="Controle", soort=ActieSoort.BESTUURLIJK,
                         organisatie=politie.organisatie, deadline=timezone.localdate(), aangemaakt_door=regisseur)
    later = op_agenda(casus, politie.organisatie, dagen=30)
    eerder = op_agenda(casus, demo[HENGELO].organisatie, dagen=10)
    client.force_login(regisseur)
    response = client.get(reverse("casusoverleg:casussen"))
    rij = response.context["casussen"][0]
    assert rij.aantal_open_acties == 1 and rij.volgend_overleg == eerder
    # The police do not see the meeting Hengelo takes part in: their next meeting is the later one.
    client.force_login(politie)
    response = client.get(reverse("casusoverleg:casussen"))
    rij = response.context["casussen"][0]
    assert rij.volgend_overleg == later
    assert reverse("casusoverleg:overleg", args=[eerder.pk]) not in response.content.decode()


def test_the_list_is_404_for_roles_without_cases_and_has_an_honest_empty_state(client, demo):
    client.force_login(demo[BURGEMEESTER])
    assert client.get(reverse("casusoverleg:casussen")).status_code == 404
    client.force_login(demo[HENGELO])
    response = client.get(reverse("casusoverleg:casussen"))
    assert response.status_code == 200 and not _rijen(response.content.decode())
    assert reverse("casusoverleg:casus_nieuw") not in response.content.decode()


def test_the_query_count_of_the_list_does_not_grow_with_the_rows(client, demo, regisseur,
                                                                  django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def maak(aantal):
        for _i in range(aantal):
            casus = open_casus(regisseur, "Enschede", "Hengelo")
            Actie.objects.create(casus=casus, omschrijving="Controle", soort=ActieSoort.BESTUURLIJK,
                                 organisatie=demo[POLITIE].organisatie, deadline=timezone.localdate(),
                                 aangemaakt_door=regisseur)
            op_agenda(casus, demo[POLITIE].organisatie)

    client.force_login(regisseur)
    url = reverse("casusoverleg:casussen")
    maak(3)
    client.get(url)
    with CaptureQueriesContext(connection) as weinig:
        client.get(url, {"status": "open"})
    maak(30)
    with django_assert_max_num_queries(len(weinig)):
        response = client.get(url, {"status": "open"})
    assert len(_rijen(response.content.decode())) == 25
    assert len(weinig) <= 25


def test_a_new_case_from_a_signal_already_taken_up_offers_it_and_a_passed_on_one_warns(client, regisseur, signaal):
    eerste = open_casus(regisseur, signalen=[signaal])
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_nieuw") + f"?signaal={signaal.pk}"
    response = client.get(url)
    assert list(response.context["form"].initial["signalen"]) == [signaal]
    response = client.post(url, {"gemeenten": [signaal.gemeente.pk], "samenvatting": "Tweede spoor",
                                 "signalen": [signaal.pk]})
    assert response.status_code == 302
    tweede = Casus.objects.exclude(pk=eerste.pk).get()
    assert set(signaal.casussen.all()) == {eerste, tweede}

    doorgezet = maak_signaal(signaal.ingediend_door)
    signaal_services.change_status(doorgezet, regisseur, Status.DOORGEZET, doorgezet_naar="nla")
    response = client.get(reverse("casusoverleg:casus_nieuw") + f"?signaal={doorgezet.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert "signalen" not in form.initial and doorgezet not in form.fields["signalen"].queryset
    assert list(form.initial["gemeenten"]) == [doorgezet.gemeente]
    # Template text (not a variable): its quotes are not escaped.
    assert nl("Signal %(referentie)s is '%(status)s' and cannot be linked to a case now. Its municipality and forms "
              "have been filled in; re-open the signal first if you want to link it.") % {
        "referentie": doorgezet.referentie, "status": nl("passed on")} in response.content.decode()


def test_a_closed_case_is_reopened_through_the_status_form_without_a_reason_field(client, regisseur):
    casus = open_casus(regisseur)
    services.change_status(casus, regisseur, CasusStatus.AFGESLOTEN, reden="Klaar")
    client.force_login(regisseur)
    response = client.get(reverse("casusoverleg:casus", args=[casus.pk]))
    form = response.context["status_form"]
    assert "reden" not in form.fields and [v for v, _label in form.fields["naar"].choices if v] == ["open"]
    response = client.post(reverse("casusoverleg:casus_status", args=[casus.pk]),
                           {"verwacht": "afgesloten", "naar": "open"})
    assert response.status_code == 302
    casus.refresh_from_db()
    assert casus.status == CasusStatus.OPEN and casus.afgesloten_op is None
