"""The meetings of the tables over ten years, their agendas, participants, invitations, confidentiality
declarations, decisions and actions (their rows in the case timelines: ``tijdlijnen``).

Each table holds its share of the meetings, spread evenly over the years (a case meeting of a large werkgebied
weekly, a regional table a few times a year); the last ones lie in the four weeks after the anchor and are still
planned (the next week's agenda sometimes final). Of the past meetings a few were cancelled; the others were held,
and each one's decision list was adopted in the next held meeting of its table. No PDFs are made (agenda and
decision list versions stay 0): the ketenregisseur can have a held meeting's decision list made in the application.

A case is on the agenda of its table (the themed case meeting of its form, else the general one) at the first
meeting after it was opened and at a few later ones while it is open; planned meetings carry the open cases too.
Per case item: sometimes an invitation for the gemeente where it plays (its coordinator accepts the declaration),
minutes, a decision, and the actions: of every type of intervention, for the partner that does that, most done
(some late), a few dropped, the recent ones still open or in progress. A closed case has no open action.
"""
import uuid
from bisect import bisect_left
from collections import defaultdict

from django.conf import settings
from django.utils import formats, timezone, translation

from casusoverleg import demo as casusoverleg_demo
from casusoverleg.models import (
    Actie,
    ActieSoort,
    ActieStatus,
    Agendapunt,
    AgendapuntSoort,
    Besluit,
    Geheimhoudingsverklaring,
    Overleg,
    OverlegDeelnemer,
    OverlegStatus,
    Uitnodiging,
)
from casusoverleg.services.agenda import verklaring_tekst
from mensenhandel.audit.models import AuditActie
from partners.models import OrganisatieSoort, Rol
from rapportage import demo as rapportage_demo
from tafels.models import Tafel

from . import teksten
from .kopie import NULL, Kopie, reserveer, tekst
from .tijd import DAG, UUR, aware, datum_tekst, moment_tekst, weekdag
from .verdeling import Keuze, verdeel

A = ActieStatus
AS = ActieSoort
OS_ = OverlegStatus
P = AgendapuntSoort
SOORT_PER_VORM = {
    vorm: Keuze(((AS.STRAFRECHTELIJK, 30), (AS.BESTUURLIJK, 25), (AS.ZORG, 20),
                 (AS.ARBEIDSRECHTELIJK, 15 if vorm == "arbeid" else 3), (AS.FISCAAL, 10 if vorm == "arbeid" else 4)))
    for vorm in ("arbeid", "seksueel", "crimineel", "orgaan", "onbekend")
}
IN_UITVOERING_TEKST = "Mee bezig; de eerste resultaten volgen in het volgende overleg."


class POverleg:
    __slots__ = ("pk", "tafel", "begint", "eindigt", "status", "punten", "door", "aangemaakt", "uid", "online",
                 "annulering", "vastgesteld_in", "deelnemers", "verklaringen", "historie_tekst")

    def __init__(self, tafel, begint, eindigt):
        self.tafel, self.begint, self.eindigt = tafel, begint, eindigt
        self.status = OS_.GEPLAND
        self.punten = []
        self.annulering = ""
        self.vastgesteld_in = None
        self.deelnemers = []
        self.verklaringen = []


class PPunt:
    __slots__ = ("pk", "overleg", "volgorde", "soort", "titel", "casus", "notitie", "besluit", "acties", "uitnodiging",
                 "onderwerp", "agenda_ts")

    def __init__(self, overleg, soort, casus=None, titel="", onderwerp=None):
        self.overleg, self.soort, self.casus, self.titel, self.onderwerp = overleg, soort, casus, titel, onderwerp
        self.notitie = ""
        self.besluit = None
        self.acties = []
        self.uitnodiging = None
        self.agenda_ts = None


class PActie:
    __slots__ = ("pk", "casus", "punt", "omschrijving", "soort", "org", "verantwoordelijke", "deadline", "status",
                 "gereed_op", "aangemaakt", "terugkoppeling", "reden", "wijzigingen", "scope")


