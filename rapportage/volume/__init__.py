"""Ten years of national history on top of ``seed_demo``, for load and performance work (``manage.py
generate_volume``). Fictitious: no real people, businesses or addresses.

At scale 1: 200,000 signals, 50,000 cases, 20,000 meetings, 500,000 actions, 5,000,000 audit rows and 3,000 accounts
over all ten regions, their districts and gemeenten; district Twente (12%) and region Midden-Nederland (18%) hold a
larger share than their inhabitants would give, so the demo accounts see a lot. Every count scales with ``scale``
(with a handful of each at the smallest scales; the accounts never drop below one ketenregisseur per werkgebied).

How it is built, phase by phase (each its own module):

- ``structuur``: districts, organisations, accounts (one password hash: the demo password) and tables;
- ``signalen``: signals with indicators, triage history, shares and their grants;
- ``casussen``, ``overleggen`` and ``tijdlijnen``: cases, meetings, agendas, participants, invitations,
  declarations, decisions, actions, and the case timelines;
- ``audit``: the audit rows of all of that, topped up with logins, lists and views to the asked number;
- ``rapporten``: report versions of the last quarters, counted by ``rapportage.cijfers``.

Reproducible: every phase draws from its own ``random.Random`` seeded with ``--seed``; the dates hang from the anchor
(``tijd``: the Monday of the current week), so the same seed in the same week gives the same data (the ids follow
the database's sequences). Rows are written with COPY, large tables without their foreign keys and non-unique
indexes, which are put back (and so checked) before the transaction commits: a failure leaves nothing behind.

Run it once per database: a second run is refused (the first one leaves an audit row saying it ran).
"""
import importlib.util
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Rol, User

from . import tijdlijnen
from .audit import LEEG, AuditLog
from .casussen import Casussen
from .kopie import Snellader, uitvoeren
from .overleggen import Overleggen
from .rapporten import Rapporten
from .signalen import Signalen
from .structuur import Bouwer
from .tijd import DAG, UUR, Tijd
from .voortgang import Voortgang

MARKER = "generate_volume"
BASIS = {"signalen": 200_000, "casussen": 50_000, "overleggen": 20_000, "acties": 500_000, "audit": 5_000_000,
         "gebruikers": 3_000}
MINIMUM = {"signalen": 60, "casussen": 12, "overleggen": 10, "acties": 40, "audit": 500, "gebruikers": 0}
WERKGEBIED_MODULE = "casusoverleg.services.werkgebied"


def aantallen(scale):
    """The asked number of each kind at ``scale``."""
    return {soort: max(round(n * scale), MINIMUM[soort]) for soort, n in BASIS.items()}


def eerdere_run():
    """The audit row of an earlier run in this database, or None."""
    return AuditEntry.objects.filter(actie=AuditActie.CREATE, object_type="", omschrijving__startswith=f"{MARKER} ") \
        .order_by("pk").first()


def _gebruikers_audit(rng, tijd, wereld, audit, nieuw):
    beheerders = wereld.beheerders
    for pk in nieuw:
        g = wereld.gebruikers[pk]
        scope = wereld.orgs[g.organisatie_id].scope
        beheerder = rng.choice(beheerders) if beheerders else None
        audit.voeg(g.joined - UUR, AuditActie.INVITATION, "partners.user", pk, "", beheerder, scope)
        audit.voeg(g.joined, AuditActie.PASSWORD_CHANGE, "partners.user", pk, "uitnodiging", pk, scope)
        audit.voeg(g.joined + 60, AuditActie.TWO_FACTOR_ENROLMENT, "partners.user", pk, "", pk, scope)
        if not g.actief:
            moment = tijd.kantoortijd(rng, tijd.anker_dag - rng.randrange(1, 700))
            audit.voeg(max(moment, g.joined + DAG), AuditActie.DEACTIVATION, "partners.user", pk, "", beheerder, scope)


