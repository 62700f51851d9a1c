"""A known world for the report's exact-figures tests (issue 8, "Exact figures"), and its expected figures computed
independently: plain Python over the records of what was created, not the report's queries.

The report is for a test district ("Testdistrict Twente": Enschede, Hengelo, Almelo) and the third quarter of 2026;
the periods are Q3 2026, Q2 2026 and Q3 2025, the five-quarter series Q3 2025 … Q3 2026. A second district in the same
region ("Testdistrict IJssel": Deventer, Zwolle) has signals, a case, a meeting and an action that the district's
report must not count (the region's report counts both). Every moment is explicit (Europe/Amsterdam).

Built in:
- the worked example: signals in Q3 2026 per gemeente 12 (Enschede), 3 (Hengelo), 7 (Almelo), total 22;
- the quarter boundary: Enschede signals at 23:59 on 30 September 2026 (Q3) and at 00:00 on 1 October 2026 (Q4, in
  no period), 23:59 on 30 June 2026 (Q2) and 00:00 on 1 July 2026 (Q3), 23:59 on 31 March 2026 (Q1, in the series);
- Q2 2026 has 4 signals (shares over them are not shown) with 3 decisions (no median); Q3 2026 has 16 decisions
  with a median of exactly 4.5 days; Q3 2025 has 5 decisions (median 6.0 days, just enough to show);
- an inactive sector with a count (listed) and an inactive source without one (not listed);
- a meeting where an organisation is both a standing participant and invited (one expected pair, present when
  present on either row), a cancelled and a planned meeting (not held);
- actions overdue at the end of a quarter, done after it, dropped, and one without a case (its meeting counts).
"""
from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    Agendapunt,
    AgendapuntSoort,
    Casus,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)
from partners.models import OrganisatieSoort, Rol
from signalen.models import (
    Bestemming,
    Bron,
    Gebeurtenis,
    Sector,
    Signaal,
    SignaalHistorie,
    Status,
    Vorm,
)
from tafels.models import Gemeente, Regio
from tests.factories import DistrictFactory, OrganisatieFactory, TafelFactory, UserFactory

