"""Issue 17, retention: what passed its term is anonymised or deleted, what the figures count stays, files go from the
protected store, the audit log names each removal without content, and a second run removes nothing."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from casusoverleg import agenda_pdf
from casusoverleg.models import (
    Actie,
    ActieBijlage,
    ActieSoort,
    ActieStatus,
    AgendaDocument,
    Agendapunt,
    AgendapuntSoort,
    Besluit,
    Casus,
    CasusHistorie,
    CasusStatus,
    OverlegStatus,
    Uitnodiging,
)
from casusoverleg.services import acties, casussen
from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.bewaren import services
from mensenhandel.bewaren.models import BewaarRun, RunStatus
from partners.models import Organisatie
from rapportage import cijfers
from rapportage.perioden import Kwartaal
from signalen import bijlagen
from signalen import services as signaal_services
from signalen.models import Bestemming, Bijlage, Signaal, SignaalHistorie, SignaalIndicator, Status
from tafels.models import District, Gemeente
from tests.casusoverleg.test_access import TWENTE, maak_overleg
from tests.signalen.test_access import maak_signaal
from tests.signalen.test_bijlagen import PDF, upload

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
REGISSEUR = "regisseur@twente.example"
ENSCHEDE = "coordinator@enschede.example"
POLITIE = "politie@oost-nederland.example"


def op(jaar, maand, dag, uur=10):
    return datetime(jaar, maand, dag, uur, tzinfo=AMS)


def signaal_met_alles(demo, **velden):
    """A submitted signal with a description, a business, a KvK number, an attachment and an indicator answer."""
    door = demo[ENSCHEDE]
    signaal = maak_signaal(door, indienen=False, locatie_naam="Uitzendbureau Voorbeeld B.V.",
                           locatie_adres="Voorbeeldstraat 1, Enschede", kvk_nummer="12345678",
                           omschrijving="Jan Voorbeeld werkt er zonder loon.", **velden)
    bijlagen.add(signaal, upload("verslag.pdf", PDF), door)
    from signalen.models import Indicator

    SignaalIndicator.objects.create(signaal=signaal, indicator=Indicator.objects.first(), antwoord="waargenomen")
    return signaal_services.submit(signaal, door)


def besluit(signaal, door, naar, **velden):
    signaal_services.change_status(signaal, door, Status.IN_BEHANDELING, notify=False)
    return signaal_services.change_status(Signaal.objects.get(pk=signaal.pk), door, naar,
                                          reden="Geen aanwijzingen voor uitbuiting bij Jan Voorbeeld.",
                                          terugkoppeling="Dank voor uw melding.", notify=False, **velden)


def stored_files(root):
    """Every file of the protected store, in all its folders."""
    return sorted(str(pad.relative_to(root)) for pad in root.rglob("*") if pad.is_file())


def run():
    with transaction.atomic():
        return services.toepassen()


@pytest.fixture
def verleden(demo, opslag):
    """Twente's history: in 2019–2020 signals were decided and a case ran its course; in 2026 a signal is decided and
    another case is still open."""
    regisseur, politie = demo[REGISSEUR], demo[POLITIE]
    with time_machine.travel(op(2020, 1, 15), tick=False):
        afgesloten = besluit(signaal_met_alles(demo), regisseur, Status.AFGESLOTEN)
        doorgezet = besluit(signaal_met_alles(demo), regisseur, Status.DOORGEZET, doorgezet_naar=Bestemming.POLITIE_OM)
        in_casus = signaal_met_alles(demo)
        ook_in_lopende_casus = signaal_met_alles(demo)
        zonder_besluit = signaal_met_alles(demo)
        casus = casussen.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Enschede")], vormen=[],
                                    samenvatting="Arbeidsuitbuiting bij een uitzendbureau.",
                                    signalen=[in_casus, ook_in_lopende_casus])
        overleg = maak_overleg(TWENTE, regisseur, dagen=7)
        punt = Agendapunt.objects.create(overleg=overleg, volgorde=2, soort=AgendapuntSoort.CASUS, casus=casus,
                                         toelichting="Jan Voorbeeld is gehoord.", notities="Besproken met de NLA.")
        algemeen = Agendapunt.objects.create(overleg=overleg, volgorde=3, soort=AgendapuntSoort.ONDERWERP,
                                             titel="Jaarplan", notities="Algemene notities blijven.")
        Uitnodiging.objects.create(agendapunt=punt, organisatie=Organisatie.objects.get(naam="Gemeente Hengelo"),
                                   deelnemer=demo["coordinator@hengelo.example"], uitgenodigd_door=regisseur,
                                   aanwezig=True)
        overleg.deelnemers.update(aanwezig=True)
        overleg.status = OverlegStatus.GEHOUDEN
        overleg.save(update_fields=["status"])
        Besluit.objects.create(agendapunt=punt, tekst="Bibob-toets bij Uitzendbureau Voorbeeld.",
                               vastgelegd_door=regisseur)
        actie = Actie.objects.create(casus=casus, agendapunt=punt, omschrijving="Gesprek met Jan Voorbeeld.",
                                     soort=ActieSoort.STRAFRECHTELIJK, organisatie=politie.organisatie,
                                     verantwoordelijke=politie, deadline=op(2020, 2, 1).date(),
                                     aangemaakt_door=regisseur)
        algemene_actie = Actie.objects.create(agendapunt=algemeen, omschrijving="Jaarplan schrijven.",
                                              soort=ActieSoort.BESTUURLIJK, organisatie=regisseur.organisatie,
                                              deadline=op(2020, 3, 1).date(), aangemaakt_door=regisseur)
    with time_machine.travel(op(2020, 1, 28), tick=False):
        acties.report_back(actie, politie, terugkoppeling="Jan Voorbeeld verklaarde dat ...",
                           bijlage=upload("pv.pdf", PDF), gereed=True)
    document = agenda_pdf.store(overleg, 1, type("Ontvanger", (), {"organisatie": politie.organisatie,
                                                                   "punten": [punt]})(), PDF)
    with time_machine.travel(op(2020, 5, 4), tick=False):
        casussen.change_status(Casus.objects.get(pk=casus.pk), regisseur, CasusStatus.AFGESLOTEN,
                               reden="Verdachte Jan Voorbeeld veroordeeld.")
    lopende = casussen.open_casus(regisseur, gemeenten=[Gemeente.objects.get(naam="Enschede")], vormen=[],
                                  samenvatting="Een lopende casus.", signalen=[ook_in_lopende_casus])
    recent = besluit(signaal_met_alles(demo), regisseur, Status.AFGESLOTEN)
    return {
        "afgesloten": afgesloten, "doorgezet": doorgezet, "in_casus": in_casus,
        "ook_in_lopende_casus": ook_in_lopende_casus, "zonder_besluit": zonder_besluit, "casus": casus,
        "lopende": lopende, "recent": recent, "punt": punt, "algemeen": algemeen, "actie": actie,
        "algemene_actie": algemene_actie, "document": document, "overleg": overleg,
    }


def test_signals_and_cases_past_their_term_are_anonymised_and_a_second_run_removes_nothing(
        verleden, opslag, django_capture_on_commit_callbacks):
    bestanden_voor = stored_files(opslag)
    assert len(bestanden_voor) == 8  # six signals' attachments, the action's, the agenda PDF
    statussen = dict(Signaal.objects.values_list("pk", "status"))

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the run has committed
        eerste = run()

    assert eerste.status == RunStatus.KLAAR
    assert eerste.aantallen["signalen"] == 3  # two without a case, one with the closed case
    assert eerste.aantallen["casussen"] == 1 and eerste.aantallen["acties"] == 1
    assert eerste.aantallen["besluiten"] == 1 and eerste.aantallen["documenten"] == 1
    assert eerste.aantallen["bijlagen"] == 4
    for naam in ("afgesloten", "doorgezet", "in_casus"):
        signaal = Signaal.objects.get(pk=verleden[naam].pk)
        assert signaal.verwijderd_op is not None
        assert (signaal.omschrijving, signaal.locatie_naam, signaal.locatie_adres, signaal.kvk_nummer) == ("",) * 4
        # What the figures count stays.
        assert signaal.gemeente.naam == "Enschede" and signaal.ingediend_op == verleden[naam].ingediend_op
        assert signaal.status == statussen[signaal.pk]
        assert not Bijlage.objects.filter(signaal=signaal).exists()
        assert not SignaalIndicator.objects.filter(signaal=signaal).exists()
        historie = SignaalHistorie.objects.filter(signaal=signaal)
        assert historie.filter(naar_status=signaal.status).exists()
        assert not historie.exclude(tekst="").exists() and not historie.exclude(terugkoppeling="").exists()
    assert Signaal.objects.get(pk=verleden["doorgezet"].pk).doorgezet_naar == Bestemming.POLITIE_OM

    # Not yet: a signal another case still keeps, a signal without a decision, a recent decision, the open case.
    for naam in ("ook_in_lopende_casus", "zonder_besluit", "recent"):
        signaal = Signaal.objects.get(pk=verleden[naam].pk)
        assert signaal.verwijderd_op is None and signaal.omschrijving and signaal.kvk_nummer == "12345678"
    assert Casus.objects.get(pk=verleden["lopende"].pk).verwijderd_op is None

    casus = Casus.objects.get(pk=verleden["casus"].pk)
    assert casus.verwijderd_op and casus.code == verleden["casus"].code
    assert casus.samenvatting == "" and casus.afsluitreden == ""
    assert casus.afgesloten_op and casus.status == CasusStatus.AFGESLOTEN
    assert not CasusHistorie.objects.filter(casus=casus).exclude(tekst="").exists()
    assert CasusHistorie.objects.filter(casus=casus, naar_status=CasusStatus.AFGESLOTEN).exists()
    punt = Agendapunt.objects.get(pk=verleden["punt"].pk)
    assert (punt.toelichting, punt.notities) == ("", "") and punt.casus_id == casus.pk
    assert punt.uitnodigingen.get().aanwezig is True  # attendance stays: it is counted
    assert not Besluit.objects.filter(agendapunt=punt).exists()
    assert Agendapunt.objects.get(pk=verleden["algemeen"].pk).notities == "Algemene notities blijven."
    actie = Actie.objects.get(pk=verleden["actie"].pk)
    assert actie.verwijderd_op and (actie.omschrijving, actie.terugkoppeling) == ("", "")
    assert actie.verantwoordelijke is None
    assert (actie.soort, actie.status, actie.organisatie_id) == (ActieSoort.STRAFRECHTELIJK, ActieStatus.GEREED,
                                                                 verleden["actie"].organisatie_id)
    assert actie.gereed_op and actie.deadline
    assert not ActieBijlage.objects.filter(actie=actie).exists()
    assert Actie.objects.get(pk=verleden["algemene_actie"].pk).omschrijving == "Jaarplan schrijven."
    assert not AgendaDocument.objects.filter(pk=verleden["document"].pk).exists()
    assert len(stored_files(opslag)) == 8 - 4 - 1

    # The audit log names each removal by kind, id and rule; never its content.
    rijen = AuditEntry.objects.filter(actie=AuditActie.RETENTION)
    assert set(rijen.values_list("object_type", "object_id")) == {
        ("signalen.signaal", str(verleden["afgesloten"].pk)), ("signalen.signaal", str(verleden["doorgezet"].pk)),
        ("signalen.signaal", str(verleden["in_casus"].pk)), ("casusoverleg.casus", str(casus.pk)),
        ("casusoverleg.actie", str(actie.pk)),
    }
    assert rijen.get(object_type="casusoverleg.casus").omschrijving == "bewaartermijn casus (5 jaar)"
    assert not any("Voorbeeld" in omschrijving for omschrijving in rijen.values_list("omschrijving", flat=True))

    tweede = run()
    assert tweede.totaal == 0 and tweede.status == RunStatus.KLAAR
    assert AuditEntry.objects.filter(actie=AuditActie.RETENTION).count() == 5


def test_the_quarterly_figures_are_identical_before_and_after_a_run(verleden):
    twente = District.objects.get(code="TW")
    kwartalen = [Kwartaal(2020, 1), Kwartaal(2020, 2), Kwartaal.van_datum(timezone.localdate())]
    voor = [cijfers.bereken(twente, kwartaal) for kwartaal in kwartalen]
    assert voor[0]["signalen"]["ontvangen"][0] == 5 and voor[1]["casussen"]["afgesloten"][0] == 1
    assert voor[0]["acties"]["afgesproken"][0] == 2 and voor[0]["overleggen"]["gehouden"][0] == 1

    assert run().totaal > 0

    assert [cijfers.bereken(twente, kwartaal) for kwartaal in kwartalen] == voor


def test_removed_records_are_gone_for_everyone(client, demo, verleden):
    run()
    regisseur = demo[REGISSEUR]
    client.force_login(regisseur)
    assert client.get(f"/signalen/{verleden['afgesloten'].pk}/").status_code == 404
    assert client.get(f"/casussen/{verleden['casus'].pk}/").status_code == 404
    assert client.get(f"/acties/{verleden['actie'].pk}/").status_code == 404
    assert f"/signalen/{verleden['afgesloten'].pk}/" not in client.get("/signalen/").content.decode()
    assert client.get(f"/signalen/{verleden['recent'].pk}/").status_code == 200
    # The meeting still shows the case's code, as a tombstone.
    html = client.get(f"/overleggen/{verleden['overleg'].pk}/").content.decode()
    assert verleden["casus"].code in html and "verwijderd volgens bewaartermijn" in html
    assert f"/casussen/{verleden['casus'].pk}/" not in html


def test_a_dry_run_lists_what_would_go_and_changes_nothing(verleden, capsys):
    call_command("apply_retention", "--dry-run")
    uitvoer = capsys.readouterr().out
    assert verleden["afgesloten"].referentie in uitvoer and verleden["casus"].code in uitvoer
    assert "Voorbeeld" not in uitvoer
    assert "niets gewijzigd" in uitvoer
    assert not Signaal.objects.filter(verwijderd_op__isnull=False).exists()
    assert not BewaarRun.objects.exists()
    call_command("apply_retention")
    assert Signaal.objects.filter(verwijderd_op__isnull=False).count() == 3
    assert BewaarRun.objects.get().status == RunStatus.KLAAR


def test_drafts_past_their_term_are_deleted_with_their_files(demo, opslag):
    door = demo[ENSCHEDE]
    oud = maak_signaal(door, indienen=False)
    bijlagen.add(oud, upload("oud.pdf", PDF), door)
    recent = maak_signaal(door, indienen=False)
    Signaal.objects.filter(pk=oud.pk).update(gewijzigd=timezone.now() - timedelta(days=31))
    Signaal.objects.filter(pk=recent.pk).update(gewijzigd=timezone.now() - timedelta(days=29))
    aantallen = run().aantallen
    assert (aantallen["concepten"], aantallen["bijlagen"], aantallen["signalen"]) == (1, 1, 0)
    assert not Signaal.objects.filter(pk=oud.pk).exists() and Signaal.objects.filter(pk=recent.pk).exists()
    entry = AuditEntry.objects.get(actie=AuditActie.RETENTION, object_id=str(oud.pk))
    assert entry.actor is None and entry.omschrijving == "bewaartermijn concept (30 dagen): concept"


# --- the audit log ----------------------------------------------------------------------------------------------


def test_audit_rows_past_five_years_go_and_younger_ones_stay(demo):
    oud = AuditEntry.objects.create(actie=AuditActie.LOGIN, tijdstip=timezone.now() - timedelta(days=5 * 366))
    jong = AuditEntry.objects.create(actie=AuditActie.LOGIN, tijdstip=timezone.now() - timedelta(days=4 * 365))
    assert run().aantallen["auditregels"] >= 1
    assert not AuditEntry.objects.filter(pk=oud.pk).exists()
    assert AuditEntry.objects.filter(pk=jong.pk).exists()


def test_the_database_still_refuses_every_other_change_of_the_audit_log(require_postgres, demo):
    from django.db import DatabaseError

    jong = AuditEntry.objects.create(actie=AuditActie.LOGIN, tijdstip=timezone.now() - timedelta(days=400))
    oud = AuditEntry.objects.create(actie=AuditActie.LOGIN, tijdstip=timezone.now() - timedelta(days=6 * 366))
    pogingen = [
        ("DELETE FROM audit_auditentry WHERE id = %s", [oud.pk], None),  # no limit named
        ("UPDATE audit_auditentry SET omschrijving = 'x' WHERE id = %s", [oud.pk], timezone.now() - timedelta(
            days=6 * 365)),
        # A limit closer than five years: refused even for a row that is older than that limit.
        ("DELETE FROM audit_auditentry WHERE id = %s", [jong.pk], timezone.now() - timedelta(days=30)),
    ]
    for sql, params, grens in pogingen:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            if grens:
                cursor.execute("SELECT set_config('mensenhandel.audit_bewaren_tot', %s, true)", [grens.isoformat()])
            cursor.execute(sql, params)
    assert AuditEntry.objects.filter(pk__in=[jong.pk, oud.pk]).count() == 2
