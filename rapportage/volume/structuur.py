"""The world the history happens in: districts, werkgebieden and their shares, organisations, accounts and tables.

Built on top of ``seed_demo`` and never changing what it made: the demo's district Twente, organisations, accounts
and tables are reused as they are, and only what is missing is added:

- a district per safety region (veiligheidsregio) of the regions that work per district; Midden-Nederland (whose
  demo ketenregisseur works for the whole region) and Amsterdam (one safety region) stay regional;
- per gemeente "Gemeente X"; per region police, OM and RIEC; per werkgebied a care coordinator, a GGD and a
  Zorg- en Veiligheidshuis; nationally the probation service beside the demo's national partners;
- the accounts, all with one password hash: ketenregisseurs (RIEC) and a portefeuillehouder per werkgebied,
  coordinators per gemeente, partners over the organisations, a few beheerders;
- per werkgebied a case meeting (and themed ones where the share is large) and per region a regional table, each
  with its member organisations and who takes part for them.
"""
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify

from partners.demo import DEMO_PASSWORD
from partners.models import Organisatie, OrganisatieSoort, Rol, User
from tafels.models import District, Gemeente, Regio, Tafel, TafelLid, TafelSoort

from . import teksten
from .tijd import DAG, aware
from .verdeling import Keuze, verdeel

OS = OrganisatieSoort


@dataclass
class Org:
    pk: int
    naam: str
    soort: str
    regio_id: int | None
    district_id: int | None
    gemeente_id: int | None
    email: str
    scope: tuple  # (gemeente, district, regio) as the audit log records the organisation's area


@dataclass
class Gebruiker:
    pk: int
    organisatie_id: int
    rol: str
    actief: bool
    joined: int


@dataclass
class TafelInfo:
    pk: int
    naam: str
    werkgebied: "Werkgebied"
    thema: str | None  # form of exploitation routed to it; None for the general case meeting
    casustafel: bool
    leden: list  # (organisatie pk, deelnemer pk | None, mailbox)
    voorzitter_id: int | None
    locatie: str
    scope: tuple
    overleggen: int = 0


@dataclass
class Werkgebied:
    sleutel: str
    naam: str
    code: str
    regio: Regio
    district: District | None
    gemeenten: list
    aandeel: float = 0.0
    regisseurs: list = field(default_factory=list)
    portefeuillehouder: int | None = None
    tafels: list = field(default_factory=list)
    zorg: int | None = None
    ggd: int | None = None
    zvh: int | None = None

    @property
    def scope(self):
        return (None, self.district.pk if self.district else None, self.regio.pk)

    def tafel_voor(self, vorm):
        algemeen = None
        for tafel in self.tafels:
            if tafel.casustafel and tafel.thema == vorm:
                return tafel
            if tafel.casustafel and tafel.thema is None:
                algemeen = tafel
        return algemeen


class Wereld:
    """What the later phases pick from: areas, organisations, accounts, tables, who may submit where."""

    def __init__(self):
        self.regios = {}
        self.gemeenten = {}
        self.aandeel = {}  # gemeente pk -> share of the country's signals
        self.werkgebied_van = {}  # gemeente pk -> Werkgebied
        self.werkgebieden = []
        self.orgs = {}
        self.org_naam = {}
        self.gemeente_org = {}
        self.politie, self.om, self.riec = {}, {}, {}
        self.nationaal = {}
        self.gebruikers = {}
        self.beheerders = []
        self.leden_van = defaultdict(list)
        self.tafels = []
        self.nieuw = {"districten": 0, "organisaties": 0, "gebruikers": 0, "tafels": 0}

    def org_van(self, user_pk):
        return self.gebruikers[user_pk].organisatie_id


def _label(gemeente, dubbel):
    return gemeente.cbs_naam if gemeente.naam in dubbel else gemeente.naam


def _domein(naam):
    return slugify(naam.replace("'", "")) + ".example"


