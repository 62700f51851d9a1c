"""The cases of ten years: most opened from the signals taken up in a case (a later signal of the same werkgebied
often joins a case that is still open), the rest from a partner's report. Each has a code from its werkgebied's
yearly numbering (``CasusNummer``, continued so a case opened later through the application gets the next number),
an owner among the werkgebied's ketenregisseurs, the forms and gemeenten of its signals, a victim track, and status
steps: open → under investigation → interventions under way → closed with a reason. Cases still open at the anchor
are the recent ones (and a few long-running ones).
"""
import math
from collections import defaultdict

from casusoverleg.models import Casus, CasusNummer, CasusSignaal, CasusStatus
from rapportage import demo as rapportage_demo

from .kopie import NULL, Kopie, reserveer, tekst
from .tijd import DAG, UUR, datum_tekst, moment_tekst
from .verdeling import Keuze, verdeel

CS = CasusStatus


class PCasus:
    __slots__ = ("pk", "code", "wg", "geopend", "sluit", "gemeenten", "vormen", "eigenaar", "samenvatting", "melder",
                 "signalen", "stappen", "comensha", "zorg", "afsluitreden", "punten", "scope")

    def __init__(self, wg, geopend, gemeente, vormen, eigenaar):
        self.wg = wg
        self.geopend = geopend
        self.gemeenten = [gemeente]
        self.vormen = list(vormen)
        self.eigenaar = eigenaar
        self.signalen = []  # (signal pk, moment, by)
        self.stappen = []  # (moment, to status)
        self.melder = None
        self.sluit = None
        self.comensha = self.zorg = None
        self.afsluitreden = ""
        self.punten = []
        self.scope = wg.scope

    @property
    def status(self):
        return self.stappen[-1][1] if self.stappen else CS.OPEN

    def open_op(self, ts):
        return self.geopend <= ts and (self.sluit is None or ts < self.sluit)


