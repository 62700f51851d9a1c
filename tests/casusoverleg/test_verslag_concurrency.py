"""Optimistic locking on PostgreSQL with two connections: two people load the same decision, action or minutes (the
same version) and both save at the same moment, each on its own connection (a thread each).

The service locks the row (SELECT ... FOR UPDATE) and compares the version the user loaded with the version under
the lock: the first save wins, the second waits for the lock, then sees the raised version and gets ``Conflict``
(in the page: both versions). Nothing is lost: the first text stays saved, the version is raised exactly once.
"""
import threading
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casusoverleg.models import Actie, ActieSoort, Agendapunt, AgendapuntSoort, Besluit, OverlegStatus
from casusoverleg.services import verslag as services
from casusoverleg.services.versie import Conflict
from partners.models import Organisatie, Rol
from tests.casusoverleg.test_access import TWENTE
from tests.casusoverleg.test_agenda import plan, twente_casus
from tests.factories import UserFactory
from tests.signalen.test_concurrency import HOLD_SECONDS, _run_in_threads

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def regisseur(transactional_db, require_postgres, demo):
    return demo["regisseur@twente.example"]


@pytest.fixture
def collega(regisseur):
    """A second ketenregisseur of Twente: she manages the same table."""
    return UserFactory(rol=Rol.KETENREGISSEUR, organisatie=regisseur.organisatie,
                       werkgebied_district=regisseur.werkgebied_district)


@pytest.fixture
def punt(regisseur):
    overleg = plan(TWENTE, regisseur, status=OverlegStatus.AGENDA_DEFINITIEF)
    casus = twente_casus("TW-2026-031", "Hengelo", regisseur)
    return Agendapunt.objects.create(overleg=overleg, volgorde=4, soort=AgendapuntSoort.CASUS, casus=casus)


@pytest.fixture
def besluit(punt, regisseur):
    return services.add_besluit(punt, regisseur, tekst="Het RIEC maakt een integraal beeld.")


@pytest.fixture
def actie(punt, regisseur):
    return services.add_actie(punt, regisseur, omschrijving="Controle op het adres.", soort=ActieSoort.BESTUURLIJK,
                              organisatie=Organisatie.objects.get(naam="Politie Oost-Nederland"),
                              deadline=timezone.localdate() + timedelta(days=14))


def _houd_vast(functie):
    """Run ``functie`` in a transaction and keep it (and the row lock) open a moment, so the other save surely waits
    on the lock and then reads the row as the winner left it."""
    def target():
        with transaction.atomic():
            result = functie()
            threading.Event().wait(HOLD_SECONDS)
            return result
    return target


def _uitkomst(results):
    winners = [value for kind, value in results if kind == "ok"]
    losers = [value for kind, value in results if kind == "error"]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], Conflict), repr(losers[0])
    return winners[0], losers[0]


def test_two_saves_of_the_same_decision_the_second_gets_a_conflict(regisseur, collega, besluit):
    results = _run_in_threads(*[
        _houd_vast(lambda door=door, tekst=tekst: services.update_besluit(besluit, door, tekst=tekst, versie=1).tekst)
        for door, tekst in ((regisseur, "De tekst van Sanne."), (collega, "De tekst van de collega."))
    ])
    winnaar, verliezer = _uitkomst(results)
    besluit.refresh_from_db()
    assert besluit.tekst == winnaar and besluit.versie == 2  # raised once; the first text stays saved
    assert verliezer.huidig.tekst == winnaar and verliezer.huidig.versie == 2
    assert Besluit.objects.count() == 1


def test_two_saves_of_the_same_action_the_second_gets_a_conflict(regisseur, collega, actie):
    def opslaan(door, omschrijving, dagen):
        return lambda: services.update_actie(
            actie, door, versie=1, omschrijving=omschrijving, soort=actie.soort, organisatie=actie.organisatie,
            verantwoordelijke=None, deadline=timezone.localdate() + timedelta(days=dagen)).omschrijving

    winnaar, verliezer = _uitkomst(_run_in_threads(_houd_vast(opslaan(regisseur, "Eerst controleren.", 7)),
                                                   _houd_vast(opslaan(collega, "Later controleren.", 30))))
    actie.refresh_from_db()
    assert actie.omschrijving == winnaar and actie.versie == 2
    assert verliezer.huidig.omschrijving == winnaar
    assert actie.casus.historie.filter(actie=actie).count() == 2  # agreed, and changed once


def test_two_people_save_the_minutes_through_the_pages_at_once(regisseur, collega, punt):
    """The same race through HTTP and htmx (ATOMIC_REQUESTS holds the lock until the response is made)."""
    url = reverse("casusoverleg:notities", kwargs={"pk": punt.pk})
    p = f"notities-{punt.pk}"

    def post(door, tekst):
        def target():
            client = Client()
            client.force_login(door)
            return client.post(url, {f"{p}-versie": 1, f"{p}-notities": tekst}, headers={"HX-Request": "true"})
        return target

    results = _run_in_threads(post(regisseur, "Aantekeningen van Sanne."),
                              post(collega, "Aantekeningen van de collega."))
    assert all(kind == "ok" for kind, _value in results), results
    htmls = [response.content.decode() for _kind, response in results]
    punt.refresh_from_db()
    assert punt.versie == 2 and punt.notities in ("Aantekeningen van Sanne.", "Aantekeningen van de collega.")
    verloren = next(html for html in htmls if 'id="notities-' in html and f'name="{p}-versie" value="2"' in html)
    eigen = "Aantekeningen van de collega." if punt.notities == "Aantekeningen van Sanne." else "Aantekeningen van Sanne."
    # The refused save shows both versions and keeps its own text in the form, with the new version number.
    assert punt.notities in verloren and eigen in verloren
    assert Actie.objects.count() == 0
