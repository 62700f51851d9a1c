"""generate_volume: ten years of national history on top of the demo basis, on PostgreSQL only.

One generation at scale 0.002 (1/500) is checked against the model's rules; a second one, rolled back, shows that the
same seed gives the same data; a third run is refused.
"""
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F, Q

from casusoverleg.models import (
    Actie,
    ActieStatus,
    Agendapunt,
    Casus,
    CasusHistorie,
    CasusNummer,
    CasusStatus,
    Overleg,
    OverlegDeelnemer,
)
from mensenhandel.audit.models import AuditEntry
from partners.models import Organisatie, Rol, User
from rapportage import volume
from rapportage.models import Rapport, RapportStatus
from signalen.models import (
    Signaal,
    SignaalDeling,
    SignaalGroupObjectPermission,
    SignaalHistorie,
    SignaalIndicator,
    SignaalNummer,
    Status,
)
from tafels.models import District, Regio, Tafel
from tests.i18n import nl

pytestmark = pytest.mark.postgres

SCALE = 0.002
MODELLEN = {
    "signalen": Signaal, "casussen": Casus, "overleggen": Overleg, "acties": Actie, "audit": AuditEntry,
    "gebruikers": User, "organisaties": Organisatie, "tafels": Tafel, "districten": District, "rapporten": Rapport,
    "signaalhistorie": SignaalHistorie, "indicatoren": SignaalIndicator, "delingen": SignaalDeling,
    "casushistorie": CasusHistorie, "agendapunten": Agendapunt, "deelnemers": OverlegDeelnemer,
}


def _genereer(seed=7):
    uitvoer = io.StringIO()
    call_command("generate_volume", "--scale", str(SCALE), "--seed", str(seed), stdout=uitvoer)
    return uitvoer.getvalue()


def _tellingen():
    return {naam: model.objects.count() for naam, model in MODELLEN.items()}


def _vingerafdruk():
    """What the generated data says, without the ids the database's sequences hand out."""
    return {
        "signalen": list(Signaal.objects.order_by("referentie", "aangemaakt").values_list(
            "referentie", "status", "gemeente__cbs_code", "ingediend_op", "ingediend_door__email", "urgentie")),
        "casussen": list(Casus.objects.order_by("code").values_list("code", "status", "geopend_op", "eigenaar__email")),
        "overleggen": list(Overleg.objects.order_by("begint", "tafel__naam").values_list("tafel__naam", "begint",
                                                                                       "status")),
        "acties": sorted(Counter(Actie.objects.values_list("status", "soort", "organisatie__naam", "deadline")).items()),
        "audit": sorted(Counter(AuditEntry.objects.exclude(object_type="").values_list(
            "actie", "object_type", "tijdstip")).items()),
        "gebruikers": sorted(User.objects.values_list("email", "rol", "organisatie__naam")),
    }


@pytest.fixture
def demo_modus(settings):
    settings.DEMO_MODE = True


