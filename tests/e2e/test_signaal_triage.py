"""Journey 2, second half, in a real browser: the ketenregisseur asks a question on a submitted signal, the
coordinator answers, the ketenregisseur passes it on with feedback (from a standard text), and the
coordinator sees status and feedback. Sharing with an organisation and withdrawing it. axe on every page.

Fields and buttons are found by their stable markup (name/value), so the test holds before and after the
Dutch catalogue is merged.
"""
import pytest

from tests.e2e.conftest import axe_violations, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VRAAG = "Om welk adres gaat het precies, en hoeveel mensen zag u daar?"
ANTWOORD = "Het gaat om het achterhuis van Hengelosestraat 10; wij zagen er zes personen."


@pytest.fixture
def signaal(transactional_db):
    from django.core.management import call_command

    from partners.models import User
    from signalen.models import Antwoord, Indicator, SignaalIndicator, Vorm
    from tests.signalen.test_access import maak_signaal

    call_command("seed_demo", "--zonder-signalen", verbosity=0, stdout=open("/dev/null", "w"))
    coordinator = User.objects.get(email="coordinator@enschede.example")
    signaal = maak_signaal(coordinator, indienen=False, locatie_naam="Uitzendbureau Snel", kvk_nummer="87654321",
                           aantal_slachtoffers=6, minderjarige=True)
    signaal.vormen.set(Vorm.objects.filter(code="arbeid"))
    for indicator in Indicator.objects.all()[:4]:
        SignaalIndicator.objects.create(signaal=signaal, indicator=indicator, antwoord=Antwoord.WAARGENOMEN)
    from signalen import services

    return services.submit(signaal, coordinator)


def _new_page(browser):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _detail(page, live_server, signaal):
    page.goto(f"{live_server.url}/signalen/{signaal.pk}/")
    page.wait_for_load_state()
    assert signaal.referentie in page.locator("h1").inner_text()


def _status(page):
    return page.locator("[data-status]").get_attribute("data-status")


def test_question_answer_and_passing_on_with_feedback(signaal, live_server, page, browser):
    from signalen.models import Standaardtekst, Status

    # The ketenregisseur opens the signal and asks a question.
    login(page, live_server, "regisseur@twente.example")
    _detail(page, live_server, signaal)
    assert _status(page) == "ingediend"
    assert "Uitzendbureau Snel" in page.locator("main").inner_text()
    screenshot(page, "signaal-detail-regisseur")
    assert axe_violations(page) == []
    page.locator("#id_naar").select_option(Status.INFORMATIE_OPGEVRAAGD.value)
    page.locator("#id_reden").fill(VRAAG)
    page.locator("button[name=actie][value=besluiten]").click()
    page.wait_for_load_state()
    assert _status(page) == "informatie_opgevraagd"
    assert page.locator(".messages .utrecht-alert--ok").count() == 1
    assert axe_violations(page) == []

    # The coordinator sees the question and answers it.
    coordinator = _new_page(browser)
    try:
        login(coordinator, live_server, "coordinator@enschede.example")
        _detail(coordinator, live_server, signaal)
        vraag = coordinator.locator("#vraag")
        assert VRAAG in vraag.inner_text()
        assert coordinator.locator("#besluit").count() == 0  # no decision form for the submitter
        screenshot(coordinator, "signaal-detail-vraag-aan-melder")
        assert axe_violations(coordinator) == []
        coordinator.locator("#id_tekst").fill(ANTWOORD)
        vraag.locator("button[type=submit]").click()
        coordinator.wait_for_load_state()
        assert _status(coordinator) == "in_behandeling"
        assert ANTWOORD in coordinator.locator(".tijdlijn").inner_text()
        assert coordinator.locator("#vraag").count() == 0
        assert axe_violations(coordinator) == []

        # The ketenregisseur reads the answer and passes the signal on, starting from the standard text.
        _detail(page, live_server, signaal)
        assert ANTWOORD in page.locator(".tijdlijn").inner_text()
        page.locator("#id_naar").select_option(Status.DOORGEZET.value)
        page.locator("#id_doorgezet_naar").select_option("nla")
        page.locator("#id_reden").fill("Intern: NLA heeft al een onderzoek lopen.")
        page.locator("button[name=actie][value=invoegen]").click()
        page.wait_for_load_state()
        standaard = Standaardtekst.objects.get(status=Status.DOORGEZET).tekst
        assert page.locator("#id_terugkoppeling").input_value() == standaard
        assert page.locator("#id_naar").input_value() == Status.DOORGEZET.value  # nothing chosen is lost
        assert page.locator("#id_reden").input_value() == "Intern: NLA heeft al een onderzoek lopen."
        feedback = standaard + " Dank voor uw snelle antwoord."
        page.locator("#id_terugkoppeling").fill(feedback)
        screenshot(page, "signaal-besluit-met-standaardtekst")
        assert axe_violations(page) == []
        page.locator("button[name=actie][value=besluiten]").click()
        page.wait_for_load_state()
        assert _status(page) == "doorgezet"
        screenshot(page, "signaal-doorgezet-regisseur")
        assert axe_violations(page) == []

        # The coordinator sees the status and the feedback, not the internal note.
        _detail(coordinator, live_server, signaal)
        assert _status(coordinator) == "doorgezet"
        main = coordinator.locator("main").inner_text()
        assert "Dank voor uw snelle antwoord." in coordinator.locator(".signaal-terugkoppeling").inner_text()
        assert "NLA heeft al een onderzoek lopen" not in main
        screenshot(coordinator, "signaal-terugkoppeling-melder")
        assert axe_violations(coordinator) == []
    finally:
        coordinator.context.close()