class Casussen:
    def __init__(self, rng, tijd, wereld, audit, voortgang):
        self.rng, self.tijd, self.w, self.audit, self.voortgang = rng, tijd, wereld, audit, voortgang
        self.casussen = []

    def _duur(self, geopend):
        """When a case opened at ``geopend`` closes (None: still open at the anchor)."""
        rng, tijd = self.rng, self.tijd
        dagen = min(max(rng.lognormvariate(math.log(150), 0.75), 20), 1500)
        sluit = tijd.kantoortijd(rng, tijd.dag_van(geopend + int(dagen * DAG)))
        return None if sluit >= tijd.anker - 3 * DAG or sluit <= geopend else sluit

    def _nieuw(self, wg, geopend, gemeente, vormen, eigenaar=None):
        casus = PCasus(wg, geopend, gemeente, vormen, eigenaar or self.rng.choice(wg.regisseurs))
        casus.sluit = self._duur(geopend)
        self.casussen.append(casus)
        return casus

    @staticmethod
    def verdeling(aantal, besloten, werkgebieden):
        """How many of ``aantal`` cases each werkgebied opens from signals (``besloten``: its decided signals per key,
        from ``Signalen.besloten``), in the werkgebieden's order; the rest (about 15%) come from a partner's report."""
        uit_melding = round(aantal * 0.15) if aantal >= 7 else min(1, aantal)
        # In the werkgebieden's own order: the keys hold database ids, which differ from one database to another.
        sleutels = [wg.sleutel for wg in werkgebieden if besloten.get(wg.sleutel)]
        totaal = min(aantal - uit_melding, sum(len(besloten[s]) for s in sleutels))
        return dict(zip(sleutels, verdeel(totaal, [len(besloten[s]) for s in sleutels]), strict=True))

    def plan(self, opgepakt, per_gebied, aantal):
        """``aantal`` cases: per werkgebied key ``per_gebied[key]`` from its signals taken up in a case (``opgepakt``,
        each linked to exactly one), the rest from a partner's report."""
        rng, w, tijd = self.rng, self.w, self.tijd
        uit_melding = aantal - sum(per_gebied.values())
        signalen_van = defaultdict(list)
        for p in opgepakt:
            signalen_van[p.wg.sleutel].append(p)
        for sleutel, n in per_gebied.items():
            signalen = sorted(signalen_van[sleutel], key=lambda p: (p.besluit_ts, p.ts))
            if not n or not signalen:
                continue
            openers = {0, *rng.sample(range(1, len(signalen)), n - 1)} if n > 1 else {0}
            recent = []
            for index, p in enumerate(signalen):
                t = p.besluit_ts
                if index in openers:
                    casus = self._nieuw(p.wg, t, p.gemeente, p.vormen, p.besluiter)
                    recent = (recent + [casus])[-3:]
                else:
                    kandidaten = [c for c in recent if c.sluit is None or c.sluit > t + 14 * DAG]
                    casus = rng.choice(kandidaten) if kandidaten else recent[-1]
                    if casus.sluit is not None and casus.sluit <= t + 14 * DAG:
                        later = t + int(DAG * rng.uniform(30, 120))
                        casus.sluit = None if later >= tijd.anker - 3 * DAG else tijd.kantoortijd(
                            rng, tijd.dag_van(later))
                    if p.gemeente not in casus.gemeenten:
                        casus.gemeenten.append(p.gemeente)
                    casus.vormen += [v for v in p.vormen if v not in casus.vormen]
                casus.signalen.append((p.pk, t, p.besluiter))
        # Cases opened from a partner's report, without signals.
        gebieden = [wg for wg in w.werkgebieden if wg.regisseurs]
        vormen = Keuze((("arbeid", 60), ("seksueel", 25), ("crimineel", 15)))
        for wg, n in zip(gebieden, verdeel(uit_melding, [wg.aandeel for wg in gebieden]), strict=True):
            gemeente = Keuze((g, w.aandeel[g]) for g in wg.gemeenten)
            melders = [w.politie[wg.regio.pk].pk, wg.zvh] + [w.nationaal[s].pk for s in ("nla", "kmar")
                                                             if s in w.nationaal]
            for _i in range(n):
                geopend = tijd.kantoortijd(rng, tijd.dag_van(tijd.groei(rng)))
                casus = self._nieuw(wg, geopend, gemeente(rng), (vormen(rng),))
                casus.melder = rng.choice(melders)
        volgorde = {wg.sleutel: index for index, wg in enumerate(w.werkgebieden)}
        self.casussen.sort(key=lambda c: (c.geopend, volgorde[c.wg.sleutel]))
        for casus in self.casussen:
            self._verloop(casus)
        self._alle_statussen()
        return self.casussen

    def _alle_statussen(self):
        """Every open status occurs, also at a small scale: the latest open cases get the missing ones."""
        aanwezig = {c.status for c in self.casussen}
        nodig = [s for s in (CS.OPEN, CS.IN_ONDERZOEK, CS.INTERVENTIES_LOPEN) if s not in aanwezig]
        for casus in reversed(self.casussen):
            if not nodig:
                break
            if casus.sluit is not None or sum(1 for c in self.casussen if c.status == casus.status) < 2:
                continue
            status = nodig.pop(0)
            stap = max((self.tijd.anker - casus.geopend) // 3, 60)
            casus.stappen = [(casus.geopend + stap * (i + 1), s) for i, s in enumerate(
                (CS.IN_ONDERZOEK, CS.INTERVENTIES_LOPEN)[:{CS.OPEN: 0, CS.IN_ONDERZOEK: 1}.get(status, 2)])]

    def _verloop(self, casus):
        rng, tijd = self.rng, self.tijd
        einde = casus.sluit or tijd.anker
        casus.samenvatting = rng.choice(rapportage_demo.CASUS_SAMENVATTINGEN[casus.vormen[0]])
        t = casus.geopend + int(DAG * rng.uniform(1, 25))
        if rng.random() < 0.85 and t < einde - DAG:
            casus.stappen.append((t, CS.IN_ONDERZOEK))
        t = max(t, casus.geopend) + int(DAG * rng.uniform(10, 90))
        if rng.random() < 0.6 and t < einde - DAG:
            casus.stappen.append((t, CS.INTERVENTIES_LOPEN))
        if casus.sluit:
            casus.stappen.append((casus.sluit, CS.AFGESLOTEN))
            casus.afsluitreden = rng.choice(rapportage_demo.CASUS_AFSLUITREDENEN)
        laatste_dag = tijd.dag_van(min(einde, tijd.anker - DAG))
        dag = tijd.dag_van(casus.geopend)
        if rng.random() < (0.45 if casus.vormen[0] in ("seksueel", "orgaan", "arbeid") else 0.2):
            casus.comensha = dag + rng.randrange(2, 40)
            casus.comensha = casus.comensha if casus.comensha <= laatste_dag else None
        if rng.random() < 0.55:
            casus.zorg = dag + rng.randrange(1, 20)
            casus.zorg = casus.zorg if casus.zorg <= laatste_dag else None

    def codes(self):
        eerste = reserveer(Casus, len(self.casussen))
        laatste = {(n.prefix, n.jaar): n.laatste for n in CasusNummer.objects.all()}
        for nummer, casus in enumerate(self.casussen):
            casus.pk = eerste + nummer
            sleutel = (casus.wg.code, self.tijd.jaar_van(casus.geopend))
            laatste[sleutel] = laatste.get(sleutel, 0) + 1
            casus.code = f"{sleutel[0]}-{sleutel[1]}-{laatste[sleutel]:03d}"
        for (prefix, jaar), n in laatste.items():
            CasusNummer.objects.update_or_create(prefix=prefix, jaar=jaar, defaults={"laatste": n})

    def aantal_rijen(self):
        return sum(1 + len(c.gemeenten) + len(c.vormen) + len(c.signalen) for c in self.casussen)

    def schrijf(self, snellader, vormen):
        casussen = self.casussen
        snellader.los(Casus, len(casussen))
        velden = ["id", "code", "district", "regio", "status", "afsluitreden", "eigenaar", "samenvatting", "melder",
                  "comensha_aangemeld_op", "zorgcoordinator_betrokken_op", "geopend_op", "status_gewijzigd_op",
                  "afgesloten_op", "gewijzigd"]
        samenvattingen = {}
        with Kopie(Casus, velden, self.voortgang) as kopie:
            for c in casussen:
                samenvatting = samenvattingen.get(c.samenvatting)
                if samenvatting is None:
                    samenvatting = samenvattingen[c.samenvatting] = tekst(c.samenvatting)
                gewijzigd = max([c.geopend, *(t for t, _s in c.stappen), *(t for _p, t, _d in c.signalen)])
                kopie.rij(
                    f"{c.pk}\t{c.code}\t{c.wg.district.pk if c.wg.district else NULL}\t{c.wg.regio.pk}\t{c.status}\t"
                    f"{tekst(c.afsluitreden)}\t{c.eigenaar}\t{samenvatting}\t{c.melder or NULL}\t"
                    f"{datum_tekst(c.comensha) if c.comensha else NULL}\t{datum_tekst(c.zorg) if c.zorg else NULL}\t"
                    f"{moment_tekst(c.geopend)}\t{moment_tekst(c.stappen[-1][0] if c.stappen else c.geopend)}\t"
                    f"{moment_tekst(c.sluit) if c.sluit else NULL}\t{moment_tekst(gewijzigd)}\n"
                )
        for model, veld, rijen in (
            (Casus.gemeenten.through, "gemeente", [(c.pk, g) for c in casussen for g in c.gemeenten]),
            (Casus.vormen.through, "vorm", [(c.pk, vormen[v]) for c in casussen for v in c.vormen if v in vormen]),
        ):
            snellader.los(model, len(rijen))
            with Kopie(model, ["casus", veld], self.voortgang) as kopie:
                for casus_pk, pk in rijen:
                    kopie.rij(f"{casus_pk}\t{pk}\n")
        snellader.los(CasusSignaal, sum(len(c.signalen) for c in casussen))
        with Kopie(CasusSignaal, ["casus", "signaal", "gekoppeld_door", "gekoppeld_op"], self.voortgang) as kopie:
            for c in casussen:
                for signaal, t, door in c.signalen:
                    kopie.rij(f"{c.pk}\t{signaal}\t{door or c.eigenaar}\t{moment_tekst(t)}\n")

    def geschiedenis(self, casus):
        """The case's own timeline rows (opened, signals, victim track, status): (moment, by, kind, from, to, text,
        signal, meeting, action)."""
        rijen = [(casus.geopend, casus.eigenaar, "geopend", "", CS.OPEN, "", None, None, None)]
        for signaal, t, door in casus.signalen:
            rijen.append((t, door or casus.eigenaar, "signaal", "", "", "", signaal, None, None))
        if casus.comensha or casus.zorg:
            dag = max(d for d in (casus.comensha, casus.zorg) if d)
            regels = [f"comensha_aangemeld_op={datum_tekst(casus.comensha)}" if casus.comensha else "",
                      f"zorgcoordinator_betrokken_op={datum_tekst(casus.zorg)}" if casus.zorg else ""]
            t = max(min(self.tijd.middernacht(dag) + 11 * UUR, self.tijd.anker - UUR), casus.geopend)
            rijen.append((t, casus.eigenaar, "slachtofferspoor", "", "", "\n".join(r for r in regels if r), None,
                          None, None))
        van = CS.OPEN
        for t, naar in casus.stappen:
            rijen.append((t, casus.eigenaar, "status", van, naar, casus.afsluitreden if naar == CS.AFGESLOTEN else "",
                          None, None, None))
            van = naar
        return rijen

    def audit_rijen(self):
        audit = self.audit
        for c in self.casussen:
            audit.pool("casusoverleg.casus", c.wg.sleutel).voeg(c.geopend, c.pk, c.scope)
            audit.voeg(c.geopend, "create", "casusoverleg.casus", c.pk, c.code, c.eigenaar, c.scope)
            for signaal, t, door in c.signalen:
                audit.voeg(t, "change", "casusoverleg.casus", c.pk, f"signaal {signaal} gekoppeld",
                           door or c.eigenaar, c.scope)
            van = CS.OPEN
            for t, naar in c.stappen:
                audit.voeg(t, "change", "casusoverleg.casus", c.pk, f"status {van} -> {naar}", c.eigenaar, c.scope)
                van = naar
            velden = [v for v, d in (("comensha_aangemeld_op", c.comensha), ("zorgcoordinator_betrokken_op", c.zorg))
                      if d]
            if velden:
                dag = max(d for d in (c.comensha, c.zorg) if d)
                t = max(min(self.tijd.middernacht(dag) + 11 * UUR, self.tijd.anker - UUR), c.geopend)
                audit.voeg(t, "change", "casusoverleg.casus", c.pk, f"slachtofferspoor: {', '.join(velden)}",
                           c.eigenaar, c.scope)
