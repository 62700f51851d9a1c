"""What the apps register with the platform in their ``AppConfig.ready()`` (issue 15: the platform imports no app).

The menu keeps its order per role, every app's job handlers are registered without autodiscovery (so also in a Celery
worker, which loads the apps), and seed_demo gets the steps of every app in the order they build on each other.
"""
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from mensenhandel.core import demo, navigation
from mensenhandel.core.rollen import Rol
from mensenhandel.jobs.registry import registered

MENU = {
    Rol.KETENREGISSEUR: ["start", "signalen:lijst", "treffers:lijst", "casusoverleg:casussen", "casusoverleg:overleggen",
                         "casusoverleg:mijn_acties", "casusoverleg:actiebewaking", "casusoverleg:zorgtrajecten",
                         "rapportage:rapporten", "basisniveau:metingen", "basisniveau:bijeenkomsten", "tafels:lijst",
                         "audit:lijst", "importeren:start"],
    # "Zorgtrajecten" only for a member of a case's zorgcoordinator organisation (NavItem.zichtbaar, issue 21).
    Rol.COORDINATOR: ["start", "signalen:nieuw", "signalen:mijn", "casusoverleg:casussen", "casusoverleg:overleggen",
                      "casusoverleg:mijn_acties", "casusoverleg:zorgtrajecten", "basisniveau:metingen",
                      "basisniveau:bijeenkomsten", "tafels:lijst"],
    Rol.PARTNER: ["start", "signalen:nieuw", "signalen:mijn", "casusoverleg:casussen", "casusoverleg:overleggen",
                  "casusoverleg:mijn_acties", "casusoverleg:zorgtrajecten", "tafels:lijst"],
    Rol.PORTEFEUILLEHOUDER: ["start", "casusoverleg:overleggen", "rapportage:rapporten", "basisniveau:metingen",
                             "basisniveau:bijeenkomsten", "tafels:lijst"],
    Rol.BEHEERDER: ["start", "tafels:lijst", "audit:lijst", "admin:index"],
}


@pytest.mark.parametrize("rol", list(Rol))
def test_the_menu_of_each_role_keeps_its_order(rol):
    assert [item.url_name for item in navigation.ITEMS if rol in item.rollen] == MENU[rol]


def _eigen_apps():
    """The project's own apps (in the checkout, not installed packages)."""
    basis = Path(settings.BASE_DIR)
    return [config for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(basis) and "site-packages" not in Path(config.path).parts]


def test_every_jobs_module_of_the_project_is_loaded_by_its_apps_ready():
    """No autodiscovery: an app's ``ready()`` imports its ``jobs.py``, so its handlers are there wherever Django runs."""
    met_jobs = [config.name for config in _eigen_apps() if (Path(config.path) / "jobs.py").exists()]
    assert {"mensenhandel.core", "mensenhandel.jobs", "partners", "signalen", "casusoverleg", "rapportage"} <= set(met_jobs)
    for naam in met_jobs:
        assert f"{naam}.jobs" in sys.modules, f"{naam}.jobs is not imported in its AppConfig.ready()"
    assert {"bestanden.opruimen", "jobs.controle", "partners.accountlink", "signalen.nieuws", "casusoverleg.agenda_pdfs",
            "casusoverleg.herinneringen", "rapportage.rapport", "rapportage.kwartaalconcepten"} <= set(registered())


def test_seed_demo_runs_the_steps_of_the_apps_in_order():
    assert [(stap.naam, stap.fase) for stap in demo.stappen(demo.BASIS, demo.INHOUD, demo.ERNA)] == [
        ("tafels.referentiedata", demo.BASIS),
        ("signalen.referentie", demo.BASIS),
        ("tafels.districten", demo.BASIS),
        ("partners.organisaties", demo.BASIS),
        ("partners.gebruikers", demo.BASIS),
        ("tafels.tafels", demo.BASIS),
        ("signalen.signalen", demo.INHOUD),
        # issue 21: the region's ketenregisseur, chair and standing member, after the basis the tests share
        ("partners.gebruikers_regio", demo.ERNA),
        ("tafels.regio", demo.ERNA),
        ("treffers.treffers", demo.INHOUD),  # issue 19: the hit/no-hit index of the demo signals
        ("casusoverleg.casussen_en_overleggen", demo.ERNA),
        ("casusoverleg.zorgtraject", demo.ERNA),  # issue 21: a care track with two victims
        ("casusoverleg.regionale_tafel", demo.ERNA),  # issue 21: a planned meeting of the regional table
        ("rapportage.basisniveau", demo.ERNA),
        ("rapportage.bewustwording", demo.ERNA),
        ("rapportage.rapporten", demo.ERNA),
        ("bewaren.run", demo.ERNA),  # issue 17: the nightly retention run once, after the history and its reports
    ]


def test_a_second_item_in_the_same_place_of_the_menu_is_refused():
    with pytest.raises(ValueError, match="clashes"):
        navigation.register(navigation.NavItem(40, "Dubbel", "dubbel:lijst", navigation.ALLE_ROLLEN))
    assert "dubbel:lijst" not in [item.url_name for item in navigation.ITEMS]
