"""The care track of a case (issue 21): the pages and rules beyond access (``test_zorg_access.py``).

The zorgcoordinator (zorg@twente.example) adds victims and records their steps through the pages; the rules of a step
(dates that fit the status, none in the future), optimistic locking, the timeline of the case (details only for who
reads the care track), the printable summary for CoMensha without names, and the overview of victims not yet
registered.
"""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casusoverleg import selectors
from casusoverleg.models import (
    Casus,
    CasusGebeurtenis,
    CasusHistorie,
    CasusStatus,
    Slachtoffer,
    ZorgStapSoort,
    ZorgStapStatus,
)
from casusoverleg.services import zorg
from mensenhandel.audit.models import AuditEntry
from partners.models import Organisatie
from tafels.models import District
from tests.casusoverleg.test_access import TWENTE, maak_casus, maak_overleg, punt

pytestmark = pytest.mark.django_db

SAMENVATTING = "Vermoedelijke arbeidsuitbuiting in een distributiecentrum."


@pytest.fixture
def casus(demo):
    regisseur = demo["regisseur@twente.example"]
    casus = maak_casus("TW-2026-201", "Enschede", regisseur, district=District.objects.get(code="TW"))
    punt(maak_overleg(TWENTE, regisseur), casus, 2)  # the police and the labour inspectorate see the case
    zorg.set_zorgcoordinator(casus, regisseur, Organisatie.objects.get(naam="Zorgcoördinator Twente"))
    return Casus.objects.get(pk=casus.pk)


def _stappen_post(slachtoffer, **wijzigingen):
    """The form as the page shows it, with ``wijzigingen`` ({"<soort>-<veld>": value}) on top."""
    data = {"versie": slachtoffer.versie, "leeftijdsgroep": slachtoffer.leeftijdsgroep,
            "geslacht": slachtoffer.geslacht, "nationaliteitsgroep": slachtoffer.nationaliteitsgroep}
    for stap in slachtoffer.stappen.all():
        data[f"{stap.soort}-status"] = stap.status
        data[f"{stap.soort}-aangevraagd_op"] = stap.aangevraagd_op.isoformat() if stap.aangevraagd_op else ""
        data[f"{stap.soort}-afgerond_op"] = stap.afgerond_op.isoformat() if stap.afgerond_op else ""
    data.update(wijzigingen)
    return data


def test_the_zorgcoordinator_adds_a_victim_and_records_its_registration_with_comensha(client, demo, casus):
    medewerker = demo["zorg@twente.example"]
    client.force_login(medewerker)
    pagina = client.get(reverse("casusoverleg:zorgtraject", kwargs={"pk": casus.pk})).content.decode()
    assert "Er is nog geen mogelijk slachtoffer vastgelegd" in pagina
    antwoord = client.post(reverse("casusoverleg:slachtoffer_nieuw", kwargs={"pk": casus.pk}),
                           {"leeftijdsgroep": "18-22", "geslacht": "vrouw", "nationaliteitsgroep": "derde_land"})
    slachtoffer = Slachtoffer.objects.get(casus=casus)
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("casusoverleg:slachtoffer",
                                                                          kwargs={"pk": slachtoffer.pk})
    assert slachtoffer.nummer == 1
    assert sorted(slachtoffer.stappen.values_list("soort", flat=True)) == sorted(ZorgStapSoort.values)
    assert set(slachtoffer.stappen.values_list("status", flat=True)) == {ZorgStapStatus.NOG_NIET}

    gisteren = timezone.localdate() - timedelta(days=1)
    vandaag = timezone.localdate()
    antwoord = client.post(reverse("casusoverleg:slachtoffer", kwargs={"pk": slachtoffer.pk}), _stappen_post(
        slachtoffer, **{"comensha-status": "geregeld", "comensha-aangevraagd_op": gisteren.isoformat(),
                        "comensha-afgerond_op": vandaag.isoformat(), "opvang-status": "aangevraagd",
                        "opvang-aangevraagd_op": vandaag.isoformat()}))
    assert antwoord.status_code == 302
    stap = slachtoffer.stappen.get(soort="comensha")
    assert (stap.status, stap.aangevraagd_op, stap.afgerond_op) == ("geregeld", gisteren, vandaag)
    assert (stap.vastgelegd_door, stap.vastgelegd_organisatie.naam) == (medewerker, "Zorgcoördinator Twente")
    pagina = client.get(antwoord["Location"]).content.decode()
    assert "Het zorgtraject van slachtoffer 1 in casus TW-2026-201 is opgeslagen." in pagina
    assert f"vastgelegd door {medewerker.naam}, Zorgcoördinator Twente" in pagina
    assert "Slachtoffer 1: aanmelding bij CoMensha — geregeld" in pagina  # the care track's own history
    rij = CasusHistorie.objects.filter(casus=casus, soort=CasusGebeurtenis.ZORGTRAJECT).latest("pk")
    assert rij.tekst == "slachtoffer=1\nstap=comensha:geregeld\nstap=opvang:aangevraagd"
    audit = AuditEntry.objects.filter(actor=medewerker, actie="change").latest("pk")
    assert audit.object_type == "casusoverleg.slachtoffer" and "comensha:geregeld" in audit.omschrijving


