"""Demo cases and meetings for Twente and Midden-Nederland (``seed_demo``). Fictitious situations only.

``seed(gebruikers)`` adds, per werkgebied, a handful of cases opened from the demo signals that were taken up in a
case (and one from a partner's report), in every status and with a victim track; a past meeting of the
casusoverleg with its agenda, an invitation for one case item (Twente: Gemeente Hengelo, whose coordinator
accepted the declaration), the agenda PDFs, the attendance list, decisions and actions in every state (some
overdue, one dropped), and its decision list PDFs; and a planned meeting whose agenda holds the carried-over case.

Everything goes through the application's own write paths (``services.casussen``, ``services.overleggen``,
``services.agenda``), so codes, history, invitations, e-mails, PDFs and the audit log are what real use gives.
Decisions and actions are written straight to the database with their case history (the meeting's own
decision screens build on them). Afterwards the moments are set back to the story's dates with queryset updates.

The summaries are generic and made up: no names of persons or real businesses.

Idempotent: a demo case is known by its summary, a demo meeting by its table and day; a run adds only what does not
exist yet and never touches what a demo user changed.
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from signalen.models import Signaal, Vorm
from signalen.models import Status as SignaalStatus
from tafels.models import Gemeente, Tafel

from . import historie
from .models import (
    Actie,
    ActieSoort,
    ActieStatus,
    Agendapunt,
    AgendapuntSoort,
    Besluit,
    Casus,
    CasusGebeurtenis,
    CasusHistorie,
    CasusSignaal,
    CasusStatus,
    Overleg,
)
from .services import agenda, besluitenlijst, casussen, overleggen

REGISSEUR_TWENTE = "regisseur@twente.example"
REGISSEUR_MIDDEN = "regisseur@midden-nederland.example"
HENGELO = "coordinator@hengelo.example"
UTRECHT = "coordinator@utrecht.example"
TAFEL_TWENTE = "Casusoverleg Mensenhandel Twente"
TAFEL_MIDDEN = "Casusoverleg Mensenhandel Midden-Nederland"


@dataclass
class DemoActie:
    omschrijving: str
    soort: str
    organisatie: str
    deadline_dagen: int  # relative to today: negative is in the past
    status: str = ActieStatus.OPEN
    terugkoppeling: str = ""
    persoon: str | None = None
    reden_vervallen: str = "De bewoners zijn inmiddels elders gehuisvest; een huisbezoek is niet meer nodig."


@dataclass
class DemoCasus:
    sleutel: str
    regisseur: str
    gemeenten: tuple
    vormen: tuple
    samenvatting: str
    dagen_geleden: int
    status: str = CasusStatus.OPEN
    afsluitreden: str = ""
    comensha_dagen: int | None = None
    zorg_dagen: int | None = None
    melder: str | None = None
    # Demo signals of these gemeenten that were taken up in a case are linked to it.
    signalen_uit: tuple = ()
    besluit: str = ""
    acties: list = field(default_factory=list)


S = ActieSoort
A = ActieStatus
CASUSSEN = [
    DemoCasus(
        "tw-distributie", REGISSEUR_TWENTE, ("Enschede", "Rijssen-Holten"), ("arbeid",),
        "Uitzendkrachten van één uitzendbureau (demo), werkzaam in een distributiecentrum en in de teelt, wonen met "
        "te veel personen in één woning en leveren hun loon grotendeels in voor huur en vervoer.",
        75, status=CasusStatus.INTERVENTIES_LOPEN, comensha_dagen=50, zorg_dagen=48,
        signalen_uit=("Enschede", "Rijssen-Holten"),
        besluit="De inspectie en de gemeente gaan samen op controle; de politie bereidt een verhoor voor.",
        acties=[
            DemoActie("Gezamenlijke controle van de woning en het uitzendbureau (demo) plannen en uitvoeren.",
                      S.ARBEIDSRECHTELIJK, "Nederlandse Arbeidsinspectie", -10, A.GEREED,
                      "Controle uitgevoerd; twee overtredingen van het Arbeidsomstandighedenbesluit vastgesteld.",
                      persoon="inspectie@nla.example"),
            DemoActie("Bewoners informeren over hulp en opvang; aanmelding bij CoMensha waar zij dat willen.",
                      S.ZORG, "Zorgcoördinator Twente", -5, A.IN_UITVOERING),
            DemoActie("Verhoor van twee betrokkenen voorbereiden en afstemmen met het OM.", S.STRAFRECHTELIJK,
                      "Politie Oost-Nederland", -3, persoon="politie@oost-nederland.example"),
        ],
    ),
    DemoCasus(
        "tw-escort", REGISSEUR_TWENTE, ("Hengelo",), ("seksueel",),
        "Advertenties voor escortdiensten met steeds wisselende telefoonnummers; mogelijk wordt een jonge vrouw "
        "van adres naar adres gebracht.",
        60, status=CasusStatus.IN_ONDERZOEK, comensha_dagen=30, signalen_uit=("Hengelo",),
        besluit="De politie onderzoekt de advertenties; de gemeente Hengelo toetst de huurcontracten van de adressen.",
        acties=[
            DemoActie("Advertenties en telefoonnummers analyseren.", S.STRAFRECHTELIJK, "Politie Oost-Nederland", 12,
                      A.IN_UITVOERING, persoon="politie@oost-nederland.example"),
            DemoActie("Huurcontracten van de betrokken adressen bestuurlijk toetsen.", S.BESTUURLIJK,
                      "Gemeente Hengelo", -8, persoon=HENGELO),
        ],
    ),
    DemoCasus(
        "tw-drugsrunners", REGISSEUR_TWENTE, ("Almelo", "Enschede"), ("crimineel",),
        "Jongeren worden ingezet als drugsrunners tussen twee gemeenten; er zijn aanwijzingen voor dwang en "
        "schulden.",
        20, signalen_uit=("Almelo",),
    ),
    DemoCasus(
        "tw-schoonmaak", REGISSEUR_TWENTE, ("Hengelo", "Borne"), ("arbeid",),
        "Schoonmaakbedrijf (demo) betaalt werknemers structureel onder het minimumloon en houdt hun paspoorten in.",
        120, status=CasusStatus.AFGESLOTEN,
        afsluitreden="Het bedrijf is beboet en gesloten; de werknemers zijn begeleid naar ander werk.",
        comensha_dagen=100, zorg_dagen=95, melder="Nederlandse Arbeidsinspectie",
    ),
    DemoCasus(
        "mn-tuinbouw", REGISSEUR_MIDDEN, ("Nieuwegein", "Utrecht"), ("arbeid",),
        "Arbeidsmigranten bij een tuinbouwbedrijf (demo) werken lange dagen zonder vrije dag en slapen in een "
        "bedrijfsloods; een deel van hen werkt ook in een nagelstudio (demo) in Utrecht.",
        55, status=CasusStatus.INTERVENTIES_LOPEN, comensha_dagen=40, signalen_uit=("Utrecht", "Nieuwegein"),
        besluit="De inspectie controleert de studio; de gemeente Utrecht onderzoekt de bewoning van het pand.",
        acties=[
            DemoActie("Controle van het tuinbouwbedrijf en de nagelstudio op arbeidsvoorwaarden.", S.ARBEIDSRECHTELIJK,
                      "Nederlandse Arbeidsinspectie", -12, A.GEREED, "Controle gedaan; rapport volgt.",
                      persoon="inspectie@nla.example"),
            DemoActie("Onderzoek naar bewoning van de bedrijfsloods.", S.BESTUURLIJK, "Gemeente Utrecht", -2,
                      persoon=UTRECHT),
            DemoActie("Fiscaal onderzoek naar de eigenaar (demo).", S.FISCAAL, "Belastingdienst", 30),
            DemoActie("Huisbezoek door het wijkteam bij de bewoners van de loods.", S.ZORG, "Gemeente Utrecht", -20,
                      A.VERVALLEN, persoon=UTRECHT),
        ],
    ),
    DemoCasus(
        "mn-loverboy", REGISSEUR_MIDDEN, ("Amersfoort",), ("seksueel",),
        "Een minderjarige is mogelijk geronseld via sociale media; het wijkteam en Veilig Thuis zijn betrokken.",
        10, zorg_dagen=8, melder="Politie Midden-Nederland",
    ),
]

# table, regisseur, days from today (negative = past), start hour, place, case keys on the agenda
OVERLEGGEN = [
    (TAFEL_TWENTE, REGISSEUR_TWENTE, -42, 13, "Stadhuis Enschede, Langestraat 24, vergaderzaal 2",
     ("tw-distributie", "tw-escort")),
    # The next Twente meeting: the case with open actions is on it; the others are proposed on the agenda page.
    (TAFEL_TWENTE, REGISSEUR_TWENTE, 20, 13, "Stadhuis Enschede, Langestraat 24, vergaderzaal 2",
     ("tw-distributie",)),
    (TAFEL_MIDDEN, REGISSEUR_MIDDEN, -30, 10, "RIEC Midden-Nederland, Utrecht", ("mn-tuinbouw",)),
    (TAFEL_MIDDEN, REGISSEUR_MIDDEN, 16, 10, "RIEC Midden-Nederland, Utrecht", ("mn-tuinbouw", "mn-loverboy")),
]

DOEL = (
    "Het gezamenlijk aanpakken van de besproken casussen van mensenhandel: het bepalen en afstemmen van "
    "interventies (strafrechtelijk, bestuurlijk, fiscaal, arbeidsrechtelijk en zorg). Gedeelde informatie wordt "
    "alleen daarvoor gebruikt, op grond van het RIEC-convenant."
)


def _moment(dagen, uur):
    dag = timezone.localdate() + timedelta(days=dagen)
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    return timezone.make_aware(datetime.combine(dag, time(uur, 0)))


def _organisatie(naam):
    from partners.models import Organisatie

    return Organisatie.objects.get(naam=naam)


def _casus(demo, gebruikers):
    bestaand = Casus.objects.filter(samenvatting=demo.samenvatting).first()
    if bestaand is not None:
        return bestaand, False
    regisseur = gebruikers[demo.regisseur]
    gemeenten = list(Gemeente.objects.filter(naam__in=demo.gemeenten, districten__isnull=False).distinct()
                     if demo.regisseur == REGISSEUR_TWENTE else Gemeente.objects.filter(naam__in=demo.gemeenten))
    signalen = list(
        Signaal.objects.filter(gemeente__naam__in=demo.signalen_uit, status=SignaalStatus.OPGEPAKT_IN_CASUS,
                               casuskoppelingen__isnull=True)
        .order_by("ingediend_op")[:2]
    )
    eerste = CasusHistorie.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    casus = casussen.open_casus(
        regisseur, gemeenten=gemeenten, vormen=list(Vorm.objects.filter(code__in=demo.vormen)),
        samenvatting=demo.samenvatting, signalen=signalen,
        melder=_organisatie(demo.melder) if demo.melder else None,
    )
    vandaag = timezone.localdate()
    if demo.comensha_dagen is not None or demo.zorg_dagen is not None:
        casussen.set_slachtofferspoor(
            casus, regisseur,
            comensha_aangemeld_op=vandaag - timedelta(days=demo.comensha_dagen) if demo.comensha_dagen else None,
            zorgcoordinator_betrokken_op=vandaag - timedelta(days=demo.zorg_dagen) if demo.zorg_dagen else None,
        )
    if demo.status == CasusStatus.AFGESLOTEN:
        casussen.change_status(casus, regisseur, CasusStatus.INTERVENTIES_LOPEN)
        casussen.change_status(casus, regisseur, CasusStatus.AFGESLOTEN, reden=demo.afsluitreden)
    elif demo.status != CasusStatus.OPEN:
        casussen.change_status(casus, regisseur, demo.status)
    # Back to the story's dates: opened N days ago, the following steps a few days apart, and the victim track
    # recorded no earlier than the afternoon of the last date it records (a CoMensha date is never after the day it
    # was written down); the steps after it follow it.
    geopend = timezone.now() - timedelta(days=demo.dagen_geleden)
    tijdstip = None
    for pk, soort in CasusHistorie.objects.filter(casus=casus, pk__gt=eerste).order_by("pk").values_list("pk", "soort"):
        tijdstip = geopend if tijdstip is None else tijdstip + timedelta(days=2, hours=1)
        if soort == CasusGebeurtenis.SLACHTOFFERSPOOR:
            tijdstip = max(tijdstip, _vastgelegd(demo))
        CasusHistorie.objects.filter(pk=pk).update(tijdstip=tijdstip)
    for koppeling in casus.koppelingen.all():
        rij = CasusHistorie.objects.filter(casus=casus, signaal_id=koppeling.signaal_id).first()
        if rij is not None:
            CasusSignaal.objects.filter(pk=koppeling.pk).update(gekoppeld_op=rij.tijdstip)
    laatste = CasusHistorie.objects.filter(casus=casus).order_by("-tijdstip").values_list("tijdstip", flat=True)[0]
    Casus.objects.filter(pk=casus.pk).update(
        geopend_op=geopend, status_gewijzigd_op=laatste,
        afgesloten_op=laatste if demo.status == CasusStatus.AFGESLOTEN else None,
    )
    casus.refresh_from_db()
    return casus, True


def _vastgelegd(demo):
    """The earliest moment the victim track of a demo case can have been recorded: 16:00 on its last date."""
    dagen = min(d for d in (demo.comensha_dagen, demo.zorg_dagen) if d is not None)
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=dagen), time(16, 0)))


def _definitief_op(overleg):
    """When the story made the agenda of a past meeting final: a week before, at 10:00."""
    dag = timezone.localtime(overleg.begint).date() - timedelta(days=7)
    return timezone.make_aware(datetime.combine(dag, time(10, 0)))


def _overleg(tafel_naam, regisseur, dagen, uur, plaats, casus_sleutels, casussen_per_sleutel, gebruikers):
    tafel = Tafel.objects.get(naam=tafel_naam)
    begint = _moment(dagen, uur)
    if Overleg.objects.filter(tafel=tafel, begint__date=begint.date()).exists():
        return None
    door = gebruikers[regisseur]
    overleg = overleggen.schedule(tafel, door, begint=begint, eindigt=begint + timedelta(hours=2), locatie=plaats,
                                  doel=DOEL)
    for sleutel in casus_sleutels:
        casus = casussen_per_sleutel[sleutel]
        if casus.status == CasusStatus.AFGESLOTEN:
            continue
        punt = agenda.add_casus(overleg, door, casus)
        if tafel_naam == TAFEL_TWENTE and "Hengelo" in casus.gemeenten.values_list("naam", flat=True):
            agenda.invite(punt, door, _organisatie("Gemeente Hengelo"), deelnemer=gebruikers[HENGELO])
    if dagen < 0:
        agenda.add_punt(overleg, door, soort=AgendapuntSoort.ONDERWERP, titel="Signalen en trends van het kwartaal",
                        toelichting="De ketenregisseur licht de signalen van het afgelopen kwartaal toe.")
    return overleg


def _afronden(overleg, gebruikers, casussen_per_sleutel):
    """A past meeting after its final agenda: the invitee's declaration, attendance, decisions and actions."""
    regisseur = overleg.aangemaakt_door
    if overleg.tafel.naam == TAFEL_TWENTE:
        agenda.accept_declaration(overleg, gebruikers[HENGELO])
    deelnemers = list(overleg.deelnemers.values_list("pk", flat=True))
    afwezig = deelnemers[-1:] if len(deelnemers) > 3 else []
    uitnodigingen = list(overleg.agendapunten.values_list("uitnodigingen__pk", flat=True))
    overleggen.record_attendance(
        overleg, regisseur, aanwezig_deelnemers=[pk for pk in deelnemers if pk not in afwezig],
        aanwezig_uitnodigingen=[pk for pk in uitnodigingen if pk],
    )
    per_casus = {c.pk: d for d in CASUSSEN for c in [casussen_per_sleutel[d.sleutel]]}
    vandaag = timezone.localdate()
    for punt in Agendapunt.objects.filter(overleg=overleg, soort=AgendapuntSoort.CASUS).select_related("casus"):
        demo = per_casus[punt.casus_id]
        if demo.besluit:
            Besluit.objects.create(agendapunt=punt, tekst=demo.besluit, vastgelegd_door=regisseur,
                                   vastgelegd_op=overleg.eindigt)
            historie.add(punt.casus, regisseur, CasusGebeurtenis.BESLUIT, overleg=overleg, tekst=demo.besluit)
        for demo_actie in demo.acties:
            actie = Actie.objects.create(
                casus=punt.casus, agendapunt=punt, omschrijving=demo_actie.omschrijving, soort=demo_actie.soort,
                organisatie=_organisatie(demo_actie.organisatie),
                verantwoordelijke=gebruikers.get(demo_actie.persoon) if demo_actie.persoon else None,
                deadline=vandaag + timedelta(days=demo_actie.deadline_dagen), status=demo_actie.status,
                terugkoppeling=demo_actie.terugkoppeling,
                reden_vervallen=demo_actie.reden_vervallen if demo_actie.status == A.VERVALLEN else "",
                gereed_op=timezone.now() - timedelta(days=3) if demo_actie.status == A.GEREED else None,
                aangemaakt_door=regisseur, aangemaakt=overleg.eindigt,
            )
            historie.add(punt.casus, regisseur, CasusGebeurtenis.ACTIE, overleg=overleg, actie=actie)
    # The meeting's steps happened on its day.
    CasusHistorie.objects.filter(overleg=overleg).update(tijdstip=overleg.eindigt)


