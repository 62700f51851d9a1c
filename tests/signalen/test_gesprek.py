"""The signal conversation (issue 18): the ketenregisseur hears of an answer to a question (start page and e-mail),
the feedback box no longer shows an answered question as open, and the start page lists the waiting signals most
urgent first.

Texts are compared with what the catalogue gives under Dutch (``nl()``), so the tests hold before and after the
translations are merged.
"""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from partners.models import Rol
from signalen import selectors, services
from signalen.models import Signaal, Standaardtekst, Status, Urgentie
from tafels.models import Regio
from tests.access import assert_has_access, assert_no_access
from tests.factories import UserFactory
from tests.i18n import nl
from tests.signalen.test_access import grondslag, maak_signaal

pytestmark = pytest.mark.django_db

TWENTE = "regisseur@twente.example"
MIDDEN = "regisseur@midden-nederland.example"
ENSCHEDE = "coordinator@enschede.example"
HENGELO = "coordinator@hengelo.example"
POLITIE = "politie@oost-nederland.example"
BURGEMEESTER = "burgemeester@twente.example"
BEHEERDER = "beheer@ketenregie.example"

VRAAG = "Op welk adres slapen de werknemers precies?"
ANTWOORD = "Dorpsstraat 1, in de berging achter het pand."


def url(name, signaal):
    return reverse(f"signalen:{name}", kwargs={"pk": signaal.pk})


def _section(html, key):
    match = re.search(rf'<section class="start-block start-block--{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def start(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def vraag_en_antwoord(regisseur, indiener, signaal, *, terugkoppeling=""):
    """The ketenregisseur asks (with the feedback given), the submitter answers; both through the services."""
    signaal = services.change_status(signaal, regisseur, Status.INFORMATIE_OPGEVRAAGD, reden=VRAAG,
                                     terugkoppeling=terugkoppeling)
    return services.answer_question(signaal, indiener, ANTWOORD)


@pytest.fixture
def regisseur(demo):
    return demo[TWENTE]


@pytest.fixture
def indiener(demo):
    return demo[ENSCHEDE]


@pytest.fixture
def signaal(indiener):
    return maak_signaal(indiener, locatie_naam="Pension De Linde", kvk_nummer="12345678")


@pytest.fixture
def beantwoord(regisseur, indiener, signaal):
    return vraag_en_antwoord(regisseur, indiener, signaal)


# --- who sees the notice (access first) ------------------------------------------------------------------------


def test_only_the_ketenregisseur_of_the_werkgebied_sees_the_answer_notice(client, demo, beantwoord):
    section = _section(start(client, demo[TWENTE]), "signalen_beoordelen")
    assert f'data-antwoord="{beantwoord.pk}"' in section
    assert beantwoord.referentie in section
    assert url("detail", beantwoord) in section

    # The submitter sees its own signal but gets no notice of its own answer.
    html = start(client, demo[ENSCHEDE])
    assert "start-antwoorden" not in html and "data-antwoord" not in html
    assert_has_access(client, demo[ENSCHEDE], beantwoord)

    for email in (MIDDEN, HENGELO, POLITIE, BURGEMEESTER, BEHEERDER):
        html = start(client, demo[email])
        assert "start-antwoorden" not in html and "data-antwoord" not in html, email
        assert beantwoord.referentie not in html, email
        assert_no_access(client, demo[email], beantwoord)


def test_a_ketenregisseur_who_sees_the_signal_through_a_share_gets_no_notice_and_reads_nothing_away(
        client, demo, regisseur, beantwoord):
    midden = demo[MIDDEN]
    services.share(beantwoord, regisseur, midden.organisatie, grondslag(), "Ter info")
    assert_has_access(client, midden, beantwoord)
    html = start(client, midden)
    assert "data-antwoord" not in html and beantwoord.referentie not in html
    beantwoord.refresh_from_db()
    assert beantwoord.antwoord_ongelezen_sinds is not None, "opening it elsewhere does not make it read"


def test_the_answer_mail_goes_to_the_ketenregisseurs_of_the_werkgebied_only_and_says_nothing(
        client, demo, regisseur, indiener, signaal, settings, django_capture_on_commit_callbacks):
    oost = UserFactory(rol=Rol.KETENREGISSEUR, organisatie=regisseur.organisatie,
                       werkgebied_regio=Regio.objects.get(naam="Oost-Nederland"))
    UserFactory(rol=Rol.KETENREGISSEUR, organisatie=regisseur.organisatie, is_active=False,
                werkgebied_district=regisseur.werkgebied_district)
    assert set(selectors.ketenregisseurs_van(signaal)) == {regisseur, oost}
    services.change_status(signaal, regisseur, Status.INFORMATIE_OPGEVRAAGD, reden=VRAAG)
    mail.outbox.clear()

    client.force_login(indiener)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("antwoord", signaal), {"tekst": ANTWOORD})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([regisseur.email, oost.email])
    verboden = [signaal.referentie, signaal.omschrijving, "Pension De Linde", "12345678", signaal.gemeente.naam,
                VRAAG, ANTWOORD, "SIG-"]
    verboden += [user.naam for user in demo.values()] + [user.organisatie.naam for user in demo.values()]
    for message in mail.outbox:
        tekst = message.subject + "\n" + message.body
        assert settings.SITE_URL + url("detail", signaal) in tekst
        for woord in verboden:
            assert woord not in tekst, f"{woord!r} in the e-mail"


