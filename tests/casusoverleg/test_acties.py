"""Actions after the meeting: who sees an action (and not its case), Mijn acties, the action page with feedback,
attachments and status, optimistic locking, Actiebewaking with its buckets, counts and CSV, the start page blocks.

The scenario is the one of test_access.py (``wereld``): the Twente casusoverleg has the Enschede and the Hengelo case
on its agenda; its standing members (RIEC, OM, police, NLA ...) see both cases; Gemeente Enschede is no member and
does not see the Enschede case. Actions are built straight with the ORM.
"""
import csv
import functools
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst

from casusoverleg import selectors
from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    CasusGebeurtenis,
    CasusHistorie,
    OverlegDeelnemer,
)
from casusoverleg.services import acties as services
from casusoverleg.services.versie import Conflict
from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.core.uploads import M
from partners.models import Organisatie
from tests.access import assert_has_access, assert_no_access
from tests.casusoverleg import test_access
from tests.casusoverleg.test_access import punt
from tests.i18n import nl

pytestmark = pytest.mark.django_db

wereld = test_access.wereld  # the scenario fixture of the access tests

REGISSEUR = "regisseur@twente.example"
REGISSEUR_MN = "regisseur@midden-nederland.example"
ENSCHEDE = "coordinator@enschede.example"
HENGELO = "coordinator@hengelo.example"
UTRECHT = "coordinator@utrecht.example"
POLITIE = "politie@oost-nederland.example"
NLA = "inspectie@nla.example"
BURGEMEESTER = "burgemeester@twente.example"
BURGEMEESTER_MN = "burgemeester@midden-nederland.example"
BEHEERDER = "beheer@ketenregie.example"
AMS = ZoneInfo("Europe/Amsterdam")


def org(naam):
    return Organisatie.objects.get(naam=naam)


def maak_actie(casus, agendapunt, organisatie, door, *, dagen=10, omschrijving=None, **velden):
    velden.setdefault("soort", ActieSoort.BESTUURLIJK)
    return Actie.objects.create(
        casus=casus, agendapunt=agendapunt, organisatie=organisatie, aangemaakt_door=door,
        omschrijving=omschrijving or f"Controle uitvoeren bij het pand ({organisatie.naam}).",
        deadline=timezone.localdate() + timedelta(days=dagen), **velden,
    )


@pytest.fixture
def acties(demo, wereld):
    regisseur = demo[REGISSEUR]
    enschede = maak_actie(wereld["enschede"], wereld["punt_enschede"], org("Gemeente Enschede"), regisseur,
                          omschrijving="Bestuurlijke controle van de woning aan de rand van de stad.")
    politie = maak_actie(wereld["enschede"], wereld["punt_enschede"], org("Politie Oost-Nederland"), regisseur,
                         dagen=-3, soort=ActieSoort.STRAFRECHTELIJK, verantwoordelijke=demo[POLITIE],
                         omschrijving="Verhoor van twee betrokkenen voorbereiden.")
    utrecht = maak_actie(wereld["utrecht"], wereld["punt_utrecht"], org("Gemeente Utrecht"),
                         demo[REGISSEUR_MN], omschrijving="Huisbezoek bij de kamerverhuurder.")
    return {"enschede": enschede, "politie": politie, "utrecht": utrecht}


