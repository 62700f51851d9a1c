"""Issue 18: opening a case from signals or linking signals to a case lets the ketenregisseur add a personal note to the
standard feedback the submitter reads; optional, without control characters, kept on an error, never in the e-mail."""
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from casusoverleg.models import Casus
from casusoverleg.services import casussen as services
from signalen.models import Gebeurtenis, SignaalHistorie, Standaardtekst, Status
from tafels.models import Gemeente
from tests.signalen.test_access import maak_signaal

pytestmark = pytest.mark.django_db

REGISSEUR = "regisseur@twente.example"
ENSCHEDE = "coordinator@enschede.example"
HENGELO = "coordinator@hengelo.example"

NOTITIE = "Dank voor uw snelle melding; uw vragen over de huisvesting nemen we mee."


def standaard():
    return Standaardtekst.objects.get(status=Status.OPGEPAKT_IN_CASUS).tekst


def terugkoppeling(signaal):
    return SignaalHistorie.objects.filter(signaal=signaal, soort=Gebeurtenis.STATUS,
                                          naar_status=Status.OPGEPAKT_IN_CASUS).get().terugkoppeling


def feedback_box(html):
    return re.search(r'<section class="signaal-terugkoppeling.*?</section>', html, re.S).group(0)


def nieuwe_casus(**extra):
    return {"gemeenten": [Gemeente.objects.get(naam="Enschede").pk], "vormen": [],
            "samenvatting": "Arbeidsuitbuiting in een distributiecentrum.", "melder": "", **extra}


@pytest.fixture
def regisseur(demo):
    return demo[REGISSEUR]


@pytest.fixture
def signaal(demo):
    return maak_signaal(demo[ENSCHEDE])


def test_opening_a_case_adds_the_note_below_the_standard_feedback_and_the_submitter_reads_it(
        client, demo, regisseur, signaal, django_capture_on_commit_callbacks):
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_nieuw") + f"?signaal={signaal.pk}"
    html = client.get(url).content.decode()
    assert 'name="notitie"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, nieuwe_casus(signalen=[signaal.pk], notitie=f"  {NOTITIE}\x07 \n"))
    casus = Casus.objects.get()
    assert response.status_code == 302
    assert terugkoppeling(signaal) == f"{standaard()}\n\n{NOTITIE}"

    client.force_login(demo[ENSCHEDE])
    box = feedback_box(client.get(reverse("signalen:detail", args=[signaal.pk])).content.decode())
    assert escape(NOTITIE) in box and escape(standaard()) in box
    assert casus.code not in box
    # The e-mail still only says that there is news.
    assert len(mail.outbox) == 1
    assert NOTITIE not in mail.outbox[0].body and casus.code not in mail.outbox[0].body


def test_linking_signals_adds_the_note_to_each_one_taken_up(client, demo, regisseur,
                                                            django_capture_on_commit_callbacks):
    casus = services.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Enschede")], vormen=[],
                                samenvatting="Uitbuiting in de schoonmaak.")
    eerste, tweede = maak_signaal(demo[ENSCHEDE]), maak_signaal(demo[HENGELO])
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_signalen", args=[casus.pk])
    assert 'name="notitie"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"signalen": [eerste.pk, tweede.pk], "notitie": NOTITIE})
    assert response.status_code == 302
    for signaal in (eerste, tweede):
        assert terugkoppeling(signaal) == f"{standaard()}\n\n{NOTITIE}"
    assert len(mail.outbox) == 2 and all(NOTITIE not in m.body for m in mail.outbox)


def test_without_a_note_the_submitter_reads_the_standard_feedback_only(client, regisseur, signaal):
    client.force_login(regisseur)
    response = client.post(reverse("casusoverleg:casus_nieuw"), nieuwe_casus(signalen=[signaal.pk], notitie=" \t "))
    assert response.status_code == 302
    assert terugkoppeling(signaal) == standaard()


def test_the_note_is_kept_when_the_new_case_has_an_error(client, regisseur, signaal):
    client.force_login(regisseur)
    response = client.post(reverse("casusoverleg:casus_nieuw"),
                           nieuwe_casus(signalen=[signaal.pk], samenvatting="", notitie=NOTITIE))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="foutoverzicht"' in html and escape(NOTITIE) in html
    assert not Casus.objects.exists()
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND


def test_the_note_is_kept_when_no_signal_was_chosen_and_a_too_long_note_is_refused(client, regisseur, signaal):
    casus = services.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Enschede")], vormen=[],
                                samenvatting="Uitbuiting in de schoonmaak.")
    client.force_login(regisseur)
    url = reverse("casusoverleg:casus_signalen", args=[casus.pk])
    response = client.post(url, {"notitie": NOTITIE})
    assert response.status_code == 200
    assert 'id="foutoverzicht"' in response.content.decode() and escape(NOTITIE) in response.content.decode()

    lang = "x" * (services.NOTITIE_MAX + 1)
    response = client.post(url, {"signalen": [signaal.pk], "notitie": lang})
    assert response.status_code == 200 and lang in response.content.decode()
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND and not casus.koppelingen.exists()
    with pytest.raises(ValidationError):
        services.link_signaal(casus, signaal, regisseur, notitie=lang)


def test_a_signal_taken_up_before_gets_no_second_feedback_with_the_note(regisseur, signaal):
    eerste = services.open_casus(regisseur, gemeenten=[signaal.gemeente], vormen=[], samenvatting="Eerste casus.",
                                 signalen=[signaal])
    tweede = services.open_casus(regisseur, gemeenten=[signaal.gemeente], vormen=[], samenvatting="Tweede casus.")
    services.link_signaal(tweede, signaal, regisseur, notitie=NOTITIE)
    assert set(signaal.casuskoppelingen.values_list("casus", flat=True)) == {eerste.pk, tweede.pk}
    assert terugkoppeling(signaal) == standaard()


def test_linking_from_the_signal_page_takes_a_personal_note_too(client, demo):
    regisseur = demo["regisseur@twente.example"]
    casus = services.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Enschede")], vormen=[],
                                      samenvatting="Een casus om aan te koppelen.")
    signaal = maak_signaal(demo["coordinator@enschede.example"])
    client.force_login(regisseur)
    response = client.post(f"/casussen/signaal/{signaal.pk}/koppelen/",
                           {"casus": casus.pk, "notitie": "Dank voor de snelle melding."})
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.OPGEPAKT_IN_CASUS
    besluit = SignaalHistorie.objects.filter(signaal=signaal, naar_status=Status.OPGEPAKT_IN_CASUS).get()
    assert "Dank voor de snelle melding." in besluit.terugkoppeling
