import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from partners.models import Organisatie
from tafels.models import Tafel

pytestmark = pytest.mark.django_db

ACCOUNTS = {
    "regisseur@twente.example": ("ketenregisseur", "RIEC Oost-Nederland", "Twente"),
    "coordinator@enschede.example": ("coordinator", "Gemeente Enschede", None),
    "coordinator@hengelo.example": ("coordinator", "Gemeente Hengelo", None),
    "politie@oost-nederland.example": ("partner", "Politie Oost-Nederland", None),
    "inspectie@nla.example": ("partner", "Nederlandse Arbeidsinspectie", None),
    "burgemeester@twente.example": ("portefeuillehouder", "Gemeente Enschede", "Twente"),
    "regisseur@midden-nederland.example": ("ketenregisseur", "RIEC Midden-Nederland", "Midden-Nederland"),
    "coordinator@utrecht.example": ("coordinator", "Gemeente Utrecht", None),
    "burgemeester@midden-nederland.example": ("portefeuillehouder", "Gemeente Utrecht", "Midden-Nederland"),
    "beheer@ketenregie.example": ("beheerder", "Functioneel beheer", None),
    "beheer2@ketenregie.example": ("beheerder", "Functioneel beheer", None),
    "zorg@twente.example": ("partner", "Zorgcoördinator Twente", None),  # issue 21
}
# Issue 21: the regional table's ketenregisseur and chair and the standing member for the Twente gemeenten come with a
# step after the demo basis (the basis the other tests build on keeps its accounts); the full demo has them too.
ACCOUNTS_REGIO = {
    "regisseur@oost-nederland.example": ("ketenregisseur", "RIEC Oost-Nederland", "Oost-Nederland"),
    "burgemeester@oost-nederland.example": ("portefeuillehouder", "Gemeente Arnhem", "Oost-Nederland"),
    "regiegroep@oldenzaal.example": ("coordinator", "Gemeente Oldenzaal", None),
}


def test_seed_demo_creates_exactly_the_demo_accounts(demo):
    users = get_user_model().objects.all()
    assert {u.email for u in users} == set(ACCOUNTS)
    for user in users:
        rol, organisatie, werkgebied = ACCOUNTS[user.email]
        assert (user.rol, user.organisatie.naam) == (rol, organisatie)
        assert (str(user.werkgebied) if user.werkgebied else None) == werkgebied
        assert user.check_password("welkom-demo-2026")


def test_the_full_demo_adds_the_accounts_of_the_regional_table_and_the_standing_member(demo):
    from tests.tafels.regio21 import regio_wereld

    regio_wereld(demo)  # the step of seed_demo after the basis (test_seed_demo_twice_gives_the_same_data runs it all)
    users = get_user_model().objects.all()
    assert {u.email for u in users} == set(ACCOUNTS) | set(ACCOUNTS_REGIO)
    for user in users.filter(email__in=ACCOUNTS_REGIO):
        rol, organisatie, werkgebied = ACCOUNTS_REGIO[user.email]
        assert (user.rol, user.organisatie.naam) == (rol, organisatie)
        assert (str(user.werkgebied) if user.werkgebied else None) == werkgebied
        assert user.check_password("welkom-demo-2026")
    assert Tafel.objects.get(naam="Regionale Tafel Mensenhandel Oost-Nederland").voorzitter.email == (
        "burgemeester@oost-nederland.example")


def test_seed_demo_twice_gives_the_same_data(demo, settings, tmp_path, pdftotext, django_capture_on_commit_callbacks):
    from rapportage.models import Meting
    from signalen.models import Signaal
    from tests.casusoverleg.demo_verhaal import controleer_verhaal

    settings.PROTECTED_FILES_ROOT = tmp_path  # the demo signals' attachments
    # The reports are rapportage's test; the jobs that make the agenda PDFs run after each commit.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--zonder-rapporten", stdout=open("/dev/null", "w"))
    controleer_verhaal(pdftotext)  # issue 18: the demo story agrees with itself
    counts = (get_user_model().objects.count(), Organisatie.objects.count(), Tafel.objects.count(),
              Signaal.objects.count())
    assert counts[3] > 0
    metingen = Meting.objects.count()
    assert metingen == 3  # the measurements of the administrative basic level (seed 002), once
    call_command("seed_demo", "--zonder-rapporten", stdout=open("/dev/null", "w"))
    assert (get_user_model().objects.count(), Organisatie.objects.count(), Tafel.objects.count(),
            Signaal.objects.count()) == counts
    assert Meting.objects.count() == metingen


def test_the_twente_case_meeting_is_chaired_by_the_portfolio_holder_and_midden_nederland_by_the_chain_director(demo):
    twente = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    assert twente.voorzitter.email == "burgemeester@twente.example"
    assert twente.vergaderingen_per_jaar == 12  # monthly, as the demo meets (issue 18)
    assert twente.district.naam == "Twente"
    assert Tafel.objects.get(naam="Casusoverleg Mensenhandel Midden-Nederland").voorzitter.email == (
        "regisseur@midden-nederland.example"
    )
    assert Tafel.objects.filter(naam="Regiegroep Prostitutie Twente").exists()
    assert all(lid.contact for lid in twente.leden.all())


def test_seed_demo_refuses_to_run_outside_demo_mode(settings):
    # The test database holds the demo basis already: a seed that ran would set this name back.
    get_user_model().objects.filter(email="beheer@ketenregie.example").update(naam="Gewijzigd")
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="alleen met DEMO_MODE"):
        call_command("seed_demo")
    assert get_user_model().objects.get(email="beheer@ketenregie.example").naam == "Gewijzigd"
