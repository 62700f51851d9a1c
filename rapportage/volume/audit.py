"""The audit log of the ten years: the rows the services would have written for everything the other phases made
(``AuditLog.voeg``, with the services' own descriptions and the object's area as ``audit.services`` records it),
topped up with what people did around them — logging in and out, opening lists, signals, cases, meetings and actions,
exports — until the asked number is reached. Written oldest first (ids follow time) with COPY.

The table is append-only (a trigger refuses UPDATE and DELETE): rows are only ever inserted.
"""
import json
from array import array
from bisect import bisect_left

from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.core.rollen import Rol

from .kopie import NULL, Kopie, reserveer, tekst
from .tijd import UUR, moment_tekst
from .verdeling import Keuze

LEEG = (None, None, None)
_IP_BLOKKEN = ("192.0.2.", "198.51.100.", "203.0.113.")  # documentation ranges (RFC 5737): no real addresses

FILTERS = {
    "signalen.signaal": ({}, {"status": "ingediend"}, {"status": ["ingediend", "in_behandeling"]},
                         {"urgentie": "zeer_hoog"}, {"vorm": "1"}, {"sector": "12"}, {"van": "2024-01-01"}),
    "casusoverleg.casus": ({}, {"status": "open"}, {"status": "in_onderzoek"}, {"q": "2024"}),
    "casusoverleg.actie": ({}, {"termijn": "verlopen"}, {"termijn": "binnenkort"}, {"soort": "bestuurlijk"}),
    "casusoverleg.overleg": ({}, {"periode": "komend"}),
    "rapportage.rapport": ({},),
    "partners.user": ({}, {"rol": "coordinator"}, {"is_active": "1"}),
}

# What each role does in the application besides the work the other phases record: (kind, object type, weight).
GEWOONTES = {
    Rol.KETENREGISSEUR: (("login", "", 30), ("list", "signalen.signaal", 12), ("list", "casusoverleg.casus", 8),
                         ("list", "casusoverleg.actie", 5), ("view", "signalen.signaal", 12),
                         ("view", "casusoverleg.casus", 10), ("view", "casusoverleg.overleg", 6),
                         ("export", "signalen.signaal", 1), ("export", "casusoverleg.actie", 1)),
    Rol.COORDINATOR: (("login", "", 35), ("list", "signalen.signaal", 15), ("view", "signalen.signaal", 12),
                      ("list", "casusoverleg.actie", 8), ("view", "casusoverleg.actie", 5),
                      ("view", "casusoverleg.overleg", 2)),
    Rol.PARTNER: (("login", "", 35), ("list", "casusoverleg.actie", 15), ("view", "casusoverleg.actie", 10),
                  ("view", "casusoverleg.overleg", 8), ("list", "signalen.signaal", 7), ("view", "signalen.signaal", 4),
                  ("download", "casusoverleg.overleg", 1)),
    Rol.PORTEFEUILLEHOUDER: (("login", "", 40), ("list", "rapportage.rapport", 15), ("view", "casusoverleg.overleg", 15),
                             ("list", "casusoverleg.overleg", 5)),
    Rol.BEHEERDER: (("login", "", 30), ("list", "partners.user", 25), ("view", "partners.user", 25),
                    ("list", "partners.organisatie", 5)),
}
ROL_GEWICHT = {Rol.KETENREGISSEUR: 25, Rol.COORDINATOR: 3, Rol.PARTNER: 2, Rol.PORTEFEUILLEHOUDER: 2,
               Rol.BEHEERDER: 8}


def ip_van(user_pk):
    return f"{_IP_BLOKKEN[user_pk % 3]}{1 + (user_pk * 37) % 254}"


