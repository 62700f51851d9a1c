"""The case timelines (``CasusHistorie``): per case its own rows (opened, signals linked, victim track, status; see
``Casussen.geschiedenis``) and those of its meetings and actions (put on the agenda, discussed, decision, action
agreed, its status changes and feedback), oldest first, with the texts the services write."""
from django.conf import settings
from django.utils import translation

from casusoverleg.models import ActieStatus, CasusHistorie, OverlegStatus

from .kopie import NULL, Kopie, tekst
from .tijd import DAG, moment_tekst

GEHOUDEN = (OverlegStatus.GEHOUDEN, OverlegStatus.BESLUITENLIJST_VASTGESTELD)


def aantal(casussen):
    """The number of rows ``schrijf`` writes."""
    totaal = 0
    for c in casussen:
        totaal += 1 + len(c.signalen) + len(c.stappen) + bool(c.comensha or c.zorg)
        for p in c.punten:
            totaal += 1 + (p.overleg.status in GEHOUDEN) + bool(p.besluit)
            totaal += sum(1 + len(a.wijzigingen) + bool(a.terugkoppeling) for a in p.acties)
    return totaal


def _rijen(casus, eigen, labels):
    rijen = eigen(casus)
    for p in casus.punten:
        o = p.overleg
        rijen.append((p.agenda_ts, o.door, "agenda", "", "", "", None, o.pk, None))
        if o.status in GEHOUDEN:
            rijen.append((o.eindigt + 600, o.door, "besproken", "", "", o.historie_tekst, None, o.pk, None))
        if p.besluit:
            rijen.append((o.eindigt - 300, o.door, "besluit", "", "", p.besluit, None, o.pk, None))
        for a in p.acties:
            rijen.append((a.aangemaakt, o.door, "actie", "", "", "", None, o.pk, a.pk))
            if a.terugkoppeling:
                moment = a.wijzigingen[-1][0] - 60 if a.wijzigingen else a.aangemaakt + DAG
                door = a.wijzigingen[-1][3] if a.wijzigingen else o.door
                rijen.append((moment, door, "terugkoppeling", "", "", a.terugkoppeling, None, None, a.pk))
            for t, van, naar, door in a.wijzigingen:
                regel = f"{labels[van]} → {labels[naar]}"
                if naar == ActieStatus.VERVALLEN:
                    regel += f"\n{a.reden}"
                rijen.append((t, door, "actie_status", van, naar, regel, None, None, a.pk))
    rijen.sort(key=lambda r: r[0])
    return rijen


def schrijf(casussen, wereld, snellader, voortgang):
    """Write the timelines of ``casussen`` (a ``Casussen``) after its meetings and actions are planned."""
    with translation.override(settings.LANGUAGE_CODE):
        labels = {s: str(s.label) for s in ActieStatus}
    snellader.los(CasusHistorie, aantal(casussen.casussen))
    velden = ["casus", "tijdstip", "door", "organisatie", "soort", "van_status", "naar_status", "tekst", "signaal",
              "overleg", "actie"]
    cache = {}
    gebruikers = wereld.gebruikers
    with Kopie(CasusHistorie, velden, voortgang) as kopie:
        for c in casussen.casussen:
            for t, door, soort, van, naar, regel, signaal, overleg, actie in _rijen(c, casussen.geschiedenis, labels):
                if regel:
                    regel = cache.get(regel) or cache.setdefault(regel, tekst(regel))
                kopie.rij(f"{c.pk}\t{moment_tekst(t)}\t{door}\t{gebruikers[door].organisatie_id}\t{soort}\t{van}\t"
                          f"{naar}\t{regel}\t{signaal or NULL}\t{overleg or NULL}\t{actie or NULL}\n")
