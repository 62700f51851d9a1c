"""The signals of ten years: over the gemeenten by their share, more of them later, submitted by the people who may
submit for that gemeente, with the demo's situations (forms, sectors, sources, observed indicators), and the triage
the services would have written: submitted → being assessed → sometimes a question and an answer → a decision
(taken up in a case, passed on, closed without follow-up; now and then re-opened and decided again), each step a
history row with the standard feedback. Some are shared with an organisation or with the members of a table (a
django-guardian grant to the organisation's group plus the ``SignaalDeling`` row; a few withdrawn again). Only the
signals of the last weeks are still open; a few drafts belong to the last days.

References continue each year's numbering (``SignaalNummer``), oldest first, so a signal submitted later through the
application gets the next number.
"""
from collections import defaultdict

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from mensenhandel.audit.models import AuditActie
from partners.models import Organisatie
from rapportage import demo as rapportage_demo
from signalen import demo as signalen_demo
from signalen.models import (
    Antwoord,
    Bestemming,
    Bron,
    Gebeurtenis,
    Grondslag,
    Indicator,
    Sector,
    Signaal,
    SignaalDeling,
    SignaalGroupObjectPermission,
    SignaalHistorie,
    SignaalIndicator,
    SignaalNummer,
    Standaardtekst,
    Status,
    Urgentie,
    Vorm,
)

from . import teksten
from .kopie import NULL, Kopie, reserveer, tekst
from .tijd import DAG, UUR, datum_tekst, moment_tekst
from .verdeling import Keuze, verdeel

S = Status
B = Bestemming
BESTEMMINGEN = {
    "arbeid": ((B.NLA, 45), (B.POLITIE_OM, 25), (B.BESTUURLIJK, 15), (B.ZORGCOORDINATOR, 10), (B.COMENSHA, 5)),
    "seksueel": ((B.POLITIE_OM, 50), (B.ZORGCOORDINATOR, 20), (B.COMENSHA, 15), (B.BESTUURLIJK, 10),
                 (B.VEILIG_THUIS, 5)),
    "crimineel": ((B.POLITIE_OM, 60), (B.VEILIG_THUIS, 15), (B.ZORGCOORDINATOR, 15), (B.BESTUURLIJK, 10)),
    "orgaan": ((B.POLITIE_OM, 80), (B.COMENSHA, 20)),
    "onbekend": ((B.POLITIE_OM, 40), (B.BESTUURLIJK, 30), (B.NLA, 30)),
}
TOELICHTINGEN = (
    "Ter afstemming met een lopend onderzoek.",
    "Mogelijk past dit bij een casus die bij deze partner bekend is.",
    "Ter voorbereiding op de bespreking in het casusoverleg.",
)


class PSignaal:
    __slots__ = ("pk", "ts", "gemeente", "wg", "door", "org", "vormen", "sjabloon", "bron", "urgentie",
                 "slachtoffers", "stappen", "status", "bestemming", "besluit_ts", "besluiter", "referentie",
                 "aangemaakt", "waargenomen", "opgepakt", "indicatoren")

    def __init__(self):
        self.stappen = []
        self.status = S.INGEDIEND
        self.bestemming = ""
        self.besluit_ts = None
        self.besluiter = None
        self.referentie = None
        self.opgepakt = False


def _sjablonen():
    gewogen = {}
    for vorm, lijst in rapportage_demo.SJABLONEN.items():
        gewogen[vorm] = Keuze((s, rapportage_demo.SECTOR_GEWICHT.get((vorm, s.sector), 10)) for s in lijst)
    return gewogen