class Overleggen:
    def __init__(self, rng, tijd, wereld, audit, voortgang):
        self.rng, self.tijd, self.w, self.audit, self.voortgang = rng, tijd, wereld, audit, voortgang
        self.overleggen = []
        self.per_tafel = {}

    # --- the meetings ---------------------------------------------------------------------------------------

    def plan(self):
        rng, tijd = self.rng, self.tijd
        begin, einde = tijd.begin + 30 * DAG, tijd.anker + 28 * DAG
        for tafel in self.w.tafels:
            n = tafel.overleggen
            if not n:
                continue
            uur = rng.choice((9, 10, 13, 14))
            duur = int(UUR * rng.choice((1.5, 2, 2, 2.5)))
            stap = (einde - begin) / n
            dagen = []
            for i in range(n):
                dag = tijd.dag_van(begin + int((i + rng.uniform(0.15, 0.85)) * stap))
                if weekdag(dag) >= 5:
                    dag += 7 - weekdag(dag)
                dagen.append(dag)
            if tafel.casustafel and n >= 3 and max(dagen) < tijd.anker_dag:
                dag = tijd.anker_dag + rng.randrange(1, 25)
                dagen[-1] = dag + (7 - weekdag(dag) if weekdag(dag) >= 5 else 0)
            dagen.sort()
            lijst = []
            for dag in dagen:
                begint = tijd.middernacht(dag) + uur * UUR
                overleg = POverleg(tafel, begint, begint + duur)
                overleg.door = rng.choice(tafel.werkgebied.regisseurs)
                # Planned some weeks ahead; nothing is dated after the anchor (a planned meeting was planned before it).
                overleg.aangemaakt = min(begint - int(DAG * rng.uniform(14, 45)), tijd.anker - rng.randrange(UUR, 5 * DAG))
                overleg.uid = uuid.UUID(int=rng.getrandbits(128), version=4)
                overleg.online = f"https://vergaderen.example/{overleg.uid.hex[:12]}" if rng.random() < 0.3 else ""
                lijst.append(overleg)
            self._statussen(lijst)
            self.per_tafel[tafel.pk] = lijst
            self.overleggen += lijst
        self.overleggen.sort(key=lambda o: (o.begint, o.tafel.pk))
        return self.overleggen

    def _statussen(self, lijst):
        rng, anker = self.rng, self.tijd.anker
        gehouden = []
        for overleg in lijst:
            if overleg.begint >= anker:
                dichtbij = overleg.begint < anker + 7 * DAG
                overleg.status = OS_.AGENDA_DEFINITIEF if dichtbij and rng.random() < 0.5 else OS_.GEPLAND
            elif rng.random() < 0.02:
                overleg.status = OS_.GEANNULEERD
                overleg.annulering = rng.choice(teksten.ANNULERINGSREDENEN)
            else:
                overleg.status = OS_.GEHOUDEN
                gehouden.append(overleg)
        for vorige, volgend in zip(gehouden, gehouden[1:], strict=False):
            vorige.status = OS_.BESLUITENLIJST_VASTGESTELD
            vorige.vastgesteld_in = volgend
        if gehouden:
            volgend = next((o for o in lijst if o.begint > gehouden[-1].begint and o.status == OS_.AGENDA_DEFINITIEF),
                           None)
            if volgend is not None:
                gehouden[-1].status = OS_.BESLUITENLIJST_VASTGESTELD
                gehouden[-1].vastgesteld_in = volgend

    # --- agendas --------------------------------------------------------------------------------------------

    def agendas(self, casussen):
        rng, tijd = self.rng, self.tijd
        for overleg in self.overleggen:
            overleg.punten = [PPunt(overleg, P.OPENING), PPunt(overleg, P.BESLUITENLIJST)]
        begints = {pk: [o.begint for o in lijst] for pk, lijst in self.per_tafel.items()}
        for casus in casussen:
            tafel = casus.wg.tafel_voor(casus.vormen[0])
            if tafel is None or tafel.pk not in self.per_tafel:
                continue
            lijst = self.per_tafel[tafel.pk]
            einde = casus.sluit - 5 * DAG if casus.sluit else tijd.anker + 28 * DAG
            van = bisect_left(begints[tafel.pk], casus.geopend + 2 * DAG)
            tot = bisect_left(begints[tafel.pk], einde)
            kandidaten = [o for o in lijst[van:tot] if o.status != OS_.GEANNULEERD]
            if not kandidaten:
                continue
            gekozen = {0} if rng.random() < 0.9 else set()
            later = list(range(1, len(kandidaten)))
            gekozen |= set(rng.sample(later, min(len(later), rng.choice((0, 1, 1, 2, 2, 3, 4)))))
            if casus.sluit is None:
                toekomst = next((i for i, o in enumerate(kandidaten) if o.begint >= tijd.anker), None)
                if toekomst is not None and rng.random() < 0.6:
                    gekozen.add(toekomst)
            for i in sorted(gekozen):
                overleg = kandidaten[i]
                punt = PPunt(overleg, P.CASUS, casus)
                punt.agenda_ts = min(max(casus.geopend + UUR, overleg.begint - int(DAG * rng.uniform(1, 8))),
                                     max(tijd.anker - UUR, casus.geopend + UUR))
                overleg.punten.append(punt)
                casus.punten.append(punt)
        onderwerpen = teksten.ONDERWERPEN
        for overleg in self.overleggen:
            if not overleg.tafel.casustafel:
                for titel, soort, wie, actie in rng.sample(onderwerpen, rng.choice((1, 2, 2, 3))):
                    overleg.punten.append(PPunt(overleg, P.ONDERWERP, titel=titel, onderwerp=(soort, wie, actie)))
            elif rng.random() < 0.1:
                titel, soort, wie, actie = rng.choice(onderwerpen)
                overleg.punten.append(PPunt(overleg, P.ONDERWERP, titel=titel, onderwerp=(soort, wie, actie)))
            overleg.punten.append(PPunt(overleg, P.RONDVRAAG))
            for nummer, punt in enumerate(overleg.punten, 1):
                punt.volgorde = nummer
                if punt.agenda_ts is None:
                    punt.agenda_ts = min(overleg.aangemaakt + rng.randrange(UUR, 3 * DAG), tijd.anker - 60)

    # --- participants, invitations, declarations --------------------------------------------------------------

    def deelnemers(self):
        rng, w = self.rng, self.w
        coordinatoren = defaultdict(list)
        for g in w.gebruikers.values():
            if g.actief and g.rol == Rol.COORDINATOR:
                coordinatoren[g.organisatie_id].append(g.pk)
        for overleg in self.overleggen:
            gehouden = overleg.status in (OS_.GEHOUDEN, OS_.BESLUITENLIJST_VASTGESTELD)
            staand = set()
            for org, persoon, mailbox in overleg.tafel.leden:
                staand.add(org)
                riec = w.orgs[org].soort == OrganisatieSoort.RIEC
                aanwezig = (riec or rng.random() < 0.85) if gehouden else None
                overleg.deelnemers.append((org, persoon, "" if persoon else mailbox, aanwezig))
            if overleg.status == OS_.GEANNULEERD:
                continue
            personen = set()
            for punt in overleg.punten:
                if punt.soort != P.CASUS or rng.random() >= 0.3:
                    continue
                org = w.gemeente_org.get(punt.casus.gemeenten[0])
                if org is None or org.pk in staand:
                    continue
                persoon = rng.choice(coordinatoren[org.pk]) if coordinatoren[org.pk] else None
                aanwezig = (rng.random() < 0.8) if gehouden else None
                moment = min(max(overleg.aangemaakt, overleg.begint - int(DAG * rng.uniform(3, 10))),
                             max(self.tijd.anker - 60, overleg.aangemaakt))
                punt.uitnodiging = (org.pk, persoon, "" if persoon else org.email, aanwezig, moment)
                if persoon:
                    personen.add(persoon)
            for persoon in sorted(personen):
                if rng.random() < (0.92 if gehouden else 0.5):
                    overleg.verklaringen.append(
                        (persoon, min(overleg.begint - int(DAG * rng.uniform(0.1, 3)), self.tijd.anker - UUR)))

    # --- decisions and actions -----------------------------------------------------------------------------

    def acties(self, aantal):
        rng = self.rng
        gehouden = [o for o in self.overleggen if o.status in (OS_.GEHOUDEN, OS_.BESLUITENLIJST_VASTGESTELD)]
        casuspunten, onderwerppunten = [], []
        for overleg in gehouden:
            for punt in overleg.punten:
                if punt.soort == P.CASUS:
                    casuspunten.append(punt)
                    if rng.random() < 0.4:
                        punt.notitie = rng.choice(teksten.NOTITIES)
                    if rng.random() < 0.75:
                        punt.besluit = rng.choice(rapportage_demo.BESLUITEN)
                elif punt.soort == P.ONDERWERP:
                    onderwerppunten.append(punt)
                    if rng.random() < 0.5:
                        punt.besluit = rng.choice(teksten.ONDERWERP_BESLUITEN)
        algemeen = round(aantal * 0.04) if onderwerppunten else 0
        if not casuspunten:
            algemeen = aantal if onderwerppunten else 0
        punten = casuspunten + onderwerppunten
        gewichten = [(2.5 if p.casus.punten[0] is p else 1.0) * rng.uniform(0.3, 1.7) for p in casuspunten]
        verdeling = verdeel(aantal - algemeen, gewichten) + verdeel(algemeen, [1.0] * len(onderwerppunten))
        self.alle_acties = []
        for punt, n in zip(punten, verdeling, strict=True):
            for _i in range(n):
                actie = self._actie(punt)
                punt.acties.append(actie)
                self.alle_acties.append(actie)
        self.alle_acties.sort(key=lambda a: a.aangemaakt)
        self._alle_statussen()
        return self.alle_acties

    def _alle_statussen(self):
        """Every status occurs, also at a small scale: the latest actions done of a case that is still open (or of a
        general item) become open or in progress when those statuses are missing."""
        aanwezig = {a.status for a in self.alle_acties}
        nodig = [s for s in (A.OPEN, A.IN_UITVOERING) if s not in aanwezig]
        for a in reversed(self.alle_acties):
            if not nodig:
                break
            if a.status != A.GEREED or (a.casus is not None and a.casus.sluit is not None):
                continue
            a.status = nodig.pop(0)
            a.gereed_op, a.terugkoppeling = None, ""
            eerste = a.wijzigingen[0]
            a.wijzigingen = [] if a.status == A.OPEN else [(eerste[0], A.OPEN, A.IN_UITVOERING, eerste[3])]

    def _organisatie(self, soort, casus, wg):
        rng, w = self.rng, self.w
        regio = wg.regio.pk
        nationaal = w.nationaal
        if soort == AS.STRAFRECHTELIJK:
            keuzes = [w.politie[regio].pk, w.politie[regio].pk, w.om[regio].pk]
            if "kmar" in nationaal:
                keuzes.append(nationaal["kmar"].pk)
        elif soort == AS.BESTUURLIJK:
            gemeente = w.gemeente_org.get(casus.gemeenten[0] if casus else wg.gemeenten[0])
            keuzes = [w.riec[regio].pk] + ([gemeente.pk, gemeente.pk] if gemeente else [])
        elif soort == AS.FISCAAL:
            keuzes = [nationaal["belastingdienst"].pk] if "belastingdienst" in nationaal else [w.riec[regio].pk]
        elif soort == AS.ARBEIDSRECHTELIJK:
            keuzes = [nationaal["nla"].pk] if "nla" in nationaal else [w.riec[regio].pk]
        else:
            keuzes = [wg.zorg, wg.zorg, wg.zvh] + ([nationaal["comensha"].pk] if "comensha" in nationaal else [])
            if casus and casus.vormen[0] == "seksueel":
                keuzes.append(wg.ggd)
        return rng.choice(keuzes)

    def _org_van_soort(self, wie, wg):
        w = self.w
        regio = wg.regio.pk
        return {
            "nla": w.nationaal["nla"].pk if "nla" in w.nationaal else w.riec[regio].pk,
            "gemeente": w.gemeente_org[wg.gemeenten[0]].pk,
            "zorgcoordinator": wg.zorg,
            "politie": w.politie[regio].pk,
            "riec": w.riec[regio].pk,
            "belastingdienst": (w.nationaal["belastingdienst"].pk if "belastingdienst" in w.nationaal
                                else w.riec[regio].pk),
        }[wie]

    def _actie(self, punt):
        rng, tijd, w = self.rng, self.tijd, self.w
        overleg, casus = punt.overleg, punt.casus
        wg = overleg.tafel.werkgebied
        a = PActie()
        a.casus, a.punt = casus, punt
        if casus is not None:
            a.soort = SOORT_PER_VORM[casus.vormen[0]](rng)
            a.org = self._organisatie(a.soort, casus, wg)
            a.omschrijving = rng.choice(rapportage_demo.ACTIES[a.soort])
            a.scope = casus.scope
        else:
            a.soort, wie, a.omschrijving = punt.onderwerp
            a.org = self._org_van_soort(wie, wg)
            a.scope = w.orgs[a.org].scope
        leden = w.leden_van.get(a.org)
        a.verantwoordelijke = rng.choice(leden) if leden and rng.random() < 0.55 else None
        a.aangemaakt = overleg.eindigt - rng.randrange(60, 1800)
        looptijd = rng.choice((14, 21, 28, 28, 42))
        a.deadline = tijd.dag_van(a.aangemaakt) + looptijd
        a.terugkoppeling, a.reden, a.wijzigingen, a.gereed_op = "", "", [], None
        grens = tijd.anker - UUR
        sluit = casus.sluit if casus is not None else None
        r = rng.random()
        if sluit is not None:
            status = A.GEREED if r < 0.9 else A.VERVALLEN
            grens = min(grens, sluit - UUR)
        else:
            leeftijd = (tijd.anker - a.aangemaakt) / DAG
            klaar = 0.88 if leeftijd > 120 else 0.85 * leeftijd / 120
            status = A.GEREED if r < klaar else A.VERVALLEN if r < klaar + 0.05 else (
                A.OPEN if rng.random() < 0.6 else A.IN_UITVOERING)
        door_org = a.verantwoordelijke or (rng.choice(leden) if leden else overleg.door)
        if status == A.GEREED:
            gereed = a.aangemaakt + int(looptijd * DAG * rng.uniform(0.25, 1.35)) + rng.randrange(6 * UUR)
            if gereed > grens:
                if sluit is None:
                    status = A.IN_UITVOERING
                else:
                    gereed = max(grens, a.aangemaakt + 3 * UUR)
        if status == A.GEREED:
            a.gereed_op = gereed
            if rng.random() < 0.4 and gereed - a.aangemaakt > 2 * DAG:
                tussen = a.aangemaakt + rng.randrange(DAG, gereed - a.aangemaakt - DAG // 2)
                a.wijzigingen.append((tussen, A.OPEN, A.IN_UITVOERING, door_org))
                a.wijzigingen.append((gereed, A.IN_UITVOERING, A.GEREED, door_org))
            else:
                a.wijzigingen.append((gereed, A.OPEN, A.GEREED, door_org))
            a.terugkoppeling = rapportage_demo.TERUGKOPPELINGEN[a.soort]
        elif status == A.VERVALLEN:
            moment = min(a.aangemaakt + int(DAG * rng.uniform(3, looptijd + 10)), grens)
            a.reden = rapportage_demo.REDEN_VERVALLEN
            a.wijzigingen.append((max(moment, a.aangemaakt + UUR), A.OPEN, A.VERVALLEN, overleg.door))
        elif status == A.IN_UITVOERING:
            moment = min(a.aangemaakt + int(DAG * rng.uniform(1, 10)), grens)
            a.wijzigingen.append((max(moment, a.aangemaakt + 60), A.OPEN, A.IN_UITVOERING, door_org))
            if rng.random() < 0.3:
                a.terugkoppeling = IN_UITVOERING_TEKST
        a.status = status
        return a

    # --- writing --------------------------------------------------------------------------------------------

    def ids(self):
        overleggen = self.overleggen
        eerste = reserveer(Overleg, len(overleggen))
        for nummer, o in enumerate(overleggen):
            o.pk = eerste + nummer
        punten = [p for o in overleggen for p in o.punten]
        eerste = reserveer(Agendapunt, len(punten))
        for nummer, p in enumerate(punten):
            p.pk = eerste + nummer
        eerste = reserveer(Actie, len(self.alle_acties))
        for nummer, a in enumerate(self.alle_acties):
            a.pk = eerste + nummer
        self.punten = punten

    def aantal_rijen(self):
        punten = self.punten
        return (len(self.overleggen) + sum(len(o.deelnemers) + len(o.verklaringen) for o in self.overleggen)
                + len(punten) + sum(1 for p in punten if p.uitnodiging) + sum(1 for p in punten if p.besluit)
                + len(self.alle_acties))

    def _teksten(self):
        """Per meeting the history text ("table, 5 March 2019" in Dutch) and, where needed, the declaration."""
        tafels = {t.pk: t for t in Tafel.objects.select_related("district__regio", "regio")}
        self.verklaring = {}
        with translation.override(settings.LANGUAGE_CODE):
            for o in self.overleggen:
                begint = aware(o.begint)
                o.historie_tekst = f"{o.tafel.naam}, {formats.date_format(timezone.localtime(begint), 'j F Y')}"
                if o.verklaringen:
                    stub = Overleg(tafel=tafels[o.tafel.pk], begint=begint, doel=self._doel(o))
                    self.verklaring[o.pk] = tekst("\n\n".join(str(r) for r in verklaring_tekst(stub)))

    def _doel(self, overleg):
        if overleg.tafel.casustafel:
            return casusoverleg_demo.DOEL
        if overleg.tafel.naam.startswith("Regiegroep"):
            return rapportage_demo.REGIEGROEP_DOEL
        return teksten.DOEL_REGIONAAL

    def schrijf(self, snellader):
        self._teksten()
        self._overleggen(snellader)
        self._punten(snellader)
        self._acties(snellader)

    def _overleggen(self, snellader):
        overleggen = self.overleggen
        doelen = {}
        snellader.los(Overleg, len(overleggen))
        velden = ["id", "tafel", "uid", "ics_volgnummer", "begint", "eindigt", "locatie", "online_link", "voorzitter",
                  "doel", "status", "annuleringsreden", "agenda_versie", "besluitenlijst_versie",
                  "besluitenlijst_vastgesteld_in", "aangemaakt_door", "aangemaakt", "gewijzigd"]
        with Kopie(Overleg, velden, self.voortgang) as kopie:
            for o in overleggen:
                doel = self._doel(o)
                if doel not in doelen:
                    doelen[doel] = tekst(doel)
                gewijzigd = o.eindigt if o.status in (OS_.GEHOUDEN, OS_.BESLUITENLIJST_VASTGESTELD) else o.aangemaakt
                if o.vastgesteld_in is not None:
                    gewijzigd = min(o.vastgesteld_in.begint + 900, self.tijd.anker - 60)
                kopie.rij(
                    f"{o.pk}\t{o.tafel.pk}\t{o.uid}\t{1 if o.status == OS_.GEANNULEERD else 0}\t"
                    f"{moment_tekst(o.begint)}\t{moment_tekst(o.eindigt)}\t{tekst(o.tafel.locatie)}\t{o.online}\t"
                    f"{o.tafel.voorzitter_id or NULL}\t{doelen[doel]}\t{o.status}\t{tekst(o.annulering)}\t0\t0\t"
                    f"{o.vastgesteld_in.pk if o.vastgesteld_in else NULL}\t{o.door}\t{moment_tekst(o.aangemaakt)}\t"
                    f"{moment_tekst(gewijzigd)}\n"
                )
        rijen = [(o.pk, *d) for o in overleggen for d in o.deelnemers]
        snellader.los(OverlegDeelnemer, len(rijen))
        with Kopie(OverlegDeelnemer, ["overleg", "organisatie", "deelnemer", "mailbox", "aanwezig"],
                   self.voortgang) as kopie:
            for overleg, org, persoon, mailbox, aanwezig in rijen:
                kopie.rij(f"{overleg}\t{org}\t{persoon or NULL}\t{mailbox}\t"
                          f"{NULL if aanwezig is None else 't' if aanwezig else 'f'}\n")
        rijen = [(o, persoon, t) for o in overleggen for persoon, t in o.verklaringen]
        snellader.los(Geheimhoudingsverklaring, len(rijen))
        with Kopie(Geheimhoudingsverklaring, ["overleg", "gebruiker", "organisatie", "tekst", "geaccepteerd_op"],
                   self.voortgang) as kopie:
            for o, persoon, t in rijen:
                kopie.rij(f"{o.pk}\t{persoon}\t{self.w.org_van(persoon)}\t{self.verklaring[o.pk]}\t{moment_tekst(t)}\n")

    def _punten(self, snellader):
        punten = self.punten
        snellader.los(Agendapunt, len(punten))
        notities = {n: tekst(n) for n in teksten.NOTITIES}
        with Kopie(Agendapunt, ["id", "overleg", "volgorde", "soort", "titel", "toelichting", "casus", "notities",
                                "vertrouwelijk", "versie"], self.voortgang) as kopie:
            for p in punten:
                kopie.rij(f"{p.pk}\t{p.overleg.pk}\t{p.volgorde}\t{p.soort}\t{tekst(p.titel)}\t\t"
                          f"{p.casus.pk if p.casus else NULL}\t{notities.get(p.notitie, '')}\tf\t"
                          f"{2 if p.notitie else 1}\n")
        rijen = [p for p in punten if p.uitnodiging]
        snellader.los(Uitnodiging, len(rijen))
        self.uitnodiging_ids = reserveer(Uitnodiging, len(rijen))
        with Kopie(Uitnodiging, ["id", "agendapunt", "organisatie", "deelnemer", "mailbox", "aanwezig",
                                 "uitgenodigd_door", "uitgenodigd_op"], self.voortgang) as kopie:
            for nummer, p in enumerate(rijen):
                org, persoon, mailbox, aanwezig, moment = p.uitnodiging
                kopie.rij(f"{self.uitnodiging_ids + nummer}\t{p.pk}\t{org}\t{persoon or NULL}\t{mailbox}\t"
                          f"{NULL if aanwezig is None else 't' if aanwezig else 'f'}\t{p.overleg.door}\t"
                          f"{moment_tekst(moment)}\n")
        rijen = [p for p in punten if p.besluit]
        snellader.los(Besluit, len(rijen))
        self.besluit_ids = reserveer(Besluit, len(rijen))
        besluiten = {}
        with Kopie(Besluit, ["id", "agendapunt", "tekst", "versie", "vastgelegd_door", "vastgelegd_op"],
                   self.voortgang) as kopie:
            for nummer, p in enumerate(rijen):
                if p.besluit not in besluiten:
                    besluiten[p.besluit] = tekst(p.besluit)
                kopie.rij(f"{self.besluit_ids + nummer}\t{p.pk}\t{besluiten[p.besluit]}\t1\t{p.overleg.door}\t"
                          f"{moment_tekst(p.overleg.eindigt - 300)}\n")

    def _acties(self, snellader):
        acties = self.alle_acties
        snellader.los(Actie, len(acties))
        cache = {}

        def esc(waarde):
            uit = cache.get(waarde)
            if uit is None:
                uit = cache[waarde] = tekst(waarde)
            return uit

        velden = ["id", "casus", "agendapunt", "omschrijving", "soort", "organisatie", "verantwoordelijke", "deadline",
                  "status", "reden_vervallen", "terugkoppeling", "gereed_op", "versie", "aangemaakt_door", "aangemaakt",
                  "gewijzigd"]
        with Kopie(Actie, velden, self.voortgang) as kopie:
            for a in acties:
                gewijzigd = a.wijzigingen[-1][0] if a.wijzigingen else a.aangemaakt
                kopie.rij(
                    f"{a.pk}\t{a.casus.pk if a.casus else NULL}\t{a.punt.pk}\t{esc(a.omschrijving)}\t{a.soort}\t"
                    f"{a.org}\t{a.verantwoordelijke or NULL}\t{datum_tekst(a.deadline)}\t{a.status}\t{esc(a.reden)}\t"
                    f"{esc(a.terugkoppeling)}\t{moment_tekst(a.gereed_op) if a.gereed_op else NULL}\t"
                    f"{1 + len(a.wijzigingen) + (1 if a.terugkoppeling else 0)}\t{a.punt.overleg.door}\t"
                    f"{moment_tekst(a.aangemaakt)}\t{moment_tekst(gewijzigd)}\n"
                )

    # --- audit ----------------------------------------------------------------------------------------------

    def audit_rijen(self):
        audit = self.audit
        besluit = self.besluit_ids
        uitnodiging = self.uitnodiging_ids
        for o in self.overleggen:
            scope = o.tafel.scope
            audit.pool("casusoverleg.overleg", o.tafel.werkgebied.sleutel).voeg(o.begint, o.pk, scope)
            for org, *_r in o.deelnemers:
                audit.pool("casusoverleg.overleg", f"org:{org}").voeg(o.begint, o.pk, scope)
            audit.voeg(o.aangemaakt, AuditActie.CREATE, "casusoverleg.overleg", o.pk, f"overleg van tafel {o.tafel.pk}",
                       o.door, scope)
            for p in o.punten:
                omschrijving = (f"casus {p.casus.pk} op agenda van overleg {o.pk}" if p.casus
                                else f"agendapunt ({p.soort}) bij overleg {o.pk}")
                audit.voeg(p.agenda_ts, AuditActie.CREATE, "casusoverleg.agendapunt", p.pk, omschrijving, o.door, scope)
                if p.uitnodiging:
                    org, _persoon, _m, _a, moment = p.uitnodiging
                    audit.voeg(moment, AuditActie.CREATE, "casusoverleg.uitnodiging", uitnodiging, f"organisatie {org} "
                               f"uitgenodigd voor agendapunt {p.pk}", o.door, scope)
                    uitnodiging += 1
                if p.besluit:
                    audit.voeg(o.eindigt - 300, AuditActie.CREATE, "casusoverleg.besluit", besluit,
                               f"besluit bij agendapunt {p.pk}", o.door, scope)
                    besluit += 1
            for persoon, t in o.verklaringen:
                audit.voeg(t, AuditActie.CHANGE, "casusoverleg.overleg", o.pk, "geheimhoudingsverklaring geaccepteerd",
                           persoon, scope)
            if o.status == OS_.GEANNULEERD:
                audit.voeg(o.begint - int(DAG * 2), AuditActie.CHANGE, "casusoverleg.overleg", o.pk, "geannuleerd",
                           o.door, scope)
            elif o.status in (OS_.GEHOUDEN, OS_.BESLUITENLIJST_VASTGESTELD):
                audit.voeg(o.eindigt + 600, AuditActie.CHANGE, "casusoverleg.overleg", o.pk,
                           "presentie vastgelegd; gehouden", o.door, scope)
            if o.vastgesteld_in is not None:
                volgend = o.vastgesteld_in
                t = min(volgend.begint + 900, self.tijd.anker - 60)
                audit.voeg(t, AuditActie.CHANGE, "casusoverleg.overleg", o.pk,
                           f"besluitenlijst vastgesteld in overleg {volgend.pk}", volgend.door, scope)
                audit.voeg(t, AuditActie.CHANGE, "casusoverleg.overleg", volgend.pk,
                           f"besluitenlijst van overleg {o.pk} vastgesteld", volgend.door, scope)
        for a in self.alle_acties:
            audit.pool("casusoverleg.actie", f"org:{a.org}").voeg(a.aangemaakt, a.pk, a.scope)
            audit.voeg(a.aangemaakt, AuditActie.CREATE, "casusoverleg.actie", a.pk, f"actie bij agendapunt {a.punt.pk}",
                       a.punt.overleg.door, a.scope)
            for t, van, naar, door in a.wijzigingen:
                if a.terugkoppeling and naar != A.VERVALLEN and (t, van, naar, door) == a.wijzigingen[-1]:
                    audit.voeg(t - 60, AuditActie.CHANGE, "casusoverleg.actie", a.pk, f"terugkoppeling op actie {a.pk}",
                               door, a.scope)
                audit.voeg(t, AuditActie.CHANGE, "casusoverleg.actie", a.pk, f"actie {a.pk} status {van} -> {naar}",
                           door, a.scope)
