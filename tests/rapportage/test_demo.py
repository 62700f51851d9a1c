"""The demo history and reports of ``seed_demo`` (``rapportage.demo``): added once, consistent with what the
services would have written, and enough of it for a quarterly report that is not all "< 5"."""
import hashlib
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from casusoverleg.models import (
    OPEN_ACTIESTATUSSEN,
    Actie,
    ActieStatus,
    Casus,
    CasusHistorie,
    CasusSignaal,
    CasusStatus,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
)
from rapportage import demo as rapportage_demo
from rapportage import pdf, presentatie
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal
from rapportage.selectors import rapporten_visible_for
from signalen.models import (
    BESLUITEN,
    Signaal,
    SignaalGroupObjectPermission,
    SignaalHistorie,
    SignaalUserObjectPermission,
    Status,
)
from signalen.selectors import gemeenten_for_submitter, signalen_visible_for
from tafels.models import District, Regio
from tafels.selectors import gemeenten_in_werkgebied
from tests.conftest import require

pytestmark = pytest.mark.django_db

REGISSEURS = ("regisseur@twente.example", "regisseur@midden-nederland.example")


def _gebruikers():
    return {u.email: u for u in get_user_model().objects.select_related("organisatie")}


def _werkgebieden():
    return {"Twente": District.objects.get(code="TW"), "Midden-Nederland": Regio.objects.get(naam="Midden-Nederland")}


def _tellingen():
    return {
        "signalen": Signaal.objects.count(),
        "signaalhistorie": SignaalHistorie.objects.count(),
        "casussen": Casus.objects.count(),
        "casushistorie": CasusHistorie.objects.count(),
        "overleggen": Overleg.objects.count(),
        "deelnemers": OverlegDeelnemer.objects.count(),
        "acties": Actie.objects.count(),
        "rapporten": sorted(Rapport.objects.values_list("pk", "versie", "status", "opslagnaam", "sha256")),
    }


@pytest.fixture
def historie(demo):
    """The demo accounts and tables with the report history only (no other demo signals, cases or meetings)."""
    aantallen = rapportage_demo.seed_historie(_gebruikers())
    assert set(aantallen) == {"tw", "mn"}
    return aantallen


def test_seed_demo_twice_makes_the_history_and_the_reports_once(demo, settings, tmp_path):
    """The demo's report step (``rapportage.demo.seed``, as seed_demo runs it) twice on the demo basis; seed_demo as a
    whole twice is tests/partners/test_seed_demo.py."""
    settings.PROTECTED_FILES_ROOT = tmp_path
    rapportage_demo.seed(_gebruikers())
    eerst = _tellingen()
    assert Signaal.objects.filter(omschrijving=rapportage_demo.MARKER).count() == 1
    rapportage_demo.seed(_gebruikers())
    assert _tellingen() == eerst
    assert Signaal.objects.filter(omschrijving=rapportage_demo.MARKER).count() == 1

    # The last two completed quarters: for both werkgebieden a counted concept (version 1) and the final version
    # made from it (version 2), each with its PDF in the protected store.
    laatste = Kwartaal.laatst_afgesloten()
    gebruikers = _gebruikers()
    for naam, werkgebied in _werkgebieden().items():
        regisseur = gebruikers[REGISSEURS[0] if naam == "Twente" else REGISSEURS[1]]
        for kwartaal in (laatste.vorige, laatste):
            rapporten = rapporten_visible_for(regisseur).filter(jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal)
            assert list(rapporten.order_by("versie").values_list("versie", "status")) == [
                (1, RapportStatus.CONCEPT), (2, RapportStatus.DEFINITIEF)]
            definitief = rapporten.get(status=RapportStatus.DEFINITIEF)
            assert definitief.werkgebied == werkgebied
            assert definitief.gebaseerd_op.versie == 1 and definitief.gegevens == definitief.gebaseerd_op.gegevens
            assert definitief.aangemaakt_door == regisseur
            for rapport in rapporten:
                assert rapport.heeft_pdf and rapport.gegevens["kwartaal"] == [kwartaal.jaar, kwartaal.kwartaal]
                with pdf.open(rapport) as bestand:
                    inhoud = bestand.read()
                assert inhoud.startswith(b"%PDF-") and len(inhoud) == rapport.grootte
                assert hashlib.sha256(inhoud).hexdigest() == rapport.sha256
            # The toelichting: a few paragraphs of the ketenregisseur's own text, no case codes.
            alineas = [a for a in definitief.toelichting.split("\n\n") if a.strip()]
            assert 2 <= len(alineas) <= 3 and all(len(a) > 200 for a in alineas)
            assert not re.search(r"\b(TW|MN)-\d{4}-\d{3}\b|SIG-\d{4}", definitief.toelichting)
            assert str(definitief.gegevens["signalen"]["ontvangen"][0]) in alineas[0]
        # The portefeuillehouder of the werkgebied sees exactly the two final reports.
        burgemeester = gebruikers[f"burgemeester@{'twente' if naam == 'Twente' else 'midden-nederland'}.example"]
        assert rapporten_visible_for(burgemeester).filter(status=RapportStatus.DEFINITIEF).count() == 2
        assert rapporten_visible_for(burgemeester).count() == 2

    # The same seeded history (seeding it and making its PDFs is most of the time) holds real Twente figures.
    _de_twente_rapportage_toont_echte_cijfers_en_onderdrukt_de_kleine_gemeenten(tmp_path)


