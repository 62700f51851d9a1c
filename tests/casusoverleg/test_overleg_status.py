"""Issue 15: a meeting's status follows a transitions table, like those of a signal, a case and an action.

``services.overleggen.TRANSITIONS`` says which status may follow which; ``set_status`` is the one place that changes
``Overleg.status`` and refuses (ValidationError, nothing changed) what the table does not allow. The three modules
that change a meeting's status (``overleggen``, ``agenda``, ``besluitenlijst``) go through it.
"""
import itertools
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from casusoverleg.models import Overleg, OverlegStatus
from casusoverleg.services import agenda as agenda_services
from casusoverleg.services import overleggen as services
from tests.casusoverleg.test_agenda import TWENTE, plan

S = OverlegStatus
REGISSEUR = "regisseur@twente.example"

# The workflow: the agenda is made final and re-opened; the meeting is held or cancelled before that; the next
# meeting adopts its decision list. Nothing follows a cancelled meeting or an adopted decision list.
TOEGESTAAN = {
    (S.GEPLAND, S.AGENDA_DEFINITIEF),
    (S.AGENDA_DEFINITIEF, S.GEPLAND),
    (S.GEPLAND, S.GEHOUDEN),
    (S.AGENDA_DEFINITIEF, S.GEHOUDEN),
    (S.GEPLAND, S.GEANNULEERD),
    (S.AGENDA_DEFINITIEF, S.GEANNULEERD),
    (S.GEHOUDEN, S.BESLUITENLIJST_VASTGESTELD),
}


def test_the_table_names_every_status_and_only_statuses():
    assert set(services.TRANSITIONS) == set(S)
    for van, naar in services.TRANSITIONS.items():
        assert naar <= set(S) and van not in naar, van


@pytest.mark.parametrize(("van", "naar"), list(itertools.product(S, S)), ids=lambda s: s.value)
def test_set_status_allows_exactly_the_transitions_of_the_table(van, naar):
    overleg = Overleg(status=van)
    toegestaan = (van, naar) in TOEGESTAAN
    assert services.kan_naar(overleg, naar) == toegestaan
    if toegestaan:
        services.set_status(overleg, naar)
        assert overleg.status == naar
        return
    with pytest.raises(ValidationError) as fout:
        services.set_status(overleg, naar)
    assert fout.value.code == "status"
    assert str(van.label) in fout.value.messages[0] and str(naar.label) in fout.value.messages[0]
    assert overleg.status == van  # refused: nothing changed


def test_an_unknown_status_is_refused():
    overleg = Overleg(status=S.GEPLAND)
    with pytest.raises(ValidationError):
        services.set_status(overleg, "verzonnen")
    assert overleg.status == S.GEPLAND


def test_what_the_pages_offer_follows_the_table():
    assert services.TE_ANNULEREN == (S.GEPLAND, S.AGENDA_DEFINITIEF)
    assert services.PRESENTIE_VANAF == (S.GEPLAND, S.AGENDA_DEFINITIEF, S.GEHOUDEN)


def test_every_change_of_a_meetings_status_goes_through_set_status():
    """No module of the services assigns ``<meeting>.status`` itself (only ``set_status`` does)."""
    services_dir = Path(services.__file__).parent
    toewijzing = re.compile(r"\b(overleg|vorige|volgend)\.status\s*=(?!=)")
    for module in ("overleggen.py", "agenda.py", "besluitenlijst.py", "verslag.py"):
        regels = [regel.strip() for regel in (services_dir / module).read_text().splitlines()
                  if toewijzing.search(regel)]
        assert regels == (["overleg.status = naar"] if module == "overleggen.py" else []), module


@pytest.mark.django_db
def test_the_services_walk_a_meeting_along_the_table(demo, django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    overleg = plan(TWENTE, regisseur, dagen=-1)
    with django_capture_on_commit_callbacks(execute=False):
        overleg = agenda_services.finalise(overleg, regisseur)
        assert overleg.status == S.AGENDA_DEFINITIEF
        overleg = agenda_services.reopen(overleg, regisseur)
        assert overleg.status == S.GEPLAND
        agenda_services.finalise(overleg, regisseur)
    deelnemers = list(overleg.deelnemers.values_list("pk", flat=True))
    overleg = services.record_attendance(overleg, regisseur, aanwezig_deelnemers=deelnemers, aanwezig_uitnodigingen=[])
    assert Overleg.objects.get(pk=overleg.pk).status == S.GEHOUDEN
    # Held: no longer re-opened, made final again or cancelled.
    for stap in (lambda: agenda_services.reopen(overleg, regisseur),
                 lambda: agenda_services.finalise(overleg, regisseur),
                 lambda: services.cancel(overleg, regisseur, "Vergissing")):
        with pytest.raises(ValidationError):
            stap()
    assert Overleg.objects.get(pk=overleg.pk).status == S.GEHOUDEN


@pytest.mark.django_db
def test_a_cancelled_meeting_changes_no_more(demo, django_capture_on_commit_callbacks):
    regisseur = demo[REGISSEUR]
    overleg = plan(TWENTE, regisseur, dagen=-1)
    with django_capture_on_commit_callbacks(execute=False):
        overleg = services.cancel(overleg, regisseur, "De voorzitter is ziek.")
    assert overleg.status == S.GEANNULEERD
    for stap in (lambda: agenda_services.finalise(overleg, regisseur),
                 lambda: agenda_services.reopen(overleg, regisseur),
                 lambda: services.cancel(overleg, regisseur, "Nog een keer"),
                 lambda: services.record_attendance(overleg, regisseur, aanwezig_deelnemers=[],
                                                    aanwezig_uitnodigingen=[])):
        with pytest.raises(ValidationError):
            stap()
    overleg.refresh_from_db()
    assert overleg.status == S.GEANNULEERD
