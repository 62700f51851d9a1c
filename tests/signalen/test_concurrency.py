"""Two triage decisions on the same signal at the same moment, each on its own PostgreSQL connection.

The service locks the signal's row (SELECT ... FOR UPDATE) and compares the status the decider saw
with the status under the lock: exactly one decision wins, the other is refused with StaleStatus (in
the view: a Dutch message), and the history holds exactly one decision.
"""
import threading

import pytest
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse

from signalen import services
from signalen.models import Bestemming, Gebeurtenis, Signaal, SignaalHistorie, Status
from tests.signalen.test_access import maak_signaal

pytestmark = [pytest.mark.django_db(transaction=True)]

# How long the winner keeps its transaction (and the row lock) open, so the other thread surely waits on it.
HOLD_SECONDS = 0.5


def _run_in_threads(*targets):
    """Start every target at the same moment in its own thread (with its own DB connection); return results."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def runner(i, target):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", target())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            results[i] = ("error", error)
        finally:
            connections.close_all()  # connections are per thread: close this thread's own

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a thread hung on the row lock"
    return results


@pytest.fixture
def signaal(transactional_db, require_postgres, demo):
    return maak_signaal(demo["coordinator@enschede.example"])


def test_two_decisions_at_once_one_wins_the_other_is_stale(signaal, demo):
    regisseur = demo["regisseur@twente.example"]

    def decide(naar, **kwargs):
        def target():
            with transaction.atomic():
                result = services.change_status(signaal, regisseur, naar, verwacht=Status.INGEDIEND, **kwargs)
                threading.Event().wait(HOLD_SECONDS)  # keep the lock: the other decision must wait, then see it
                return result.status
        return target

    results = _run_in_threads(
        decide(Status.DOORGEZET, doorgezet_naar=Bestemming.NLA, terugkoppeling="Doorgezet."),
        decide(Status.AFGESLOTEN, reden="Geen vervolg", terugkoppeling="Afgesloten."),
    )
    winners = [value for kind, value in results if kind == "ok"]
    losers = [value for kind, value in results if kind == "error"]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], services.StaleStatus), repr(losers[0])
    signaal.refresh_from_db()
    assert signaal.status == winners[0]
    besluiten = SignaalHistorie.objects.filter(signaal=signaal).exclude(van_status=Status.CONCEPT)
    assert besluiten.count() == 1
    assert besluiten.get().naar_status == winners[0]


def test_two_directors_press_record_decision_at_once_through_the_view(signaal, demo):
    """The same race through the HTTP layer (ATOMIC_REQUESTS holds the lock until the response)."""
    regisseur = demo["regisseur@twente.example"]
    url = reverse("signalen:besluit", kwargs={"pk": signaal.pk})

    def post(data):
        def target():
            client = Client()
            client.force_login(regisseur)
            return client.post(url, {"verwacht": Status.INGEDIEND, "actie": "besluiten", **data})
        return target

    results = _run_in_threads(
        post({"naar": Status.DOORGEZET, "doorgezet_naar": Bestemming.POLITIE_OM, "terugkoppeling": "Doorgezet."}),
        post({"naar": Status.AFGESLOTEN, "reden": "Geen vervolg", "terugkoppeling": "Afgesloten."}),
    )
    assert all(kind == "ok" for kind, _value in results), results
    codes = sorted(response.status_code for _kind, response in results)
    assert codes == [200, 302]
    refused = next(response for _kind, response in results if response.status_code == 200)
    html = refused.content.decode()
    assert 'role="alert"' in html
    signaal.refresh_from_db()
    assert signaal.status in (Status.DOORGEZET, Status.AFGESLOTEN)
    # The refused page shows the signal as it is now and keeps what the loser typed.
    assert f'name="verwacht" value="{signaal.status}"' in html
    loser_typed = "Geen vervolg" if signaal.status == Status.DOORGEZET else "Doorgezet."
    assert loser_typed in html
    rows = SignaalHistorie.objects.filter(signaal=signaal, soort=Gebeurtenis.STATUS).exclude(van_status=Status.CONCEPT)
    assert rows.count() == 1
    assert Signaal.objects.get(pk=signaal.pk).historie.count() == 2
