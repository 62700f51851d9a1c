"""The signal form: a draft that saves itself, full checks on submitting, nothing typed ever lost."""
import re
from datetime import timedelta
from html import escape
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Rol
from signalen.models import (
    Antwoord,
    Bijlage,
    Bron,
    Gebeurtenis,
    Indicator,
    Sector,
    Signaal,
    SignaalIndicator,
    Status,
    Urgentie,
    Vorm,
)
from tafels.models import Gemeente
from tests.access import assert_no_access
from tests.factories import UserFactory
from tests.i18n import nl

pytestmark = pytest.mark.django_db

ENSCHEDE = "coordinator@enschede.example"



def html(text):
    return escape(text, quote=True)


def aangevinkt(content, name, value):
    """Whether the page has the checkbox or radio button ``name``=``value`` checked."""
    for tag in re.findall(r"<input [^>]*>", content):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return re.search(r"\schecked[\s>]", tag) is not None
    raise AssertionError(f"no input {name}={value}")


def png_upload(naam="foto.png"):
    buffer = BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    return SimpleUploadedFile(naam, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def protected(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    return settings.PROTECTED_FILES_ROOT


@pytest.fixture
def coordinator(demo):
    return demo[ENSCHEDE]


def nieuw_concept(client, user):
    client.force_login(user)
    response = client.get(reverse("signalen:nieuw"))
    assert response.status_code == 302
    signaal = Signaal.objects.filter(ingediend_door=user, status=Status.CONCEPT).latest("aangemaakt")
    assert response["Location"] == reverse("signalen:bewerken", args=[signaal.pk])
    return signaal


def geldig(gemeente, **extra):
    """A complete submission."""
    data = {
        "gemeente": str(gemeente.pk),
        "waargenomen_van": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "waargenomen_tot": "",
        "vormen": [str(Vorm.objects.get(code="arbeid").pk)],
        "sector": str(Sector.objects.get(code="champignonkwekerijen").pk),
        "bron": str(Bron.objects.get(code="brp").pk),
        "omschrijving": "Twaalf mensen ingeschreven op één adres; busje haalt ze om 5 uur op.",
        "locatie_naam": "",
        "locatie_adres": "",
        "kvk_nummer": "",
        "aantal_slachtoffers": "",
        "urgentie": Urgentie.NORMAAL,
        "actie": "indienen",
    }
    for indicator in Indicator.objects.filter(actief=True):
        data[f"indicator_{indicator.pk}"] = Antwoord.ONBEKEND
    data.update(extra)
    return data


def post(client, signaal, data, **kwargs):
    return client.post(reverse("signalen:bewerken", args=[signaal.pk]), data, **kwargs)


# --- starting a draft ------------------------------------------------------------------------


def test_new_signal_is_a_draft_with_the_users_own_gemeente(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    assert signaal.status == Status.CONCEPT
    assert signaal.ingediend_door == coordinator
    assert signaal.organisatie == coordinator.organisatie
    assert signaal.gemeente.naam == "Enschede"
    assert signaal.referentie is None
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="signalen.signaal",
                                     object_id=str(signaal.pk)).exists()

    response = client.get(reverse("signalen:bewerken", args=[signaal.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<option value="{signaal.gemeente.pk}" selected>Enschede</option>' in content
    # Only the municipalities of the district (Twente), with plain names.
    choices = set(response.context["form"].fields["gemeente"].queryset.values_list("naam", flat=True))
    assert {"Enschede", "Hengelo", "Almelo"} <= choices and "Utrecht" not in choices
    assert html(nl("Acute danger? Call 112.")) in content
    # Indicators grouped in their clusters, every answer 'unknown' by default.
    assert content.count('class="utrecht-form-fieldset indicator-cluster"') == 5
    onbekend = content.count('value="onbekend" class="utrecht-radio-button utrecht-radio-button--html-input"')
    assert onbekend == Indicator.objects.filter(actief=True).count()
    assert 'name="bijlagen"' in content and 'multiple' in content and 'enctype="multipart/form-data"' in content
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, object_type="signalen.signaal",
                                     object_id=str(signaal.pk), actor=coordinator).exists()


def test_the_minor_guidance_is_in_the_page_without_javascript(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    content = client.get(reverse("signalen:bewerken", args=[signaal.pk])).content.decode()
    assert 'id="minderjarige-hulp"' in content
    assert "0800-2000" in content
    assert 'aria-describedby="minderjarige-hulp"' in content


def test_an_untouched_empty_draft_is_reused_and_a_used_one_is_not(client, coordinator):
    eerste = nieuw_concept(client, coordinator)
    assert nieuw_concept(client, coordinator).pk == eerste.pk
    client.post(reverse("signalen:autosave", args=[eerste.pk]), {"omschrijving": "Iets gezien"})
    tweede = nieuw_concept(client, coordinator)
    assert tweede.pk != eerste.pk
    # An empty draft older than an hour is left alone (the clean-up removes it later).
    Signaal.objects.filter(pk=tweede.pk).update(aangemaakt=timezone.now() - timedelta(hours=2))
    assert nieuw_concept(client, coordinator).pk not in (eerste.pk, tweede.pk)
    assert Signaal.objects.filter(ingediend_door=coordinator).count() == 3


def test_a_partner_may_start_a_signal(client, demo):
    politie = demo["politie@oost-nederland.example"]
    signaal = nieuw_concept(client, politie)
    assert signaal.gemeente is None  # the police acts for a region, not one municipality
    response = client.get(reverse("signalen:bewerken", args=[signaal.pk]))
    assert response.status_code == 200
    gemeenten = response.context["form"].fields["gemeente"].queryset
    assert gemeenten.filter(naam="Enschede").exists() and not gemeenten.filter(naam="Utrecht").exists()


@pytest.mark.parametrize("email", ["burgemeester@twente.example", "beheer@ketenregie.example",
                                   "regisseur@twente.example"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_roles_get_404_on_new(client, demo, email, method):
    client.force_login(demo[email])
    response = getattr(client, method)(reverse("signalen:nieuw"))
    assert response.status_code == 404
    assert not Signaal.objects.exists()


# --- the gemeente ------------------------------------------------------------------------------


def test_a_coordinator_may_choose_another_gemeente_of_the_district(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    hengelo = Gemeente.objects.get(naam="Hengelo")
    response = post(client, signaal, geldig(hengelo))
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.gemeente == hengelo and signaal.status == Status.INGEDIEND


def test_a_gemeente_outside_the_district_is_a_form_error(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    utrecht = Gemeente.objects.get(naam="Utrecht")
    response = post(client, signaal, geldig(utrecht))
    assert response.status_code == 200
    assert response.context["form"].errors["gemeente"] == [nl("Choose a municipality from the list.")]
    assert html(nl("Choose a municipality from the list.")) in response.content.decode()
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT
    assert signaal.gemeente.naam == "Enschede"  # the refused value was not saved


# --- KvK number and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(("kvk", "opgeslagen"), [
    ("12345678", "12345678"),
    ("1234 5678", "12345678"),
    ("12.34.56.78", "12345678"),
    ("", ""),
])
def test_a_kvk_number_of_8_digits_is_accepted(client, coordinator, kvk, opgeslagen):
    signaal = nieuw_concept(client, coordinator)
    response = post(client, signaal, geldig(signaal.gemeente, kvk_nummer=kvk))
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.kvk_nummer == opgeslagen


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "abcdefgh", "١٢٣٤٥٦٧٨", "0x123456"])
def test_a_kvk_number_that_is_not_8_digits_is_refused(client, coordinator, kvk):
    signaal = nieuw_concept(client, coordinator)
    response = post(client, signaal, geldig(signaal.gemeente, kvk_nummer=kvk))
    assert response.status_code == 200
    assert response.context["form"].errors["kvk_nummer"] == [nl("A KvK number has exactly 8 digits.")]
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT and signaal.kvk_nummer == ""


def _dag(dagen):
    """A day relative to today, as the form takes it; an int offset is turned into a date when the test runs (at
    collection time it would be the day before when the suite runs across midnight), anything else is kept."""
    if not isinstance(dagen, int):
        return dagen
    return (timezone.localdate() + timedelta(days=dagen)).isoformat()


@pytest.mark.parametrize(("van", "tot", "veld", "melding"), [
    (1, "", "waargenomen_van", "The date cannot be in the future."),
    (-5, 1, "waargenomen_tot", "The date cannot be in the future."),
    (-5, -6, "waargenomen_tot", "The last day cannot be before the first day."),
    ("", -6, "waargenomen_van", "Fill in the day you observed it."),
    ("31-02-2026", "", "waargenomen_van", "Fill in a valid date, for example 15-03-2026."),
    ("gisteren", "", "waargenomen_van", "Fill in a valid date, for example 15-03-2026."),
])
def test_date_rules(client, coordinator, van, tot, veld, melding):
    signaal = nieuw_concept(client, coordinator)
    response = post(client, signaal, geldig(signaal.gemeente, waargenomen_van=_dag(van), waargenomen_tot=_dag(tot)))
    assert response.status_code == 200
    assert nl(melding) in response.context["form"].errors[veld]
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT


@pytest.mark.parametrize(("van", "tot"), [(0, ""), (-30, -2), (-3, -3), ("05-01-2026", "")])
def test_valid_dates_and_periods(client, coordinator, van, tot):
    signaal = nieuw_concept(client, coordinator)
    response = post(client, signaal, geldig(signaal.gemeente, waargenomen_van=_dag(van), waargenomen_tot=_dag(tot)))
    assert response.status_code == 302, response.context["form"].errors
    signaal.refresh_from_db()
    assert signaal.waargenomen_van is not None
    assert (signaal.waargenomen_tot is None) == (tot == "")


# --- submitting --------------------------------------------------------------------------------


def test_submitting_gives_a_reference_a_status_and_a_history_row(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    indicatoren = list(Indicator.objects.filter(actief=True)[:3])
    data = geldig(signaal.gemeente, kvk_nummer="87654321", locatie_naam="Kwekerij De Paddestoel",
                  aantal_slachtoffers="12", urgentie=Urgentie.HOOG)
    data[f"indicator_{indicatoren[0].pk}"] = Antwoord.WAARGENOMEN
    data[f"indicator_{indicatoren[1].pk}"] = Antwoord.NIET_WAARGENOMEN
    response = post(client, signaal, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("signalen:ontvangen", args=[signaal.pk])
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND
    assert signaal.referentie == f"SIG-{timezone.now().year}-00001"
    assert signaal.ingediend_op is not None
    assert signaal.prioriteit is False
    assert signaal.urgentie == Urgentie.HOOG and signaal.aantal_slachtoffers == 12
    assert list(signaal.vormen.values_list("code", flat=True)) == ["arbeid"]
    antwoorden = dict(SignaalIndicator.objects.filter(signaal=signaal).values_list("indicator_id", "antwoord"))
    assert antwoorden == {indicatoren[0].pk: Antwoord.WAARGENOMEN, indicatoren[1].pk: Antwoord.NIET_WAARGENOMEN}
    historie = list(signaal.historie.all())
    assert [(h.soort, h.van_status, h.naar_status, h.door) for h in historie] == [
        (Gebeurtenis.STATUS, Status.CONCEPT, Status.INGEDIEND, coordinator)]

    gelezen = AuditEntry.objects.filter(actie=AuditActie.VIEW, object_id=str(signaal.pk), actor=coordinator)
    assert not gelezen.exists()
    ontvangen = client.get(response["Location"])
    assert ontvangen.status_code == 200
    content = ontvangen.content.decode()
    assert signaal.referentie in content
    assert reverse("signalen:mijn") in content and reverse("signalen:detail", args=[signaal.pk]) in content
    assert html(nl("What happens next")) in content
    assert gelezen.count() == 1

    # The next one gets the next number; the old draft URL now leads to the signal itself.
    tweede = nieuw_concept(client, coordinator)
    post(client, tweede, geldig(tweede.gemeente))
    tweede.refresh_from_db()
    assert tweede.referentie == f"SIG-{timezone.now().year}-00002"
    opnieuw = post(client, signaal, geldig(signaal.gemeente))
    assert opnieuw.status_code == 302 and opnieuw["Location"] == reverse("signalen:detail", args=[signaal.pk])
    signaal.refresh_from_db()
    assert signaal.historie.count() == 1


def test_a_minor_gives_priority_and_the_confirmation_says_so(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    response = post(client, signaal, geldig(signaal.gemeente, minderjarige="on"))
    signaal.refresh_from_db()
    assert signaal.minderjarige and signaal.prioriteit
    content = client.get(response["Location"]).content.decode()
    assert html(nl("A minor may be involved: the signal has priority.")) in content


@pytest.mark.parametrize("weg", ["gemeente", "vormen", "bron", "omschrijving", "waargenomen_van", "urgentie"])
def test_required_for_submitting(client, coordinator, weg):
    signaal = nieuw_concept(client, coordinator)
    data = geldig(signaal.gemeente)
    data[weg] = "   " if weg == "omschrijving" else ""
    response = post(client, signaal, data)
    assert response.status_code == 200
    assert weg in response.context["form"].errors
    content = response.content.decode()
    assert 'class="utrecht-alert utrecht-alert--error error-summary"' in content
    assert html(nl("The signal has not been submitted yet")) in content
    anker = f"id_{weg}_0" if weg in ("vormen", "urgentie") else f"id_{weg}"
    assert f'href="#{anker}"' in content and f'id="{anker}"' in content
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT and signaal.referentie is None


def test_a_validation_error_keeps_every_typed_value_and_the_staged_attachments(client, coordinator, protected):
    signaal = nieuw_concept(client, coordinator)
    hengelo = Gemeente.objects.get(naam="Hengelo")
    indicator = Indicator.objects.filter(actief=True).first()
    vormen = [str(v.pk) for v in Vorm.objects.filter(code__in=["seksueel", "crimineel"])]
    omschrijving = 'Vrouw "Ana" <ziet er bang uit> & werkt 7 dagen per week — café Zoë.'
    data = geldig(
        hengelo, vormen=vormen, bron="", omschrijving=omschrijving, locatie_naam="Massagesalon Lotus",
        locatie_adres="Stationsstraat 1, Hengelo", kvk_nummer="1234", aantal_slachtoffers="3",
        minderjarige="on", urgentie=Urgentie.ZEER_HOOG, waargenomen_tot=_dag(-1),
    )
    data[f"indicator_{indicator.pk}"] = Antwoord.WAARGENOMEN
    data["bijlagen"] = [png_upload("foto van pand.png")]
    response = post(client, signaal, data)
    assert response.status_code == 200
    content = response.content.decode()
    for text in (omschrijving, "Massagesalon Lotus", "Stationsstraat 1, Hengelo"):
        assert html(text) in content
    assert 'value="1234"' in content and 'value="3"' in content
    assert f'value="{data["waargenomen_van"]}"' in content and f'value="{data["waargenomen_tot"]}"' in content
    assert f'<option value="{hengelo.pk}" selected>Hengelo</option>' in content
    for vorm in Vorm.objects.all():
        assert aangevinkt(content, "vormen", vorm.pk) == (str(vorm.pk) in vormen)
    form = response.context["form"]
    assert form["vormen"].value() == vormen
    assert form["minderjarige"].value() is True and re.search(r'id="id_minderjarige"[^>]* checked', content)
    assert form[f"indicator_{indicator.pk}"].value() == Antwoord.WAARGENOMEN
    assert aangevinkt(content, f"indicator_{indicator.pk}", Antwoord.WAARGENOMEN)
    assert not aangevinkt(content, f"indicator_{indicator.pk}", Antwoord.ONBEKEND)
    assert aangevinkt(content, "urgentie", Urgentie.ZEER_HOOG)
    assert set(form.errors) == {"bron", "kvk_nummer"}
    # The attachment is staged and shown; what was valid is kept in the draft.
    bijlage = Bijlage.objects.get(signaal=signaal)
    assert bijlage.bestandsnaam == "foto van pand.png"
    assert f'data-bijlage="{bijlage.pk}"' in content
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT
    assert signaal.omschrijving == omschrijving and signaal.gemeente == hengelo and signaal.minderjarige
    assert signaal.kvk_nummer == ""

    # A second try without the file: the attachment is still there, and now it goes through.
    data.pop("bijlagen")
    data.update(bron=str(Bron.objects.get(code="publieksbalie").pk), kvk_nummer="12345678")
    response = post(client, signaal, data)
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND and list(signaal.bijlagen.all()) == [bijlage]


def test_a_refused_attachment_is_reported_and_blocks_submitting(client, coordinator, protected):
    signaal = nieuw_concept(client, coordinator)
    data = geldig(signaal.gemeente, bijlagen=[SimpleUploadedFile("leeg.pdf", b"", content_type="application/pdf")])
    response = post(client, signaal, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="#id_bijlagen"' in content and 'id="id_bijlagen_error"' in content
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT and not signaal.bijlagen.exists()


def test_ticked_attachments_are_removed(client, coordinator, protected):
    signaal = nieuw_concept(client, coordinator)
    post(client, signaal, {"actie": "opslaan", "bijlagen": [png_upload("a.png"), png_upload("b.png")]})
    a, b = signaal.bijlagen.order_by("bestandsnaam")
    response = post(client, signaal, {"actie": "opslaan", "bijlage_verwijderen": [str(a.pk), "x"]})
    assert response.status_code == 302
    assert list(signaal.bijlagen.all()) == [b]


# --- saving as a draft -------------------------------------------------------------------------


def test_save_as_draft_keeps_an_incomplete_signal(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    response = post(client, signaal, {"actie": "opslaan", "omschrijving": "Half verhaal", "urgentie": "hoog",
                                      "gemeente": str(signaal.gemeente_id)})
    assert response.status_code == 302
    assert response["Location"] == reverse("signalen:bewerken", args=[signaal.pk])
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT
    assert signaal.omschrijving == "Half verhaal" and signaal.urgentie == Urgentie.HOOG
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(signaal.pk)).exists()


def test_save_as_draft_with_a_bad_value_saves_the_rest_and_shows_the_error(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    response = post(client, signaal, {"actie": "opslaan", "omschrijving": "Goed deel", "kvk_nummer": "12",
                                      "urgentie": "normaal", "gemeente": str(signaal.gemeente_id)})
    assert response.status_code == 200
    content = response.content.decode()
    assert html(nl("Not everything could be saved")) in content
    assert 'value="12"' in content
    signaal.refresh_from_db()
    assert signaal.omschrijving == "Goed deel" and signaal.kvk_nummer == ""


# --- autosave ----------------------------------------------------------------------------------


def test_autosave_stores_partial_values_and_ignores_invalid_ones(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    utrecht = Gemeente.objects.get(naam="Utrecht")
    indicator = Indicator.objects.filter(actief=True).first()
    url = reverse("signalen:autosave", args=[signaal.pk])
    voor = AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(signaal.pk)).count()
    response = client.post(url, {
        "omschrijving": "Eerste zin", "kvk_nummer": "12", "waargenomen_van": "morgen", "gemeente": str(utrecht.pk),
        "aantal_slachtoffers": "4", "vormen": [str(Vorm.objects.get(code="seksueel").pk)],
        f"indicator_{indicator.pk}": Antwoord.WAARGENOMEN, "urgentie": "normaal",
    }, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    signaal.refresh_from_db()
    tijd = timezone.localtime(signaal.gewijzigd).strftime("%H:%M")
    assert tijd in response.content.decode()
    assert "<form" not in response.content.decode()
    assert signaal.omschrijving == "Eerste zin" and signaal.aantal_slachtoffers == 4
    assert signaal.gemeente.naam == "Enschede"  # not one the user may choose: ignored
    assert signaal.kvk_nummer == "" and signaal.waargenomen_van is None
    assert list(signaal.vormen.values_list("code", flat=True)) == ["seksueel"]
    assert signaal.indicatoren.get().antwoord == Antwoord.WAARGENOMEN
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(signaal.pk)).count() == voor + 1

    # Back to 'unknown' removes the answer; a GET of the form shows what autosave stored.
    client.post(url, {"omschrijving": "Eerste zin, tweede zin", f"indicator_{indicator.pk}": "onbekend"})
    assert not signaal.indicatoren.exists()
    content = client.get(reverse("signalen:bewerken", args=[signaal.pk])).content.decode()
    assert "Eerste zin, tweede zin" in content


def test_autosave_never_removes_attachments_or_submits(client, coordinator, protected):
    signaal = nieuw_concept(client, coordinator)
    post(client, signaal, {"actie": "opslaan", "bijlagen": [png_upload()]})
    bijlage = signaal.bijlagen.get()
    response = client.post(reverse("signalen:autosave", args=[signaal.pk]),
                           {**geldig(signaal.gemeente), "bijlage_verwijderen": str(bijlage.pk)})
    assert response.status_code == 200
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT and signaal.bijlagen.get() == bijlage


def test_autosave_after_the_session_expired_loses_nothing_saved(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    url = reverse("signalen:autosave", args=[signaal.pk])
    client.post(url, {"omschrijving": "Bewaard voor het verlopen", "urgentie": "hoog"})
    client.logout()  # the session has ended

    response = client.post(url, {"omschrijving": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    content = response.content.decode()
    login = reverse("login")
    assert f'href="{login}?next=' in content
    assert html(nl("You have been logged out. What was saved before stays in your draft.")) in content
    assert "Bewaard" not in content  # nothing of the draft to someone who is not logged in

    response = client.post(url, {"omschrijving": ""})
    assert response.status_code == 302 and response["Location"].startswith(login)
    signaal.refresh_from_db()
    assert signaal.omschrijving == "Bewaard voor het verlopen" and signaal.urgentie == Urgentie.HOOG

    # After logging in again the form is as it was.
    client.force_login(coordinator)
    content = client.get(reverse("signalen:bewerken", args=[signaal.pk])).content.decode()
    assert "Bewaard voor het verlopen" in content


def test_autosave_answers_405_to_get(client, coordinator):
    signaal = nieuw_concept(client, coordinator)
    assert client.get(reverse("signalen:autosave", args=[signaal.pk])).status_code == 405


# --- who reaches a draft -----------------------------------------------------------------------


@pytest.fixture
def collega(coordinator):
    """A second coordinator of the same municipality (same organisation)."""
    return UserFactory(organisatie=coordinator.organisatie, rol=Rol.COORDINATOR, email="collega@enschede.example")


@pytest.mark.parametrize("email", [
    "coordinator@hengelo.example", "burgemeester@twente.example", "politie@oost-nederland.example",
    "regisseur@twente.example", "regisseur@midden-nederland.example", "beheer@ketenregie.example",
    "coordinator@utrecht.example",
])
def test_a_draft_is_only_for_its_author(client, demo, coordinator, email):
    signaal = nieuw_concept(client, coordinator)
    client.logout()
    assert_no_access(client, demo[email], signaal)


def test_a_colleague_of_the_same_organisation_does_not_reach_the_draft(client, coordinator, collega):
    signaal = nieuw_concept(client, coordinator)
    client.logout()
    assert_no_access(client, collega, signaal)
    client.force_login(collega)
    assert client.post(reverse("signalen:autosave", args=[signaal.pk]), {"omschrijving": "x"}).status_code == 404
    signaal.refresh_from_db()
    assert signaal.omschrijving == ""


def test_the_author_reaches_the_draft_and_the_regisseur_sees_it_only_once_submitted(client, demo, coordinator):
    signaal = nieuw_concept(client, coordinator)
    assert client.get(reverse("signalen:bewerken", args=[signaal.pk])).status_code == 200
    regisseur = demo["regisseur@twente.example"]
    client.force_login(regisseur)
    assert client.get(reverse("signalen:bewerken", args=[signaal.pk])).status_code == 404
    assert client.get(reverse("signalen:ontvangen", args=[signaal.pk])).status_code == 404

    client.force_login(coordinator)
    post(client, signaal, geldig(signaal.gemeente))
    client.force_login(regisseur)
    assert client.get(reverse("signalen:ontvangen", args=[signaal.pk])).status_code == 200
    # Submitted, it is no longer a draft for anyone: the edit URL leads to the signal itself.
    assert client.get(reverse("signalen:bewerken", args=[signaal.pk])).status_code == 404