def test_a_step_needs_dates_that_fit_its_status_and_nothing_typed_is_lost(client, demo, casus):
    slachtoffer = zorg.add_slachtoffer(casus, demo["regisseur@twente.example"], leeftijdsgroep="onbekend",
                                       geslacht="onbekend", nationaliteitsgroep="onbekend")
    client.force_login(demo["zorg@twente.example"])
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    antwoord = client.post(reverse("casusoverleg:slachtoffer", kwargs={"pk": slachtoffer.pk}), _stappen_post(
        slachtoffer, **{"geslacht": "man", "bedenktijd-status": "geregeld", "opvang-status": "aangevraagd",
                        "opvang-aangevraagd_op": morgen, "brp-status": "niet_nodig", "brp-afgerond_op": "2026-01-05",
                        "aangifte-status": "geregeld", "aangifte-aangevraagd_op": "2026-03-02",
                        "aangifte-afgerond_op": "2026-03-01"}))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Vul de datum in waarop het is geregeld of afgewezen." in html  # bedenktijd
    assert "Deze datum ligt in de toekomst." in html  # opvang
    assert "heeft geen datums: laat dit veld leeg" in html  # brp
    assert "Deze datum ligt vóór de datum van de aanvraag." in html  # aangifte
    assert 'href="#id_bedenktijd-afgerond_op"' in html  # the error summary links to the field
    assert f'value="{morgen}"' in html and '<option value="man" selected>' in html  # nothing typed is lost
    slachtoffer.refresh_from_db()
    assert slachtoffer.geslacht == "onbekend" and slachtoffer.versie == 1


def test_two_people_saving_the_same_victim_the_second_is_told_and_nothing_is_overwritten(client, demo, casus):
    regisseur = demo["regisseur@twente.example"]
    slachtoffer = zorg.add_slachtoffer(casus, regisseur, leeftijdsgroep="onbekend", geslacht="onbekend",
                                       nationaliteitsgroep="onbekend")
    oud = _stappen_post(slachtoffer, geslacht="vrouw")
    zorg.update_slachtoffer(slachtoffer, regisseur, versie=1, gegevens={
        "leeftijdsgroep": "30-39", "geslacht": "onbekend", "nationaliteitsgroep": "onbekend"}, stappen={})
    client.force_login(demo["zorg@twente.example"])
    antwoord = client.post(reverse("casusoverleg:slachtoffer", kwargs={"pk": slachtoffer.pk}), oud)
    assert antwoord.status_code == 409
    assert "Iemand anders heeft het zorgtraject van slachtoffer 1 intussen opgeslagen" in antwoord.content.decode()
    slachtoffer.refresh_from_db()
    assert (slachtoffer.leeftijdsgroep, slachtoffer.geslacht, slachtoffer.versie) == ("30-39", "onbekend", 2)


