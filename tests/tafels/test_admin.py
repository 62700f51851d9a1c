"""The admin of reference data, districts and tables: read-only CBS data, members validated per organisation."""
import pytest
from django.core.exceptions import ValidationError

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Organisatie
from tafels.models import District, Gemeente, Regio, Tafel, TafelLid
from tests.i18n import nl

pytestmark = pytest.mark.django_db

from partners.demo import GEBRUIKERS  # noqa: E402

BEHEERDER = "beheer@ketenregie.example"
# Every demo account but the beheerder (partners.demo is the list seed_demo creates).
OTHERS = [email for email, _naam, rol, *_rest in GEBRUIKERS if rol != "beheerder"]
CHANGELISTS = ["/beheer/tafels/regio/", "/beheer/tafels/gemeente/", "/beheer/tafels/district/", "/beheer/tafels/tafel/"]


@pytest.fixture
def beheerder(demo):
    return demo[BEHEERDER]


@pytest.fixture
def beheer_client(client, beheerder):
    client.force_login(beheerder)
    return client


def _object_urls():
    return [
        f"/beheer/tafels/regio/{Regio.objects.get(naam='Oost-Nederland').pk}/change/",
        f"/beheer/tafels/gemeente/{Gemeente.objects.get(naam='Enschede').pk}/change/",
        f"/beheer/tafels/district/{District.objects.get(code='TW').pk}/change/",
        f"/beheer/tafels/tafel/{Tafel.objects.get(naam='Casusoverleg Mensenhandel Twente').pk}/change/",
    ]


def test_the_beheerder_opens_the_lists_forms_and_objects(demo, beheer_client):
    for url in CHANGELISTS + ["/beheer/tafels/", "/beheer/tafels/district/add/", "/beheer/tafels/tafel/add/"]:
        assert beheer_client.get(url).status_code == 200, url
    for url in _object_urls():
        assert beheer_client.get(url).status_code == 200, url


def test_the_pages_are_dutch(demo, beheer_client):
    html = beheer_client.get("/beheer/tafels/tafel/").content.decode()
    assert "Selecteer tafel om te wijzigen" in html and "Regio&#x27;s en tafels" in html
    assert "Casusoverleg Mensenhandel Twente" in html
    gemeenten = beheer_client.get("/beheer/tafels/gemeente/").content.decode()
    assert "Selecteer gemeente om te bekijken" in gemeenten  # read-only: view, not change
    assert "CBS-code" in gemeenten and "Veiligheidsregio" in gemeenten


@pytest.mark.parametrize("email", OTHERS)
def test_other_roles_get_the_log_in_page_not_the_tables_admin(demo, client, email):
    client.force_login(demo[email])
    for url in CHANGELISTS + _object_urls() + ["/beheer/tafels/tafel/add/"]:
        response = client.get(url, follow=True)
        assert "/inloggen/" in [hop.split("?")[0] for hop, _status in response.redirect_chain], url
        assert not response.request["PATH_INFO"].startswith("/beheer/")
    autocomplete = client.get(
        "/beheer/autocomplete/", {"app_label": "tafels", "model_name": "tafel", "field_name": "voorzitter", "term": "a"}
    )
    assert autocomplete.status_code == 302


def test_the_gemeente_list_searches_by_name_and_code_and_filters(demo, beheer_client):
    by_name = beheer_client.get("/beheer/tafels/gemeente/", {"q": "Enschede"}).context["cl"]
    assert [g.cbs_code for g in by_name.result_list] == ["GM0153"]
    by_code = beheer_client.get("/beheer/tafels/gemeente/", {"q": "GM0153"}).context["cl"]
    assert [g.naam for g in by_code.result_list] == ["Enschede"]
    twente = beheer_client.get("/beheer/tafels/gemeente/", {"veiligheidsregio": "Twente"}).context["cl"]
    assert twente.result_count == 14
    columns = beheer_client.get("/beheer/tafels/gemeente/").context["cl"].list_display
    assert [c for c in columns if c != "action_checkbox"] == ["cbs_code", "naam", "provincie", "regio", "veiligheidsregio"]