def seed(gebruikers):
    """Two steps, each committed: first the cases, the meetings and their final agendas (the agenda PDFs are made
    after that commit, by a worker or, without Redis, right here; they say they were made when the story made the
    agenda final, a week before the meeting), then what happened in the past meetings (declaration, attendance,
    decisions, actions), so that an agenda PDF shows the actions open *before* its meeting. The decision lists are
    made on the day of seeding and say so: they show the actions' status of that day. The demo e-mails (invitations,
    agenda ready) go nowhere."""
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        with transaction.atomic():
            # Oldest first, so that the codes follow the order in which the cases were opened.
            per_sleutel = {demo.sleutel: _casus(demo, gebruikers)[0]
                           for demo in sorted(CASUSSEN, key=lambda d: -d.dagen_geleden)}
            gemaakt = []
            for tafel_naam, regisseur, dagen, uur, plaats, sleutels in OVERLEGGEN:
                overleg = _overleg(tafel_naam, regisseur, dagen, uur, plaats, sleutels, per_sleutel, gebruikers)
                if overleg is not None:
                    gemaakt.append((overleg, dagen))
                    if dagen < 0:
                        agenda.finalise(overleg, overleg.aangemaakt_door, op=_definitief_op(overleg))
        with transaction.atomic():
            for overleg, dagen in gemaakt:
                if dagen < 0:
                    _afronden(Overleg.objects.get(pk=overleg.pk), gebruikers, per_sleutel)
        # The decision lists of the past meetings (their PDFs are made after this commit).
        with transaction.atomic():
            for overleg, dagen in gemaakt:
                if dagen < 0:
                    besluitenlijst.make(Overleg.objects.get(pk=overleg.pk), overleg.aangemaakt_door)
    return {"casussen": len(per_sleutel), "overleggen": len(gemaakt)}


# --- the step of seed_demo (registered in CasusoverlegConfig.ready(); see mensenhandel/core/demo.py) ----------------


def stap_casussen_en_overleggen(demo):
    seed(demo.gebruikers)
