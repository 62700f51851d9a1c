"""Quarterly report versions of the last quarters, per werkgebied with a ketenregisseur: the concept the quarterly
schedule (or the ketenregisseur) made in the first days after the quarter, and the final version a few days later
with the ketenregisseur's explanation (the last quarter sometimes still only a concept). The figures are counted by
``rapportage.cijfers.bereken`` over the generated history, once per werkgebied and quarter, and kept in both
versions, as finalising does. No PDFs are made: the report page offers to make them again.

Twente and Midden-Nederland get twice as many quarters as the others (below scale 0.01 only they get reports); how
many depends on the scale (counting is the slow part). A werkgebied and quarter that already has a report
(``seed_demo``'s) is left alone.
"""
from datetime import date

from mensenhandel.audit.models import AuditActie
from rapportage import demo as rapportage_demo
from rapportage.cijfers import bereken
from rapportage.models import Rapport, RapportStatus
from rapportage.perioden import Kwartaal

from . import teksten
from .kopie import reserveer
from .tijd import DAG, UUR, aware


def _kwartalen(scale):
    """Quarters per werkgebied (twice as many for Twente and Midden-Nederland): counting one takes about two seconds
    at scale 1."""
    return 1 if scale < 0.5 else 2


def toelichting(naam, gegevens):
    """The ketenregisseur's explanation for the board, from the counted figures: no names, no case codes, and only
    counts the report shows as well (5 or more)."""
    kwartaal = Kwartaal(*gegevens["kwartaal"])
    nu, vorige, jaar = gegevens["signalen"]["ontvangen"]
    casussen, acties = gegevens["casussen"], gegevens["acties"]
    getal, vergelijk, aantal = rapportage_demo._getal, rapportage_demo._vergelijk, rapportage_demo._aantal
    return (
        f"In het {rapportage_demo.KWARTAAL_NAMEN[kwartaal.kwartaal]} kwartaal van {kwartaal.jaar} ontving de "
        f"ketenregie in {naam} {getal(nu)} signalen van mogelijke mensenhandel, {vergelijk(nu, vorige)} in het "
        f"kwartaal ervoor ({getal(vorige)}) en {vergelijk(nu, jaar)} in hetzelfde kwartaal een jaar eerder "
        f"({getal(jaar)}). In het kwartaal zijn {aantal(casussen['geopend'][0], 'casus', 'casussen')} geopend en "
        f"{aantal(casussen['afgesloten'][0], 'casus', 'casussen')} afgesloten; in de overleggen zijn "
        f"{aantal(acties['afgesproken'][0], 'actie', 'acties')} afgesproken en "
        f"{aantal(acties['gereed'][0], 'actie', 'acties')} afgerond.\n\n"
        f"{rapportage_demo.SEIZOEN[kwartaal.kwartaal]}"
    )


class Rapporten:
    def __init__(self, rng, tijd, wereld, audit, scale):
        self.rng, self.tijd, self.w, self.audit = rng, tijd, wereld, audit
        self.scale = scale
        self.plannen = []  # (werkgebied, kwartaal, [(pk, status, moment, door)])

    def plan(self):
        rng, tijd = self.rng, self.tijd
        laatste = Kwartaal.laatst_afgesloten(date.fromordinal(tijd.anker_dag))
        klein = _kwartalen(self.scale)
        bestaand = set()
        for district, regio, jaar, kwartaal in Rapport.objects.values_list("district", "regio", "jaar", "kwartaal"):
            bestaand.add((f"district:{district}" if district else f"regio:{regio}", jaar, kwartaal))
        for wg in self.w.werkgebieden:
            groot = wg.code in (teksten.CODE_TWENTE, teksten.CODE_MIDDEN)
            if not wg.regisseurs or (self.scale < 0.01 and not groot):
                continue
            for terug in range(2 * klein if groot else klein):
                kwartaal = laatste.terug(terug)
                if (wg.sleutel, kwartaal.jaar, kwartaal.kwartaal) in bestaand:
                    continue
                einde = int(kwartaal.einde.timestamp())
                schema = rng.random() < 0.5
                concept = tijd.kantoortijd(rng, tijd.dag_van(einde) + rng.randrange(0, 4), 6.0, 7.0) if schema else (
                    tijd.kantoortijd(rng, tijd.dag_van(einde) + rng.randrange(1, 6)))
                concept = min(max(concept, einde + UUR), max(tijd.anker - UUR, einde + 60))
                regisseur = rng.choice(wg.regisseurs)
                versies = [("concept", concept, None if schema else regisseur)]
                definitief = concept + int(DAG * rng.uniform(2, 20))
                if definitief < tijd.anker - UUR and (terug or rng.random() < 0.6):
                    versies.append(("definitief", definitief, regisseur))
                self.plannen.append((wg, kwartaal, versies))
        eerste = reserveer(Rapport, sum(len(v) for _w, _k, v in self.plannen))
        for _wg, _k, versies in self.plannen:
            for index, (status, moment, door) in enumerate(versies):
                versies[index] = (eerste, status, moment, door)
                eerste += 1
        self._audit()

    def _audit(self):
        audit = self.audit
        for wg, k, versies in self.plannen:
            concept = versies[0][0]
            for pk, status, moment, door in versies:
                if status == "concept":
                    audit.voeg(moment, AuditActie.CREATE, "rapportage.rapport", pk,
                               f"concept K{k.kwartaal} {k.jaar} versie 1" + ("" if door else " (schema)"), door,
                               wg.scope, org=-1 if door else 0)
                else:
                    audit.voeg(moment - 600, AuditActie.CHANGE, "rapportage.rapport", concept, "toelichting", door,
                               wg.scope)
                    audit.voeg(moment, AuditActie.CREATE, "rapportage.rapport", pk,
                               f"definitief K{k.kwartaal} {k.jaar} versie 2 (uit versie 1)", door, wg.scope)
                    if wg.portefeuillehouder:
                        later = min(moment + int(DAG * self.rng.uniform(1, 10)), self.tijd.anker - UUR)
                        audit.voeg(later, AuditActie.VIEW, "rapportage.rapport", pk, "", wg.portefeuillehouder,
                                   wg.scope)

    def aantal(self):
        return len(self.plannen)

    def schrijf(self, voortgang):
        rijen = []
        for wg, kwartaal, versies in self.plannen:
            werkgebied = wg.district or wg.regio
            gegevens = bereken(werkgebied, kwartaal)
            velden = {"district": wg.district, "regio": None} if wg.district else {"district": None, "regio": wg.regio}
            concept_pk = versies[0][0]
            for versie, (pk, status, moment, door) in enumerate(versies, 1):
                definitief = status == "definitief"
                rijen.append(Rapport(
                    pk=pk, jaar=kwartaal.jaar, kwartaal=kwartaal.kwartaal, versie=versie,
                    status=RapportStatus.DEFINITIEF if definitief else RapportStatus.CONCEPT,
                    toelichting=toelichting(wg.naam, gegevens) if definitief or len(versies) > 1 else "",
                    gegevens=gegevens, geteld_op=aware(versies[0][2] + 120),
                    gebaseerd_op_id=concept_pk if definitief else None, aangemaakt_door_id=door,
                    aangemaakt=aware(moment), **velden,
                ))
            voortgang.stap()
        Rapport.objects.bulk_create(rijen, batch_size=500)
        return len(rijen)