def test_no_mail_for_an_answer_that_is_refused(client, indiener, signaal, django_capture_on_commit_callbacks):
    client.force_login(indiener)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url("antwoord", signaal), {"tekst": ANTWOORD})  # no question is open
    assert callbacks == [] and mail.outbox == []
    signaal.refresh_from_db()
    assert signaal.antwoord_ongelezen_sinds is None


def test_the_mail_of_an_answer_read_in_the_meantime_is_not_sent(regisseur, indiener, signaal):
    from signalen import notifications

    beantwoord = vraag_en_antwoord(regisseur, indiener, signaal)
    assert notifications.send_answer_news(beantwoord.pk, regisseur.pk) == 1
    services.mark_answer_read(beantwoord, regisseur)
    assert notifications.send_answer_news(beantwoord.pk, regisseur.pk) == 0
    # Nor to someone who is no longer a ketenregisseur of the werkgebied.
    beantwoord = services.answer_question(
        services.change_status(beantwoord, regisseur, Status.INFORMATIE_OPGEVRAAGD, reden=VRAAG), indiener, "Nog iets")
    assert notifications.send_answer_news(beantwoord.pk, indiener.pk) == 0


# --- when the notice counts as read ----------------------------------------------------------------------------


def test_the_notice_is_read_once_a_ketenregisseur_of_the_werkgebied_opens_the_signal(client, demo, beantwoord):
    client.force_login(demo[ENSCHEDE])
    client.get(url("detail", beantwoord))
    beantwoord.refresh_from_db()
    assert beantwoord.antwoord_ongelezen_sinds is not None, "the submitter's own visit reads nothing"

    client.force_login(demo[TWENTE])
    html = client.get(url("detail", beantwoord)).content.decode()
    assert ANTWOORD in html and "signaal-antwoord" in html
    beantwoord.refresh_from_db()
    assert beantwoord.antwoord_ongelezen_sinds is None
    assert "data-antwoord" not in _section(start(client, demo[TWENTE]), "signalen_beoordelen")
    # The answer stays at the top of the page until the next decision, also after reading.
    assert "signaal-antwoord" in client.get(url("detail", beantwoord)).content.decode()


def test_the_next_decision_reads_the_notice_and_a_new_answer_brings_it_back(regisseur, indiener, beantwoord):
    signaal = services.change_status(beantwoord, regisseur, Status.INFORMATIE_OPGEVRAAGD, reden="Nog één vraag.")
    signaal.refresh_from_db()
    assert signaal.antwoord_ongelezen_sinds is None
    signaal = services.answer_question(signaal, indiener, "Het tweede antwoord.")
    signaal.refresh_from_db()
    assert signaal.antwoord_ongelezen_sinds is not None
    services.change_status(signaal, regisseur, Status.AFGESLOTEN, reden="Geen vervolg", terugkoppeling="Dank.")
    signaal.refresh_from_db()
    assert signaal.antwoord_ongelezen_sinds is None


def test_only_who_may_triage_can_mark_an_answer_read(demo, beantwoord):
    for email in (ENSCHEDE, MIDDEN, POLITIE):
        assert services.mark_answer_read(beantwoord, demo[email]) is False
    beantwoord.refresh_from_db()
    assert beantwoord.antwoord_ongelezen_sinds is not None
    assert services.mark_answer_read(beantwoord, demo[TWENTE]) is True
    assert services.mark_answer_read(beantwoord, demo[TWENTE]) is False


# --- the feedback box --------------------------------------------------------------------------------------------


def test_the_feedback_box_no_longer_shows_an_answered_question_as_open(client, demo, regisseur, indiener, signaal):
    standaard = Standaardtekst.objects.get(status=Status.INFORMATIE_OPGEVRAAGD).tekst
    signaal = services.change_status(signaal, regisseur, Status.INFORMATIE_OPGEVRAAGD, reden=VRAAG,
                                     terugkoppeling=standaard)
    client.force_login(indiener)
    html = client.get(url("detail", signaal)).content.decode()
    box = re.search(r'<section class="signaal-terugkoppeling.*?</section>', html, re.S).group(0)
    assert escape(standaard) in box and "signaal-terugkoppeling--beantwoord" not in box

    services.answer_question(signaal, indiener, ANTWOORD)
    for user in (indiener, regisseur):
        client.force_login(user)
        html = client.get(url("detail", signaal)).content.decode()
        box = re.search(r'<section class="signaal-terugkoppeling.*?</section>', html, re.S).group(0)
        assert "signaal-terugkoppeling--beantwoord" in box
        assert escape(standaard) not in box, "the request to answer is not repeated once answered"
        assert escape(standaard) in html, "the feedback given stays in the timeline"
        assert 'id="vraag"' not in html  # no question open, no answer form