def _de_twente_rapportage_toont_echte_cijfers_en_onderdrukt_de_kleine_gemeenten(tmp_path):
    """The Twente report shows real figures and suppresses the small gemeenten."""
    laatste = Kwartaal.laatst_afgesloten()
    for kwartaal in (laatste, laatste.vorige):
        rapport = Rapport.objects.get(district__code="TW", jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal,
                                      status=RapportStatus.DEFINITIEF)
        g = rapport.gegevens
        # Enough signals in the quarter, the quarter before and the same quarter a year earlier.
        assert all(25 <= n <= 60 for n in g["signalen"]["ontvangen"]), g["signalen"]["ontvangen"]
        assert all(len(r["kwartaal"]) == 2 and r["signalen"] >= 25 for r in g["reeks"])
        assert g["signalen"]["beslisduur"]["aantal"][0] >= 25
        assert 1 <= g["signalen"]["beslisduur"]["mediaan_dagen"][0] <= 20
        assert g["casussen"]["geopend"][0] >= 1 and g["overleggen"]["gehouden"][0] >= 5
        assert g["acties"]["afgesproken"][0] >= 5 and g["acties"]["gereed"][0] >= 5

        weergave = presentatie.opbouw(rapport)
        tabel = next(t for _h, t in weergave.tabellen() if t.sleutel == "signalen-per-gemeente")
        rijen = {rij.label: [cel.tekst for cel in rij.cellen] for rij in tabel.rijen}
        assert len(rijen) == 14
        # The big gemeenten are shown as they are, several small ones as "< 5" (or hidden by a second suppression).
        assert all(not cel.onderdrukt for cel in next(r for r in tabel.rijen if r.label == "Enschede").cellen)
        klein = [label for label, cellen in rijen.items() if cellen[0] == "< 5"]
        assert len(klein) >= 2, rijen
        assert tabel.totaal.cellen[0].tekst == str(g["signalen"]["ontvangen"][0])
        # Not all suppressed: at least half of the headline figures are numbers (the signals and actions ones).
        kengetallen = [k for h in weergave.hoofdstukken for k in h.kengetallen]
        getoond = [k for k in kengetallen if k.waarden[0] not in ("< 5", "•", "–")]
        assert len(getoond) * 2 >= len(kengetallen), [(k.sleutel, k.waarden[0]) for k in kengetallen]
        assert {"signalen-ontvangen", "acties-afgesproken", "acties-gereed"} <= {k.sleutel for k in getoond}

    require(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    with pdf.open(rapport) as bestand:
        pad = tmp_path / "twente.pdf"
        pad.write_bytes(bestand.read())
    tekst = subprocess.run(["pdftotext", "-layout", str(pad), "-"], capture_output=True, check=True).stdout.decode()
    assert "Twente" in tekst and str(rapport.jaar) in tekst
    assert "< 5" in tekst
    assert rapport.toelichting.split("\n\n")[0][:40] in " ".join(tekst.split())


def test_the_history_is_added_once(historie):
    eerst = _tellingen()
    assert rapportage_demo.seed_historie(_gebruikers()) == {}
    assert _tellingen() == eerst


def test_the_history_has_25_to_45_signals_per_quarter_and_werkgebied_over_six_quarters(historie):
    laatste = Kwartaal.laatst_afgesloten()
    for werkgebied in _werkgebieden().values():
        gemeenten = gemeenten_in_werkgebied(werkgebied)
        for n in range(6):
            kwartaal = laatste.terug(n)
            aantal = Signaal.objects.filter(gemeente__in=gemeenten, ingediend_op__gte=kwartaal.begin,
                                            ingediend_op__lt=kwartaal.einde).count()
            assert 25 <= aantal <= 45, (werkgebied, kwartaal, aantal)
        assert not Signaal.objects.filter(gemeente__in=gemeenten, ingediend_op__lt=laatste.terug(5).begin).exists()
        # A few big gemeenten dominate; several small ones have 1 to 4 in a quarter.
        per_gemeente = (Signaal.objects.filter(gemeente__in=gemeenten, ingediend_op__gte=laatste.begin,
                                               ingediend_op__lt=laatste.einde)
                        .values("gemeente").annotate(n=Count("pk")).values_list("n", flat=True))
        assert max(per_gemeente) >= 10 and sum(1 for n in per_gemeente if 1 <= n <= 4) >= 3


def test_the_status_of_each_history_signal_is_the_last_step_of_its_history(historie):
    nu = timezone.now()
    signalen = Signaal.objects.exclude(referentie=None).prefetch_related("historie")
    assert signalen.count() == historie["tw"]["signalen"] + historie["mn"]["signalen"]
    for signaal in signalen:
        stappen = [h for h in signaal.historie.all() if h.naar_status]
        assert stappen[0].van_status == Status.CONCEPT and stappen[0].naar_status == Status.INGEDIEND
        assert stappen[0].tijdstip == signaal.ingediend_op and stappen[0].door_id == signaal.ingediend_door_id
        assert [h.van_status for h in stappen[1:]] == [h.naar_status for h in stappen[:-1]]
        assert stappen[-1].naar_status == signaal.status
        assert all(a.tijdstip <= b.tijdstip for a, b in zip(stappen, stappen[1:], strict=False))
        assert signaal.gewijzigd == stappen[-1].tijdstip and signaal.aangemaakt < signaal.ingediend_op
        assert stappen[-1].tijdstip <= nu - timedelta(days=7)
        if signaal.status in BESLUITEN:
            besluit = stappen[-1]
            dagen = (besluit.tijdstip - signaal.ingediend_op).total_seconds() / 86400
            assert 0 < dagen <= 21 and besluit.door.werkgebied is not None
            assert besluit.terugkoppeling
        assert (signaal.status == Status.DOORGEZET) == bool(signaal.doorgezet_naar)
        if signaal.status == Status.AFGESLOTEN:
            assert stappen[-1].tekst  # the reason
        assert signaal.organisatie_id == signaal.ingediend_door.organisatie_id
        assert gemeenten_for_submitter(signaal.ingediend_door).filter(pk=signaal.gemeente_id).exists()
        assert signaal.prioriteit == signaal.minderjarige
        assert re.fullmatch(rf"SIG-{timezone.localtime(signaal.ingediend_op).year}-\d{{5}}", signaal.referentie)
    # Most are decided; a few of the latest quarter are still being assessed.
    laatste = Kwartaal.laatst_afgesloten()
    open_ = signalen.filter(status__in=[Status.INGEDIEND, Status.IN_BEHANDELING, Status.INFORMATIE_OPGEVRAAGD])
    assert 1 <= open_.count() <= 6
    assert all(laatste.bevat(s.ingediend_op) for s in open_)


def test_a_history_signal_is_taken_up_in_a_case_exactly_when_it_is_linked_to_one(historie):
    opgepakt = Signaal.objects.filter(status=Status.OPGEPAKT_IN_CASUS)
    gekoppeld = Signaal.objects.filter(casuskoppelingen__isnull=False).distinct()
    assert opgepakt.exists() and set(opgepakt) == set(gekoppeld)
    for koppeling in CasusSignaal.objects.select_related("casus", "signaal"):
        besluit = koppeling.signaal.historie.get(naar_status=Status.OPGEPAKT_IN_CASUS)
        assert koppeling.gekoppeld_op == besluit.tijdstip >= koppeling.casus.geopend_op
        assert koppeling.casus.afgesloten_op is None or koppeling.gekoppeld_op < koppeling.casus.afgesloten_op
        assert koppeling.signaal.gemeente_id in gemeenten_in_werkgebied(koppeling.casus.werkgebied).values_list(
            "pk", flat=True)
        assert koppeling.casus.historie.filter(soort="signaal", signaal=koppeling.signaal).exists()


def test_history_cases_have_codes_statuses_and_timelines_as_the_services_give(historie):
    casussen = Casus.objects.all()
    assert casussen.count() == historie["tw"]["casussen"] + historie["mn"]["casussen"]
    assert casussen.filter(status=CasusStatus.AFGESLOTEN).exists()
    assert casussen.exclude(status=CasusStatus.AFGESLOTEN).exists()
    assert casussen.filter(comensha_aangemeld_op__isnull=False).exists()
    assert casussen.filter(zorgcoordinator_betrokken_op__isnull=False).exists()
    assert casussen.filter(melder__isnull=False).exists()
    for casus in casussen.prefetch_related("historie"):
        prefix = "TW" if casus.district_id else "MN"
        assert casus.regio_id == (casus.district.regio_id if casus.district_id else Regio.objects.get(code="MN").pk)
        assert re.fullmatch(rf"{prefix}-{timezone.localtime(casus.geopend_op).year}-\d{{3}}", casus.code)
        stappen = [h for h in casus.historie.all() if h.soort == "status"]
        assert casus.status == (stappen[-1].naar_status if stappen else CasusStatus.OPEN)
        assert (casus.status == CasusStatus.AFGESLOTEN) == (casus.afgesloten_op is not None) == bool(casus.afsluitreden)
        assert casus.historie.filter(soort="geopend", tijdstip=casus.geopend_op).exists()
        assert casus.eigenaar.werkgebied == casus.werkgebied
        assert casus.gemeenten.exists() and casus.vormen.exists()
        if casus.status == CasusStatus.AFGESLOTEN:
            assert not casus.acties.filter(status__in=OPEN_ACTIESTATUSSEN).exists()
    assert len(set(casussen.values_list("code", flat=True))) == casussen.count()


def test_history_meetings_are_held_monthly_with_attendance_decisions_and_actions(historie):
    overleggen = Overleg.objects.all()
    assert overleggen.count() == historie["tw"]["overleggen"] + historie["mn"]["overleggen"]
    assert set(overleggen.values_list("status", flat=True)) == {OverlegStatus.GEHOUDEN}
    for tafel in ("Casusoverleg Mensenhandel Twente", "Regiegroep Prostitutie Twente",
                  "Casusoverleg Mensenhandel Midden-Nederland"):
        maanden = {(o.begint.year, o.begint.month) for o in overleggen.filter(tafel__naam=tafel)}
        assert len(maanden) == overleggen.filter(tafel__naam=tafel).count() >= 15
    deelnemers = OverlegDeelnemer.objects.all()
    assert deelnemers.filter(aanwezig=True).count() > 3 * deelnemers.filter(aanwezig=False).count() > 0
    assert not deelnemers.filter(aanwezig__isnull=True).exists()
    for overleg in overleggen.prefetch_related("deelnemers", "tafel__leden"):
        assert {d.organisatie_id for d in overleg.deelnemers.all()} == {
            lid.organisatie_id for lid in overleg.tafel.leden.all()}
    # Actions of every type, for several organisations; most done, some done late, some overdue and still open.
    acties = Actie.objects.all()
    assert acties.count() == historie["tw"]["acties"] + historie["mn"]["acties"]
    assert set(acties.values_list("soort", flat=True)) == {"strafrechtelijk", "bestuurlijk", "fiscaal",
                                                           "arbeidsrechtelijk", "zorg"}
    assert acties.values("organisatie").distinct().count() >= 8
    gereed = acties.filter(status=ActieStatus.GEREED)
    assert gereed.count() > acties.count() * 2 // 3
    assert all(a.gereed_op and a.gereed_op > a.aangemaakt and a.terugkoppeling for a in gereed)
    assert any(timezone.localdate(a.gereed_op) > a.deadline for a in gereed)
    assert acties.filter(status__in=OPEN_ACTIESTATUSSEN, deadline__lt=timezone.localdate()).exists()
    assert not acties.filter(status__in=OPEN_ACTIESTATUSSEN, gereed_op__isnull=False).exists()
    assert all(a.agendapunt.overleg.eindigt == a.aangemaakt for a in acties.select_related("agendapunt__overleg"))


def test_history_signals_are_seen_by_the_submitter_and_the_ketenregisseur_like_real_ones(historie):
    gebruikers = _gebruikers()
    twente, midden = gebruikers[REGISSEURS[0]], gebruikers[REGISSEURS[1]]
    werkgebieden = _werkgebieden()
    tw_gemeenten = gemeenten_in_werkgebied(werkgebieden["Twente"])
    assert signalen_visible_for(twente).count() == Signaal.objects.filter(gemeente__in=tw_gemeenten).count()
    assert not signalen_visible_for(twente).filter(gemeente__regio__naam="Midden-Nederland").exists()
    assert signalen_visible_for(midden).count() == Signaal.objects.filter(
        gemeente__in=gemeenten_in_werkgebied(werkgebieden["Midden-Nederland"])).count()
    for email in ("coordinator@enschede.example", "politie@oost-nederland.example", "inspectie@nla.example",
                  "coordinator@utrecht.example"):
        indiener = gebruikers[email]
        eigen = Signaal.objects.filter(organisatie=indiener.organisatie)
        assert eigen.exists() and set(signalen_visible_for(indiener)) == set(eigen)
    # A portefeuillehouder sees no signal at all; no grants were given.
    assert not signalen_visible_for(gebruikers["burgemeester@twente.example"]).exists()
    assert not SignaalGroupObjectPermission.objects.exists() and not SignaalUserObjectPermission.objects.exists()
    # The Twente coordinators' own signals stay few enough for one page of "My signals" (25 rows).
    for email in ("coordinator@enschede.example", "coordinator@hengelo.example"):
        assert Signaal.objects.filter(ingediend_door=gebruikers[email]).count() <= 10


def test_the_demo_toelichting_names_no_sector_its_table_does_not_show():
    """Issue 18: the Q3 toelichting named sectors (teelt, logistiek, prostitutie) its own sector table did not show."""
    from rapportage import demo as rapportage_demo
    from signalen.models import Sector

    for tekst in rapportage_demo.SEIZOEN.values():
        for sector in Sector.objects.values_list("naam", flat=True):
            woord = sector.split(" (")[0].split(" / ")[0].lower()
            assert woord not in tekst.lower(), (woord, tekst)