def test_reference_data_is_read_only_and_cannot_be_deleted(demo, beheer_client):
    regio = Regio.objects.get(naam="Oost-Nederland")
    gemeente = Gemeente.objects.get(naam="Enschede")
    for kind, obj in (("regio", regio), ("gemeente", gemeente)):
        base = f"/beheer/tafels/{kind}/"
        assert beheer_client.get(f"{base}{obj.pk}/delete/").status_code == 403
        assert beheer_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
        assert beheer_client.get(f"{base}add/").status_code == 403
        changelist = beheer_client.get(base)
        action_form = changelist.context["action_form"]  # None: no actions at all
        assert action_form is None or "delete_selected" not in dict(action_form.fields["action"].choices)
        bulk = beheer_client.post(base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
        assert bulk.status_code in (200, 302)
    # A municipality's change page shows the data without a form to save it.
    base = f"/beheer/tafels/gemeente/{gemeente.pk}/change/"
    assert beheer_client.post(base, {"naam": "Anders"}).status_code == 403
    assert 'name="_save"' not in beheer_client.get(base).content.decode()
    # A region's (issue 18): only the name of its board can be changed; what it posts for the reference data is
    # ignored.
    base = f"/beheer/tafels/regio/{regio.pk}/change/"
    form = beheer_client.get(base).context["adminform"].form
    assert list(form.fields) == ["bestuurlijk_overleg"]
    antwoord = beheer_client.post(base, {"naam": "Anders", "code": "XX", "riec": "Anders",
                                         "bestuurlijk_overleg": "regionaal bestuurlijk overleg (RBO)", "_save": "Opslaan"})
    assert antwoord.status_code == 302
    regio.refresh_from_db()
    gemeente.refresh_from_db()
    assert (regio.naam, regio.code, regio.riec) == ("Oost-Nederland", "ON", "RIEC Oost-Nederland")
    assert gemeente.naam == "Enschede"
    assert Regio.objects.count() == 10 and Gemeente.objects.filter(pk=gemeente.pk).exists()


@pytest.mark.parametrize("kind", ["regio", "district"])
def test_the_beheerder_names_the_board_of_a_werkgebied(demo, beheer_client, beheerder, kind):
    """Issue 18: the board a werkgebied's quarterly report is for; required, in Dutch in the form, audited."""
    if kind == "regio":
        obj = Regio.objects.get(naam="Midden-Nederland")
        data = {}
        assert obj.bestuurlijk_overleg == "regionaal bestuurlijk overleg (RBO)"
    else:
        obj = District.objects.get(code="TW")
        data = {"naam": obj.naam, "code": obj.code, "regio": obj.regio_id,
                "gemeenten": list(obj.gemeenten.values_list("pk", flat=True))}
        assert obj.bestuurlijk_overleg == "districtelijk veiligheidsoverleg (DVO)"
    url = f"/beheer/tafels/{kind}/{obj.pk}/change/"
    html = beheer_client.get(url).content.decode()
    assert nl("administrative board").capitalize() in html and "voor het" in html  # label and help text, in Dutch
    leeg = beheer_client.post(url, {**data, "bestuurlijk_overleg": "  ", "_save": "Opslaan"})
    assert leeg.status_code == 200 and "bestuurlijk_overleg" in leeg.context["adminform"].form.errors
    naam = "regionaal veiligheidsoverleg Midden-Nederland (RVO)" if kind == "regio" else "veiligheidsoverleg Twente (VOT)"
    assert beheer_client.post(url, {**data, "bestuurlijk_overleg": naam, "_save": "Opslaan"}).status_code == 302
    obj.refresh_from_db()
    assert obj.bestuurlijk_overleg == naam
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, actor=beheerder, object_id=str(obj.pk)).exists()
    assert naam in beheer_client.get(f"/beheer/tafels/{kind}/").content.decode()  # in the list


def test_the_district_form_offers_only_municipalities_of_its_region(demo, beheer_client):
    twente = District.objects.get(code="TW")
    form = beheer_client.get(f"/beheer/tafels/district/{twente.pk}/change/").context["adminform"].form
    regios = set(form.fields["gemeenten"].queryset.values_list("regio__naam", flat=True))
    assert regios == {"Oost-Nederland"}


def _district_data(regio, gemeenten, naam="Achterhoek", code="AH"):
    # The board's name as the add form fills it in (its default), since issue 18 a required field.
    return {"naam": naam, "code": code, "regio": regio.pk, "gemeenten": [g.pk for g in gemeenten],
            "bestuurlijk_overleg": "districtelijk veiligheidsoverleg (DVO)", "_save": "Opslaan"}


def test_a_district_holds_only_municipalities_of_its_region(demo, beheer_client, beheerder):
    oost = Regio.objects.get(naam="Oost-Nederland")
    utrecht = Gemeente.objects.get(naam="Utrecht")
    winterswijk = Gemeente.objects.get(naam="Winterswijk")
    wrong = beheer_client.post("/beheer/tafels/district/add/", _district_data(oost, [winterswijk, utrecht]))
    assert wrong.status_code == 200
    assert "gemeenten" in wrong.context["adminform"].form.errors
    assert not District.objects.filter(code="AH").exists()
    right = beheer_client.post("/beheer/tafels/district/add/", _district_data(oost, [winterswijk]))
    assert right.status_code == 302
    district = District.objects.get(code="AH")
    assert list(district.gemeenten.all()) == [winterswijk]
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, actor=beheerder, object_id=str(district.pk)).exists()