def test_the_services_refuse_what_the_rules_do_not_allow(demo, casus):
    regisseur, medewerker = demo["regisseur@twente.example"], demo["zorg@twente.example"]
    with pytest.raises(PermissionDenied):
        zorg.set_zorgcoordinator(casus, medewerker, None)
    with pytest.raises(PermissionDenied):
        zorg.add_slachtoffer(casus, demo["inspectie@nla.example"], leeftijdsgroep="onbekend", geslacht="onbekend",
                             nationaliteitsgroep="onbekend")
    with pytest.raises(ValidationError):
        zorg.set_zorgcoordinator(casus, regisseur, Organisatie.objects.get(naam="Politie Oost-Nederland"))
    slachtoffer = zorg.add_slachtoffer(casus, medewerker, leeftijdsgroep="onbekend", geslacht="onbekend",
                                       nationaliteitsgroep="onbekend")
    assert zorg.add_slachtoffer(casus, regisseur, leeftijdsgroep="50+", geslacht="man",
                                nationaliteitsgroep="nederlands").nummer == 2
    with pytest.raises(ValidationError):
        zorg.update_slachtoffer(slachtoffer, medewerker, versie=1, gegevens={
            "leeftijdsgroep": "onbekend", "geslacht": "onbekend", "nationaliteitsgroep": "onbekend"},
            stappen={"aangifte": ("aangevraagd", None, None)})
    Casus.objects.filter(pk=casus.pk).update(status=CasusStatus.AFGESLOTEN)
    with pytest.raises(ValidationError):
        zorg.add_slachtoffer(casus, regisseur, leeftijdsgroep="onbekend", geslacht="onbekend",
                             nationaliteitsgroep="onbekend")


def test_the_case_timeline_says_the_care_track_changed_and_only_its_readers_see_what(client, demo, casus):
    medewerker = demo["zorg@twente.example"]
    slachtoffer = zorg.add_slachtoffer(casus, medewerker, leeftijdsgroep="onbekend", geslacht="onbekend",
                                       nationaliteitsgroep="onbekend")
    zorg.update_slachtoffer(slachtoffer, medewerker, versie=1, gegevens={
        "leeftijdsgroep": "onbekend", "geslacht": "onbekend", "nationaliteitsgroep": "onbekend"},
        stappen={"opvang": ("geregeld", None, timezone.localdate())})
    url = reverse("casusoverleg:casus", kwargs={"pk": casus.pk})
    client.force_login(demo["regisseur@twente.example"])
    html = client.get(url).content.decode()
    assert "Zorgtraject bijgewerkt" in html and "Slachtoffer 1: opvang — geregeld" in html
    assert "Zorgcoördinator aangewezen" in html
    client.force_login(demo["inspectie@nla.example"])
    html = client.get(url).content.decode()
    assert "Zorgtraject bijgewerkt" in html and "opvang" not in html.lower() and "Slachtoffer 1" not in html


def test_the_case_page_has_the_section_with_an_empty_state(client, demo):
    regisseur = demo["regisseur@twente.example"]
    casus = maak_casus("TW-2026-202", "Hengelo", regisseur, district=District.objects.get(code="TW"))
    client.force_login(regisseur)
    html = client.get(reverse("casusoverleg:casus", kwargs={"pk": casus.pk})).content.decode()
    sectie = html.split('id="zorgtraject"', 1)[1].split("</section>", 1)[0]
    assert "Nog geen zorgtraject" in sectie and "Zorgcoördinator: <span" in sectie
    assert reverse("casusoverleg:zorgtraject", kwargs={"pk": casus.pk}) in sectie
    # Naming the zorgcoordinator on the care page: a confirmation, and the choice offers only care coordinators.
    pagina = client.get(reverse("casusoverleg:zorgtraject", kwargs={"pk": casus.pk})).content.decode()
    assert "Zorgcoördinator Twente" in pagina and "Politie Oost-Nederland" not in pagina
    antwoord = client.post(reverse("casusoverleg:zorgcoordinator", kwargs={"pk": casus.pk}), {
        "zorgcoordinator": Organisatie.objects.get(naam="Zorgcoördinator Twente").pk}, follow=True)
    assert "De zorgcoördinator van casus TW-2026-202 is opgeslagen." in antwoord.content.decode()
    antwoord = client.post(reverse("casusoverleg:zorgcoordinator", kwargs={"pk": casus.pk}), {"zorgcoordinator": "x"})
    assert antwoord.status_code == 200 and "Kies een zorgcoördinator uit de lijst." in antwoord.content.decode()