@pytest.fixture
def protected(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    return settings.PROTECTED_FILES_ROOT


@functools.cache
def pdf_bytes():
    """A real (small) PDF, made by Pillow (once: it holds its creation time)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PDF")
    return buffer.getvalue()


def upload(naam, data, content_type="application/pdf"):
    return SimpleUploadedFile(naam, data, content_type=content_type)


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def actie_url(actie, suffix=""):
    return f"/acties/{actie.pk}/{suffix}"


def casus_links(html):
    return re.findall(r'href="/casussen/\d+/"', html)


# --- who sees what -------------------------------------------------------------------------------------------


def test_the_responsible_organisation_sees_the_action_but_never_its_case(client, demo, wereld, acties, protected):
    coordinator = demo[ENSCHEDE]
    actie = acties["enschede"]
    code = wereld["enschede"].code
    assert_has_access(client, coordinator, actie)
    assert_no_access(client, coordinator, wereld["enschede"])  # the action does not open the case

    mijn = page(client, coordinator, "/acties/mijn/")
    assert f'href="{actie_url(actie)}"' in mijn and "Bestuurlijke controle van de woning" in mijn
    detail = page(client, coordinator, actie_url(actie))
    # After reporting back with a file, and once done, the page and the list still name no case.
    client.post(actie_url(actie, "terugkoppelen/"), {
        "tk-versie": actie.versie, "tk-terugkoppeling": "Controle uitgevoerd.", "tk-gereed": "on",
        "tk-bijlage": upload("verslag.pdf", pdf_bytes())})
    na = page(client, coordinator, actie_url(actie))
    alle = page(client, coordinator, "/acties/mijn/", status="alle")
    start = page(client, coordinator, "/")
    for html in (mijn, detail, na, alle, start):
        assert code not in html
        assert wereld["enschede"].samenvatting not in html
        assert f'href="/casussen/{wereld["enschede"].pk}/"' not in html
    assert "Bestuurlijke controle van de woning" in detail and actie.deadline.strftime("%Y-%m-%d") in detail
    assert "Controle uitgevoerd." in na


def test_a_participant_of_the_meeting_sees_the_action_and_its_case_but_may_not_change_it(client, demo, wereld,
                                                                                          acties):
    politie = demo[POLITIE]
    actie = acties["enschede"]  # Gemeente Enschede's action on a case the police see as a standing member
    assert actie in selectors.acties_visible_for(politie)
    html = page(client, politie, actie_url(actie))
    assert f'href="/casussen/{wereld["enschede"].pk}/">{wereld["enschede"].code}</a>' in html
    assert f'href="/overleggen/{wereld["overleg"].pk}/"' in html
    assert f'action="/acties/{actie.pk}/terugkoppelen/"' not in html
    assert f'action="/acties/{actie.pk}/status/"' not in html
    assert client.post(actie_url(actie, "terugkoppelen/"), {"tk-versie": 1, "tk-terugkoppeling": "x"}).status_code == 403
    assert client.post(actie_url(actie, "status/"), {"status-versie": 1, "status-naar": "gereed"}).status_code == 403
    # The NLA sits at the table too.
    assert actie in selectors.acties_visible_for(demo[NLA])


@pytest.mark.parametrize("email", [UTRECHT, HENGELO, BURGEMEESTER_MN, BEHEERDER, REGISSEUR_MN])
def test_everyone_else_gets_404_and_finds_the_action_nowhere(client, demo, acties, email):
    assert_no_access(client, demo[email], acties["enschede"])


def test_the_chair_sees_the_actions_of_the_meeting_it_chairs_as_the_page_and_the_pdf_show_them(
        client, demo, wereld, acties):
    """Issue 16 §5: the chair (a portefeuillehouder) reads an action's text, organisation, person and deadline on the
    meeting page and in the besluitenlijst, so the action's own page agrees; never an action outside its meetings,
    nor one of a cancelled meeting, and never the case itself."""
    from casusoverleg.models import OverlegStatus

    voorzitter = demo[BURGEMEESTER]
    assert wereld["overleg"].voorzitter == voorzitter
    # No action list is the chair's (Mijn acties, Actiebewaking): it reaches the action from the meeting page.
    assert acties["enschede"] in selectors.acties_visible_for(voorzitter)
    overleg_html = page(client, voorzitter, f"/overleggen/{wereld['overleg'].pk}/")
    assert "Bestuurlijke controle van de woning" in overleg_html
    html = page(client, voorzitter, actie_url(acties["enschede"]))
    assert "Bestuurlijke controle van de woning" in html
    assert wereld["enschede"].code not in html  # the case stays closed to the chair
    assert_no_access(client, voorzitter, wereld["enschede"])
    assert_no_access(client, voorzitter, acties["utrecht"])  # another meeting's action
    zonder_overleg = maak_actie(wereld["enschede"], None, org("Gemeente Enschede"), demo[REGISSEUR])
    assert_no_access(client, voorzitter, zonder_overleg)  # an action by its case alone
    assert not AuditEntry.objects.filter(actor=voorzitter, object_type="casusoverleg.actie",
                                         object_id=str(zonder_overleg.pk)).exists()
    assert AuditEntry.objects.filter(actor=voorzitter, actie=AuditActie.VIEW, object_type="casusoverleg.actie",
                                     object_id=str(acties["enschede"].pk)).exists()
    wereld["overleg"].status = OverlegStatus.GEANNULEERD
    wereld["overleg"].save(update_fields=["status"])
    assert_no_access(client, voorzitter, acties["enschede"])


def test_an_invitee_for_another_item_does_not_see_the_action_even_after_the_declaration(client, demo, wereld, acties):
    from tests.casusoverleg.test_access import verklaar

    hengelo = demo[HENGELO]
    verklaar(hengelo, wereld["overleg"])
    assert_no_access(client, hengelo, acties["enschede"])
    hengelo_actie = maak_actie(wereld["hengelo"], wereld["punt_hengelo"], org("Politie Oost-Nederland"), demo[REGISSEUR])
    assert hengelo_actie in selectors.acties_visible_for(hengelo)  # the invitee sees that case now


def test_the_director_of_the_werkgebied_and_of_midden_nederland(client, demo, acties):
    assert_has_access(client, demo[REGISSEUR], acties["politie"])
    assert_no_access(client, demo[REGISSEUR], acties["utrecht"])
    assert_has_access(client, demo[REGISSEUR_MN], acties["utrecht"])


def test_an_attachment_is_served_only_to_who_sees_the_action_and_every_download_is_audited(client, demo, acties,
                                                                                           protected):
    actie = services.report_back(acties["enschede"], demo[ENSCHEDE], terugkoppeling="Zie verslag.",
                                 bijlage=upload("verslag.pdf", pdf_bytes()))
    bijlage = actie.bijlagen.get()
    for email in (UTRECHT, HENGELO, BURGEMEESTER_MN):
        assert_no_access(client, demo[email], bijlage)
    for email in (ENSCHEDE, POLITIE, REGISSEUR, BURGEMEESTER):  # the chair: attachments follow the action
        client.force_login(demo[email])
        response = client.get(f"/acties/bijlagen/{bijlage.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="verslag.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD, object_type="casusoverleg.actiebijlage",
                                         object_id=str(bijlage.pk), actor=demo[email]).exists()


# --- status: transitions and who may do what ----------------------------------------------------------------------


def test_the_responsible_organisation_marks_in_progress_and_done_but_cannot_drop_or_reopen(demo, acties):
    coordinator, actie = demo[ENSCHEDE], acties["enschede"]
    assert services.mogelijke_statussen(coordinator, actie) == [ActieStatus.IN_UITVOERING, ActieStatus.GEREED]
    with pytest.raises(PermissionDenied):
        services.change_status(actie, coordinator, ActieStatus.VERVALLEN, reden="Niet meer nodig")
    actie = services.change_status(actie, coordinator, ActieStatus.IN_UITVOERING, versie=1)
    assert actie.status == ActieStatus.IN_UITVOERING and actie.versie == 2 and actie.gereed_op is None
    actie = services.change_status(actie, coordinator, ActieStatus.GEREED, versie=2)
    assert actie.status == ActieStatus.GEREED and actie.gereed_op is not None
    with pytest.raises(PermissionDenied):
        services.reopen(actie, coordinator)
    rijen = CasusHistorie.objects.filter(casus=actie.casus, soort=CasusGebeurtenis.ACTIE_STATUS, actie=actie)
    assert [(r.van_status, r.naar_status) for r in rijen] == [("open", "in_uitvoering"), ("in_uitvoering", "gereed")]
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_type="casusoverleg.actie",
                                     object_id=str(actie.pk), actor=coordinator).count() == 2


def test_the_manager_drops_with_a_reason_and_reopens(demo, acties):
    regisseur, actie = demo[REGISSEUR], acties["politie"]
    assert services.mogelijke_statussen(regisseur, actie) == [ActieStatus.IN_UITVOERING, ActieStatus.GEREED,
                                                              ActieStatus.VERVALLEN]
    with pytest.raises(ValidationError):
        services.change_status(actie, regisseur, ActieStatus.VERVALLEN, reden="  ")
    actie = services.change_status(actie, regisseur, ActieStatus.VERVALLEN, reden="De verdachte is verhuisd.")
    assert actie.status == ActieStatus.VERVALLEN and actie.reden_vervallen == "De verdachte is verhuisd."
    with pytest.raises(ValidationError):  # a dropped action can only be re-opened
        services.change_status(actie, regisseur, ActieStatus.GEREED)
    actie = services.reopen(actie, regisseur)
    assert actie.status == ActieStatus.OPEN and actie.reden_vervallen == "" and actie.gereed_op is None
    actie = services.change_status(actie, regisseur, ActieStatus.GEREED)
    actie = services.reopen(actie, regisseur)
    assert actie.status == ActieStatus.OPEN and actie.gereed_op is None
    with pytest.raises(ValidationError):  # already open
        services.change_status(actie, regisseur, ActieStatus.OPEN)
    rij = CasusHistorie.objects.filter(actie=actie, naar_status=ActieStatus.VERVALLEN).get()
    assert "De verdachte is verhuisd." in rij.tekst


def test_nobody_else_changes_the_status(demo, acties):
    for email in (POLITIE, NLA, REGISSEUR_MN, UTRECHT):
        with pytest.raises(PermissionDenied):
            services.change_status(acties["enschede"], demo[email], ActieStatus.GEREED)
    assert Actie.objects.get(pk=acties["enschede"].pk).status == ActieStatus.OPEN


def test_status_through_the_page(client, demo, acties):
    actie = acties["enschede"]
    client.force_login(demo[ENSCHEDE])
    # The responsible organisation may not drop it: 403, whatever else the form holds.
    response = client.post(actie_url(actie, "status/"), {"status-versie": 1, "status-naar": "vervallen",
                                                         "status-reden": "Geen tijd"})
    assert response.status_code == 403
    response = client.post(actie_url(actie, "status/"), {"status-versie": 1, "status-naar": "in_uitvoering"},
                           follow=True)
    assert response.redirect_chain[-1][0] == actie_url(actie)
    assert escape(nl("The action is now '%(status)s'.") % {"status": nl("in progress")}) in response.content.decode()

    client.force_login(demo[REGISSEUR])
    response = client.post(actie_url(actie, "status/"), {"status-versie": 2, "status-naar": "vervallen"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="foutoverzicht"' in html
    assert escape(nl("Give the reason for dropping the action.")) in html
    response = client.post(actie_url(actie, "status/"), {"status-versie": 2, "status-naar": "vervallen",
                                                         "status-reden": "Dubbel met een andere actie."})
    assert response.status_code == 302
    html = page(client, demo[REGISSEUR], actie_url(actie))
    assert "Dubbel met een andere actie." in html and f">{nl('re-open')}</option>" in html
    assert f'action="/acties/{actie.pk}/terugkoppelen/"' not in html  # no feedback on a dropped action


# --- feedback and attachments -------------------------------------------------------------------------------------


def test_reporting_back_with_a_pdf_and_marking_it_done(client, demo, acties, protected):
    actie = acties["enschede"]
    client.force_login(demo[ENSCHEDE])
    response = client.post(actie_url(actie, "terugkoppelen/"), {
        "tk-versie": 1, "tk-terugkoppeling": "De woning is gecontroleerd; twee overtredingen.", "tk-gereed": "on",
        "tk-bijlage": upload("Verslag controle.pdf", pdf_bytes())}, follow=True)
    assert response.redirect_chain[-1][0] == actie_url(actie)
    html = response.content.decode()
    assert nl("Your feedback has been saved and the action is marked as done.") in html
    actie.refresh_from_db()
    assert actie.status == ActieStatus.GEREED and actie.versie == 2
    assert actie.terugkoppeling == "De woning is gecontroleerd; twee overtredingen."
    bijlage = actie.bijlagen.get()
    assert bijlage.bestandsnaam == "Verslag controle.pdf" and bijlage.content_type == "application/pdf"
    assert re.fullmatch(r"[0-9a-f]{48}\.pdf", bijlage.opslagnaam)
    assert (protected / "actiebijlagen" / bijlage.opslagnaam).read_bytes() == pdf_bytes()
    assert f'href="/acties/bijlagen/{bijlage.pk}/"' in html and "Verslag controle.pdf" in html
    soorten = list(CasusHistorie.objects.filter(actie=actie).values_list("soort", "tekst"))
    assert (CasusGebeurtenis.TERUGKOPPELING, "De woning is gecontroleerd; twee overtredingen.") in soorten
    assert any(soort == CasusGebeurtenis.ACTIE_STATUS for soort, _tekst in soorten)
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="casusoverleg.actiebijlage").exists()
    omschrijvingen = AuditEntry.objects.filter(object_type="casusoverleg.actie").values_list("omschrijving", flat=True)
    assert not any("woning" in o for o in omschrijvingen), "no free text in the audit log"


def test_a_web_page_is_refused_and_the_text_is_kept(client, demo, acties, protected):
    actie = acties["enschede"]
    client.force_login(demo[ENSCHEDE])
    response = client.post(actie_url(actie, "terugkoppelen/"), {
        "tk-versie": 1, "tk-terugkoppeling": "Mijn tekst die niet verloren mag gaan.",
        "tk-bijlage": upload("verslag.html", b"<html><script>alert(1)</script></html>", "text/html")})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="foutoverzicht"' in html
    with translation.override("nl"):
        melding = str(M.HTML) % {"name": "verslag.html"}
    assert escape(melding) in html
    assert "Mijn tekst die niet verloren mag gaan." in html
    actie.refresh_from_db()
    assert actie.terugkoppeling == "" and actie.versie == 1 and not actie.bijlagen.exists()
    assert not (protected / "actiebijlagen").exists() or not any((protected / "actiebijlagen").iterdir())


def test_feedback_is_required_and_a_sixth_file_is_refused(demo, acties, protected):
    coordinator, actie = demo[ENSCHEDE], acties["enschede"]
    with pytest.raises(ValidationError):
        services.report_back(actie, coordinator, terugkoppeling="   ")
    for i in range(services.MAX_BIJLAGEN):
        actie = services.report_back(actie, coordinator, terugkoppeling=f"Stand {i}",
                                     bijlage=upload(f"deel{i}.pdf", pdf_bytes()))
    with pytest.raises(ValidationError) as error:
        services.report_back(actie, coordinator, terugkoppeling="Nog een", bijlage=upload("zesde.pdf", pdf_bytes()))
    assert "zesde.pdf" in error.value.messages[0]
    assert actie.bijlagen.count() == services.MAX_BIJLAGEN
    assert Actie.objects.get(pk=actie.pk).terugkoppeling == f"Stand {services.MAX_BIJLAGEN - 1}"


def test_a_participant_or_stranger_cannot_report_back(demo, acties):
    for email in (POLITIE, UTRECHT):
        with pytest.raises(PermissionDenied):
            services.report_back(acties["enschede"], demo[email], terugkoppeling="Gedaan")


def test_the_manager_may_record_feedback_too_but_not_on_a_dropped_action(demo, acties):
    regisseur = demo[REGISSEUR]
    actie = services.report_back(acties["politie"], regisseur, terugkoppeling="Telefonisch doorgegeven: loopt.")
    assert actie.terugkoppeling.startswith("Telefonisch")
    actie = services.change_status(actie, regisseur, ActieStatus.VERVALLEN, reden="Opgeschort")
    with pytest.raises(ValidationError):
        services.report_back(actie, demo[POLITIE], terugkoppeling="Toch gedaan")


# --- optimistic locking ---------------------------------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_changes(demo, acties):
    actie = acties["enschede"]
    services.report_back(actie, demo[ENSCHEDE], terugkoppeling="Eerste versie", versie=1)
    with pytest.raises(Conflict) as error:
        services.report_back(actie, demo[ENSCHEDE], terugkoppeling="Tweede versie", versie=1, gereed=True)
    assert error.value.huidig.versie == 2 and error.value.huidig.terugkoppeling == "Eerste versie"
    with pytest.raises(Conflict):
        services.change_status(actie, demo[REGISSEUR], ActieStatus.VERVALLEN, reden="x", versie=1)
    actie.refresh_from_db()
    assert actie.terugkoppeling == "Eerste versie" and actie.status == ActieStatus.OPEN and actie.versie == 2


def test_the_page_shows_both_versions_and_keeps_the_input(client, demo, acties):
    actie = acties["enschede"]
    client.force_login(demo[ENSCHEDE])
    vooraf = page(client, demo[ENSCHEDE], actie_url(actie))
    assert 'name="tk-versie" value="1"' in vooraf
    services.report_back(actie, demo[REGISSEUR], terugkoppeling="Door de regisseur genoteerd.")  # meanwhile
    response = client.post(actie_url(actie, "terugkoppelen/"), {
        "tk-versie": 1, "tk-terugkoppeling": "Mijn eigen terugkoppeling, bijna kwijt."})
    html = response.content.decode()
    assert response.status_code == 409
    assert escape(nl("Someone else saved this in the meantime. Below are both versions: the saved one and yours. "
                     "Adjust your text and save again.")) in html
    assert "Door de regisseur genoteerd." in html
    textarea = re.search(r'<textarea name="tk-terugkoppeling"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "Mijn eigen terugkoppeling, bijna kwijt." in textarea
    assert 'name="tk-versie" value="2"' in html  # saving again now overwrites knowingly
    actie.refresh_from_db()
    assert actie.terugkoppeling == "Door de regisseur genoteerd."

    response = client.post(actie_url(actie, "terugkoppelen/"), {
        "tk-versie": 2, "tk-terugkoppeling": "Mijn eigen terugkoppeling, bijna kwijt."})
    assert response.status_code == 302
    actie.refresh_from_db()
    assert actie.terugkoppeling == "Mijn eigen terugkoppeling, bijna kwijt." and actie.versie == 3


def test_a_stale_status_change_shows_both_versions(client, demo, acties):
    actie = acties["politie"]
    services.change_status(actie, demo[POLITIE], ActieStatus.GEREED)
    client.force_login(demo[REGISSEUR])
    response = client.post(actie_url(actie, "status/"), {"status-versie": 1, "status-naar": "vervallen",
                                                         "status-reden": "Zinloos geworden."})
    html = response.content.decode()
    assert response.status_code == 409
    assert nl("done") in html and "Zinloos geworden." in html
    assert Actie.objects.get(pk=actie.pk).status == ActieStatus.GEREED


# --- Mijn acties ----------------------------------------------------------------------------------------------------


def test_my_actions_personal_first_then_overdue_then_by_due_date(client, demo, wereld, acties):
    politie = demo[POLITIE]
    po = org("Politie Oost-Nederland")
    later = maak_actie(wereld["hengelo"], wereld["punt_hengelo"], po, demo[REGISSEUR], dagen=30)
    eerder = maak_actie(wereld["hengelo"], wereld["punt_hengelo"], po, demo[REGISSEUR], dagen=5)
    verlopen = maak_actie(wereld["hengelo"], wereld["punt_hengelo"], po, demo[REGISSEUR], dagen=-1)
    gereed = maak_actie(wereld["hengelo"], wereld["punt_hengelo"], po, demo[REGISSEUR], dagen=-20,
                        status=ActieStatus.GEREED)
    html = page(client, politie, "/acties/mijn/")
    rows = [int(pk) for pk in re.findall(r'data-actie="(\d+)"', html)]
    assert rows == [acties["politie"].pk, verlopen.pk, eerder.pk, later.pk]
    assert gereed.pk not in rows and acties["enschede"].pk not in rows  # open only; own organisation only
    assert nl("Assigned to you") in html
    afgerond = page(client, politie, "/acties/mijn/", status="afgerond")
    assert [int(pk) for pk in re.findall(r'data-actie="(\d+)"', afgerond)] == [gereed.pk]
    alle = page(client, politie, "/acties/mijn/", status="alle")
    assert len(re.findall(r'data-actie="(\d+)"', alle)) == 5
    assert wereld["hengelo"].code in html  # the police see the case: code and link
    assert AuditEntry.objects.filter(actie=AuditActie.LIST, object_type="casusoverleg.actie", actor=politie).exists()


def test_my_actions_is_for_roles_that_hold_actions(client, demo):
    for email in (BURGEMEESTER, BEHEERDER):
        client.force_login(demo[email])
        assert client.get("/acties/mijn/").status_code == 404
    html = page(client, demo[ENSCHEDE], "/acties/mijn/")
    assert "empty-state" in html and "Gemeente Enschede" in html


def _aantal_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_run_a_fixed_number_of_queries(client, demo, wereld, acties):
    po = org("Politie Oost-Nederland")
    for email, url in ((POLITIE, "/acties/mijn/"), (REGISSEUR, "/acties/bewaking/"),
                       (REGISSEUR, "/acties/bewaking/export.csv")):
        client.force_login(demo[email])
        client.get(url)
        voor = _aantal_queries(client, url)
        for i in range(12):
            casus = wereld["enschede"] if i % 2 else wereld["hengelo"]
            maak_actie(casus, None, po, demo[REGISSEUR], dagen=i - 6, verantwoordelijke=demo[POLITIE] if i % 3 else None)
        assert _aantal_queries(client, url) == voor, url
    client.force_login(demo[REGISSEUR])
    client.get("/acties/bewaking/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/acties/bewaking/")
    assert len(queries) <= 25


# --- Actiebewaking -----------------------------------------------------------------------------------------------


@pytest.fixture
def vandaag():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=AMS), tick=False):
        yield date(2026, 3, 2)


def test_the_buckets_by_due_date(client, demo, wereld, vandaag):
    regisseur = demo[REGISSEUR]
    po = org("Politie Oost-Nederland")

    def actie(deadline, status=ActieStatus.OPEN):
        return Actie.objects.create(casus=wereld["enschede"], organisatie=po, aangemaakt_door=regisseur,
                                    omschrijving="x", soort=ActieSoort.FISCAAL, deadline=deadline, status=status)

    gisteren = actie(date(2026, 3, 1))
    vandaag_ = actie(date(2026, 3, 2), ActieStatus.IN_UITVOERING)
    over_14 = actie(date(2026, 3, 16))
    over_15 = actie(date(2026, 3, 17))
    gereed = actie(date(2026, 2, 1), ActieStatus.GEREED)
    vervallen = actie(date(2026, 2, 2), ActieStatus.VERVALLEN)

    def ids(**params):
        html = page(client, regisseur, "/acties/bewaking/", **params)
        return {int(pk) for pk in re.findall(r'data-actie="(\d+)"', html)}, html

    alle, html = ids()
    assert alle == {a.pk for a in (gisteren, vandaag_, over_14, over_15, gereed, vervallen)}
    assert ids(termijn="verlopen")[0] == {gisteren.pk}
    assert ids(termijn="binnenkort")[0] == {vandaag_.pk, over_14.pk}
    assert ids(termijn="open")[0] == {gisteren.pk, vandaag_.pk, over_14.pk, over_15.pk}
    assert ids(termijn="gereed")[0] == {gereed.pk}
    assert ids(termijn="vervallen")[0] == {vervallen.pk}
    # The counts in the choices.
    for value, label, aantal in (("verlopen", "overdue", 1), ("binnenkort", "due within 14 days", 2),
                                 ("open", "open", 4), ("gereed", "done", 1)):
        assert f'<option value="{value}">{capfirst(nl(label))} ({aantal})</option>' in html
    # The overdue one first in the list.
    assert int(re.search(r'data-actie="(\d+)"', html).group(1)) == gisteren.pk


def test_the_overview_counts_dropped_actions_in_a_column_of_their_own_so_the_total_adds_up(client, demo, wereld,
                                                                                          vandaag):
    """Issue 18: the total counted dropped actions without a column for them. Open + done + dropped = total in every
    row of the three overview tables; due soon and overdue are among the open ones, as the page says."""
    regisseur = demo[REGISSEUR]
    po = org("Politie Oost-Nederland")
    for deadline, status in ((date(2026, 3, 1), ActieStatus.OPEN), (date(2026, 3, 5), ActieStatus.IN_UITVOERING),
                             (date(2026, 4, 30), ActieStatus.OPEN), (date(2026, 2, 1), ActieStatus.GEREED),
                             (date(2026, 2, 2), ActieStatus.VERVALLEN), (date(2026, 2, 3), ActieStatus.VERVALLEN)):
        Actie.objects.create(casus=wereld["enschede"], organisatie=po, aangemaakt_door=regisseur, omschrijving="x",
                             soort=ActieSoort.FISCAAL, deadline=deadline, status=status)
    html = page(client, regisseur, "/acties/bewaking/")
    assert nl("Open, done and dropped actions together make the total; those due soon and those overdue are among "
              "the open ones.") in html
    koppen = [nl("Open"), nl("Due within 14 days"), nl("Overdue"), nl("Done"), nl("Dropped"), nl("Total")]
    for soort in ("organisatie", "casus", "soort"):
        tabel = re.search(rf'id="telling-{soort}".*?</table>', html, re.S).group(0)
        assert re.findall(r'scope="col">([^<]*)</th>', tabel)[1:] == koppen
        rijen = [[int(n) for n in re.findall(r'acties-telling-tabel__getal[^"]*">(\d+)</td>', rij)]
                 for rij in re.findall(r'<tr class="utrecht-table__row">\s*<th class="utrecht-table__cell.*?</tr>',
                                       tabel, re.S)]
        assert rijen == [[3, 1, 1, 1, 2, 6]], soort
        for open_, binnenkort, verlopen, gereed, vervallen, totaal in rijen:
            assert open_ + gereed + vervallen == totaal and binnenkort + verlopen <= open_


def test_counts_and_export_cover_only_visible_actions(client, demo, wereld, vandaag):
    """A case of Midden-Nederland on the Twente agenda, where RIEC Oost-Nederland (the director's organisation) is
    no standing member this time: the director sees the action RIEC holds on it, but not the case; the action of
    Politie Midden-Nederland on it is not counted anywhere."""
    regisseur = demo[REGISSEUR]
    overleg = wereld["overleg"]
    OverlegDeelnemer.objects.filter(overleg=overleg, organisatie=regisseur.organisatie).delete()
    utrecht_punt = punt(overleg, wereld["utrecht"], 5)
    assert wereld["utrecht"] not in selectors.casussen_visible_for(regisseur)
    eigen = Actie.objects.create(casus=wereld["utrecht"], agendapunt=utrecht_punt, organisatie=regisseur.organisatie,
                                 aangemaakt_door=regisseur, omschrijving="Informatie uit registers verzamelen.",
                                 soort=ActieSoort.BESTUURLIJK, deadline=date(2026, 2, 20))
    verborgen = Actie.objects.create(casus=wereld["utrecht"], agendapunt=utrecht_punt,
                                     organisatie=org("Politie Midden-Nederland"), aangemaakt_door=regisseur,
                                     omschrijving="Geheim", soort=ActieSoort.STRAFRECHTELIJK,
                                     deadline=date(2026, 2, 21))
    twente = Actie.objects.create(casus=wereld["enschede"], agendapunt=wereld["punt_enschede"],
                                  organisatie=org("Nederlandse Arbeidsinspectie"), aangemaakt_door=regisseur,
                                  omschrijving="Inspectie arbeidsomstandigheden.", soort=ActieSoort.ARBEIDSRECHTELIJK,
                                  deadline=date(2026, 3, 10))

    html = page(client, regisseur, "/acties/bewaking/")
    assert actie_url(eigen) in html and actie_url(twente) in html
    assert actie_url(verborgen) not in html and "Politie Midden-Nederland" not in html
    assert wereld["utrecht"].code not in html
    assert f'<option value="verlopen">{capfirst(nl("overdue"))} (1)</option>' in html
    assert f'<option value="strafrechtelijk">{capfirst(nl("criminal law"))} (0)</option>' in html
    organisaties = re.search(r'id="telling-organisatie".*?</table>', html, re.S).group(0)
    assert "RIEC Oost-Nederland" in organisaties and "Nederlandse Arbeidsinspectie" in organisaties
    casussen = re.search(r'id="telling-casus".*?</table>', html, re.S).group(0)
    assert wereld["enschede"].code in casussen and nl("no case shown") in casussen

    client.force_login(regisseur)
    response = client.get("/acties/bewaking/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    inhoud = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
    assert rows[0] == [nl(k) for k in ("Link", "Case", "Type of intervention", "Responsible organisation",
                                       "Due date", "Status", "Overdue")]
    assert rows[1:] == [
        [actie_url(eigen), "", nl("administrative"), "RIEC Oost-Nederland", "2026-02-20", nl("open"), nl("yes")],
        [actie_url(twente), wereld["enschede"].code, nl("labour law"), "Nederlandse Arbeidsinspectie", "2026-03-10",
         nl("open"), nl("no")],
    ]
    assert "Geheim" not in inhoud and "Informatie uit registers" not in inhoud and wereld["utrecht"].code not in inhoud
    assert AuditEntry.objects.filter(actie=AuditActie.EXPORT, object_type="casusoverleg.actie").exists()
    # The responsible organisation's own list names no case either.
    mijn = page(client, regisseur, "/acties/mijn/")
    assert actie_url(eigen) in mijn and wereld["utrecht"].code not in mijn


def test_the_filters_combine_and_the_export_follows_them(client, demo, wereld, acties):
    regisseur = demo[REGISSEUR]
    html = page(client, regisseur, "/acties/bewaking/", organisatie=org("Gemeente Enschede").pk)
    assert actie_url(acties["enschede"]) in html and actie_url(acties["politie"]) not in html
    client.force_login(regisseur)
    inhoud = client.get("/acties/bewaking/export.csv", {"soort": ActieSoort.STRAFRECHTELIJK}).content.decode("utf-8-sig")
    assert actie_url(acties["politie"]) in inhoud and actie_url(acties["enschede"]) not in inhoud
    # A case filter offers only visible cases; another region's case is refused as a choice.
    ongeldig = client.get("/acties/bewaking/", {"casus": wereld["utrecht"].pk}).content.decode()
    assert wereld["utrecht"].code not in ongeldig and actie_url(acties["utrecht"]) not in ongeldig


def test_the_case_filter_takes_a_typed_code_of_a_visible_case_only(client, demo, wereld, acties):
    """Issue 14: the case filter is a code typed in (a list of ten years of cases would be thousands of options).
    A code is accepted in any case and with spaces around it; another region's code is refused exactly like a code
    that does not exist, and nothing of that case appears."""
    regisseur = demo[REGISSEUR]
    enschede = wereld["enschede"]
    html = page(client, regisseur, "/acties/bewaking/", casus=f"  {enschede.code.lower()} ")
    assert actie_url(acties["enschede"]) in html and actie_url(acties["utrecht"]) not in html
    assert f'value="{enschede.code}"' in html
    fout = nl("You have no case with this code. Check the code, for example TW-2026-12.")
    onbekend = page(client, regisseur, "/acties/bewaking/", casus="TW-1999-999")
    anders = page(client, regisseur, "/acties/bewaking/", casus=wereld["utrecht"].code)
    for html in (onbekend, anders):
        assert fout in html and 'data-actie="' not in html
        assert nl("The filter could not be applied. Correct the fields marked above.") in html
    assert actie_url(acties["utrecht"]) not in anders
    # The field offers no list of cases: no case code is in the page unless the user typed it.
    assert "<select" not in re.search(r'id="id_casus"[^>]*>', onbekend).group(0)


def test_the_overview_is_counted_from_one_read_of_the_visible_actions(client, demo, wereld, acties,
                                                                       django_assert_max_num_queries):
    """Issue 14: the counts, the choices and the list come from one read of the visible actions (the page asks no
    count of its own per facet); more actions do not make more queries."""
    regisseur = demo[REGISSEUR]
    client.force_login(regisseur)
    client.get("/acties/bewaking/")
    with django_assert_max_num_queries(15):
        assert client.get("/acties/bewaking/", {"termijn": "open"}).status_code == 200
    for i in range(30):
        Actie.objects.create(casus=wereld["enschede"], organisatie=org("Politie Oost-Nederland"),
                             aangemaakt_door=regisseur, omschrijving=f"Extra {i}", soort=ActieSoort.FISCAAL,
                             deadline=date(2026, 3, 1) + timedelta(days=i))
    with django_assert_max_num_queries(15):
        assert client.get("/acties/bewaking/", {"termijn": "open"}).status_code == 200


def test_action_follow_up_is_for_the_chain_director_only(client, demo, acties):
    for email in (ENSCHEDE, POLITIE, BURGEMEESTER, BEHEERDER):
        client.force_login(demo[email])
        assert client.get("/acties/bewaking/").status_code == 404
        assert client.get("/acties/bewaking/export.csv").status_code == 404
    html = page(client, demo[REGISSEUR_MN], "/acties/bewaking/")
    assert actie_url(acties["utrecht"]) in html and actie_url(acties["enschede"]) not in html


# --- start page and navigation ------------------------------------------------------------------------------------


def _section(html, key):
    match = re.search(rf'<section class="start-block start-block--{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_the_start_page_blocks(client, demo, wereld, acties):
    regisseur = _section(page(client, demo[REGISSEUR], "/"), "acties_verlopen")
    assert actie_url(acties["politie"]) in regisseur and actie_url(acties["enschede"]) not in regisseur
    assert 'href="/acties/bewaking/?termijn=verlopen"' in regisseur and wereld["enschede"].code in regisseur
    assert "empty-state" not in regisseur

    politie = _section(page(client, demo[POLITIE], "/"), "acties_organisatie")
    assert actie_url(acties["politie"]) in politie and 'href="/acties/mijn/"' in politie
    assert nl("overdue") in politie

    enschede = _section(page(client, demo[ENSCHEDE], "/"), "acties_organisatie")
    assert actie_url(acties["enschede"]) in enschede and wereld["enschede"].code not in enschede

    utrecht = _section(page(client, demo[UTRECHT], "/"), "acties_organisatie")
    assert actie_url(acties["utrecht"]) in utrecht

    midden = _section(page(client, demo[REGISSEUR_MN], "/"), "acties_verlopen")
    assert "empty-state" in midden and "/acties/" + str(acties["politie"].pk) not in midden


def test_the_navigation(client, demo):
    for email, mijn, bewaking in ((REGISSEUR, True, True), (ENSCHEDE, True, False), (POLITIE, True, False),
                                  (BURGEMEESTER, False, False), (BEHEERDER, False, False)):
        html = page(client, demo[email], "/")
        assert ('href="/acties/mijn/"' in html) == mijn, email
        assert ('href="/acties/bewaking/"' in html) == bewaking, email
