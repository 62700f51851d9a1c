"""Triage, questions and answers, feedback, the 'there is news' e-mail and sharing, through the views."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from mensenhandel.audit.models import AuditActie, AuditEntry
from signalen import selectors, services
from signalen.models import (
    Antwoord,
    Bestemming,
    Gebeurtenis,
    Grondslag,
    Indicator,
    Signaal,
    SignaalDeling,
    SignaalHistorie,
    SignaalIndicator,
    Standaardtekst,
    Status,
)
from tafels.models import Tafel, TafelLid
from tests.factories import OrganisatieFactory, UserFactory
from tests.signalen.test_access import grondslag, maak_signaal

pytestmark = pytest.mark.django_db

INGEDIEND = [s for s in Status if s != Status.CONCEPT]


def nl(msgid, **params):
    """The text as the page shows it (Dutch once the catalogue holds it), HTML-escaped as a variable is."""
    with translation.override("nl"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def url(name, signaal, **kwargs):
    return reverse(f"signalen:{name}", kwargs={"pk": signaal.pk, **kwargs})


def zet_status(signaal, status):
    Signaal.objects.filter(pk=signaal.pk).update(status=status)
    signaal.refresh_from_db()
    return signaal


def beslis(client, signaal, naar, **extra):
    data = {"verwacht": signaal.status, "naar": naar, "actie": "besluiten", **extra}
    return client.post(url("besluit", signaal), data)


@pytest.fixture
def regisseur(demo):
    return demo["regisseur@twente.example"]


@pytest.fixture
def coordinator(demo):
    return demo["coordinator@enschede.example"]


@pytest.fixture
def signaal(coordinator):
    return maak_signaal(coordinator, minderjarige=True, locatie_naam="Pension De Linde", kvk_nummer="12345678")


@pytest.fixture
def als_regisseur(client, regisseur):
    client.force_login(regisseur)
    return client


# --- the detail page ---------------------------------------------------------------------------------------------

def test_the_detail_page_shows_the_signal_and_is_audited(als_regisseur, signaal):
    cluster_indicatoren = list(Indicator.objects.select_related("cluster")[:3])
    for indicator, antwoord in zip(cluster_indicatoren, [Antwoord.WAARGENOMEN, Antwoord.NIET_WAARGENOMEN, Antwoord.ONBEKEND],
                                   strict=True):
        SignaalIndicator.objects.create(signaal=signaal, indicator=indicator, antwoord=antwoord)
    response = als_regisseur.get(url("detail", signaal))
    assert response.status_code == 200
    html = response.content.decode()
    assert signaal.referentie in html
    assert escape(signaal.omschrijving) in html
    assert "Pension De Linde" in html and "12345678" in html
    assert escape(cluster_indicatoren[0].tekst) in html and escape(cluster_indicatoren[1].tekst) in html
    assert escape(cluster_indicatoren[2].tekst) not in html  # 'unknown' is not an answer worth showing
    assert escape(cluster_indicatoren[0].cluster.naam) in html
    assert 'signaal-label--prioriteit' in html  # priority: a minor may be involved
    assert 'data-status="ingediend"' in html
    assert 'id="besluit"' in html and url("delen", signaal) in html
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, object_type="signalen.signaal",
                                     object_id=str(signaal.pk)).exists()


def test_the_submitter_sees_no_decision_form_and_no_sharing(client, coordinator, signaal):
    client.force_login(coordinator)
    html = client.get(url("detail", signaal)).content.decode()
    assert 'id="besluit"' not in html
    assert url("delen", signaal) not in html


# --- transitions -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("van", INGEDIEND)
@pytest.mark.parametrize("naar", INGEDIEND)
def test_every_transition_is_allowed_or_refused(als_regisseur, regisseur, signaal, van, naar):
    zet_status(signaal, van)
    response = beslis(als_regisseur, signaal, naar, reden="Een reden", doorgezet_naar=Bestemming.NLA,
                      terugkoppeling="Dank voor uw signaal.")
    signaal.refresh_from_db()
    if naar in services.TRANSITIONS[van]:
        assert response.status_code == 302
        assert signaal.status == naar
        rij = signaal.historie.last()
        assert (rij.van_status, rij.naar_status, rij.door) == (van, naar, regisseur)
    else:
        assert response.status_code == 200
        assert signaal.status == van
        assert signaal.historie.count() == 1  # only the submission
        with pytest.raises(ValidationError):
            services.change_status(signaal, regisseur, naar, reden="x", doorgezet_naar=Bestemming.NLA)


def test_closing_without_follow_up_needs_a_reason(als_regisseur, regisseur, signaal):
    response = beslis(als_regisseur, signaal, Status.AFGESLOTEN, reden="  ", terugkoppeling="Geen vervolg.")
    assert response.status_code == 200
    assert nl("Give the reason for closing without follow-up.") in response.content.decode()
    assert "Geen vervolg." in response.content.decode()  # what was typed stays
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND
    with pytest.raises(ValidationError):
        services.change_status(signaal, regisseur, Status.AFGESLOTEN, reden="")


def test_passing_on_needs_a_destination(als_regisseur, regisseur, signaal):
    response = beslis(als_regisseur, signaal, Status.DOORGEZET, terugkoppeling="Doorgezet.")
    assert nl("Choose where the signal is passed on to.") in response.content.decode()
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND
    beslis(als_regisseur, signaal, Status.DOORGEZET, doorgezet_naar=Bestemming.POLITIE_OM, terugkoppeling="Doorgezet.")
    signaal.refresh_from_db()
    assert (signaal.status, signaal.doorgezet_naar) == (Status.DOORGEZET, Bestemming.POLITIE_OM)


def test_a_final_decision_needs_feedback_and_a_question_needs_its_text(als_regisseur, signaal):
    response = beslis(als_regisseur, signaal, Status.OPGEPAKT_IN_CASUS, reden="Casus TW-2026-001")
    assert response.status_code == 200
    assert "Casus TW-2026-001" in response.content.decode()
    response = beslis(als_regisseur, signaal, Status.INFORMATIE_OPGEVRAAGD, reden="")
    assert nl("Type the question the submitter should answer.") in response.content.decode()
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND


def test_taken_up_in_a_case_is_recorded_with_a_note(als_regisseur, signaal):
    beslis(als_regisseur, signaal, Status.OPGEPAKT_IN_CASUS, reden="Wordt casus in het overleg van maart",
           terugkoppeling="Opgepakt.")
    rij = signaal.historie.last()
    assert (rij.naar_status, rij.tekst) == (Status.OPGEPAKT_IN_CASUS, "Wordt casus in het overleg van maart")


def test_re_opening_a_decided_signal(als_regisseur, signaal):
    beslis(als_regisseur, signaal, Status.AFGESLOTEN, reden="Te weinig", terugkoppeling="Geen vervolg.")
    signaal.refresh_from_db()
    html = als_regisseur.get(url("detail", signaal)).content.decode()
    assert nl("re-open: being assessed") in html
    assert beslis(als_regisseur, signaal, Status.IN_BEHANDELING).status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.IN_BEHANDELING
    html = als_regisseur.get(url("detail", signaal)).content.decode()
    with translation.override("nl"):
        van = str(Status.AFGESLOTEN.label)
    with translation.override("nl"):
        assert gettext("Re-opened (was '%(van)s')") % {"van": van} in html  # template text: quotes not escaped


def test_a_stale_decision_is_refused_with_a_message_and_keeps_what_was_typed(als_regisseur, regisseur, signaal):
    services.change_status(signaal, regisseur, Status.IN_BEHANDELING)  # another tab, another director
    response = als_regisseur.post(url("besluit", signaal), {
        "verwacht": Status.INGEDIEND, "naar": Status.AFGESLOTEN, "actie": "besluiten",
        "reden": "Geen aanknopingspunten", "terugkoppeling": "Wij doen er niets mee.",
    })
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("nl"):
        status = str(Status.IN_BEHANDELING.label)
    assert nl("Someone else changed this signal in the meantime: it is now '%(status)s'. Check and decide again.",
              status=status) in html
    assert "Geen aanknopingspunten" in html and "Wij doen er niets mee." in html
    assert 'name="verwacht" value="in_behandeling"' in html  # deciding again is against what is shown now
    signaal.refresh_from_db()
    assert signaal.status == Status.IN_BEHANDELING
    assert signaal.historie.count() == 2


def test_someone_without_triage_right_gets_403(client, demo, signaal):
    client.force_login(demo["coordinator@enschede.example"])
    assert beslis(client, signaal, Status.IN_BEHANDELING).status_code == 403
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND


# --- standard texts ----------------------------------------------------------------------------------------------

def test_insert_text_fills_the_feedback_with_the_standard_text_of_the_decision(als_regisseur, signaal):
    standaard = Standaardtekst.objects.get(status=Status.DOORGEZET)
    response = als_regisseur.post(url("besluit", signaal), {
        "verwacht": signaal.status, "naar": Status.DOORGEZET, "doorgezet_naar": Bestemming.NLA,
        "reden": "Arbeidsuitbuiting", "actie": "invoegen",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(standaard.tekst) in html
    assert "Arbeidsuitbuiting" in html
    assert 'value="nla" selected' in html
    signaal.refresh_from_db()
    assert signaal.status == Status.INGEDIEND  # inserting decides nothing


def test_insert_text_adds_the_chosen_standard_text_after_what_was_typed(als_regisseur, signaal):
    standaard = Standaardtekst.objects.get(status=Status.AFGESLOTEN)
    response = als_regisseur.post(url("besluit", signaal), {
        "verwacht": signaal.status, "naar": "", "standaardtekst": standaard.pk, "actie": "invoegen",
        "terugkoppeling": "Beste collega,",
    })
    html = response.content.decode()
    assert escape("Beste collega,\n\n" + standaard.tekst) in html


def test_insert_text_without_a_choice_says_what_to_do(als_regisseur, signaal):
    response = als_regisseur.post(url("besluit", signaal), {"verwacht": signaal.status, "actie": "invoegen"})
    assert nl("Choose a decision or a standard text first.") in response.content.decode()


# --- question and answer, feedback, e-mail -----------------------------------------------------------------------

def test_question_and_answer_cycle(client, als_regisseur, regisseur, coordinator, signaal):
    beslis(als_regisseur, signaal, Status.INFORMATIE_OPGEVRAAGD, reden="Op welk adres precies?")
    signaal.refresh_from_db()
    assert signaal.status == Status.INFORMATIE_OPGEVRAAGD

    client.force_login(coordinator)
    html = client.get(url("detail", signaal)).content.decode()
    assert "Op welk adres precies?" in html
    assert url("antwoord", signaal) in html
    response = client.post(url("antwoord", signaal), {"tekst": "  "})
    assert nl("Type your answer.") in response.content.decode()
    response = client.post(url("antwoord", signaal), {"tekst": "Dorpsstraat 1, achterhuis"})
    assert response.status_code == 302
    signaal.refresh_from_db()
    assert signaal.status == Status.IN_BEHANDELING
    assert list(signaal.historie.values_list("soort", flat=True)) == [
        Gebeurtenis.STATUS, Gebeurtenis.VRAAG, Gebeurtenis.ANTWOORD]

    # No question open any more: the answer form is gone, a late answer is refused and what was typed is shown back.
    html = client.get(url("detail", signaal)).content.decode()
    assert url("antwoord", signaal) not in html
    response = client.post(url("antwoord", signaal), {"tekst": "Nog iets"})
    assert nl("There is no open question on this signal.") in response.content.decode()
    assert "Nog iets" in response.content.decode()

    client.force_login(regisseur)
    assert "Dorpsstraat 1, achterhuis" in client.get(url("detail", signaal)).content.decode()


def test_feedback_is_for_the_submitter_and_reasons_only_for_the_director(client, demo, regisseur, signaal):
    client.force_login(regisseur)
    beslis(client, signaal, Status.DOORGEZET, doorgezet_naar=Bestemming.NLA, reden="Intern: loopt al bij NLA",
           terugkoppeling="Uw signaal is doorgezet naar de arbeidsinspectie.")
    services.share(signaal, regisseur, demo["inspectie@nla.example"].organisatie, grondslag(), "Ter info")
    assert "Intern: loopt al bij NLA" in client.get(url("detail", signaal)).content.decode()

    client.force_login(demo["coordinator@enschede.example"])
    html = client.get(url("detail", signaal)).content.decode()
    assert "Uw signaal is doorgezet naar de arbeidsinspectie." in html
    assert "Intern: loopt al bij NLA" not in html
    assert 'data-status="doorgezet"' in html

    client.force_login(demo["inspectie@nla.example"])  # shared: the signal and its timeline, no reasons, no feedback
    html = client.get(url("detail", signaal)).content.decode()
    assert signaal.referentie in html and 'class="tijdlijn"' in html
    assert "Intern: loopt al bij NLA" not in html
    assert "Uw signaal is doorgezet naar de arbeidsinspectie." not in html


def _mail_text(message):
    return message.subject + "\n" + message.body


def test_the_news_mail_goes_to_the_submitter_with_a_link_only(client, django_capture_on_commit_callbacks, settings,
                                                                demo, regisseur, coordinator, signaal):
    client.force_login(regisseur)
    with django_capture_on_commit_callbacks(execute=True):
        beslis(client, signaal, Status.INFORMATIE_OPGEVRAAGD, reden="Welke werkgever?")
    with django_capture_on_commit_callbacks(execute=True):
        beslis(client, Signaal.objects.get(pk=signaal.pk), Status.DOORGEZET,
               doorgezet_naar=Bestemming.POLITIE_OM, terugkoppeling="Doorgezet naar de politie.")
    assert len(mail.outbox) == 2
    verboden = [signaal.referentie, signaal.omschrijving, "Pension De Linde", "12345678", signaal.gemeente.naam,
                "Welke werkgever?", "Doorgezet naar de politie.", "SIG-"]
    verboden += [user.naam for user in demo.values()] + [user.organisatie.naam for user in demo.values()]
    for message in mail.outbox:
        assert message.to == [coordinator.email]
        tekst = _mail_text(message)
        assert settings.SITE_URL + url("detail", signaal) in tekst
        for woord in verboden:
            assert woord not in tekst, f"{woord!r} in the e-mail"


def test_no_mail_when_the_decision_is_refused(client, django_capture_on_commit_callbacks, regisseur, signaal):
    client.force_login(regisseur)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        beslis(client, signaal, Status.AFGESLOTEN, reden="", terugkoppeling="x")
    assert callbacks == [] and mail.outbox == []


# --- sharing -----------------------------------------------------------------------------------------------------

def test_sharing_with_an_organisation_and_withdrawing_it(als_regisseur, demo, signaal):
    nla = demo["inspectie@nla.example"]
    response = als_regisseur.get(url("delen", signaal))
    assert response.status_code == 200
    response = als_regisseur.post(url("delen", signaal), {
        "organisatie": nla.organisatie.pk, "grondslag": grondslag().pk, "toelichting": "Mogelijk arbeidsuitbuiting",
    })
    assert response.status_code == 302
    deling = SignaalDeling.objects.get(signaal=signaal)
    assert deling.organisatie == nla.organisatie and deling.via_tafel is None
    assert deling.toelichting == "Mogelijk arbeidsuitbuiting"
    assert selectors.signalen_visible_for(nla).filter(pk=signaal.pk).exists()
    html = als_regisseur.get(url("detail", signaal)).content.decode()
    assert url("intrekken", signaal, deling_pk=deling.pk) in html
    assert nl("Shared with %(wie)s", wie=f"{nla.organisatie}: {grondslag()}") in html

    assert als_regisseur.post(url("intrekken", signaal, deling_pk=deling.pk)).status_code == 302
    deling.refresh_from_db()
    assert deling.ingetrokken_op is not None
    assert not selectors.signalen_visible_for(nla).filter(pk=signaal.pk).exists()
    assert list(signaal.historie.values_list("soort", flat=True))[-2:] == [Gebeurtenis.DELING, Gebeurtenis.INTREKKING]
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(signaal.pk)).count() == 2
    html = als_regisseur.get(url("detail", signaal)).content.decode()
    assert url("intrekken", signaal, deling_pk=deling.pk) not in html


def test_sharing_needs_one_recipient_a_basis_and_a_note(als_regisseur, demo, signaal):
    tafel = Tafel.objects.get(naam="Regiegroep Prostitutie Twente")
    org = demo["inspectie@nla.example"].organisatie
    gevallen = [
        ({"organisatie": org.pk, "tafel": tafel.pk, "grondslag": grondslag().pk, "toelichting": "x"},
         "Choose an organisation or a table, not both."),
        ({"grondslag": grondslag().pk, "toelichting": "x"}, "Choose the organisation or the table to share with."),
        ({"organisatie": org.pk, "toelichting": "x"}, "Choose the legal basis for sharing."),
        ({"organisatie": org.pk, "grondslag": grondslag().pk}, "Add a note: why is the signal shared?"),
    ]
    for data, fout in gevallen:
        response = als_regisseur.post(url("delen", signaal), data)
        assert response.status_code == 200
        assert nl(fout) in response.content.decode()
    assert not SignaalDeling.objects.exists()


def test_a_legal_basis_not_valid_today_is_not_offered_and_refused(als_regisseur, regisseur, demo, signaal):
    vandaag = timezone.localdate()
    morgen = Grondslag.objects.create(naam="WGS (vanaf morgen)", geldig_van=vandaag + timedelta(days=1))
    verlopen = Grondslag.objects.create(naam="Oud convenant", geldig_van=vandaag - timedelta(days=400),
                                        geldig_tot=vandaag - timedelta(days=1))
    html = als_regisseur.get(url("delen", signaal)).content.decode()
    assert escape(grondslag().naam) in html
    assert "WGS (vanaf morgen)" not in html and "Oud convenant" not in html
    org = demo["inspectie@nla.example"].organisatie
    for ongeldig in (morgen, verlopen):
        response = als_regisseur.post(url("delen", signaal), {
            "organisatie": org.pk, "grondslag": ongeldig.pk, "toelichting": "Graag oppakken"})
        assert response.status_code == 200
        assert nl("This legal basis cannot be chosen: it is not valid today.") in response.content.decode()
        assert "Graag oppakken" in response.content.decode()
        with pytest.raises(ValidationError):
            services.share(signaal, regisseur, org, ongeldig)
    assert not SignaalDeling.objects.exists()
    assert not selectors.signalen_visible_for(demo["inspectie@nla.example"]).exists()


def test_sharing_via_a_table_grants_each_member_organisation_at_that_moment(als_regisseur, demo, signaal):
    tafel = Tafel.objects.get(naam="Regiegroep Prostitutie Twente")
    leden = set(tafel.organisaties.exclude(pk=signaal.organisatie_id))
    assert signaal.organisatie in tafel.organisaties.all()  # Enschede is a member: it already sees its own signal
    response = als_regisseur.post(url("delen", signaal), {
        "tafel": tafel.pk, "grondslag": grondslag().pk, "toelichting": "Voor de regiegroep"})
    assert response.status_code == 302
    delingen = SignaalDeling.objects.filter(signaal=signaal)
    assert {d.organisatie for d in delingen} == leden
    assert all(d.via_tafel == tafel for d in delingen)
    hengelo = demo["coordinator@hengelo.example"]
    assert hengelo.organisatie in leden
    assert selectors.signalen_visible_for(hengelo).filter(pk=signaal.pk).exists()
    assert selectors.signalen_visible_for(demo["politie@oost-nederland.example"]).filter(pk=signaal.pk).exists()

    later = OrganisatieFactory()
    TafelLid.objects.create(tafel=tafel, organisatie=later, mailbox="later@test.example")
    assert not selectors.signalen_visible_for(UserFactory(organisatie=later)).filter(pk=signaal.pk).exists()
    assert not selectors.signalen_visible_for(demo["inspectie@nla.example"]).filter(pk=signaal.pk).exists()


def test_the_share_form_offers_only_the_directors_tables(als_regisseur, signaal):
    html = als_regisseur.get(url("delen", signaal)).content.decode()
    assert "Regiegroep Prostitutie Twente" in html
    assert "Casusoverleg Mensenhandel Midden-Nederland" not in html


# --- history -----------------------------------------------------------------------------------------------------

def test_history_is_in_order_and_immutable(client, als_regisseur, regisseur, coordinator, demo, signaal):
    beslis(als_regisseur, signaal, Status.IN_BEHANDELING)
    signaal.refresh_from_db()
    beslis(als_regisseur, signaal, Status.INFORMATIE_OPGEVRAAGD, reden="Wanneer?")
    services.answer_question(signaal, coordinator, "Gisteren")
    signaal.refresh_from_db()
    deling = services.share(signaal, regisseur, demo["inspectie@nla.example"].organisatie, grondslag(), "x")
    services.revoke_share(deling, regisseur)
    beslis(als_regisseur, signaal, Status.AFGESLOTEN, reden="Geen vervolg", terugkoppeling="Dank.")

    rijen = list(signaal.historie.all())
    assert [(r.soort, r.naar_status) for r in rijen] == [
        (Gebeurtenis.STATUS, Status.INGEDIEND),
        (Gebeurtenis.STATUS, Status.IN_BEHANDELING),
        (Gebeurtenis.VRAAG, Status.INFORMATIE_OPGEVRAAGD),
        (Gebeurtenis.ANTWOORD, Status.IN_BEHANDELING),
        (Gebeurtenis.DELING, ""),
        (Gebeurtenis.INTREKKING, ""),
        (Gebeurtenis.STATUS, Status.AFGESLOTEN),
    ]
    assert [r.door for r in rijen] == [coordinator, regisseur, regisseur, coordinator, regisseur, regisseur, regisseur]
    assert all(a.tijdstip <= b.tijdstip for a, b in zip(rijen, rijen[1:], strict=False))

    html = als_regisseur.get(url("detail", signaal)).content.decode()
    posities = [html.index(f'data-historie="{r.pk}"') for r in rijen]
    assert posities == sorted(posities)
    assert escape(regisseur.naam) in html and escape(regisseur.organisatie.naam) in html

    rij = rijen[-1]
    rij.tekst = "Veranderd"
    with pytest.raises(ValueError):
        rij.save()
    assert SignaalHistorie.objects.get(pk=rij.pk).tekst == "Geen vervolg"