def test_sharing_with_an_organisation_and_withdrawing(signaal, live_server, page):
    from signalen.models import SignaalDeling

    login(page, live_server, "regisseur@twente.example")
    _detail(page, live_server, signaal)
    page.locator(f"a[href='/signalen/{signaal.pk}/delen/']").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.locator("button[type=submit].utrecht-button--primary-action").click()  # nothing chosen: messages
    page.wait_for_load_state()
    assert page.locator(".utrecht-alert--error").count() >= 1
    screenshot(page, "signaal-delen-fouten")
    assert axe_violations(page) == []
    page.locator("#id_organisatie").select_option(label="Nederlandse Arbeidsinspectie")
    page.locator("#id_grondslag").select_option(index=1)
    page.locator("#id_toelichting").fill("Mogelijk arbeidsuitbuiting via een uitzendbureau.")
    page.locator("button[type=submit].utrecht-button--primary-action").click()
    page.wait_for_load_state()
    deling = SignaalDeling.objects.get(signaal=signaal)
    item = page.locator(f"[data-deling='{deling.pk}']")
    assert "Nederlandse Arbeidsinspectie" in item.inner_text()
    screenshot(page, "signaal-gedeeld")
    assert axe_violations(page) == []
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"[data-deling='{deling.pk}']").count() == 0
    deling.refresh_from_db()
    assert deling.ingetrokken_op is not None


def test_the_director_searches_for_an_inzageverzoek_and_sees_who_processed_the_signal(signaal, live_server, page):
    """Issue 17: the search for a data subject's request, and the verwerkingsoverzicht on the signal page."""
    login(page, live_server, "regisseur@twente.example")
    page.goto(f"{live_server.url}/casussen/")
    page.get_by_role("link", name="Zoeken voor een inzageverzoek").click()
    page.get_by_label("Naam, bedrijf, adres of nummer").fill("uitzendbureau snel")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()
    assert "1 signaal" in page.locator("main").inner_text()
    screenshot(page, "inzageverzoek")
    assert axe_violations(page) == []
    page.get_by_role("link", name=signaal.referentie).click()
    page.wait_for_load_state()
    overzicht = page.locator("#verwerkingsoverzicht")
    assert "Joris Brinkhuis" in overzicht.inner_text() or "Gemeente Enschede" in overzicht.inner_text()
    screenshot(page, "signaal-verwerkingsoverzicht")
    assert axe_violations(page) == []
