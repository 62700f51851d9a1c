"""Awareness sessions (issue 9): the 12-month rule, the share of gemeenten reached, the overview's highlight, the
form's rules and messages, who may change what, the audit log, the demo data and the report's figures.

The clock is frozen at Wednesday 25 November 2026, 12:00 in Amsterdam: "the last 12 months" are 25 November 2025 up
to and including 25 November 2026 (see ``rapportage.bewustwording``).
"""
import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Organisatie
from rapportage import bewustwording, demo_bewustwording
from rapportage.models import Afdeling, Bewustwordingsbijeenkomst
from tafels.models import District, Gemeente, Regio
from tests.access import assert_has_access, assert_no_access
from tests.i18n import nl

pytestmark = pytest.mark.django_db

VANDAAG = date(2026, 11, 25)
TYPE = "rapportage.bewustwordingsbijeenkomst"
TWENTE_REGISSEUR = "regisseur@twente.example"


@pytest.fixture
def klok():
    with time_machine.travel(datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


@pytest.fixture
def twente(db):
    return District.objects.get(code="TW")


@pytest.fixture
def riec_oost(demo):
    return Organisatie.objects.get(naam="RIEC Oost-Nederland")


def gemeente(naam):
    return Gemeente.objects.get(naam=naam)


def sessie(werkgebied, datum, namen, door, organisator=None, **extra):
    """A session written straight to the database (the rules of the service are tested separately)."""
    velden = {"district": werkgebied} if isinstance(werkgebied, District) else {"regio": werkgebied}
    organisator = organisator or Organisatie.objects.get(naam="RIEC Oost-Nederland")
    bijeenkomst = Bewustwordingsbijeenkomst.objects.create(
        **velden, datum=datum, organisator=organisator, afdelingen=extra.pop("afdelingen", [Afdeling.PUBLIEKSBALIE]),
        deelnemers=extra.pop("deelnemers", 20), aangemaakt_door=door, **extra)
    bijeenkomst.gemeenten.set(Gemeente.objects.filter(naam__in=namen))
    return bijeenkomst


def rij(html, cbs_code):
    """The overview's table row of one gemeente."""
    gevonden = re.search(rf'<tr[^>]*data-gemeente="{cbs_code}"[^>]*>.*?</tr>', html, re.S)
    assert gevonden, f"no row for {cbs_code}"
    return gevonden.group(0)


def formulier(gemeenten, **anders):
    data = {
        "datum": "2026-11-12",
        "organisator": str(Organisatie.objects.get(naam="RIEC Oost-Nederland").pk),
        "gemeenten": [str(g.pk) for g in gemeenten],
        "afdelingen": [Afdeling.PUBLIEKSBALIE, Afdeling.HANDHAVING],
        "afdeling_overig": "",
        "deelnemers": "27",
    }
    data.update(anders)
    return data


# --- the 12-month rule ---------------------------------------------------------------------------------------


def test_twelve_months_back_is_the_same_day_a_year_earlier():
    assert bewustwording.begin_venster(date(2026, 11, 25)) == date(2025, 11, 25)
    assert bewustwording.begin_venster(date(2028, 2, 29)) == date(2027, 2, 28)
    assert bewustwording.begin_venster(date(2026, 3, 31)) == date(2025, 3, 31)


def test_a_session_exactly_twelve_months_ago_counts_one_day_more_does_not():
    assert bewustwording.telt_mee(date(2025, 11, 25), VANDAAG)
    assert not bewustwording.telt_mee(date(2025, 11, 24), VANDAAG)
    assert bewustwording.telt_mee(VANDAAG, VANDAAG)
    assert not bewustwording.telt_mee(date(2026, 11, 26), VANDAAG)  # after the peildatum
    assert not bewustwording.telt_mee(None, VANDAAG)


def test_the_boundary_on_the_overview(demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    sessie(twente, date(2025, 11, 25), ["Enschede"], regisseur)
    sessie(twente, date(2025, 11, 24), ["Hengelo"], regisseur)
    stand = {s.gemeente.naam: s for s in bewustwording.overzicht(twente).gemeenten}
    assert stand["Enschede"].bereikt and stand["Enschede"].laatste_datum == date(2025, 11, 25)
    assert not stand["Hengelo"].bereikt and stand["Hengelo"].laatste_datum == date(2025, 11, 24)
    assert stand["Almelo"].laatste is None and not stand["Almelo"].bereikt
    assert bewustwording.overzicht(twente).vanaf == date(2025, 11, 25)


# --- the share reached ---------------------------------------------------------------------------------------


def test_percentage_is_whole_percents_half_up():
    assert bewustwording.percentage(9, 14) == 64
    assert bewustwording.percentage(5, 8) == 63  # 62.5: half up, not to even
    assert bewustwording.percentage(1, 8) == 13  # 12.5
    assert bewustwording.percentage(1, 2) == 50  # gemeenten, not people: fewer than five is still shown
    assert bewustwording.percentage(0, 14) == 0
    assert bewustwording.percentage(0, 0) is None


def test_share_of_gemeenten_reached_counts_each_gemeente_once(demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    sessie(twente, date(2026, 10, 1), ["Enschede", "Hengelo"], regisseur)
    sessie(twente, date(2026, 3, 1), ["Enschede", "Almelo", "Borne", "Losser"], regisseur)
    sessie(twente, date(2025, 6, 1), ["Tubbergen"], regisseur)  # too long ago
    # A session of the region that reached a Twente gemeente counts for Twente too.
    sessie(Regio.objects.get(naam="Oost-Nederland"), date(2026, 5, 5), ["Wierden"], regisseur)
    stand = bewustwording.overzicht(twente)
    assert (stand.aantal_bereikt, stand.aantal, stand.percentage) == (6, 14, 43)  # 42.86
    assert [s.gemeente.naam for s in stand.niet_bereikt] == [
        "Dinkelland", "Haaksbergen", "Hellendoorn", "Hof van Twente", "Oldenzaal", "Rijssen-Holten", "Tubbergen",
        "Twenterand"]
    assert {s.gemeente.naam: s.laatste_datum for s in stand.gemeenten}["Enschede"] == date(2026, 10, 1)


def test_overview_page_shows_the_share_and_highlights_gemeenten_without_a_session(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    laatste = sessie(twente, date(2026, 9, 1), ["Enschede", "Hengelo"], regisseur)
    sessie(twente, date(2026, 2, 1), ["Enschede"], regisseur)
    sessie(twente, date(2024, 12, 3), ["Almelo"], regisseur)
    client.force_login(regisseur)
    response = client.get(reverse("basisniveau:bijeenkomsten"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-bereikt="2" data-populatie="14"' in html
    assert "(14%)" in html  # 2 of 14 = 14.3%
    badge = nl("no session in the last 12 months")
    enschede = rij(html, "GM0153")
    assert 'data-bereikt="ja"' in enschede and badge not in enschede
    assert "1 september 2026" in enschede and "RIEC Oost-Nederland" in enschede
    almelo = rij(html, "GM0141")
    assert 'data-bereikt="nee"' in almelo and "bewustwording-gemeente--niet-bereikt" in almelo
    assert badge in almelo and "3 december 2024" in almelo  # marked by text, not colour alone
    borne = rij(html, "GM0147")
    assert badge in borne and nl("never") in borne
    assert html.count(f'<span class="bewustwording-badge">{badge}</span>') == 12
    # The list of sessions below, latest first.
    assert re.findall(r'data-bijeenkomst="(\d+)"', html)[0] == str(laatste.pk)
    assert reverse("basisniveau:bijeenkomst_nieuw") in html


def test_the_portefeuillehouder_sees_the_overview_without_the_register_button(client, demo, klok, twente):
    sessie(twente, date(2026, 9, 1), ["Enschede"], demo[TWENTE_REGISSEUR])
    client.force_login(demo["burgemeester@twente.example"])
    html = client.get(reverse("basisniveau:bijeenkomsten")).content.decode()
    assert 'data-bereikt="1" data-populatie="14"' in html
    assert reverse("basisniveau:bijeenkomst_nieuw") not in html


def test_a_coordinator_sees_the_sessions_that_reached_their_gemeente(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    enschede = sessie(twente, date(2026, 9, 1), ["Enschede", "Hengelo"], regisseur)
    hengelo = sessie(twente, date(2026, 10, 1), ["Hengelo"], regisseur)
    client.force_login(demo["coordinator@enschede.example"])
    html = client.get(reverse("basisniveau:bijeenkomsten")).content.decode()
    assert f'data-bijeenkomst="{enschede.pk}"' in html
    assert f'data-bijeenkomst="{hengelo.pk}"' not in html
    assert 'data-gemeente="GM0153" data-bereikt="ja"' in html
    assert "data-populatie" not in html  # no figures of the werkgebied
    assert reverse("basisniveau:bijeenkomst_nieuw") not in html


def test_sessions_follow_the_access_rules(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    twentse = sessie(twente, date(2026, 9, 1), ["Enschede"], regisseur)
    utrechtse = sessie(Regio.objects.get(naam="Midden-Nederland"), date(2026, 9, 2), ["Utrecht"],
                       demo["regisseur@midden-nederland.example"],
                       organisator=Organisatie.objects.get(naam="RIEC Midden-Nederland"))
    for email in (TWENTE_REGISSEUR, "burgemeester@twente.example", "coordinator@enschede.example"):
        assert_has_access(client, demo[email], twentse)
        assert_no_access(client, demo[email], utrechtse)
    for email in ("coordinator@hengelo.example", "politie@oost-nederland.example", "beheer@ketenregie.example"):
        assert_no_access(client, demo[email], twentse)


def test_overview_queries_do_not_grow_with_sessions(client, demo, klok, twente, django_assert_max_num_queries):
    regisseur = demo[TWENTE_REGISSEUR]
    client.force_login(regisseur)
    url = reverse("basisniveau:bijeenkomsten")
    sessie(twente, date(2026, 9, 1), ["Enschede"], regisseur)
    with django_assert_max_num_queries(16) as weinig:
        client.get(url)
    for maand in range(1, 11):
        sessie(twente, date(2026, maand, 3), ["Hengelo", "Almelo", "Borne"], regisseur)
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        assert client.get(url).status_code == 200


# --- registering and changing ----------------------------------------------------------------------------------


def test_the_ketenregisseur_registers_a_session(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    client.force_login(regisseur)
    form = client.get(reverse("basisniveau:bijeenkomst_nieuw")).content.decode()
    # The organiser: the RIECs first, the user's own RIEC chosen; the gemeenten: Twente's 14 only.
    assert form.index(">RIEC Midden-Nederland<") < form.index(">CoMensha<")
    assert re.search(r'<option value="\d+" selected>RIEC Oost-Nederland</option>', form)
    assert form.count('name="gemeenten"') == 14 and ">Utrecht<" not in form
    assert form.count('name="afdelingen"') == len(Afdeling.values)
    response = client.post(reverse("basisniveau:bijeenkomst_nieuw"), formulier(
        [gemeente("Enschede"), gemeente("Losser")], afdelingen=[Afdeling.SOCIAAL_DOMEIN, Afdeling.OVERIG],
        afdeling_overig="Leerplicht"), follow=True)
    bijeenkomst = Bewustwordingsbijeenkomst.objects.get()
    assert response.redirect_chain[-1][0] == reverse("basisniveau:bijeenkomst", kwargs={"pk": bijeenkomst.pk})
    assert nl("The awareness session has been registered.") in response.content.decode()
    assert (bijeenkomst.district, bijeenkomst.regio, bijeenkomst.datum, bijeenkomst.deelnemers) == (
        twente, None, date(2026, 11, 12), 27)
    assert sorted(bijeenkomst.gemeenten.values_list("naam", flat=True)) == ["Enschede", "Losser"]
    assert bijeenkomst.afdelingen == [Afdeling.SOCIAAL_DOMEIN, Afdeling.OVERIG]
    assert bijeenkomst.afdeling_overig == "Leerplicht"
    assert bijeenkomst.aangemaakt_door == regisseur
    assert "Leerplicht" in response.content.decode()


def test_a_name_for_other_ticks_other(demo, klok):
    from rapportage.forms_bewustwording import BijeenkomstForm

    werkgebied = District.objects.get(code="TW")
    form = BijeenkomstForm(formulier([gemeente("Enschede")], afdeling_overig="Leerplicht"), werkgebied=werkgebied)
    assert form.is_valid(), form.errors
    assert form.waarden()["afdelingen"] == [Afdeling.PUBLIEKSBALIE, Afdeling.HANDHAVING, Afdeling.OVERIG]


def test_validation_messages_in_dutch_and_nothing_lost(client, demo, klok):
    client.force_login(demo[TWENTE_REGISSEUR])
    data = formulier([gemeente("Enschede"), gemeente("Oldenzaal")], datum="2026-11-26",
                     afdelingen=[Afdeling.VERGUNNINGEN, Afdeling.OVERIG], deelnemers="0")
    response = client.post(reverse("basisniveau:bijeenkomst_nieuw"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert nl("Not everything is filled in correctly yet") == "Nog niet alles is goed ingevuld"
    assert nl("Not everything is filled in correctly yet") in html
    for melding in ("The date cannot be in the future: register a session once it has taken place.",
                    "Give the name of the other department.", "A session has at least one participant."):
        assert nl(melding) in html
    assert html.count('href="#id_datum"') == 1 and 'href="#id_afdeling_overig"' in html
    # What was typed is still there.
    assert 'value="2026-11-26"' in html and 'name="deelnemers" value="0"' in html
    for naam in ("Enschede", "Oldenzaal"):
        assert re.search(rf'value="{gemeente(naam).pk}"[^>]*checked', html)
    assert re.search(r'value="vergunningen"[^>]*checked', html) and re.search(r'value="overig"[^>]*checked', html)
    assert not re.search(r'value="publieksbalie"[^>]*checked', html)
    assert not Bewustwordingsbijeenkomst.objects.exists()
    # Nothing chosen at all: one message per list.
    html = client.post(reverse("basisniveau:bijeenkomst_nieuw"), formulier(
        [], afdelingen=[], organisator="", datum="", deelnemers="")).content.decode()
    for melding in ("Give the date of the session.", "Choose the organisation that organised the session.",
                    "Choose at least one municipality the session reached.",
                    "Choose at least one department the session reached.", "Give the number of participants."):
        assert nl(melding) in html


def test_a_session_reaching_a_gemeente_outside_the_werkgebied_cannot_be_registered(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    client.force_login(regisseur)
    response = client.post(reverse("basisniveau:bijeenkomst_nieuw"),
                           formulier([gemeente("Enschede"), gemeente("Utrecht")]))
    assert response.status_code == 200
    assert nl("Choose only municipalities of your work area.") in response.content.decode()
    assert not Bewustwordingsbijeenkomst.objects.exists()
    # The service refuses it too, whatever the form did.
    with pytest.raises(ValidationError) as fout:
        bewustwording.registreer(regisseur, datum=date(2026, 11, 1), organisator=Organisatie.objects.first(),
                                 gemeenten=[gemeente("Enschede"), gemeente("Utrecht")],
                                 afdelingen=[Afdeling.PUBLIEKSBALIE], deelnemers=10)
    assert "gemeenten" in fout.value.error_dict
    assert not Bewustwordingsbijeenkomst.objects.exists()


def test_the_service_checks_every_rule(demo, klok):
    regisseur = demo[TWENTE_REGISSEUR]
    riec = Organisatie.objects.get(naam="RIEC Oost-Nederland")
    goed = {"datum": date(2026, 11, 25), "organisator": riec, "gemeenten": [gemeente("Enschede")],
            "afdelingen": [Afdeling.PUBLIEKSBALIE], "afdeling_overig": "", "deelnemers": 1}
    fout = {"datum": date(2026, 11, 26), "gemeenten": [], "afdelingen": ["kantine"], "deelnemers": 0}
    for veld, waarde in fout.items():
        with pytest.raises(ValidationError) as error:
            bewustwording.registreer(regisseur, **{**goed, veld: waarde})
        assert veld in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        bewustwording.registreer(regisseur, **{**goed, "afdelingen": [Afdeling.OVERIG], "afdeling_overig": "  "})
    assert "afdeling_overig" in error.value.error_dict
    for email in ("burgemeester@twente.example", "coordinator@enschede.example"):
        with pytest.raises(PermissionDenied):
            bewustwording.registreer(demo[email], **goed)
    # Today is allowed; the other-department name is dropped without "other".
    bijeenkomst = bewustwording.registreer(regisseur, **{**goed, "afdeling_overig": "Leerplicht"})
    assert bijeenkomst.datum == VANDAAG and bijeenkomst.afdeling_overig == ""


def test_the_ketenregisseur_changes_a_session(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    bijeenkomst = sessie(twente, date(2026, 6, 1), ["Enschede"], regisseur, afdelingen=[Afdeling.OVERIG],
                         afdeling_overig="Leerplicht")
    client.force_login(regisseur)
    url = reverse("basisniveau:bijeenkomst_bewerken", kwargs={"pk": bijeenkomst.pk})
    html = client.get(url).content.decode()
    assert 'value="2026-06-01"' in html and 'value="Leerplicht"' in html
    response = client.post(url, formulier([gemeente("Hengelo"), gemeente("Borne")], datum="2026-06-02",
                                          deelnemers="40"), follow=True)
    assert nl("The changes to the awareness session have been saved.") in response.content.decode()
    bijeenkomst.refresh_from_db()
    assert (bijeenkomst.datum, bijeenkomst.deelnemers, bijeenkomst.afdeling_overig) == (date(2026, 6, 2), 40, "")
    assert bijeenkomst.afdelingen == [Afdeling.PUBLIEKSBALIE, Afdeling.HANDHAVING]
    assert sorted(bijeenkomst.gemeenten.values_list("naam", flat=True)) == ["Borne", "Hengelo"]


def test_who_sees_a_session_but_may_not_change_it_gets_403(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    bijeenkomst = sessie(twente, date(2026, 6, 1), ["Enschede"], regisseur)
    regionaal = sessie(Regio.objects.get(naam="Oost-Nederland"), date(2026, 6, 5), ["Enschede"], regisseur)
    url = reverse("basisniveau:bijeenkomst_bewerken", kwargs={"pk": bijeenkomst.pk})
    for email in ("burgemeester@twente.example", "coordinator@enschede.example"):
        client.force_login(demo[email])
        assert client.get(reverse("basisniveau:bijeenkomst", kwargs={"pk": bijeenkomst.pk})).status_code == 200
        assert client.get(url).status_code == 403
        assert client.post(url, formulier([gemeente("Hengelo")])).status_code == 403
        assert client.get(reverse("basisniveau:bijeenkomst_nieuw")).status_code == 403
        assert client.post(reverse("basisniveau:bijeenkomst_nieuw"), formulier([gemeente("Hengelo")])).status_code == 403
    # A session of the region: the Twente ketenregisseur sees it, but it is not Twente's to change.
    client.force_login(regisseur)
    assert client.get(reverse("basisniveau:bijeenkomst_bewerken", kwargs={"pk": regionaal.pk})).status_code == 403
    # Roles without the overview do not find the pages at all.
    client.force_login(demo["politie@oost-nederland.example"])
    assert client.get(reverse("basisniveau:bijeenkomst_nieuw")).status_code == 404
    assert client.get(reverse("basisniveau:bijeenkomsten")).status_code == 404
    bijeenkomst.refresh_from_db()
    assert list(bijeenkomst.gemeenten.values_list("naam", flat=True)) == ["Enschede"]
    assert Bewustwordingsbijeenkomst.objects.count() == 2


def test_audit_rows(client, demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    client.force_login(regisseur)
    client.get(reverse("basisniveau:bijeenkomsten"), {"pagina": "1"})
    lijst = AuditEntry.objects.filter(object_type=TYPE, actie=AuditActie.LIST).get()
    assert lijst.actor == regisseur and lijst.filters == {"pagina": "1"}
    client.post(reverse("basisniveau:bijeenkomst_nieuw"), formulier([gemeente("Enschede")]))
    bijeenkomst = Bewustwordingsbijeenkomst.objects.get()
    client.get(reverse("basisniveau:bijeenkomst", kwargs={"pk": bijeenkomst.pk}))
    client.post(reverse("basisniveau:bijeenkomst_bewerken", kwargs={"pk": bijeenkomst.pk}),
                formulier([gemeente("Enschede"), gemeente("Hengelo")]))
    rijen = AuditEntry.objects.filter(object_type=TYPE, object_id=str(bijeenkomst.pk)).order_by("pk")
    assert [r.actie for r in rijen] == [AuditActie.CREATE, AuditActie.VIEW, AuditActie.CHANGE]
    assert all(r.actor == regisseur and r.district == twente for r in rijen)
    assert "gemeenten" in rijen[2].omschrijving
    # Not a name in sight.
    assert all(regisseur.naam not in r.omschrijving for r in rijen)
    # A refused change leaves no row.
    client.force_login(demo["burgemeester@twente.example"])
    client.post(reverse("basisniveau:bijeenkomst_bewerken", kwargs={"pk": bijeenkomst.pk}),
                formulier([gemeente("Borne")]))
    assert not AuditEntry.objects.filter(object_type=TYPE, actie=AuditActie.CHANGE).exclude(actor=regisseur).exists()


def test_detail_page(client, demo, klok, twente):
    bijeenkomst = sessie(twente, date(2025, 10, 1), ["Enschede", "Almelo"], demo[TWENTE_REGISSEUR],
                         afdelingen=[Afdeling.BURGERZAKEN, Afdeling.OVERIG], afdeling_overig="Leerplicht", deelnemers=31)
    client.force_login(demo["burgemeester@twente.example"])
    html = client.get(reverse("basisniveau:bijeenkomst", kwargs={"pk": bijeenkomst.pk})).content.decode()
    for tekst in ("1 oktober 2025", "RIEC Oost-Nederland", "Twente", "31", "Almelo", "Enschede", "Leerplicht",
                  nl("civil affairs"), nl("more than 12 months ago")):
        assert tekst in html
    assert reverse("basisniveau:bijeenkomst_bewerken", kwargs={"pk": bijeenkomst.pk}) not in html


# --- the report's figures and the demo -------------------------------------------------------------------------


def test_figures_for_the_report(demo, klok, twente):
    regisseur = demo[TWENTE_REGISSEUR]
    sessie(twente, date(2026, 9, 1), ["Enschede", "Hengelo"], regisseur)
    sessie(twente, date(2025, 9, 30), ["Almelo"], regisseur)
    sessie(twente, date(2026, 10, 15), ["Borne", "Enschede"], regisseur)  # after the quarter's end
    cijfers = bewustwording.cijfers_voor_rapport(twente, date(2026, 9, 30))
    assert json.loads(json.dumps(cijfers)) == cijfers
    assert (cijfers["peildatum"], cijfers["vanaf"]) == ("2026-09-30", "2025-09-30")
    assert (cijfers["bereikt"], cijfers["populatie"], cijfers["percentage"]) == (3, 14, 21)
    per_gemeente = {g["naam"]: g for g in cijfers["gemeenten"]}
    assert len(per_gemeente) == 14
    assert per_gemeente["Enschede"] == {"naam": "Enschede", "cbs_code": "GM0153",
                                        "laatste_bijeenkomst": "2026-09-01", "bereikt": True}
    assert per_gemeente["Almelo"]["bereikt"] is True  # exactly 12 months before the peildatum
    assert per_gemeente["Borne"] == {"naam": "Borne", "cbs_code": "GM0147", "laatste_bijeenkomst": None,
                                     "bereikt": False}


def test_demo_sessions(demo, klok):
    gebruikers = {u.email: u for u in demo.values()}
    Bewustwordingsbijeenkomst.objects.all().delete()  # the demo fixture may already hold them
    eerste = demo_bewustwording.seed(gebruikers)
    assert len(eerste) == len(demo_bewustwording.TWENTE) + len(demo_bewustwording.MIDDEN)
    assert demo_bewustwording.seed(gebruikers) == []  # idempotent
    twente = bewustwording.overzicht(District.objects.get(code="TW"))
    assert (twente.aantal_bereikt, twente.aantal, twente.percentage) == (9, 14, 64)
    assert {s.gemeente.naam for s in twente.niet_bereikt} == {
        "Dinkelland", "Haaksbergen", "Hellendoorn", "Rijssen-Holten", "Tubbergen"}
    midden = bewustwording.overzicht(Regio.objects.get(naam="Midden-Nederland"))
    assert (midden.aantal_bereikt, midden.aantal, midden.percentage) == (25, 38, 66)
    oudste = Bewustwordingsbijeenkomst.objects.order_by("datum").first().datum
    assert (VANDAAG - oudste).days < 730
    assert set(Bewustwordingsbijeenkomst.objects.values_list("organisator__naam", flat=True)) == {
        "RIEC Oost-Nederland", "RIEC Midden-Nederland"}
    assert AuditEntry.objects.filter(object_type=TYPE, actie=AuditActie.CREATE).count() >= len(eerste)