def test_a_later_decision_shows_its_own_feedback_again(client, regisseur, indiener, beantwoord):
    services.change_status(beantwoord, regisseur, Status.DOORGEZET, doorgezet_naar="nla",
                           terugkoppeling="Uw signaal is doorgezet naar de arbeidsinspectie.")
    client.force_login(indiener)
    html = client.get(url("detail", beantwoord)).content.decode()
    box = re.search(r'<section class="signaal-terugkoppeling.*?</section>', html, re.S).group(0)
    assert "Uw signaal is doorgezet naar de arbeidsinspectie." in box
    assert "signaal-terugkoppeling--beantwoord" not in box
    client.force_login(regisseur)
    assert "signaal-antwoord" not in client.get(url("detail", beantwoord)).content.decode()


# --- the start page: answers and the waiting signals ------------------------------------------------------------


def _met(signaal, **velden):
    Signaal.objects.filter(pk=signaal.pk).update(**velden)
    signaal.refresh_from_db()
    return signaal


def test_the_answers_block_shows_at_most_five_with_the_count_oldest_answer_first(client, demo, regisseur, indiener):
    nu = timezone.now()
    signalen = [maak_signaal(indiener) for _ in range(7)]
    for i, signaal in enumerate(signalen):
        vraag_en_antwoord(regisseur, indiener, signaal)
        _met(signaal, antwoord_ongelezen_sinds=nu - timedelta(hours=i))
    section = _section(start(client, regisseur), "signalen_beoordelen")
    getoond = [int(pk) for pk in re.findall(r'data-antwoord="(\d+)"', section)]
    assert getoond == [s.pk for s in reversed(signalen)][:5]
    with translation.override("nl"):
        zin = translation.ngettext("%(counter)s submitter has answered your question.",
                                   "%(counter)s submitters have answered your questions.", 7) % {"counter": 7}
    assert zin in section


def test_the_waiting_signals_are_most_urgent_first_then_oldest(client, demo, regisseur):
    Signaal.objects.all().delete()
    nu = timezone.now()

    def wachtend(dagen, urgentie=Urgentie.NORMAAL, status=Status.INGEDIEND, prioriteit=False, door=ENSCHEDE):
        signaal = maak_signaal(demo[door], urgentie=urgentie)
        return _met(signaal, ingediend_op=nu - timedelta(days=dagen), status=status, prioriteit=prioriteit)

    normaal_oud = wachtend(40)
    normaal_nieuw = wachtend(1)
    hoog = wachtend(3, Urgentie.HOOG, status=Status.IN_BEHANDELING)
    zeer_hoog_nieuw = wachtend(0, Urgentie.ZEER_HOOG)
    prioriteit = wachtend(5, prioriteit=True, door=HENGELO)  # a minor may be involved: counts as the most urgent
    zeer_hoog_oud = wachtend(9, Urgentie.ZEER_HOOG)
    hoog_oud = wachtend(20, Urgentie.HOOG)
    wachtend(60, status=Status.INFORMATIE_OPGEVRAAGD)  # waits for the submitter, not for the ketenregisseur
    maak_signaal(demo["coordinator@utrecht.example"], urgentie=Urgentie.ZEER_HOOG)  # another werkgebied

    section = _section(start(client, regisseur), "signalen_beoordelen")
    tbody = section.split('<tbody class="utrecht-table__body">')[1].split("</tbody>")[0]
    getoond = [int(pk) for pk in re.findall(r'data-signaal="(\d+)"', tbody)]
    assert getoond == [s.pk for s in (zeer_hoog_oud, prioriteit, zeer_hoog_nieuw, hoog_oud, hoog)]
    assert normaal_oud.pk not in getoond and normaal_nieuw.pk not in getoond
    with translation.override("nl"):
        zin = translation.ngettext("%(counter)s signal is waiting for your assessment.",
                                   "%(counter)s signals are waiting for your assessment.", 7) % {"counter": 7}
    assert zin in section
    assert 'href="/signalen/?status=ingediend&amp;status=in_behandeling&amp;sorteer=-urgentie"' in section
    assert escape(nl("Most urgent first; with the same urgency, oldest first")) in section


def test_the_start_block_costs_the_same_whatever_the_number_of_signals_and_answers(client, regisseur, indiener):
    def een_antwoord():
        vraag_en_antwoord(regisseur, indiener, maak_signaal(indiener, urgentie=Urgentie.HOOG))

    een_antwoord()
    client.force_login(regisseur)
    client.get("/")
    with CaptureQueriesContext(connection) as weinig:
        client.get("/")
    for _ in range(8):
        een_antwoord()
        maak_signaal(indiener, urgentie=Urgentie.ZEER_HOOG)
    with CaptureQueriesContext(connection) as meer:
        html = client.get("/").content.decode()
    assert len(meer) == len(weinig)
    assert len(re.findall(r'data-antwoord="\d+"', _section(html, "signalen_beoordelen"))) == 5