class Bouwer:
    def __init__(self, rng, tijd, audit, beheerder):
        self.rng = rng
        self.tijd = tijd
        self.audit = audit
        self.beheerder = beheerder
        self.w = Wereld()

    # --- districts and werkgebieden ---------------------------------------------------------------------------

    def districten(self):
        w = self.w
        w.regios = {r.pk: r for r in Regio.objects.order_by("pk")}
        gemeenten = list(Gemeente.objects.order_by("pk"))
        w.gemeenten = {g.pk: g for g in gemeenten}
        district_van = {}
        for district in District.objects.select_related("regio").prefetch_related("gemeenten").order_by("pk"):
            for g in district.gemeenten.all():
                district_van.setdefault(g.pk, district)
        per_regio_vr = defaultdict(lambda: defaultdict(list))
        for g in gemeenten:
            per_regio_vr[g.regio_id][g.veiligheidsregio].append(g)
        # Regions worked as a whole: a ketenregisseur or case table of the whole region, or one safety region.
        regionaal = set(User.objects.filter(rol=Rol.KETENREGISSEUR, werkgebied_regio__isnull=False)
                        .values_list("werkgebied_regio", flat=True))
        regionaal |= set(Tafel.objects.filter(soort=TafelSoort.CASUSOVERLEG_MENSENHANDEL, regio__isnull=False)
                         .values_list("regio", flat=True))
        regionaal |= {r for r, vrs in per_regio_vr.items() if len(vrs) == 1}
        codes = set(District.objects.values_list("code", flat=True)) | set(Regio.objects.values_list("code", flat=True))
        for regio_pk in sorted(per_regio_vr):
            if regio_pk in regionaal:
                continue
            for vr in sorted(per_regio_vr[regio_pk]):
                leden = [g for g in per_regio_vr[regio_pk][vr] if g.pk not in district_van]
                if not leden:
                    continue
                district = District.objects.filter(naam=vr).first()
                if district is None:
                    code = teksten.DISTRICT_CODES.get(vr, "")
                    if not code or code in codes:
                        basis = "".join(deel[0] for deel in vr.replace("-", " ").split() if deel[0].isalpha()).upper()
                        code = next(f"{basis[:3]}{n}" for n in range(1, 100) if f"{basis[:3]}{n}" not in codes)
                    codes.add(code)
                    district = District.objects.create(naam=vr, code=code, regio=w.regios[regio_pk])
                    w.nieuw["districten"] += 1
                    self.audit.beheer(self.tijd.begin - 90 * DAG, self.beheerder, "tafels.district", district.pk,
                                      (None, district.pk, regio_pk))
                district.gemeenten.add(*leden)
                for g in leden:
                    district_van[g.pk] = district
        # Werkgebieden: every district, and a region for its gemeenten outside any district.
        per_district = defaultdict(list)
        per_regio = defaultdict(list)
        for g in gemeenten:
            if g.pk in district_van:
                per_district[district_van[g.pk]].append(g.pk)
            else:
                per_regio[g.regio_id].append(g.pk)
        for district in sorted(per_district, key=lambda d: d.naam):
            w.werkgebieden.append(Werkgebied(f"district:{district.pk}", district.naam, district.code,
                                             w.regios[district.regio_id], district, per_district[district]))
        for regio_pk in sorted(per_regio):
            regio = w.regios[regio_pk]
            w.werkgebieden.append(Werkgebied(f"regio:{regio_pk}", regio.naam, regio.code, regio, None,
                                             per_regio[regio_pk]))
        for wg in w.werkgebieden:
            for g in wg.gemeenten:
                w.werkgebied_van[g] = wg

    def aandelen(self):
        w = self.w
        inwoners = {pk: teksten.INWONERS.get(g.naam) or self.rng.uniform(12, 45) for pk, g in w.gemeenten.items()}
        twente = set(District.objects.filter(code=teksten.CODE_TWENTE).values_list("gemeenten", flat=True)) - {None}
        midden = {pk for pk, g in w.gemeenten.items() if w.regios[g.regio_id].code == teksten.CODE_MIDDEN} - twente
        groepen = [(twente, teksten.AANDEEL_TWENTE), (midden, teksten.AANDEEL_MIDDEN)]
        rest = set(w.gemeenten) - twente - midden
        groepen.append((rest, 1.0 - sum(a for g, a in groepen if g)))
        for leden, aandeel in groepen:
            som = sum(inwoners[pk] for pk in leden)
            for pk in leden:
                w.aandeel[pk] = aandeel * inwoners[pk] / som
        self.inwoners = inwoners
        for wg in w.werkgebieden:
            wg.aandeel = sum(w.aandeel[g] for g in wg.gemeenten)
            wg.gemeenten.sort(key=lambda pk: -inwoners[pk])

    # --- organisations --------------------------------------------------------------------------------------

    def organisaties(self):
        w = self.w
        namen = defaultdict(int)
        for g in w.gemeenten.values():
            namen[g.naam] += 1
        dubbel = {naam for naam, n in namen.items() if n > 1}
        gewenst = []  # naam, soort, regio, district, gemeente, email
        for pk in sorted(w.gemeenten, key=lambda pk: w.gemeenten[pk].naam):
            g = w.gemeenten[pk]
            label = _label(g, dubbel)
            gewenst.append((f"Gemeente {label}", OS.GEMEENTE, None, None, pk, f"mensenhandel@{_domein(label)}"))
        for regio in w.regios.values():
            for naam, soort in ((f"Politie {regio.naam}", OS.POLITIE), (f"OM {regio.naam}", OS.OM),
                                (regio.riec, OS.RIEC)):
                gewenst.append((naam, soort, regio.pk, None, None, f"mensenhandel@{_domein(naam)}"))
        for wg in w.werkgebieden:
            district = wg.district.pk if wg.district else None
            regio = None if district else wg.regio.pk
            for naam, soort in ((f"Zorgcoördinator {wg.naam}", OS.ZORGCOORDINATOR), (f"GGD {wg.naam}", OS.GGD),
                                (f"Zorg- en Veiligheidshuis {wg.naam}", OS.ZORG_EN_VEILIGHEIDSHUIS)):
                gewenst.append((naam, soort, regio, district, None, f"info@{_domein(naam)}"))
        gewenst.append(("Reclassering Nederland", OS.RECLASSERING, None, None, None, "info@reclassering.example"))
        bestaand = set(Organisatie.objects.values_list("naam", flat=True))
        nieuw = [Organisatie(naam=naam, soort=soort, regio_id=regio, district_id=district, gemeente_id=gemeente,
                             email=email)
                 for naam, soort, regio, district, gemeente, email in gewenst if naam not in bestaand]
        Organisatie.objects.bulk_create(nieuw, batch_size=1000)
        # One group per organisation, named after its id (as Organisatie.save does).
        groepen = [Group(name=f"organisatie-{o.pk}") for o in nieuw]
        al = set(Group.objects.filter(name__in=[g.name for g in groepen]).values_list("name", flat=True))
        Group.objects.bulk_create([g for g in groepen if g.name not in al], batch_size=1000)
        per_naam = {g.name: g for g in Group.objects.filter(name__in=[g.name for g in groepen])}
        for o in nieuw:
            o.group = per_naam[f"organisatie-{o.pk}"]
        Organisatie.objects.bulk_update(nieuw, ["group"], batch_size=1000)
        w.nieuw["organisaties"] = len(nieuw)
        district_regio = dict(District.objects.values_list("pk", "regio_id"))
        for o in Organisatie.objects.order_by("pk"):
            regio = (w.gemeenten[o.gemeente_id].regio_id if o.gemeente_id
                     else district_regio[o.district_id] if o.district_id else o.regio_id)
            scope = ((o.gemeente_id, None, regio) if o.gemeente_id else (None, o.district_id, regio) if o.district_id
                     else (None, None, o.regio_id))
            org = Org(o.pk, o.naam, o.soort, o.regio_id, o.district_id, o.gemeente_id, o.email or "", scope)
            w.orgs[o.pk] = org
            w.org_naam[o.naam] = org
        for o in nieuw:
            self.audit.beheer(self.tijd.begin - 89 * DAG + self.rng.randrange(3 * DAG), self.beheerder,
                              "partners.organisatie", o.pk, w.orgs[o.pk].scope)
        for o in w.orgs.values():
            if o.soort == OS.GEMEENTE and o.gemeente_id:
                w.gemeente_org.setdefault(o.gemeente_id, o)
            elif o.soort in (OS.POLITIE, OS.OM, OS.RIEC) and o.regio_id and not o.district_id:
                {OS.POLITIE: w.politie, OS.OM: w.om, OS.RIEC: w.riec}[o.soort].setdefault(o.regio_id, o)
            elif not (o.regio_id or o.district_id or o.gemeente_id):
                w.nationaal.setdefault(o.soort, o)
        for wg in w.werkgebieden:
            wg.zorg = w.org_naam[f"Zorgcoördinator {wg.naam}"].pk
            wg.ggd = w.org_naam[f"GGD {wg.naam}"].pk
            wg.zvh = w.org_naam[f"Zorg- en Veiligheidshuis {wg.naam}"].pk

    # --- accounts -------------------------------------------------------------------------------------------

    def gebruikers(self, gevraagd, salt):
        """Make the accounts: ``gevraagd`` of them, or the minimum the structure needs (a ketenregisseur per
        werkgebied). Returns the number made."""
        w, rng = self.w, self.rng
        bestaand = list(User.objects.order_by("pk"))
        regisseurs = defaultdict(list)
        pfh = {}
        for u in bestaand:
            gebied = (f"district:{u.werkgebied_district_id}" if u.werkgebied_district_id
                      else f"regio:{u.werkgebied_regio_id}" if u.werkgebied_regio_id else None)
            if u.rol == Rol.KETENREGISSEUR and gebied and u.is_active:
                regisseurs[gebied].append(u.pk)
            elif u.rol == Rol.PORTEFEUILLEHOUDER and gebied and u.is_active:
                pfh.setdefault(gebied, u.pk)
        minimum = sum(1 for wg in w.werkgebieden if not regisseurs[wg.sleutel]) + 4
        totaal = max(gevraagd, minimum)
        plan = []  # (rol, organisatie pk, werkgebied)
        for wg in w.werkgebieden:
            nodig = max(round(wg.aandeel * totaal * 0.02), 1) - len(regisseurs[wg.sleutel])
            if not regisseurs[wg.sleutel]:
                nodig = max(nodig, 1)
            plan += [(Rol.KETENREGISSEUR, w.riec[wg.regio.pk].pk, wg)] * max(nodig, 0)
        if totaal >= 300:
            for wg in w.werkgebieden:
                if wg.sleutel not in pfh:
                    plan.append((Rol.PORTEFEUILLEHOUDER, w.gemeente_org[wg.gemeenten[0]].pk, wg))
        beheer = w.org_naam.get("Functioneel beheer")
        if beheer:
            plan += [(Rol.BEHEERDER, beheer.pk, None)] * round(totaal * 0.001)
        rest = max(totaal - len(plan), 0)
        coordinatoren = round(rest * 0.4)
        gemeente_orgs = [w.gemeente_org[pk] for pk in sorted(w.gemeente_org)]
        for org, n in zip(gemeente_orgs, verdeel(coordinatoren, [math.sqrt(self.inwoners[o.gemeente_id])
                                                                  for o in gemeente_orgs]), strict=True):
            plan += [(Rol.COORDINATOR, org.pk, None)] * n
        partner_orgs = []
        for regio in w.regios.values():
            regio_aandeel = sum(wg.aandeel for wg in w.werkgebieden if wg.regio.pk == regio.pk)
            partner_orgs += [(w.politie[regio.pk], 0.30 * regio_aandeel), (w.om[regio.pk], 0.05 * regio_aandeel),
                             (w.riec[regio.pk], 0.03 * regio_aandeel)]
        for wg in w.werkgebieden:
            partner_orgs += [(w.orgs[wg.zorg], 0.04 * wg.aandeel), (w.orgs[wg.ggd], 0.03 * wg.aandeel),
                             (w.orgs[wg.zvh], 0.03 * wg.aandeel)]
        partner_orgs += [(o, 0.20 * w.aandeel[o.gemeente_id]) for o in gemeente_orgs]
        for soort, gewicht in ((OS.NLA, 0.12), (OS.KMAR, 0.05), (OS.BELASTINGDIENST, 0.06), (OS.COMENSHA, 0.04),
                               (OS.RECLASSERING, 0.02)):
            if soort in w.nationaal:
                partner_orgs.append((w.nationaal[soort], gewicht))
        for (org, _g), n in zip(partner_orgs, verdeel(rest - coordinatoren, [g for _o, g in partner_orgs]),
                                strict=True):
            plan += [(Rol.PARTNER, org.pk, None)] * n

        wachtwoord = make_password(DEMO_PASSWORD, salt=salt)
        emails = {e.lower() for e in User.objects.values_list("email", flat=True)}
        nieuw = []
        for rol, org_pk, wg in plan:
            voornaam, achternaam = rng.choice(teksten.VOORNAMEN), rng.choice(teksten.ACHTERNAMEN)
            lokaal = f"{slugify(voornaam)}.{slugify(achternaam).replace('-', '')}"
            domein = w.orgs[org_pk].email.split("@")[-1] or _domein(w.orgs[org_pk].naam)
            email, n = f"{lokaal}@{domein}", 1
            while email in emails:
                n += 1
                email = f"{lokaal}{n}@{domein}"
            emails.add(email)
            actief = rol not in (Rol.COORDINATOR, Rol.PARTNER) or rng.random() >= 0.03
            joined = self.tijd.begin - rng.randrange(DAG, 60 * DAG)  # invited in the months before the history
            nieuw.append(User(
                email=email, naam=f"{voornaam} {achternaam}", organisatie_id=org_pk, rol=rol, password=wachtwoord,
                werkgebied_district=wg.district if wg and wg.district else None,
                werkgebied_regio=wg.regio if wg and not wg.district else None,
                is_active=actief, date_joined=aware(joined),
            ))
        User.objects.bulk_create(nieuw, batch_size=1000)
        groep = {o.pk: o.group_id for o in Organisatie.objects.only("pk", "group_id")}
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=groep[u.organisatie_id]) for u in nieuw], batch_size=2000)
        # The demo accounts have worked with the application for the whole history.
        User.objects.filter(pk__in=[u.pk for u in bestaand], date_joined__gt=aware(self.tijd.begin)).update(
            date_joined=aware(self.tijd.begin))
        for u in bestaand:
            w.gebruikers[u.pk] = Gebruiker(u.pk, u.organisatie_id, u.rol, u.is_active, self.tijd.begin)
        for u, (rol, _org, wg) in zip(nieuw, plan, strict=True):
            w.gebruikers[u.pk] = Gebruiker(u.pk, u.organisatie_id, rol, u.is_active,
                                           int(u.date_joined.timestamp()))
            if wg and rol == Rol.KETENREGISSEUR:
                regisseurs[wg.sleutel].append(u.pk)
            elif wg and rol == Rol.PORTEFEUILLEHOUDER:
                pfh.setdefault(wg.sleutel, u.pk)
        for wg in w.werkgebieden:
            wg.regisseurs = regisseurs[wg.sleutel]
            wg.portefeuillehouder = pfh.get(wg.sleutel)
        for g in w.gebruikers.values():
            if g.actief and g.rol in (Rol.KETENREGISSEUR, Rol.COORDINATOR, Rol.PARTNER):
                w.leden_van[g.organisatie_id].append(g.pk)
            if g.actief and g.rol == Rol.BEHEERDER:
                w.beheerders.append(g.pk)
        w.nieuw["gebruikers"] = len(nieuw)
        self.nieuwe_gebruikers = [u.pk for u in nieuw]
        return len(nieuw)

    # --- tables ----------------------------------------------------------------------------------------------

    def _lid(self, org, mailbox_naam, rollen=(Rol.PARTNER, Rol.COORDINATOR, Rol.KETENREGISSEUR)):
        kandidaten = [pk for pk in self.w.leden_van.get(org.pk, ()) if self.w.gebruikers[pk].rol in rollen]
        if kandidaten and self.rng.random() < 0.7:
            return (org.pk, self.rng.choice(kandidaten), "")
        return (org.pk, None, f"{mailbox_naam}@{org.email.split('@')[-1] or _domein(org.naam)}")

    def tafels(self, overleggen):
        """The tables, and how many of the ``overleggen`` meetings each holds."""
        w, rng = self.w, self.rng
        bestaand = {t.naam: t for t in Tafel.objects.select_related("district", "regio").prefetch_related("leden")}
        plannen = []  # (naam, soort, werkgebied, regio | None, thema, casustafel, leden, voorzitter, gewicht)
        nationaal = w.nationaal
        for wg in w.werkgebieden:
            slug = slugify(wg.naam)
            riec, politie, om = w.riec[wg.regio.pk], w.politie[wg.regio.pk], w.om[wg.regio.pk]
            themas = [(prefix, vorm) for prefix, vorm, vanaf in teksten.THEMATAFELS if wg.aandeel >= vanaf]
            voorzitter = wg.portefeuillehouder if wg.district and wg.portefeuillehouder else (
                wg.regisseurs[0] if wg.regisseurs else None)
            for prefix, vorm in [(teksten.ALGEMENE_TAFEL, None), *themas]:
                leden = [(riec.pk, wg.regisseurs[0], "") if wg.regisseurs else self._lid(riec, f"ketenregie.{slug}"),
                         self._lid(politie, f"casusoverleg.{slug}"), self._lid(om, f"casusoverleg.{slug}")]
                for soort in (OS.BELASTINGDIENST, OS.NLA):
                    if soort in nationaal:
                        leden.append(self._lid(nationaal[soort], f"casusoverleg.{slug}"))
                leden.append(self._lid(w.orgs[wg.zorg], "casusoverleg"))
                if vorm == "seksueel":
                    leden.append(self._lid(w.orgs[wg.ggd], "seksuele-gezondheid"))
                if vorm == "crimineel":
                    leden.append(self._lid(w.orgs[wg.zvh], "casusoverleg"))
                if vorm is None and OS.COMENSHA in nationaal and rng.random() < 0.5:
                    leden.append(self._lid(nationaal[OS.COMENSHA], "aanmelden"))
                gewicht = 0.92 * wg.aandeel * (0.4 if themas and vorm is None else 0.6 / len(themas) if themas else 1)
                plannen.append((f"{prefix} {wg.naam}", TafelSoort.CASUSOVERLEG_MENSENHANDEL, wg, vorm, True, leden,
                                voorzitter, gewicht))
        regionale = []
        for regio in w.regios.values():
            gebieden = [wg for wg in w.werkgebieden if wg.regio.pk == regio.pk]
            if not gebieden:
                continue
            grootste = max(gebieden, key=lambda wg: wg.aandeel)
            leden = [(w.riec[regio.pk].pk, grootste.regisseurs[0], "") if grootste.regisseurs
                     else self._lid(w.riec[regio.pk], "ketenregie"),
                     self._lid(w.politie[regio.pk], "mensenhandel"), self._lid(w.om[regio.pk], "mensenhandel"),
                     self._lid(w.gemeente_org[grootste.gemeenten[0]], "mensenhandel")]
            if OS.COMENSHA in nationaal:
                leden.append(self._lid(nationaal[OS.COMENSHA], "aanmelden"))
            regionale.append((f"{teksten.REGIONALE_TAFEL} {regio.naam}", TafelSoort.REGIONALE_TAFEL_MENSENHANDEL,
                              grootste, None, False, leden, None, 0.0, regio))
        # Other tables the demo has (the Regiegroep Prostitutie Twente): general topics, like a regional table.
        gepland = {p[0] for p in plannen} | {p[0] for p in regionale}
        for naam, tafel in sorted(bestaand.items()):
            if naam in gepland or tafel.soort == TafelSoort.CASUSOVERLEG_MENSENHANDEL:
                continue
            wg = next((g for g in w.werkgebieden if tafel.district_id and g.district and g.district.pk == tafel.district_id),
                      None) or next((g for g in w.werkgebieden if g.regio.pk == (tafel.regio_id or 0)), None)
            if wg is not None:
                regionale.append((naam, tafel.soort, wg, None, False, [], tafel.voorzitter_id, 0.0, None))
        overig = 0.08 / max(len(regionale), 1)
        alle = [(*p, None) for p in plannen] + [(*p[:7], overig, p[8]) for p in regionale]
        aantallen = verdeel(overleggen, [p[7] for p in alle])
        leden_nieuw = []
        for (naam, soort, wg, vorm, casustafel, leden, voorzitter, _g, regio), n in zip(alle, aantallen, strict=True):
            tafel = bestaand.get(naam)
            if tafel is None:
                velden = {"regio": regio} if regio else (
                    {"district": wg.district} if wg.district else {"regio": wg.regio})
                tafel = Tafel.objects.create(naam=naam, soort=soort, voorzitter_id=voorzitter,
                                             vergaderingen_per_jaar=min(max(round(n / 10), 1), 52), **velden)
                leden_nieuw += [TafelLid(tafel=tafel, organisatie_id=org, deelnemer_id=persoon, mailbox=mailbox)
                                for org, persoon, mailbox in leden]
                w.nieuw["tafels"] += 1
                self.audit.beheer(self.tijd.begin - 80 * DAG + rng.randrange(5 * DAG), self.beheerder, "tafels.tafel",
                                  tafel.pk, (None, tafel.district_id, (tafel.district.regio_id if tafel.district_id
                                                                       else tafel.regio_id)))
            else:
                leden = [(lid.organisatie_id, lid.deelnemer_id, lid.mailbox) for lid in tafel.leden.all()]
                voorzitter = tafel.voorzitter_id
            district_id = tafel.district_id
            regio_id = tafel.district.regio_id if district_id else tafel.regio_id
            plaats = w.gemeenten[wg.gemeenten[0]].naam
            locatie = rng.choice(teksten.LOCATIES).format(plaats=plaats, riec=w.riec[wg.regio.pk].naam)
            info = TafelInfo(tafel.pk, naam, wg, vorm, casustafel, leden, voorzitter, locatie,
                             (None, district_id, regio_id), n)
            w.tafels.append(info)
            wg.tafels.append(info)
        TafelLid.objects.bulk_create(leden_nieuw)

    def indieners(self):
        """Per gemeente: who may submit a signal for it, by kind (the gemeente itself, police, labour inspectorate,
        other partners of its werkgebied or the country)."""
        w = self.w
        indienend = (Rol.COORDINATOR, Rol.PARTNER)

        def leden(org_pk):
            return [pk for pk in w.leden_van.get(org_pk, ()) if w.gebruikers[pk].rol in indienend]

        self.per_gemeente = {}
        nationaal = w.nationaal
        nla = leden(nationaal[OS.NLA].pk) if OS.NLA in nationaal else []
        overig_nationaal = [pk for soort in (OS.KMAR, OS.COMENSHA) if soort in nationaal
                            for pk in leden(nationaal[soort].pk)]
        for pk, gemeente in w.gemeenten.items():
            wg = w.werkgebied_van[pk]
            eigen = leden(w.gemeente_org[pk].pk) if pk in w.gemeente_org else []
            # A coordinator of another gemeente in the same district may submit here too (now and then).
            buren = [u for g in wg.gemeenten[:3] if g != pk and g in w.gemeente_org and wg.district
                     for u in leden(w.gemeente_org[g].pk)]
            politie = leden(w.politie[gemeente.regio_id].pk)
            gebied = leden(wg.zorg) + leden(wg.ggd) + leden(wg.zvh)
            soorten = [("gemeente", eigen, 45), ("buren", buren, 3), ("politie", politie, 30), ("nla", nla, 14),
                       ("overig", gebied + overig_nationaal, 8)]
            self.per_gemeente[pk] = (Keuze((s, g) for s, lijst, g in soorten if lijst),
                                     {s: lijst for s, lijst, _g in soorten})
        return self.per_gemeente