def _tafel_data(leden, **overrides):
    data = {
        "naam": "Casusoverleg Mensenhandel Achterhoek",
        "soort": "casusoverleg_mensenhandel",
        "regio": Regio.objects.get(naam="Oost-Nederland").pk,
        "district": "",
        "voorzitter": "",
        "vergaderingen_per_jaar": 4,
        "leden-TOTAL_FORMS": str(len(leden)),
        "leden-INITIAL_FORMS": "0",
        "leden-MIN_NUM_FORMS": "0",
        "leden-MAX_NUM_FORMS": "1000",
        "_save": "Opslaan",
    }
    for i, (organisatie, deelnemer, mailbox) in enumerate(leden):
        data[f"leden-{i}-organisatie"] = organisatie.pk
        data[f"leden-{i}-deelnemer"] = deelnemer.pk if deelnemer else ""
        data[f"leden-{i}-mailbox"] = mailbox
    data.update(overrides)
    return data


def test_a_participant_must_belong_to_the_member_organisation(demo, beheer_client):
    riec = Organisatie.objects.get(naam="RIEC Oost-Nederland")
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    regisseur = demo["regisseur@twente.example"]  # of the RIEC, not of the police
    response = beheer_client.post("/beheer/tafels/tafel/add/", _tafel_data([(politie, regisseur, "")]))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "deelnemer" in formset.forms[0].errors
    assert not Tafel.objects.filter(naam="Casusoverleg Mensenhandel Achterhoek").exists()

    ok = beheer_client.post(
        "/beheer/tafels/tafel/add/",
        _tafel_data([(riec, regisseur, ""), (politie, None, "achterhoek@politie.example")], voorzitter=regisseur.pk),
    )
    assert ok.status_code == 302
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Achterhoek")
    assert tafel.voorzitter == regisseur
    assert {lid.contact for lid in tafel.leden.all()} == {regisseur.email, "achterhoek@politie.example"}


def test_person_or_mailbox_and_region_or_district_are_form_errors(demo, beheer_client):
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    both = beheer_client.post(
        "/beheer/tafels/tafel/add/",
        _tafel_data([(politie, demo["politie@oost-nederland.example"], "x@politie.example")],
                    district=District.objects.get(code="TW").pk),
    )
    assert both.status_code == 200
    form = both.context["adminform"].form
    assert form.non_field_errors()  # region and district both set
    assert not Tafel.objects.filter(naam="Casusoverleg Mensenhandel Achterhoek").exists()


def test_tafellid_clean_checks_the_organisation(demo):
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    lid = TafelLid(tafel=tafel, organisatie=politie, deelnemer=demo["inspectie@nla.example"])
    with pytest.raises(ValidationError) as raised:
        lid.clean()
    assert "deelnemer" in raised.value.message_dict
    TafelLid(tafel=tafel, organisatie=politie, deelnemer=demo["politie@oost-nederland.example"]).clean()
    TafelLid(tafel=tafel, organisatie=politie, mailbox="x@politie.example").clean()


def test_the_chair_autocomplete_finds_users_for_the_beheerder(demo, beheer_client):
    response = beheer_client.get(
        "/beheer/autocomplete/",
        {"app_label": "tafels", "model_name": "tafel", "field_name": "voorzitter", "term": "regisseur@twente"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(demo["regisseur@twente.example"].pk)]


def test_changing_a_table_is_audited(demo, beheer_client, beheerder):
    tafel = Tafel.objects.get(naam="Regiegroep Prostitutie Twente")
    page = beheer_client.get(f"/beheer/tafels/tafel/{tafel.pk}/change/")
    formset = page.context["inline_admin_formsets"][0].formset
    data = {
        "naam": tafel.naam, "soort": tafel.soort, "regio": "", "district": tafel.district_id,
        "voorzitter": "", "vergaderingen_per_jaar": 8, "_save": "Opslaan",
    }
    management = formset.management_form
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        data[f"leden-{name}"] = management[name].value()
    data["leden-TOTAL_FORMS"] = str(formset.initial_form_count())
    for i, form in enumerate(formset.initial_forms):
        lid = form.instance
        data.update({
            f"leden-{i}-id": lid.pk, f"leden-{i}-tafel": tafel.pk, f"leden-{i}-organisatie": lid.organisatie_id,
            f"leden-{i}-deelnemer": lid.deelnemer_id or "", f"leden-{i}-mailbox": lid.mailbox,
        })
    response = beheer_client.post(f"/beheer/tafels/tafel/{tafel.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    tafel.refresh_from_db()
    assert tafel.vergaderingen_per_jaar == 8
    entry = AuditEntry.objects.get(actie=AuditActie.CHANGE, actor=beheerder, object_id=str(tafel.pk))
    assert entry.district_id == tafel.district_id