def test_the_summary_for_comensha_has_the_fields_and_no_names(client, demo, casus):
    medewerker = demo["zorg@twente.example"]
    slachtoffer = zorg.add_slachtoffer(casus, medewerker, leeftijdsgroep="23-29", geslacht="man",
                                       nationaliteitsgroep="eu_eer")
    zorg.update_slachtoffer(slachtoffer, medewerker, versie=1, gegevens={
        "leeftijdsgroep": "23-29", "geslacht": "man", "nationaliteitsgroep": "eu_eer"},
        stappen={"comensha": ("aangevraagd", timezone.localdate(), None),
                 "aangifte": ("geregeld", None, timezone.localdate())})
    client.force_login(medewerker)
    html = client.get(reverse("casusoverleg:slachtoffer_comensha", kwargs={"pk": slachtoffer.pk})).content.decode()
    for tekst in ("Aanmelding van een mogelijk slachtoffer van mensenhandel bij CoMensha", "TW-2026-201-1",
                  "23 tot en met 29", "man", "ander EU- of EER-land, of Zwitserland", "Enschede",
                  "Zorgcoördinator Twente", medewerker.email, "nog niet bevestigd", "Afdrukken of bewaren als pdf"):
        assert tekst in html, tekst
    assert SAMENVATTING not in html  # the case's summary is not for CoMensha
    assert 'data-stap="aangifte"' in html and 'data-stap="comensha"' not in html


def test_the_overview_of_victims_not_registered_with_comensha(client, demo, casus):
    regisseur, medewerker = demo["regisseur@twente.example"], demo["zorg@twente.example"]
    gegevens = {"leeftijdsgroep": "onbekend", "geslacht": "onbekend", "nationaliteitsgroep": "onbekend"}
    open_ = zorg.add_slachtoffer(casus, medewerker, **gegevens)
    verstuurd = zorg.add_slachtoffer(casus, medewerker, **gegevens)
    geregistreerd = zorg.add_slachtoffer(casus, medewerker, **gegevens)
    niet_nodig = zorg.add_slachtoffer(casus, medewerker, **gegevens)
    vandaag = timezone.localdate()
    zorg.update_slachtoffer(verstuurd, medewerker, versie=1, gegevens=gegevens,
                            stappen={"comensha": ("aangevraagd", vandaag, None)})
    zorg.update_slachtoffer(geregistreerd, medewerker, versie=1, gegevens=gegevens,
                            stappen={"comensha": ("geregeld", None, vandaag)})
    zorg.update_slachtoffer(niet_nodig, medewerker, versie=1, gegevens=gegevens,
                            stappen={"comensha": ("niet_nodig", None, None)})
    assert list(selectors.niet_bij_comensha(medewerker)) == [open_, verstuurd]
    assert list(selectors.niet_bij_comensha(regisseur)) == [open_, verstuurd]
    client.force_login(medewerker)
    html = client.get(reverse("casusoverleg:zorg_niet_aangemeld")).content.decode()
    assert f'data-slachtoffer="{open_.pk}"' in html and f'data-slachtoffer="{verstuurd.pk}"' in html
    assert f'data-slachtoffer="{geregistreerd.pk}"' not in html
    html = client.get(reverse("casusoverleg:zorgtrajecten")).content.decode()
    assert "2 slachtoffers nog niet aangemeld bij CoMensha" in html
    # The menu has "Zorgtrajecten" for the zorgcoordinator, not for the police.
    assert 'href="/zorgtrajecten/"' in client.get("/").content.decode()
    client.force_login(demo["politie@oost-nederland.example"])
    assert 'href="/zorgtrajecten/"' not in client.get("/").content.decode()
    # A closed case is no longer on the to-do list.
    Casus.objects.filter(pk=casus.pk).update(status=CasusStatus.AFGESLOTEN)
    assert not selectors.niet_bij_comensha(medewerker).exists()