class Signalen:
    def __init__(self, rng, tijd, wereld, indieners, audit, voortgang):
        self.rng, self.tijd, self.w, self.audit, self.voortgang = rng, tijd, wereld, audit, voortgang
        self.indieners = indieners
        self.vormen = {v.code: v.pk for v in Vorm.objects.all()}
        self.sectoren = {s.code: s.pk for s in Sector.objects.all()}
        self.bronnen = {b.code: b.pk for b in Bron.objects.all()}
        self.indicator_pk = dict(Indicator.objects.values_list("tekst", "pk"))
        self.actieve_indicatoren = list(Indicator.objects.filter(actief=True).values_list("pk", flat=True))
        self.grondslagen = list(Grondslag.objects.order_by("pk"))
        self.terugkoppeling = {}
        for st in Standaardtekst.objects.order_by("titel", "pk"):
            self.terugkoppeling.setdefault(st.status, st.tekst)
        self.vorm_kans = Keuze(rapportage_demo.VORM_KANS.items())
        self.sjablonen = _sjablonen()
        self.signalen = []

    # --- planning -------------------------------------------------------------------------------------------

    def _indiener(self, gemeente, vorm):
        keuze, lijsten = self.indieners[gemeente]
        soort = keuze(self.rng) if keuze else None
        if soort == "nla" and vorm not in ("arbeid", "onbekend"):
            # The labour inspectorate reports labour exploitation; other forms come from the police or the gemeente.
            soort = "politie" if lijsten["politie"] else "gemeente" if lijsten["gemeente"] else soort
        if soort is None or not lijsten.get(soort):
            soort = next((s for s in ("gemeente", "politie", "nla", "overig") if lijsten.get(s)), None)
        if soort is None:
            return None
        return self.rng.choice(lijsten[soort])

    def _nieuw(self, gemeente, ts):
        rng, w = self.rng, self.w
        p = PSignaal()
        p.ts = ts
        p.gemeente = gemeente
        p.wg = w.werkgebied_van[gemeente]
        vorm = self.vorm_kans(rng)
        p.door = self._indiener(gemeente, vorm)
        if p.door is None:
            return None
        p.org = w.gebruikers[p.door].organisatie_id
        tweede = rapportage_demo.TWEEDE_VORM.get(vorm)
        p.vormen = (vorm, tweede) if tweede and rng.random() < 0.12 else (vorm,)
        p.sjabloon = self.sjablonen[vorm](rng)
        soort = w.orgs[p.org].soort
        if soort == "gemeente":
            p.bron = rng.choice(p.sjabloon.bronnen)
        else:
            p.bron = rng.choice(("ketenpartner", "ketenpartner", "ketenpartner", "melding-burger", "overig"))
        kans = rng.random()
        p.urgentie = Urgentie.ZEER_HOOG if kans < 0.05 else Urgentie.HOOG if kans < 0.25 else Urgentie.NORMAAL
        p.slachtoffers = None if rng.random() < 0.4 else rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 12))
        p.aangemaakt = ts - rng.randrange(5 * 60, 2 * UUR)
        p.waargenomen = rng.randrange(1, 60)
        indicatoren = [(self.indicator_pk[signalen_demo.INDICATOREN[k]], Antwoord.WAARGENOMEN)
                       for k in p.sjabloon.indicatoren.split() if signalen_demo.INDICATOREN[k] in self.indicator_pk]
        gekozen = {pk for pk, _a in indicatoren}
        for _i in range(rng.choice((0, 1, 1, 2))):
            pk = rng.choice(self.actieve_indicatoren)
            if pk not in gekozen:
                gekozen.add(pk)
                indicatoren.append((pk, Antwoord.NIET_WAARGENOMEN if rng.random() < 0.7 else Antwoord.ONBEKEND))
        p.indicatoren = indicatoren
        return p

    def plan(self, aantal):
        rng, tijd, w = self.rng, self.tijd, self.w
        concepten = max(2, round(aantal * 0.0025))
        ingediend = aantal - concepten
        gemeenten = sorted(w.aandeel)
        plannen = []
        for gemeente, n in zip(gemeenten, verdeel(ingediend, [w.aandeel[g] for g in gemeenten]), strict=True):
            for _i in range(n):
                ts = tijd.kantoortijd(rng, tijd.dag_van(tijd.groei(rng)))
                p = self._nieuw(gemeente, ts)
                if p is not None:
                    plannen.append(p)
        plannen.sort(key=lambda p: (p.ts, p.gemeente))
        self._triage(plannen)
        self.concepten = []
        kandidaten = Keuze((g, w.aandeel[g]) for g in gemeenten)
        while len(self.concepten) < concepten:
            gemeente = kandidaten(rng)
            p = self._nieuw(gemeente, 0)
            if p is None:
                continue
            p.status = S.CONCEPT
            p.aangemaakt = tijd.anker - rng.randrange(UUR, 20 * DAG)
            p.ts = None
            self.concepten.append(p)
        self.signalen = plannen
        return plannen

    def _stap(self, p, ts, soort, van, naar, door, tekst_="", terugkoppeling="", bestemming=""):
        p.stappen.append((ts, soort, van, naar, tekst_, terugkoppeling, bestemming, door))

    def _triage(self, plannen):
        rng, tijd = self.rng, self.tijd
        grens = tijd.anker - UUR
        tk = self.terugkoppeling
        for p in plannen:
            urgent = p.urgentie == Urgentie.ZEER_HOOG or p.sjabloon.minderjarige
            regisseurs = p.wg.regisseurs
            p.besluiter = rng.choice(regisseurs) if regisseurs else None
            self._stap(p, p.ts, Gebeurtenis.STATUS, S.CONCEPT, S.INGEDIEND, p.door)
            t = p.ts
            status = S.INGEDIEND
            if rng.random() < 0.85:
                t += int(DAG * (rng.uniform(0.01, 0.3) if urgent else rng.uniform(0.05, 2.0)))
                if t < grens:
                    self._stap(p, t, Gebeurtenis.STATUS, status, S.IN_BEHANDELING, p.besluiter,
                               terugkoppeling=tk.get(S.IN_BEHANDELING, ""))
                    status = S.IN_BEHANDELING
            if rng.random() < 0.12:
                vraag, antwoord = rng.choice(teksten.VRAGEN)
                t += int(DAG * rng.uniform(0.3, 4))
                if t < grens:
                    self._stap(p, t, Gebeurtenis.VRAAG, status, S.INFORMATIE_OPGEVRAAGD, p.besluiter, vraag,
                               tk.get(S.INFORMATIE_OPGEVRAAGD, ""))
                    status = S.INFORMATIE_OPGEVRAAGD
                    t += int(DAG * rng.uniform(0.3, 6))
                    if t < grens:
                        self._stap(p, t, Gebeurtenis.ANTWOORD, status, S.IN_BEHANDELING, p.door, antwoord)
                        status = S.IN_BEHANDELING
            t += int(DAG * (rng.uniform(0.05, 2) if urgent else rng.uniform(1, 20)))
            p.status = status
            if t < grens and p.stappen[-1][0] < grens:
                p.besluit_ts = t

    def besloten(self):
        """The signals whose decision moment has come, per werkgebied key."""
        per_gebied = defaultdict(list)
        for p in self.signalen:
            if p.besluit_ts is not None and p.besluiter:
                per_gebied[p.wg.sleutel].append(p)
        return per_gebied

    def beslis(self, opgepakt):
        """Decide the signals whose decision moment has come: per werkgebied key, ``opgepakt[key]`` of them (chosen at
        random) are taken up in a case, the others passed on or closed without follow-up."""
        rng, tk = self.rng, self.terugkoppeling
        per_gebied = self.besloten()
        besloten = [p for p in self.signalen if p.besluit_ts is not None and p.besluiter]
        for sleutel, n in opgepakt.items():
            for p in rng.sample(per_gebied[sleutel], min(n, len(per_gebied[sleutel]))):
                p.opgepakt = True
        bestemmingen = {vorm: Keuze(lijst) for vorm, lijst in BESTEMMINGEN.items()}
        for p in besloten:
            van = p.stappen[-1][3]
            if p.opgepakt:
                self._stap(p, p.besluit_ts, Gebeurtenis.STATUS, van, S.OPGEPAKT_IN_CASUS, p.besluiter,
                           terugkoppeling=tk.get(S.OPGEPAKT_IN_CASUS, ""))
                p.status = S.OPGEPAKT_IN_CASUS
                continue
            if rng.random() < 0.62:
                bestemming = B.VEILIG_THUIS if p.sjabloon.minderjarige and rng.random() < 0.4 else (
                    bestemmingen[p.vormen[0]](rng))
                self._stap(p, p.besluit_ts, Gebeurtenis.STATUS, van, S.DOORGEZET, p.besluiter,
                           terugkoppeling=tk.get(S.DOORGEZET, ""), bestemming=bestemming)
                p.status, p.bestemming = S.DOORGEZET, bestemming
                continue
            self._stap(p, p.besluit_ts, Gebeurtenis.STATUS, van, S.AFGESLOTEN, p.besluiter,
                       rng.choice(rapportage_demo.AFSLUITREDENEN), tk.get(S.AFGESLOTEN, ""))
            p.status = S.AFGESLOTEN
            # Now and then re-opened on new information and decided again.
            if rng.random() < 0.02:
                t = p.besluit_ts + int(DAG * rng.uniform(10, 60))
                later = t + int(DAG * rng.uniform(2, 15))
                if later < self.tijd.anker - UUR:
                    self._stap(p, t, Gebeurtenis.STATUS, S.AFGESLOTEN, S.IN_BEHANDELING, p.besluiter,
                               teksten.HEROPEN_REDEN, tk.get(S.IN_BEHANDELING, ""))
                    bestemming = bestemmingen[p.vormen[0]](rng)
                    self._stap(p, later, Gebeurtenis.STATUS, S.IN_BEHANDELING, S.DOORGEZET, p.besluiter,
                               terugkoppeling=tk.get(S.DOORGEZET, ""), bestemming=bestemming)
                    p.status, p.bestemming = S.DOORGEZET, bestemming
        self._alle_statussen()
        return [p for p in self.signalen if p.opgepakt]

    def _alle_statussen(self):
        """Every open status occurs, also at a small scale: the latest decided signals (not taken up in a case) are
        set back to the status they had before their decision."""
        aanwezig = {p.status for p in self.signalen}
        nodig = [s for s in (S.INGEDIEND, S.IN_BEHANDELING, S.INFORMATIE_OPGEVRAAGD) if s not in aanwezig]
        for p in reversed(self.signalen):
            if not nodig:
                break
            if p.opgepakt or p.status not in (S.DOORGEZET, S.AFGESLOTEN) or len(p.stappen) != 3:
                continue
            status = nodig.pop(0)
            p.stappen = p.stappen[:1]
            p.besluit_ts = None
            p.bestemming = ""
            if status != S.INGEDIEND:
                t = p.ts + int(0.2 * DAG)
                soort = Gebeurtenis.VRAAG if status == S.INFORMATIE_OPGEVRAAGD else Gebeurtenis.STATUS
                tekst_ = teksten.VRAGEN[0][0] if status == S.INFORMATIE_OPGEVRAAGD else ""
                self._stap(p, min(t, self.tijd.anker - UUR), soort, S.INGEDIEND, status, p.besluiter, tekst_,
                           self.terugkoppeling.get(status, ""))
            p.status = status

    def delen(self, tafel_van):
        """Shares: (signal, organisation pk, grondslag, toelichting, via table pk, moment, by, withdrawn moment)."""
        rng, w, tijd = self.rng, self.w, self.tijd
        self.delingen = []
        for p in self.signalen:
            if rng.random() >= 0.08 or not p.besluiter:
                continue
            t = p.ts + int(DAG * rng.uniform(0.1, 5))
            if t >= tijd.anker - UUR:
                continue
            dag = tijd.dag_van(t)
            geldig = [g for g in self.grondslagen if g.geldig_van.toordinal() <= dag
                      and (g.geldig_tot is None or g.geldig_tot.toordinal() >= dag)]
            if not geldig:
                continue
            grondslag = rng.choice(geldig)
            vorm = p.vormen[0]
            if rng.random() < 0.12 and tafel_van(p.wg) is not None:
                tafel = tafel_van(p.wg)
                doelen = [(org, tafel.pk) for org, _d, _m in tafel.leden if org != p.org]
            else:
                nationaal = w.nationaal
                if vorm == "arbeid" and "nla" in nationaal:
                    org = nationaal["nla"].pk
                elif vorm == "seksueel":
                    org = rng.choice((p.wg.zorg, p.wg.ggd))
                elif vorm == "crimineel":
                    org = w.politie[p.wg.regio.pk].pk
                else:
                    org = nationaal["comensha"].pk if "comensha" in nationaal else p.wg.zorg
                doelen = [(org, None)] if org != p.org else []
            for org, via in doelen:
                ingetrokken = None
                if rng.random() < 0.05:
                    later = t + int(DAG * rng.uniform(5, 90))
                    ingetrokken = later if later < tijd.anker - UUR else None
                self.delingen.append((p, org, grondslag, rng.choice(TOELICHTINGEN), via, t, p.besluiter, ingetrokken))

    def referenties(self):
        laatste = dict(SignaalNummer.objects.values_list("jaar", "laatste"))
        for p in self.signalen:
            jaar = self.tijd.jaar_van(p.ts)
            laatste[jaar] = laatste.get(jaar, 0) + 1
            p.referentie = f"SIG-{jaar}-{laatste[jaar]:05d}"
        for jaar, nummer in laatste.items():
            SignaalNummer.objects.update_or_create(jaar=jaar, defaults={"laatste": nummer})

    # --- writing --------------------------------------------------------------------------------------------

    def aantal_rijen(self):
        alle = self.signalen + self.concepten
        return (2 * len(alle) + sum(len(p.vormen) + len(p.indicatoren) for p in alle)
                + sum(len(p.stappen) for p in self.signalen) + 3 * len(self.delingen))

    def schrijf(self, snellader):
        alle = self.signalen + self.concepten
        eerste = reserveer(Signaal, len(alle))
        for nummer, p in enumerate(alle):
            p.pk = eerste + nummer
        self._signalen(alle, snellader)
        self._koppelingen(alle, snellader)
        self._historie(snellader)
        self._delingen(snellader)
        self._audit()

    def _signalen(self, alle, snellader):
        w = self.w
        snellader.los(Signaal, len(alle))
        velden = ["id", "referentie", "status", "ingediend_door", "organisatie", "gemeente", "waargenomen_van",
                  "waargenomen_tot", "sector", "bron", "omschrijving", "locatie_naam", "locatie_adres", "kvk_nummer",
                  "aantal_slachtoffers", "minderjarige", "urgentie", "prioriteit", "doorgezet_naar", "aangemaakt",
                  "gewijzigd", "ingediend_op"]
        omschrijvingen = {}
        with Kopie(Signaal, velden, self.voortgang) as kopie:
            for p in alle:
                s = p.sjabloon
                omschrijving = omschrijvingen.get(s.tekst)
                if omschrijving is None:
                    omschrijving = omschrijvingen[s.tekst] = tekst(s.tekst)
                moment = p.ts if p.ts is not None else p.aangemaakt
                dag = self.tijd.dag_van(moment)
                van = datum_tekst(dag - p.waargenomen)
                tot = datum_tekst(dag - p.waargenomen // 3) if p.waargenomen > 20 else NULL
                adres = tekst(f"Voorbeeldstraat {p.pk % 90 + 1}, {w.gemeenten[p.gemeente].naam}") if s.locatie else ""
                gewijzigd = p.stappen[-1][0] if p.stappen else p.aangemaakt + 600
                kopie.rij(
                    f"{p.pk}\t{p.referentie or NULL}\t{p.status}\t{p.door}\t{p.org}\t{p.gemeente}\t{van}\t{tot}\t"
                    f"{self.sectoren.get(s.sector, NULL)}\t{self.bronnen.get(p.bron, NULL)}\t{omschrijving}\t"
                    f"{tekst(s.locatie)}\t{adres}\t\t{NULL if p.slachtoffers is None else p.slachtoffers}\t"
                    f"{'t' if s.minderjarige else 'f'}\t{p.urgentie}\t{'t' if s.minderjarige else 'f'}\t"
                    f"{p.bestemming}\t{moment_tekst(p.aangemaakt)}\t{moment_tekst(gewijzigd)}\t"
                    f"{moment_tekst(p.ts) if p.ts is not None else NULL}\n"
                )

    def _koppelingen(self, alle, snellader):
        door_vormen = Signaal.vormen.through
        aantal = sum(len(p.vormen) for p in alle)
        snellader.los(door_vormen, aantal)
        with Kopie(door_vormen, ["signaal", "vorm"], self.voortgang) as kopie:
            for p in alle:
                for code in p.vormen:
                    if code in self.vormen:
                        kopie.rij(f"{p.pk}\t{self.vormen[code]}\n")
        snellader.los(SignaalIndicator, sum(len(p.indicatoren) for p in alle))
        with Kopie(SignaalIndicator, ["signaal", "indicator", "antwoord"], self.voortgang) as kopie:
            for p in alle:
                for indicator, antwoord in p.indicatoren:
                    kopie.rij(f"{p.pk}\t{indicator}\t{antwoord}\n")

    def _historie(self, snellader):
        w = self.w
        per_signaal = defaultdict(list)
        for deling in self.delingen:
            p, org, grondslag, _t, _via, t, door, ingetrokken = deling
            naam = w.orgs[org].naam
            per_signaal[p.pk].append((t, Gebeurtenis.DELING, "", "", f"{naam}: {grondslag.naam}", "", "", door))
            if ingetrokken:
                per_signaal[p.pk].append((ingetrokken, Gebeurtenis.INTREKKING, "", "", naam, "", "", door))
        aantal = sum(len(p.stappen) for p in self.signalen) + sum(len(v) for v in per_signaal.values())
        snellader.los(SignaalHistorie, aantal)
        velden = ["signaal", "tijdstip", "door", "soort", "van_status", "naar_status", "tekst", "terugkoppeling",
                  "doorgezet_naar", "organisatie"]
        teksten_cache = {}

        def esc(waarde):
            uit = teksten_cache.get(waarde)
            if uit is None:
                uit = teksten_cache[waarde] = tekst(waarde)
            return uit

        with Kopie(SignaalHistorie, velden, self.voortgang) as kopie:
            for p in self.signalen:
                stappen = p.stappen
                if p.pk in per_signaal:
                    stappen = sorted(stappen + per_signaal[p.pk], key=lambda s: s[0])
                for ts, soort, van, naar, tekst_, terugkoppeling, bestemming, door in stappen:
                    kopie.rij(f"{p.pk}\t{moment_tekst(ts)}\t{door or NULL}\t{soort}\t{van}\t{naar}\t{esc(tekst_)}\t"
                              f"{esc(terugkoppeling)}\t{bestemming}\t"
                              f"{w.gebruikers[door].organisatie_id if door else NULL}\n")

    def _delingen(self, snellader):
        snellader.los(SignaalDeling, len(self.delingen))
        velden = ["signaal", "organisatie", "grondslag", "toelichting", "via_tafel", "gedeeld_door", "gedeeld_op",
                  "ingetrokken_door", "ingetrokken_op"]
        with Kopie(SignaalDeling, velden, self.voortgang) as kopie:
            for p, org, grondslag, toelichting, via, t, door, ingetrokken in self.delingen:
                kopie.rij(f"{p.pk}\t{org}\t{grondslag.pk}\t{tekst(toelichting)}\t{via or NULL}\t{door}\t"
                          f"{moment_tekst(t)}\t{door if ingetrokken else NULL}\t"
                          f"{moment_tekst(ingetrokken) if ingetrokken else NULL}\n")
        permissie = Permission.objects.get(content_type=ContentType.objects.get_for_model(Signaal),
                                           codename="view_signaal").pk
        groep = dict(Organisatie.objects.values_list("pk", "group_id"))
        actief = {(p.pk, org) for p, org, *_r, ingetrokken in self.delingen if not ingetrokken}
        snellader.los(SignaalGroupObjectPermission, len(actief))
        with Kopie(SignaalGroupObjectPermission, ["permission", "group", "content_object"], self.voortgang) as kopie:
            for signaal, org in sorted(actief):
                kopie.rij(f"{permissie}\t{groep[org]}\t{signaal}\n")

    def _audit(self):
        audit, w, rng = self.audit, self.w, self.rng
        signaal = "signalen.signaal"
        for p in self.signalen + self.concepten:
            scope = (p.gemeente, None, w.gemeenten[p.gemeente].regio_id)
            audit.voeg(p.aangemaakt, AuditActie.CREATE, signaal, p.pk, "concept", p.door, scope)
            if rng.random() < 0.6:
                audit.voeg(p.aangemaakt + rng.randrange(60, 1200), AuditActie.CHANGE, signaal, p.pk,
                           "concept opgeslagen", p.door, scope)
            if p.ts is None:
                continue
            audit.pool(signaal, w.werkgebied_van[p.gemeente].sleutel).voeg(p.ts, p.pk, scope)
            audit.pool(signaal, f"org:{p.org}").voeg(p.ts, p.pk, scope)
            for ts, soort, van, naar, _t, _tk, _b, door in p.stappen:
                if van == S.CONCEPT:
                    audit.voeg(ts, AuditActie.CREATE, signaal, p.pk, p.referentie, door, scope)
                elif soort == Gebeurtenis.ANTWOORD:
                    audit.voeg(ts, AuditActie.CHANGE, signaal, p.pk, "antwoord op vraag", door, scope)
                else:
                    audit.voeg(ts - rng.randrange(60, 900), AuditActie.VIEW, signaal, p.pk, "", door, scope)
                    audit.voeg(ts, AuditActie.CHANGE, signaal, p.pk, f"status {van} -> {naar}", door, scope)
        for p, org, _g, _tl, _via, t, door, ingetrokken in self.delingen:
            scope = (p.gemeente, None, w.gemeenten[p.gemeente].regio_id)
            audit.voeg(t, AuditActie.CHANGE, signaal, p.pk, f"gedeeld met organisatie {org}", door, scope)
            if ingetrokken:
                audit.voeg(ingetrokken, AuditActie.CHANGE, signaal, p.pk, f"deling ingetrokken organisatie {org}",
                           door, scope)