def test_generate_volume_makes_a_consistent_reproducible_national_history(require_postgres, demo_modus):
    voor = _tellingen()
    with transaction.atomic():
        _genereer()
        eerste = _vingerafdruk()
        transaction.set_rollback(True)
    assert _tellingen() == voor

    uitvoer = _genereer()
    assert _vingerafdruk() == eerste, "the same seed gives the same data"
    na = _tellingen()
    nieuw = {naam: na[naam] - voor[naam] for naam in na}

    # The counts follow the scale (with the structure's minimum of accounts); the progress bar and summary show.
    doel = volume.aantallen(SCALE)
    for soort in ("signalen", "casussen", "overleggen", "acties", "audit"):
        assert nieuw[soort] == doel[soort], soort
    assert doel["signalen"] == 400 and doel["audit"] == 10_000
    werkgebieden = District.objects.count() + Regio.objects.exclude(gemeenten__districten__isnull=False).count()
    assert werkgebieden - 2 <= nieuw["gebruikers"] <= werkgebieden + 10
    assert nieuw["organisaties"] >= 342 and nieuw["districten"] >= 15 and nieuw["tafels"] >= 20
    assert nieuw["signaalhistorie"] > nieuw["signalen"] and nieuw["indicatoren"] > nieuw["signalen"]
    assert nieuw["casushistorie"] > nieuw["acties"] and nieuw["agendapunten"] > nieuw["overleggen"]
    assert nieuw["rapporten"] >= 2
    assert "100.0%" in uitvoer and nl("Cases, meetings and actions") in uitvoer

    # Every region has signals; Twente and Midden-Nederland hold the larger share.
    per_regio = dict(Signaal.objects.filter(gemeente__isnull=False).values_list("gemeente__regio__code")
                     .annotate(n=Count("pk")).values_list("gemeente__regio__code", "n"))
    assert set(per_regio) == set(Regio.objects.values_list("code", flat=True))
    twente = District.objects.get(code="TW")
    in_twente = Signaal.objects.filter(gemeente__districten=twente).count()
    assert 0.08 < in_twente / nieuw["signalen"] < 0.2
    assert 0.13 < per_regio["MN"] / nieuw["signalen"] < 0.25
    # Only Oost-Nederland, which holds Twente, has more.
    assert per_regio["MN"] == max(n for code, n in per_regio.items() if code != twente.regio.code)
    per_district = Counter(Signaal.objects.filter(gemeente__districten__isnull=False).values_list(
        "gemeente__districten__code", flat=True))
    assert per_district["TW"] == max(per_district.values())
    assert Casus.objects.filter(district=twente).count() > Casus.objects.filter(district__code="GR").count()

    # Codes are unique and continue the yearly numbering, so the application's next number does not collide.
    referenties = list(Signaal.objects.exclude(referentie=None).values_list("referentie", flat=True))
    assert len(referenties) == len(set(referenties))
    hoogste = Counter()
    for referentie in referenties:
        jaar, nummer = re.fullmatch(r"SIG-(\d{4})-(\d{5,})", referentie).groups()
        hoogste[int(jaar)] = max(hoogste[int(jaar)], int(nummer))
    assert all(SignaalNummer.objects.get(jaar=jaar).laatste == n for jaar, n in hoogste.items())
    codes = list(Casus.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for code in codes:
        prefix, jaar, nummer = re.fullmatch(r"([A-Z]{2,4})-(\d{4})-(\d{3,})", code).groups()
        assert CasusNummer.objects.get(prefix=prefix, jaar=jaar).laatste >= int(nummer)

    # Every status occurs, few drafts; a signal taken up in a case is linked to one.
    statussen = Counter(Signaal.objects.values_list("status", flat=True))
    assert set(statussen) == set(Status.values)
    assert statussen[Status.CONCEPT] <= 0.01 * nieuw["signalen"] + 2
    assert not Signaal.objects.filter(status=Status.OPGEPAKT_IN_CASUS, casuskoppelingen__isnull=True).exists()
    assert not Signaal.objects.filter(~Q(status=Status.CONCEPT), referentie=None).exists()
    assert set(Actie.objects.values_list("status", flat=True)) == set(ActieStatus.values)
    assert set(Casus.objects.values_list("status", flat=True)) == set(CasusStatus.values)

    # Every action's case exists and is its agenda item's case; a closed case has no open action.
    assert not Actie.objects.filter(casus__isnull=False).exclude(agendapunt__casus=F("casus")).exists()
    assert not Actie.objects.filter(casus__status=CasusStatus.AFGESLOTEN,
                                    status__in=(ActieStatus.OPEN, ActieStatus.IN_UITVOERING)).exists()
    assert set(Actie.objects.values_list("casus", flat=True)) - {None} <= set(Casus.objects.values_list("pk", flat=True))

    # A share is a grant to the organisation's group for as long as it is not withdrawn.
    for deling in SignaalDeling.objects.select_related("organisatie"):
        verleend = SignaalGroupObjectPermission.objects.filter(
            content_object_id=deling.signaal_id, group_id=deling.organisatie.group_id).exists()
        assert verleend == (deling.ingetrokken_op is None or SignaalDeling.objects.filter(
            signaal_id=deling.signaal_id, organisatie=deling.organisatie, ingetrokken_op=None).exists())

    # The accounts have one role each, ketenregisseurs a work area; generated addresses are .example.
    assert not User.objects.exclude(email__endswith=".example").exists()
    assert all(g.werkgebied for g in User.objects.filter(rol=Rol.KETENREGISSEUR))

    # Audit rows of the work, scoped like the services scope them.
    assert AuditEntry.objects.filter(object_type="signalen.signaal", actie="create").exists()
    assert not AuditEntry.objects.filter(object_type="signalen.signaal", object_id__gt="").filter(
        Q(gemeente=None) | Q(regio=None)).exists()
    assert AuditEntry.objects.filter(object_type="casusoverleg.casus", district=twente).exists()

    # Reports carry counted figures, no PDF.
    rapport = Rapport.objects.filter(status=RapportStatus.DEFINITIEF, district=twente).first() or \
        Rapport.objects.filter(district=twente).first()
    assert rapport.gegevens["signalen"]["ontvangen"] and not rapport.opslagnaam

    # A second run is refused and changes nothing.
    with pytest.raises(CommandError) as fout:
        _genereer()
    melding = nl("This database already has generated history (%(run)s, on %(date)s). generate_volume runs once per "
                 "database: start again from an empty database.")
    assert str(fout.value).startswith(melding.split("(")[0])
    assert _tellingen() == na


def test_generate_volume_refuses_without_demo_mode(require_postgres, settings):
    settings.DEMO_MODE = False
    voor = _tellingen()
    with pytest.raises(CommandError) as fout:
        _genereer()
    assert str(fout.value) == nl(
        "generate_volume only runs with DEMO_MODE on: it fills the database with fictitious history.")
    assert _tellingen() == voor


def test_generate_volume_refuses_other_databases(require_postgres, demo_modus, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        _genereer()