AMS = ZoneInfo("Europe/Amsterdam")
KWARTAAL = (2026, 3)
PERIODEN = [(2026, 3), (2026, 2), (2025, 3)]
REEKS = [(2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]


def t(jaar, maand, dag, uur=12, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


# --- quarters, by hand (not perioden.Kwartaal) --------------------------------------------------------------------


def kwartaal_van(moment) -> tuple[int, int]:
    """The (year, quarter) of an aware datetime on the Amsterdam clock, or of a date."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(AMS).date()
    return moment.year, (moment.month - 1) // 3 + 1


def einde_van(kw) -> datetime:
    """The first moment after the quarter (Amsterdam)."""
    jaar, k = kw
    return datetime(jaar + 1, 1, 1, tzinfo=AMS) if k == 4 else datetime(jaar, 3 * k + 1, 1, tzinfo=AMS)


def laatste_dag_van(kw) -> date:
    return (einde_van(kw) - timedelta(days=1)).date()


# --- the records ---------------------------------------------------------------------------------------------------


@dataclass
class Wereld:
    district: object
    ander_district: object
    regio: object
    signalen: list[dict] = field(default_factory=list)
    casussen: list[dict] = field(default_factory=list)
    overleggen: list[dict] = field(default_factory=list)
    acties: list[dict] = field(default_factory=list)
    # Codes and free text written into the world: none may reach the report.
    geheimen: list[str] = field(default_factory=list)


_nummer = itertools.count(1)


def _tekst(wereld, soort):
    tekst = f"Geheime {soort} nummer {next(_nummer)} over de familie Jansen"
    wereld.geheimen.append(tekst)
    return tekst


def _signaal(wereld, door, gemeente, ingediend_op, status=Status.INGEDIEND, bestemming="", sector=None, bron=None,
             vormen=(), besluiten=(), heropend=False, plek="district"):
    """A submitted signal; ``besluiten``: days after submission of each decision row (the first one counts)."""
    referentie = f"SIG-2090-{next(_nummer):05d}"
    wereld.geheimen.append(referentie)
    signaal = Signaal.objects.create(
        referentie=referentie, status=status, ingediend_door=door, organisatie=door.organisatie,
        gemeente=gemeente, ingediend_op=ingediend_op, aangemaakt=ingediend_op - timedelta(hours=1),
        sector=Sector.objects.get(code=sector) if sector else None,
        bron=Bron.objects.get(code=bron) if bron else None,
        doorgezet_naar=bestemming, omschrijving=_tekst(wereld, "omschrijving"), locatie_naam=_tekst(wereld, "locatie"),
    )
    signaal.vormen.set(Vorm.objects.filter(code__in=vormen))
    # A status change that is no decision, before any decision (must not count as one).
    SignaalHistorie.objects.create(signaal=signaal, tijdstip=ingediend_op + timedelta(hours=2), door=door,
                                   soort=Gebeurtenis.STATUS, van_status=Status.INGEDIEND,
                                   naar_status=Status.IN_BEHANDELING)
    for dagen in besluiten:
        SignaalHistorie.objects.create(
            signaal=signaal, tijdstip=ingediend_op + timedelta(days=dagen), door=door, soort=Gebeurtenis.STATUS,
            van_status=Status.IN_BEHANDELING, naar_status=Status.AFGESLOTEN if heropend else (
                status if status in (Status.OPGEPAKT_IN_CASUS, Status.DOORGEZET, Status.AFGESLOTEN)
                else Status.AFGESLOTEN),
            terugkoppeling=_tekst(wereld, "terugkoppeling"),
        )
    if heropend:
        SignaalHistorie.objects.create(signaal=signaal, tijdstip=ingediend_op + timedelta(days=max(besluiten) + 1),
                                       door=door, soort=Gebeurtenis.STATUS, van_status=Status.AFGESLOTEN,
                                       naar_status=Status.IN_BEHANDELING, tekst=_tekst(wereld, "reden"))
        if status in (Status.OPGEPAKT_IN_CASUS, Status.DOORGEZET, Status.AFGESLOTEN):
            SignaalHistorie.objects.create(signaal=signaal, tijdstip=ingediend_op + timedelta(days=max(besluiten) + 2),
                                           door=door, soort=Gebeurtenis.STATUS, van_status=Status.IN_BEHANDELING,
                                           naar_status=status)
    wereld.signalen.append({
        "gemeente": gemeente.naam, "ingediend_op": ingediend_op, "status": status, "bestemming": bestemming,
        "sector": sector, "bron": bron, "vormen": list(vormen), "besluit_na": min(besluiten) if besluiten else None,
        "plek": plek,
    })
    return signaal


def _casus(wereld, eigenaar, plek, district, regio, geopend_op, afgesloten_op=None, comensha=None, zorg=None,
           vormen=()):
    code = f"TT-2026-{next(_nummer):03d}"
    wereld.geheimen.append(code)
    casus = Casus.objects.create(
        code=code, district=district, regio=regio, eigenaar=eigenaar, samenvatting=_tekst(wereld, "samenvatting"),
        geopend_op=geopend_op, status_gewijzigd_op=geopend_op, afgesloten_op=afgesloten_op,
        status="afgesloten" if afgesloten_op else "open",
        afsluitreden=_tekst(wereld, "afsluitreden") if afgesloten_op else "",
        comensha_aangemeld_op=comensha, zorgcoordinator_betrokken_op=zorg,
    )
    casus.vormen.set(Vorm.objects.filter(code__in=vormen))
    wereld.casussen.append({"plek": plek, "geopend_op": geopend_op, "afgesloten_op": afgesloten_op,
                            "comensha": comensha, "zorg": zorg, "vormen": list(vormen), "casus": casus})
    return casus


def _overleg(wereld, door, tafel, plek, begint, status, deelnemers=(), uitnodigingen=()):
    """``deelnemers``: [(organisatie, aanwezig)]; ``uitnodigingen``: [(casus, organisatie, aanwezig)]."""
    overleg = Overleg.objects.create(tafel=tafel, begint=begint, eindigt=begint + timedelta(hours=2),
                                     doel=_tekst(wereld, "doel"), status=status, aangemaakt_door=door)
    for organisatie, aanwezig in deelnemers:
        OverlegDeelnemer.objects.create(overleg=overleg, organisatie=organisatie, aanwezig=aanwezig,
                                        mailbox="vast@test.example")
    punten = {}
    for volgorde, (casus, organisatie, aanwezig) in enumerate(uitnodigingen):
        if casus.pk not in punten:
            punten[casus.pk] = Agendapunt.objects.create(overleg=overleg, volgorde=volgorde, soort=AgendapuntSoort.CASUS,
                                                         casus=casus, notities=_tekst(wereld, "notities"))
        Uitnodiging.objects.create(agendapunt=punten[casus.pk], organisatie=organisatie, aanwezig=aanwezig,
                                   mailbox="uitgenodigd@test.example", uitgenodigd_door=door)
    wereld.overleggen.append({
        "plek": plek, "begint": begint, "status": status,
        "paren": [(o.soort, o.pk, a) for o, a in deelnemers] + [(o.soort, o.pk, a) for _c, o, a in uitnodigingen],
        "overleg": overleg,
    })
    return overleg


def _actie(wereld, door, plek, organisatie, soort, aangemaakt, deadline, status=ActieStatus.OPEN, gereed_op=None,
           casus=None, agendapunt=None):
    Actie.objects.create(
        casus=casus, agendapunt=agendapunt, omschrijving=_tekst(wereld, "actie"), soort=soort,
        organisatie=organisatie, deadline=deadline, status=status, gereed_op=gereed_op, aangemaakt_door=door,
        aangemaakt=aangemaakt, terugkoppeling=_tekst(wereld, "terugkoppeling") if gereed_op else "",
    )
    wereld.acties.append({"plek": plek, "organisatiesoort": organisatie.soort, "soort": soort,
                          "aangemaakt": aangemaakt, "deadline": deadline, "status": status, "gereed_op": gereed_op})


def bouw(extra_signalen=0) -> Wereld:
    """The world. ``extra_signalen``: that many more Q3 2026 signals in Almelo (for the query-count test)."""
    oost = Regio.objects.get(naam="Oost-Nederland")
    enschede, hengelo, almelo = (Gemeente.objects.get(cbs_code=c) for c in ("GM0153", "GM0164", "GM0141"))
    deventer, zwolle = (Gemeente.objects.get(cbs_code=c) for c in ("GM0150", "GM0193"))
    district = DistrictFactory(naam="Testdistrict Twente", code="TT", regio=oost,
                               gemeenten=[enschede, hengelo, almelo])
    ander = DistrictFactory(naam="Testdistrict IJssel", code="TI", regio=oost, gemeenten=[deventer, zwolle])
    wereld = Wereld(district=district, ander_district=ander, regio=oost)

    organisatie = OrganisatieFactory(naam="Ketenregie Testdistrict", soort=OrganisatieSoort.RIEC)
    door = UserFactory(organisatie=organisatie, rol=Rol.KETENREGISSEUR, werkgebied_district=district)

    # An inactive sector that still has a count, an inactive source that has none.
    Sector.objects.filter(code="online").update(actief=False)
    Bron.objects.filter(code="publieksbalie").update(actief=False)

    # --- signals, Q3 2026: 12 Enschede, 3 Hengelo, 7 Almelo ------------------------------------------------------
    uitkomsten = (
        [(Status.OPGEPAKT_IN_CASUS, "")] * 7 + [(Status.DOORGEZET, Bestemming.POLITIE_OM)] * 5
        + [(Status.DOORGEZET, Bestemming.NLA)] + [(Status.AFGESLOTEN, "")] * 2 + [(Status.IN_BEHANDELING, "")] * 4
        + [(Status.INGEDIEND, "")] * 2 + [(Status.INFORMATIE_OPGEVRAAGD, "")]
    )
    gemeenten = [enschede] * 12 + [hengelo] * 3 + [almelo] * 7
    # Interleave the gemeenten so that each has a mix of outcomes.
    gemeenten = [gemeenten[(i * 5) % 22] for i in range(22)]
    # 16 decisions (15 decided + 1 re-opened), median exactly 4.5 days.
    duur = iter([20, 0.5, 12, 1, 10, 1.5, 9, 2, 8, 2.5, 7, 3, 6, 3.5, 5, 4])
    sectoren = ["horeca", "land-tuinbouw", None, "online"]
    bronnen = ["brp", "ketenpartner", "melding-burger", None]
    vormen = [["arbeid"], ["seksueel", "arbeid"], [], ["crimineel"], ["arbeid"]]
    momenten = [t(2026, 7, 1 + i * 4 % 28, 9 + i % 8) for i in range(22)]
    momenten[0] = t(2026, 7, 1, 0, 0)  # the first moment of Q3
    # The quarter boundary: the last Enschede signal at 23:59 on 30 September counts in Q3 …
    momenten[max(i for i in range(22) if gemeenten[i] == enschede)] = t(2026, 9, 30, 23, 59)
    for i, (status, bestemming) in enumerate(uitkomsten):
        besluiten = ()
        heropend = False
        if status in (Status.OPGEPAKT_IN_CASUS, Status.DOORGEZET, Status.AFGESLOTEN):
            besluiten = (next(duur),)
            heropend = i == 0  # decided, re-opened, decided again: the first decision counts
        elif i == len(uitkomsten) - 5:  # in behandeling again after a decision
            besluiten, heropend = (next(duur),), True
        _signaal(wereld, door, gemeenten[i], momenten[i], status, bestemming, sectoren[i % 4], bronnen[i % 4],
                 vormen[i % 5], besluiten, heropend)
    # … 00:00 on 1 October in Q4, in none of the periods.
    _signaal(wereld, door, enschede, t(2026, 10, 1, 0, 0), Status.OPGEPAKT_IN_CASUS, sector="horeca",
             vormen=["arbeid"], besluiten=(1,))
    for _i in range(extra_signalen):
        _signaal(wereld, door, almelo, t(2026, 8, 14), Status.DOORGEZET, Bestemming.COMENSHA, "bouw", "brp",
                 ["arbeid", "seksueel"], (3,))

    # --- Q2 2026: 4 signals, 3 decisions; one at 23:59 on 30 June ---------------------------------------------------
    _signaal(wereld, door, enschede, t(2026, 4, 2), Status.OPGEPAKT_IN_CASUS, sector="horeca", bron="brp",
             vormen=["arbeid"], besluiten=(1,))
    _signaal(wereld, door, enschede, t(2026, 6, 30, 23, 59), Status.AFGESLOTEN, sector="bouw", besluiten=(2,))
    _signaal(wereld, door, almelo, t(2026, 5, 10), Status.DOORGEZET, Bestemming.VEILIG_THUIS, bron="leerplicht",
             besluiten=(3,))
    _signaal(wereld, door, hengelo, t(2026, 5, 11), Status.INGEDIEND, vormen=["seksueel"])

    # --- Q3 2025: 6 signals, 5 decisions (median 6.0) -------------------------------------------------------------
    for i, dagen in enumerate([2, 4, 6, 8, 10]):
        _signaal(wereld, door, [enschede, almelo][i % 2], t(2025, 7, 5) + timedelta(days=10 * i), Status.OPGEPAKT_IN_CASUS,
                 sector="horeca", bron="ketenpartner", vormen=["seksueel"], besluiten=(dagen,))
    _signaal(wereld, door, hengelo, t(2025, 9, 30, 23, 59), Status.IN_BEHANDELING)

    # --- the rest of the series: Q4 2025 (2), Q1 2026 (5, one at 23:59 on 31 March) --------------------------------
    for moment in (t(2025, 11, 3), t(2025, 12, 31, 23, 59)):
        _signaal(wereld, door, enschede, moment)
    for moment in (t(2026, 1, 1, 0, 0), t(2026, 2, 2), t(2026, 2, 3), t(2026, 3, 3), t(2026, 3, 31, 23, 59)):
        _signaal(wereld, door, hengelo, moment)

    # --- not in the district: another district's signals, a draft -------------------------------------------------
    for i in range(5):
        _signaal(wereld, door, [deventer, zwolle][i % 2], t(2026, 8, 1 + i), Status.DOORGEZET, Bestemming.NLA,
                 sector="schoonmaak", bron="brp", vormen=["arbeid"], besluiten=(1 + i,), plek="ander")
    Signaal.objects.create(status=Status.CONCEPT, ingediend_door=door, organisatie=organisatie, gemeente=enschede,
                           omschrijving=_tekst(wereld, "concept"))

    # --- cases ----------------------------------------------------------------------------------------------------
    def casus(plek="district", **velden):
        d = {"district": district, "ander": ander, "regio": None}[plek]
        return _casus(wereld, door, plek, d, oost, **velden)

    c1 = casus(geopend_op=t(2026, 7, 10), comensha=date(2026, 7, 15), vormen=["arbeid"])
    c2 = casus(geopend_op=t(2026, 8, 1), afgesloten_op=t(2026, 9, 20), zorg=date(2026, 8, 5),
               vormen=["seksueel", "arbeid"])
    c3 = casus(geopend_op=t(2026, 4, 5), comensha=date(2026, 6, 30), vormen=["crimineel"])
    casus(geopend_op=t(2026, 5, 1), afgesloten_op=t(2026, 7, 1, 0, 0), vormen=["arbeid"])
    casus(geopend_op=t(2025, 8, 1), afgesloten_op=t(2025, 9, 30, 23, 59), comensha=date(2025, 7, 1),
          vormen=["seksueel"])
    c6 = casus(geopend_op=t(2025, 1, 10), afgesloten_op=t(2026, 10, 2), zorg=date(2025, 9, 30), vormen=["arbeid"])
    casus(geopend_op=t(2026, 9, 30, 23, 59), zorg=date(2026, 10, 1))
    c8 = casus("ander", geopend_op=t(2026, 7, 10), comensha=date(2026, 7, 11), vormen=["arbeid"])
    casus("regio", geopend_op=t(2026, 8, 10), vormen=["crimineel"])

    # --- meetings -------------------------------------------------------------------------------------------------
    def org(naam, soort):
        return OrganisatieFactory(naam=naam, soort=soort)

    politie = org("Politie Testeenheid", OrganisatieSoort.POLITIE)
    gemeente_a = org("Gemeente Testdorp A", OrganisatieSoort.GEMEENTE)
    gemeente_b = org("Gemeente Testdorp B", OrganisatieSoort.GEMEENTE)
    nla = org("Arbeidsinspectie Test", OrganisatieSoort.NLA)
    zorg = org("Zorgcoördinatie Test", OrganisatieSoort.ZORGCOORDINATOR)
    om = org("OM Test", OrganisatieSoort.OM)
    tafel = TafelFactory(naam="Casusoverleg Testdistrict", district=district)
    andere_tafel = TafelFactory(naam="Casusoverleg IJssel-test", district=ander)
    regiotafel = TafelFactory(naam="Regionale tafel Oost-test", district=None, regio=oost)
    gehouden, vastgesteld = OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD

    m1 = _overleg(wereld, door, tafel, "district", t(2026, 7, 15, 10), gehouden,
                  deelnemers=[(politie, True), (gemeente_a, False), (nla, None)],
                  uitnodigingen=[(c1, zorg, True), (c1, gemeente_a, True), (c2, zorg, False)])
    _overleg(wereld, door, tafel, "district", t(2026, 9, 30, 20), vastgesteld,
             deelnemers=[(politie, True), (gemeente_a, True), (gemeente_b, True), (nla, True)])
    for dag in range(4):
        _overleg(wereld, door, tafel, "district", t(2026, 8, 3 + 7 * dag, 14), gehouden,
                 deelnemers=[(politie, True), (gemeente_a, dag % 2 == 0)])
    _overleg(wereld, door, tafel, "district", t(2026, 8, 10, 14), OverlegStatus.GEANNULEERD,
             deelnemers=[(politie, None), (om, None)])
    _overleg(wereld, door, tafel, "district", t(2026, 10, 1, 9), OverlegStatus.GEPLAND, deelnemers=[(politie, None)])
    _overleg(wereld, door, tafel, "district", t(2026, 5, 20, 10), gehouden,
             deelnemers=[(politie, True), (gemeente_a, False)], uitnodigingen=[(c3, om, True)])
    _overleg(wereld, door, tafel, "district", t(2025, 8, 15, 10), gehouden, deelnemers=[(politie, True)])
    m7 = _overleg(wereld, door, andere_tafel, "ander", t(2026, 7, 20, 10), gehouden, deelnemers=[(om, True)],
                  uitnodigingen=[(c8, zorg, True)])
    _overleg(wereld, door, regiotafel, "regio", t(2026, 9, 1, 10), gehouden,
             deelnemers=[(politie, False), (om, True)])

    # --- actions --------------------------------------------------------------------------------------------------
    s = ActieSoort
    onderwerp = Agendapunt.objects.create(overleg=m1, volgorde=99, soort=AgendapuntSoort.ONDERWERP,
                                          titel=_tekst(wereld, "agendapunt"))
    _actie(wereld, door, "district", politie, s.STRAFRECHTELIJK, t(2026, 7, 15), date(2026, 8, 15),
           ActieStatus.GEREED, t(2026, 8, 1), casus=c1)
    _actie(wereld, door, "district", gemeente_a, s.BESTUURLIJK, t(2026, 7, 15), date(2026, 9, 30), casus=c1)
    _actie(wereld, door, "district", nla, s.ARBEIDSRECHTELIJK, t(2026, 7, 15), date(2026, 10, 1),
           ActieStatus.IN_UITVOERING, casus=c2)
    _actie(wereld, door, "district", politie, s.STRAFRECHTELIJK, t(2026, 5, 1), date(2026, 6, 1), ActieStatus.GEREED,
           t(2026, 7, 10), casus=c3)
    _actie(wereld, door, "district", politie, s.FISCAAL, t(2026, 5, 1), date(2026, 6, 1), ActieStatus.VERVALLEN,
           casus=c3)
    _actie(wereld, door, "district", zorg, s.ZORG, t(2026, 7, 15), date(2026, 7, 20), ActieStatus.GEREED,
           t(2026, 9, 30, 23), agendapunt=onderwerp)
    for i, soort in enumerate([s.ZORG, s.BESTUURLIJK, s.STRAFRECHTELIJK, s.ZORG]):
        _actie(wereld, door, "district", [gemeente_a, zorg, politie, zorg][i], soort, t(2026, 7, 2 + i),
               date(2026, 8, 1), ActieStatus.GEREED, t(2026, 7, 6 + 3 * i, 16), casus=c2)
    _actie(wereld, door, "district", politie, s.STRAFRECHTELIJK, t(2025, 7, 20), date(2025, 8, 1), ActieStatus.GEREED,
           t(2025, 9, 1), casus=c6)
    _actie(wereld, door, "district", gemeente_b, s.BESTUURLIJK, t(2025, 7, 21), date(2025, 9, 30), casus=c6)
    _actie(wereld, door, "ander", om, s.FISCAAL, t(2026, 7, 21), date(2026, 8, 1), casus=c8)
    _actie(wereld, door, "ander", om, s.FISCAAL, t(2026, 7, 22), date(2026, 8, 1),
           agendapunt=Agendapunt.objects.create(overleg=m7, volgorde=99, soort=AgendapuntSoort.ONDERWERP))
    return wereld


# --- the expected figures, by hand -------------------------------------------------------------------------------


def _in(moment, kw):
    return moment is not None and kwartaal_van(moment) == kw


def _telt(plek, scope):
    return plek == "district" if scope == "district" else True


def _mediaan(dagen):
    return round(statistics.median(dagen), 1) if dagen else None


def _lijst(model, waarden_van):
    rijen = []
    for item in model.objects.order_by("volgorde", "naam", "pk"):
        waarden = waarden_van(item.code)
        if item.actief or any(waarden):
            rijen.append({"label": item.naam, "waarden": waarden})
    return rijen


def verwacht(wereld, scope="district"):
    """The whole ``bereken`` result for the district (``scope="district"``) or the region (``"regio"``)."""
    signalen = [s for s in wereld.signalen if _telt(s["plek"], scope)]
    casussen = [c for c in wereld.casussen if _telt(c["plek"], scope)]
    overleggen = [o for o in wereld.overleggen if _telt(o["plek"], scope)]
    acties = [a for a in wereld.acties if _telt(a["plek"], scope)]
    werkgebied = wereld.district if scope == "district" else wereld.regio
    gemeenten = (list(wereld.district.gemeenten.order_by("naam", "cbs_code")) if scope == "district"
                 else list(Gemeente.objects.filter(regio=wereld.regio).order_by("naam", "cbs_code")))

    def tel(rijen, conditie):
        return [sum(1 for r in rijen if conditie(r, kw)) for kw in PERIODEN]

    def ontvangen(conditie=lambda s: True):
        return tel(signalen, lambda s, kw: _in(s["ingediend_op"], kw) and conditie(s))

    besluiten = [[s["besluit_na"] for s in signalen if _in(s["ingediend_op"], kw) and s["besluit_na"] is not None]
                 for kw in PERIODEN]
    beslist = (Status.OPGEPAKT_IN_CASUS, Status.DOORGEZET, Status.AFGESLOTEN)

    def lopend(c, kw):
        einde = einde_van(kw)
        return c["geopend_op"] < einde and (c["afgesloten_op"] is None or c["afgesloten_op"] >= einde)

    # Meetings held and their (meeting, organisation) pairs.
    gehouden = [o for o in overleggen
                if o["status"] in (OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD)]
    per_soort = {}
    for o in gehouden:
        paren = {}
        for soort, organisatie, aanwezig in o["paren"]:
            paren[organisatie] = (soort, paren.get(organisatie, (soort, False))[1] or aanwezig is True)
        for soort, aanwezig in paren.values():
            telling = per_soort.setdefault(soort, {"aanwezig": [0, 0, 0], "verwacht": [0, 0, 0]})
            for i, kw in enumerate(PERIODEN):
                if _in(o["begint"], kw):
                    telling["verwacht"][i] += 1
                    telling["aanwezig"][i] += aanwezig

    def afgesproken(a, kw):
        return _in(a["aangemaakt"], kw)

    def gereed(a, kw):
        return a["status"] == ActieStatus.GEREED and _in(a["gereed_op"], kw)

    def verlopen(a, kw):
        einde = einde_van(kw)
        return (a["aangemaakt"] < einde and a["deadline"] <= laatste_dag_van(kw)
                and a["status"] != ActieStatus.VERVALLEN and (a["gereed_op"] is None or a["gereed_op"] >= einde))

    maten = {"afgesproken": afgesproken, "gereed": gereed, "verlopen": verlopen}

    def actiecijfers(rijen):
        return {naam: tel(rijen, f) for naam, f in maten.items()}

    per_organisatiesoort = []
    for soort in OrganisatieSoort.values:
        cijfers = actiecijfers([a for a in acties if a["organisatiesoort"] == soort])
        if any(any(w) for w in cijfers.values()):
            per_organisatiesoort.append({"sleutel": soort, **cijfers})
    doorloop = [[(a["gereed_op"] - a["aangemaakt"]).total_seconds() / 86400 for a in acties if gereed(a, kw)]
                for kw in PERIODEN]

    return {
        "schema": 1,
        "werkgebied": {"soort": scope, "naam": werkgebied.naam},
        "kwartaal": list(KWARTAAL),
        "perioden": [list(kw) for kw in PERIODEN],
        "reeks": [{"kwartaal": list(kw), "signalen": sum(1 for s in signalen if _in(s["ingediend_op"], kw))}
                  for kw in REEKS],
        "signalen": {
            "ontvangen": ontvangen(),
            "per_gemeente": [{"label": g.naam, "waarden": ontvangen(lambda s, g=g: s["gemeente"] == g.naam)}
                             for g in gemeenten],
            "per_vorm": _lijst(Vorm, lambda code: ontvangen(lambda s: code in s["vormen"])),
            "zonder_vorm": ontvangen(lambda s: not s["vormen"]),
            "per_sector": _lijst(Sector, lambda code: ontvangen(lambda s: s["sector"] == code))
            + [{"label": None, "waarden": ontvangen(lambda s: s["sector"] is None)}],
            "per_bron": _lijst(Bron, lambda code: ontvangen(lambda s: s["bron"] == code))
            + [{"label": None, "waarden": ontvangen(lambda s: s["bron"] is None)}],
            "uitkomst": [
                {"sleutel": "opgepakt_in_casus", "waarden": ontvangen(lambda s: s["status"] == Status.OPGEPAKT_IN_CASUS)},
                *({"sleutel": "doorgezet", "bestemming": b.value,
                   "waarden": ontvangen(lambda s, b=b: s["status"] == Status.DOORGEZET and s["bestemming"] == b)}
                  for b in Bestemming),
                {"sleutel": "afgesloten_zonder_vervolg", "waarden": ontvangen(lambda s: s["status"] == Status.AFGESLOTEN)},
                {"sleutel": "in_behandeling", "waarden": ontvangen(lambda s: s["status"] not in beslist)},
            ],
            "beslisduur": {"mediaan_dagen": [_mediaan(b) for b in besluiten], "aantal": [len(b) for b in besluiten]},
        },
        "casussen": {
            "geopend": tel(casussen, lambda c, kw: _in(c["geopend_op"], kw)),
            "lopend": tel(casussen, lopend),
            "afgesloten": tel(casussen, lambda c, kw: _in(c["afgesloten_op"], kw)),
            "comensha": tel(casussen, lambda c, kw: _in(c["comensha"], kw)),
            "zorgcoordinator": tel(casussen, lambda c, kw: _in(c["zorg"], kw)),
            "geopend_per_vorm": _lijst(Vorm, lambda code: tel(
                casussen, lambda c, kw: code in c["vormen"] and _in(c["geopend_op"], kw))),
            "lopend_per_vorm": _lijst(Vorm, lambda code: tel(
                casussen, lambda c, kw: code in c["vormen"] and lopend(c, kw))),
            "afgesloten_per_vorm": _lijst(Vorm, lambda code: tel(
                casussen, lambda c, kw: code in c["vormen"] and _in(c["afgesloten_op"], kw))),
        },
        "overleggen": {
            "gehouden": tel(gehouden, lambda o, kw: _in(o["begint"], kw)),
            "per_organisatiesoort": [{"sleutel": soort, **per_soort[soort]} for soort in OrganisatieSoort.values
                                     if soort in per_soort and any(per_soort[soort]["verwacht"])],
        },
        "acties": {
            **actiecijfers(acties),
            "per_soort": [{"sleutel": soort, **actiecijfers([a for a in acties if a["soort"] == soort])}
                          for soort in ActieSoort.values],
            "per_organisatiesoort": per_organisatiesoort,
            "doorlooptijd": {"mediaan_dagen": [_mediaan(d) for d in doorloop], "aantal": [len(d) for d in doorloop]},
        },
        # Issue 9. The world has no basisniveau measurement and no awareness session: no chapter figures for the
        # first; for the second every gemeente of the werkgebied, none reached in the twelve months up to
        # 30 September 2026 (from 30 September 2025), 0 of them: 0%.
        "basisniveau": None,
        "bewustwording": {
            "peildatum": "2026-09-30",
            "vanaf": "2025-09-30",
            "gemeenten": [{"naam": g.naam, "cbs_code": g.cbs_code, "laatste_bijeenkomst": None, "bereikt": False}
                          for g in gemeenten],
            "bereikt": 0,
            "populatie": len(gemeenten),
            "percentage": 0,
        },
        # Issue 21. The world has no barriers: every default domain and every instrument at 0; the national figures
        # are the NRM's, whatever the werkgebied.
        "barrieres": {
            "ingezet": [0, 0, 0], "opgeworpen": [0, 0, 0],
            "per_domein": [{"label": naam, "waarden": [0, 0, 0]} for naam in (
                "Werving en entree", "Huisvesting", "Identiteit en registratie", "Arbeid", "Financiën", "Verblijf")],
            "per_instrument": [{"sleutel": i, "waarden": [0, 0, 0]} for i in (
                "bibob", "sluiting", "last_onder_dwangsom", "vergunning_geweigerd", "controle")],
        },
        "landelijk": {
            "bron": "Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen, Slachtoffermonitor "
                    "mensenhandel: geregistreerde mogelijke slachtoffers per jaar",
            "jaar": 2024,
            "reeks": [{"jaar": 2020, "slachtoffers": 984}, {"jaar": 2021, "slachtoffers": 791},
                      {"jaar": 2022, "slachtoffers": 814}, {"jaar": 2023, "slachtoffers": 868},
                      {"jaar": 2024, "slachtoffers": 944}],
        },
        # Issue 21. The world has no victims' care tracks: every step at 0 (tests/casusoverleg/test_zorg_rapport.py
        # counts a world that has them).
        "zorg": {
            "nieuw": [0, 0, 0], "in_zorg": [0, 0, 0], "comensha": [0, 0, 0],
            "geregeld_per_stap": [{"sleutel": s, "waarden": [0, 0, 0]} for s in (
                "comensha", "bedenktijd", "opvang", "brp", "zorgverzekering", "uitkering", "verblijfsvergunning",
                "aangifte")],
        },
    }