def genereer(*, scale, seed, stdout, vandaag=None):
    """Generate the history; returns the numbers made per kind. Runs in one transaction."""
    tijd = Tijd(vandaag or timezone.localdate())
    doel = aantallen(scale)
    voortgang = Voortgang(stdout)
    audit = AuditLog()

    def rng(fase):
        return random.Random(f"{seed}:{fase}")

    with transaction.atomic():
        uitvoeren("SET LOCAL maintenance_work_mem = '256MB'")
        snellader = Snellader()
        beheerder = User.objects.filter(rol=Rol.BEHEERDER, is_active=True).order_by("pk").values_list(
            "pk", flat=True).first()

        voortgang.fase(_("Organisations, accounts and tables"), 4)
        bouwer = Bouwer(rng("structuur"), tijd, audit, beheerder)
        bouwer.districten()
        bouwer.aandelen()
        voortgang.stap()
        bouwer.organisaties()
        voortgang.stap()
        bouwer.gebruikers(doel["gebruikers"], salt=f"volume{seed}")
        voortgang.stap()
        bouwer.tafels(doel["overleggen"])
        indieners = bouwer.indieners()
        wereld = bouwer.w
        _gebruikers_audit(rng("gebruikers"), tijd, wereld, audit, bouwer.nieuwe_gebruikers)
        voortgang.stap()

        voortgang.fase(_("Signals"), 0)
        signalen = Signalen(rng("signalen"), tijd, wereld, indieners, audit, voortgang)
        signalen.plan(doel["signalen"])
        # Per werkgebied: the cases opened from its signals, and (a third more) the signals taken up in them.
        besloten = signalen.besloten()
        per_gebied = Casussen.verdeling(doel["casussen"], besloten, wereld.werkgebieden)
        opgepakt = signalen.beslis({sleutel: min(len(besloten[sleutel]), max(n, round(n * 1.3)))
                                    for sleutel, n in per_gebied.items()})
        signalen.delen(lambda wg: wg.tafel_voor(None))
        signalen.referenties()
        voortgang.totaal = signalen.aantal_rijen()
        signalen.schrijf(snellader)

        voortgang.fase(_("Cases, meetings and actions"), 0)
        casussen = Casussen(rng("casussen"), tijd, wereld, audit, voortgang)
        casussen.plan(opgepakt, per_gebied, doel["casussen"])
        casussen.codes()
        overleggen = Overleggen(rng("overleggen"), tijd, wereld, audit, voortgang)
        overleggen.plan()
        overleggen.agendas(casussen.casussen)
        overleggen.deelnemers()
        overleggen.acties(doel["acties"])
        overleggen.ids()
        voortgang.totaal = (casussen.aantal_rijen() + overleggen.aantal_rijen()
                            + tijdlijnen.aantal(casussen.casussen))
        casussen.schrijf(snellader, signalen.vormen)
        overleggen.schrijf(snellader)
        tijdlijnen.schrijf(casussen, wereld, snellader, voortgang)
        casussen.audit_rijen()
        overleggen.audit_rijen()

        rapporten = Rapporten(rng("rapporten"), tijd, wereld, audit, scale)
        rapporten.plan()

        voortgang.fase(_("Audit log"), 0)
        rng_audit = rng("audit")
        audit.aanvullen(rng_audit, tijd, wereld, doel["audit"] - 1)
        voortgang.totaal = doel["audit"]
        marker = (tijd.nu, AuditActie.CREATE, "", 0, f"{MARKER} scale={scale:g} seed={seed}", None, LEEG, 0,
                  {"scale": f"{scale:g}", "seed": str(seed)})
        auditrijen = audit.schrijf(rng_audit, wereld, doel["audit"] - 1, voortgang, snellader, laatste=marker)

        voortgang.fase(_("Indexes and foreign keys"), snellader.aantal_stappen())
        snellader.herstel(voortgang)

        voortgang.fase(_("Reports"), rapporten.aantal())
        uitvoeren("ANALYZE")
        rapportrijen = rapporten.schrijf(voortgang)

    voortgang.fase(_("Work areas and statistics"), 2)
    if importlib.util.find_spec(WERKGEBIED_MODULE) is not None:
        from casusoverleg.services.werkgebied import herbereken_werkgebied

        herbereken_werkgebied()
    voortgang.stap()
    uitvoeren("ANALYZE")
    voortgang.stap()
    voortgang.klaar()
    return {
        "districten": wereld.nieuw["districten"],
        "organisaties": wereld.nieuw["organisaties"],
        "gebruikers": wereld.nieuw["gebruikers"],
        "tafels": wereld.nieuw["tafels"],
        "signalen": len(signalen.signalen) + len(signalen.concepten),
        "casussen": len(casussen.casussen),
        "overleggen": len(overleggen.overleggen),
        "acties": len(overleggen.alle_acties),
        "audit": auditrijen,
        "rapporten": rapportrijen,
        "seconden": voortgang.verstreken(),
    }