class Pool:
    """Objects of one kind in one area, oldest first, to pick one that existed at a moment."""

    __slots__ = ("ts", "rijen")

    def __init__(self):
        self.ts = []
        self.rijen = []  # (pk, scope)

    def voeg(self, ts, pk, scope):
        self.ts.append(ts)
        self.rijen.append((pk, scope))

    def sorteer(self):
        volgorde = sorted(range(len(self.ts)), key=self.ts.__getitem__)
        self.ts = [self.ts[i] for i in volgorde]
        self.rijen = [self.rijen[i] for i in volgorde]

    def kies(self, rng, ts, recent=400):
        """One of the ``recent`` latest objects made before ``ts`` (None when there is none)."""
        tot = bisect_left(self.ts, ts)
        if not tot:
            return None
        return self.rijen[tot - 1 - rng.randrange(min(tot, recent))]


class AuditLog:
    def __init__(self):
        self.ts = array("q")
        self.actie = array("B")
        self.type = array("B")
        self.oid = array("q")
        self.omschrijving = []
        self.actor = array("q")
        self.org = array("q")  # -1: the actor's organisation; 0: none
        self.scope = array("l")
        self.filters = array("H")
        self._acties = {a: i for i, a in enumerate(AuditActie.values)}
        self._actie_lijst = list(AuditActie.values)
        self._types = {"": 0}
        self._type_lijst = [""]
        self._scopes = {}
        self._scope_lijst = []
        self._filters = {"{}": 0}
        self._filter_lijst = ["{}"]
        self.pools = {}  # (object type, area key) -> Pool

    def __len__(self):
        return len(self.ts)

    def _index(self, waarde, index, lijst):
        nummer = index.get(waarde)
        if nummer is None:
            nummer = index[waarde] = len(lijst)
            lijst.append(waarde)
        return nummer

    def voeg(self, ts, actie, object_type, oid=0, omschrijving="", actor=None, scope=LEEG, org=-1, filters=None):
        self.ts.append(ts)
        self.actie.append(self._acties[actie])
        self.type.append(self._index(object_type, self._types, self._type_lijst))
        self.oid.append(oid or 0)
        self.omschrijving.append(omschrijving)
        self.actor.append(actor or 0)
        self.org.append(-1 if org == -1 else org or 0)
        self.scope.append(self._index(scope, self._scopes, self._scope_lijst))
        self.filters.append(self._index(json.dumps(filters, sort_keys=True) if filters else "{}", self._filters,
                                        self._filter_lijst))

    def beheer(self, ts, actor, object_type, oid, scope):
        self.voeg(ts, AuditActie.CREATE, object_type, oid, "beheer", actor, scope)

    def pool(self, object_type, sleutel):
        pool = self.pools.get((object_type, sleutel))
        if pool is None:
            pool = self.pools[(object_type, sleutel)] = Pool()
        return pool

    # --- topping up -------------------------------------------------------------------------------------------

    def aanvullen(self, rng, tijd, wereld, doel):
        """Add what people did around the recorded work until there are ``doel`` rows (at most: when the work
        alone gives more, a random part of its reading rows is left out)."""
        for pool in self.pools.values():
            pool.sorteer()
        actief = [g for g in wereld.gebruikers.values() if g.actief and g.rol in GEWOONTES]
        kies_actor = Keuze((g, ROL_GEWICHT[g.rol]) for g in actief)
        gewoontes = {rol: Keuze(((soort, t), w) for soort, t, w in lijst) for rol, lijst in GEWOONTES.items()}
        gebied = {}  # user pk -> area keys of their pools
        for g in actief:
            org = wereld.orgs[g.organisatie_id]
            wg = None
            if g.rol in (Rol.KETENREGISSEUR, Rol.PORTEFEUILLEHOUDER):
                wg = next((w.sleutel for w in wereld.werkgebieden if g.pk in w.regisseurs
                           or g.pk == w.portefeuillehouder), None)
            if wg is None and org.gemeente_id:
                wg = wereld.werkgebied_van[org.gemeente_id].sleutel
            gebied[g.pk] = (wg, f"org:{org.pk}")
        pogingen = 0
        while len(self) < doel and pogingen < doel * 4:
            pogingen += 1
            g = kies_actor(rng)
            ts = tijd.kantoortijd(rng, tijd.dag_van(tijd.groei(rng)), 8.0, 18.0)
            if ts < g.joined:
                continue
            soort, object_type = gewoontes[g.rol](rng)
            org = wereld.orgs[g.organisatie_id]
            if soort == "login":
                if rng.random() < 0.02:
                    self.voeg(ts - 60, AuditActie.LOGIN_FAILED, "partners.user", g.pk, "bestaand account", None,
                              org.scope, org=org.pk)
                self.voeg(ts, AuditActie.LOGIN, "partners.user", g.pk, "", g.pk, org.scope)
                if rng.random() < 0.7 and len(self) < doel:
                    self.voeg(ts + rng.randrange(10 * 60, 5 * UUR), AuditActie.LOGOUT, "partners.user", g.pk, "", g.pk,
                              org.scope)
            elif soort in ("list", "export"):
                keuzes = FILTERS.get(object_type, ({},))
                actie = AuditActie.LIST if soort == "list" else AuditActie.EXPORT
                self.voeg(ts, actie, object_type, 0, "beheer" if object_type.startswith("partners") else "", g.pk,
                          org.scope, filters=rng.choice(keuzes))
            else:
                if object_type == "partners.user":
                    ander = rng.choice(actief)
                    self.voeg(ts, AuditActie.VIEW, object_type, ander.pk, "beheer", g.pk,
                              wereld.orgs[ander.organisatie_id].scope)
                    continue
                wg_sleutel, org_sleutel = gebied[g.pk]
                pool = self.pools.get((object_type, org_sleutel)) or self.pools.get((object_type, wg_sleutel))
                gekozen = pool.kies(rng, ts) if pool else None
                if gekozen is None:
                    continue
                pk, scope = gekozen
                if soort == "download":
                    self.voeg(ts, AuditActie.DOWNLOAD, object_type, pk, "agenda-uitnodiging (.ics)", g.pk, scope)
                else:
                    self.voeg(ts, AuditActie.VIEW, object_type, pk, "", g.pk, scope)

    # --- writing ----------------------------------------------------------------------------------------------

    def schrijf(self, rng, wereld, doel, voortgang, snellader, laatste=None):
        """Write ``doel`` rows (a random part of the views is left out when there are more), oldest first; ``laatste``
        (a row for ``voeg``) comes last."""
        n = len(self)
        houden = range(n)
        if n > doel:
            weg = set(rng.sample(range(n), n - doel))
            houden = [i for i in range(n) if i not in weg]
        volgorde = sorted(houden, key=self.ts.__getitem__)
        if laatste is not None:
            self.voeg(*laatste)
            volgorde.append(len(self) - 1)
        snellader.los(AuditEntry, len(volgorde))
        eerste = reserveer(AuditEntry, len(volgorde))
        user_org = {pk: g.organisatie_id for pk, g in wereld.gebruikers.items()}
        acties = self._actie_lijst
        types = [tekst(t) for t in self._type_lijst]
        filters = [tekst(f) for f in self._filter_lijst]
        scopes = ["\t".join(NULL if v is None else str(v) for v in s) for s in self._scope_lijst]
        velden = ["id", "tijdstip", "actie", "object_type", "object_id", "filters", "omschrijving", "ip", "actor",
                  "organisatie", "gemeente", "district", "regio"]
        ts, actie, typ, oid, omschr, actor, org, scope, filt = (self.ts, self.actie, self.type, self.oid,
                                                                self.omschrijving, self.actor, self.org, self.scope,
                                                                self.filters)
        ips = {}
        with Kopie(AuditEntry, velden, voortgang) as kopie:
            for nummer, i in enumerate(volgorde):
                a = actor[i]
                o = org[i]
                if o == -1:
                    o = user_org.get(a, 0) if a else 0
                ip = ips.get(a)
                if ip is None:
                    ip = ips[a] = ip_van(a) if a else NULL
                kopie.rij(
                    f"{eerste + nummer}\t{moment_tekst(ts[i])}\t{acties[actie[i]]}\t{types[typ[i]]}\t"
                    f"{oid[i] or ''}\t{filters[filt[i]]}\t{tekst(omschr[i])}\t{ip}\t{a or NULL}\t{o or NULL}\t"
                    f"{scopes[scope[i]]}\n"
                )
        return len(volgorde)
