"""The check of an import file, row by row: which rows are new, which were imported before (their extern kenmerk is
known in the werkgebied: skipped), and why a row cannot be imported, in Dutch, per column.

``Controle(soort, werkgebied).verwerk(tabel, bewaar=...)`` reads the rows once (streamed) and returns an
``Uitkomst``: the counts, the preview rows and, with ``bewaar=True``, what the new records are made of
(``Uitkomst.nieuw``), for ``services`` to create. The lookups (organisations, gemeenten, lists, known extern
kenmerken) are read from the database once per check, never per row.
"""
import datetime
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casusoverleg.models import Actie, ActieSoort, ActieStatus, Casus, CasusStatus
from partners.models import Organisatie
from signalen.models import Bestemming, Bron, Sector, Signaal, Status, Vorm
from tafels.models import District, Gemeente, plain_gemeente_name
from tafels.selectors import gemeenten_in_werkgebied

from .kolommen import KOLOMMEN, herken_koppen
from .models import Soort

MAX_KENMERK = 50
# Preview rows kept: every row with a problem, the first rows of the rest.
MAX_VOORBEELD_GOED = 200


@functools.lru_cache(maxsize=8192)
def _norm(tekst):
    tekst = unicodedata.normalize("NFKD", tekst)
    tekst = "".join(ch for ch in tekst if not unicodedata.combining(ch))
    tekst = tekst.replace("’", "'").replace("‘", "'").casefold()
    return re.sub(r"\s+", " ", tekst).strip()


def norm(tekst):
    """For comparing names: no accents, no case, one space, straight quotes (the names repeat: cached)."""
    return _norm(str(tekst or ""))


def _zonder_haakjes(tekst):
    return re.sub(r"\s*\(.*?\)\s*", " ", tekst).strip()


def tekst_van(waarde):
    """A cell as text: a formula stays its text, a date becomes dd-mm-jjjj, a whole number has no '.0'."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.datetime):
        if waarde.time() == datetime.time(0, 0):
            return waarde.strftime("%d-%m-%Y")
        return waarde.strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, datetime.date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()


_DATUM = (
    re.compile(r"^(?P<j>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<j>\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"),
)


def datum_van(waarde):
    """A date from a date cell or from text (jjjj-mm-dd, dd-mm-jjjj, dd/mm/jjjj, dd.mm.jjjj); None if it is none."""
    if isinstance(waarde, datetime.datetime):
        return waarde.date()
    if isinstance(waarde, datetime.date):
        return waarde
    tekst = tekst_van(waarde)
    for patroon in _DATUM:
        gevonden = patroon.match(tekst)
        if gevonden:
            try:
                return datetime.date(int(gevonden["j"]), int(gevonden["m"]), int(gevonden["d"]))
            except ValueError:
                return None
    return None


def lijst_van(waarde):
    return [deel.strip() for deel in re.split(r"[;,\n]", tekst_van(waarde)) if deel.strip()]


def moment(datum):
    """The moment a date stands for in a record: noon, Dutch time (so it falls in the right day and quarter)."""
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12, 0)))


def _labels(choices, aliassen=()):
    """{normalised name: value} for TextChoices: the value, its label in Dutch and in English, and aliases."""
    kaart = {}
    for waarde in choices.values:
        kaart[norm(waarde.replace("_", " "))] = waarde
        for taal in (settings.LANGUAGE_CODE, "nl", "en"):
            with translation.override(taal):
                kaart.setdefault(norm(str(choices(waarde).label)), waarde)
    for alias, waarde in aliassen:
        kaart.setdefault(norm(alias), waarde)
    return kaart


def _lijst(model):
    kaart = {}
    for pk, code, naam in model.objects.values_list("pk", "code", "naam"):
        kaart[norm(code)] = pk
        kaart.setdefault(norm(naam), pk)
        kaart.setdefault(norm(_zonder_haakjes(naam)), pk)
    return kaart


def casussen_in_werkgebied(werkgebied):
    if isinstance(werkgebied, District):
        return Casus.objects.filter(district=werkgebied)
    return Casus.objects.filter(regio=werkgebied)


def signalen_in_werkgebied(werkgebied):
    return Signaal.objects.filter(gemeente__in=gemeenten_in_werkgebied(werkgebied).values("pk"))


@dataclass
class Uitkomst:
    soort: str
    blad: str = ""
    bestandsfouten: list = field(default_factory=list)
    onbekende_kolommen: list = field(default_factory=list)
    meldingen: list = field(default_factory=list)
    rijen: list = field(default_factory=list)  # [row number, kenmerk, summary, problems, imported before]
    nieuw: list = field(default_factory=list)
    aantal_rijen: int = 0
    aantal_nieuw: int = 0
    aantal_bestaand: int = 0
    aantal_fout: int = 0
    rijen_weggelaten: int = 0

    @property
    def is_geldig(self):
        return not self.bestandsfouten and self.aantal_fout == 0 and self.aantal_rijen > 0


class Controle:
    def __init__(self, soort, werkgebied, vandaag=None):
        self.soort = Soort(soort)
        self.werkgebied = werkgebied
        self.vandaag = vandaag or timezone.localdate()
        self.kolommen = KOLOMMEN[self.soort]
        self._laad()

    # --- lookups, once per check -----------------------------------------------------------------------------

    def _laad(self):
        self.organisaties = {norm(naam): pk for pk, naam in Organisatie.objects.values_list("pk", "naam")}
        self.in_werkgebied = set(gemeenten_in_werkgebied(self.werkgebied).values_list("pk", flat=True))
        self.gemeente_code, self.gemeente_naam = {}, {}
        self.gemeente_label = {}
        for pk, code, cbs_naam, naam in Gemeente.objects.values_list("pk", "cbs_code", "cbs_naam", "naam"):
            cijfers = re.sub(r"\D", "", code)
            self.gemeente_code[code.upper()] = pk
            if cijfers:
                self.gemeente_code[str(int(cijfers))] = pk
            for variant in {cbs_naam, naam, plain_gemeente_name(cbs_naam)}:
                self.gemeente_naam.setdefault(norm(variant), set()).add(pk)
            self.gemeente_label[pk] = naam
        self.vormen = _lijst(Vorm)
        if self.soort == Soort.SIGNALEN:
            self.sectoren = _lijst(Sector)
            self.bronnen = _lijst(Bron)
            self.statussen = _labels(Status, (("nieuw", Status.INGEDIEND), ("opgepakt", Status.OPGEPAKT_IN_CASUS),
                                              ("afgesloten", Status.AFGESLOTEN), ("in casus", Status.OPGEPAKT_IN_CASUS)))
            self.bestemmingen = _labels(Bestemming, (
                ("politie", Bestemming.POLITIE_OM), ("om", Bestemming.POLITIE_OM), ("politie/om", Bestemming.POLITIE_OM),
                ("arbeidsinspectie", Bestemming.NLA), ("nederlandse arbeidsinspectie", Bestemming.NLA),
                ("zorgcoordinator", Bestemming.ZORGCOORDINATOR), ("bestuurlijk", Bestemming.BESTUURLIJK),
                ("bibob", Bestemming.BESTUURLIJK), ("bestuurlijke aanpak", Bestemming.BESTUURLIJK)))
            self.bekend = set(signalen_in_werkgebied(self.werkgebied).exclude(extern_kenmerk="")
                              .values_list("extern_kenmerk", flat=True))
        elif self.soort == Soort.CASUSSEN:
            self.statussen = _labels(CasusStatus, (("gesloten", CasusStatus.AFGESLOTEN),))
            self.bekend = set(casussen_in_werkgebied(self.werkgebied).exclude(extern_kenmerk="")
                              .values_list("extern_kenmerk", flat=True))
            self.signalen = dict(signalen_in_werkgebied(self.werkgebied).exclude(extern_kenmerk="")
                                 .values_list("extern_kenmerk", "pk"))
        else:
            self.statussen = _labels(ActieStatus, (("afgerond", ActieStatus.GEREED), ("klaar", ActieStatus.GEREED),
                                                   ("loopt", ActieStatus.IN_UITVOERING)))
            self.soorten = _labels(ActieSoort, (("zorg", ActieSoort.ZORG), ("hulpverlening", ActieSoort.ZORG),
                                                ("zorg/hulpverlening", ActieSoort.ZORG),
                                                ("strafrecht", ActieSoort.STRAFRECHTELIJK),
                                                ("arbeidsrecht", ActieSoort.ARBEIDSRECHTELIJK)))
            self.casussen = {kenmerk: (pk, timezone.localdate(geopend)) for kenmerk, pk, geopend in
                             casussen_in_werkgebied(self.werkgebied).exclude(extern_kenmerk="")
                             .values_list("extern_kenmerk", "pk", "geopend_op")}
            self.bekend = set(Actie.objects.filter(casus__in=casussen_in_werkgebied(self.werkgebied))
                              .exclude(extern_kenmerk="").values_list("extern_kenmerk", flat=True))

    # --- the cells -------------------------------------------------------------------------------------------

    def _gemeente(self, waarde, fouten):
        tekst = tekst_van(waarde)
        code = tekst.upper().replace(" ", "")
        pk = self.gemeente_code.get(code)
        if pk is None and code.isdigit():
            pk = self.gemeente_code.get(str(int(code)))
        kandidaten = {pk} if pk is not None else self.gemeente_naam.get(norm(tekst), set())
        if not kandidaten:
            fouten.append(_("Municipality ‘%(value)s’ is unknown: use the CBS code or the name.") % {"value": tekst})
            return None
        binnen = kandidaten & self.in_werkgebied
        if not binnen:
            fouten.append(_("Municipality ‘%(value)s’ is not part of %(area)s.") % {
                "value": tekst, "area": self.werkgebied})
            return None
        if len(binnen) > 1:
            fouten.append(_("Municipality ‘%(value)s’ is ambiguous: use the CBS code.") % {"value": tekst})
            return None
        return binnen.pop()

    def _datum(self, rij, sleutel, label, fouten, *, verplicht=False, toekomst=False):
        waarde = rij.get(sleutel)
        if tekst_van(waarde) == "":
            if verplicht:
                fouten.append(_("%(column)s is empty.") % {"column": label})
            return None
        datum = datum_van(waarde)
        if datum is None:
            fouten.append(_("%(column)s ‘%(value)s’ is not a date (use dd-mm-jjjj).") % {
                "column": label, "value": tekst_van(waarde)})
            return None
        if not toekomst and datum > self.vandaag:
            fouten.append(_("%(column)s %(value)s lies in the future.") % {
                "column": label, "value": datum.strftime("%d-%m-%Y")})
            return None
        if datum.year < 1990:
            fouten.append(_("%(column)s %(value)s is too long ago.") % {
                "column": label, "value": datum.strftime("%d-%m-%Y")})
            return None
        return datum

    def _keuze(self, waarde, kaart, label, fouten):
        tekst = tekst_van(waarde)
        if not tekst:
            return None
        gevonden = kaart.get(norm(tekst))
        if gevonden is None:
            gevonden = kaart.get(norm(_zonder_haakjes(tekst)))
        if gevonden is None:
            fouten.append(_("%(column)s ‘%(value)s’ is not in the list.") % {"column": label, "value": tekst})
        return gevonden

    def _vormen(self, waarde, fouten):
        pks = []
        for deel in lijst_van(waarde):
            pk = self._keuze(deel, self.vormen, _("Form"), fouten)
            if pk is not None and pk not in pks:
                pks.append(pk)
        return pks

    def _tekst(self, rij, sleutel, label, maximum, fouten, *, verplicht=False):
        tekst = tekst_van(rij.get(sleutel))
        if verplicht and not tekst:
            fouten.append(_("%(column)s is empty.") % {"column": label})
        elif len(tekst) > maximum:
            fouten.append(_("%(column)s is longer than %(max)s characters.") % {"column": label, "max": maximum})
            return tekst[:maximum]
        return tekst

    def _organisatie(self, waarde, label, fouten):
        tekst = tekst_van(waarde)
        if not tekst:
            fouten.append(_("%(column)s is empty.") % {"column": label})
            return None
        pk = self.organisaties.get(norm(tekst))
        if pk is None:
            fouten.append(_("Organisation ‘%(value)s’ is unknown: use the name as it is known here (ask the "
                            "administrator to add it first).") % {"value": tekst})
        return pk

    def _kenmerk(self, waarde, label, fouten, gezien, nummer):
        kenmerk = tekst_van(waarde)
        if not kenmerk:
            fouten.append(_("%(column)s is empty.") % {"column": label})
            return ""
        if len(kenmerk) > MAX_KENMERK:
            fouten.append(_("%(column)s is longer than %(max)s characters.") % {"column": label, "max": MAX_KENMERK})
            return kenmerk[:MAX_KENMERK]
        eerder = gezien.get(kenmerk)
        if eerder is not None:
            fouten.append(_("External reference ‘%(value)s’ is used twice in this file (also in row %(row)s).") % {
                "value": kenmerk, "row": eerder})
        else:
            gezien[kenmerk] = nummer
        return kenmerk

    # --- the rows --------------------------------------------------------------------------------------------

    def _label(self, sleutel):
        return next(k.kop for k in self.kolommen if k.sleutel == sleutel).capitalize()

    def _signaal(self, rij, fouten, gezien, nummer):
        L = self._label
        kenmerk = self._kenmerk(rij.get("kenmerk"), L("kenmerk"), fouten, gezien, nummer)
        organisatie = self._organisatie(rij.get("organisatie"), L("organisatie"), fouten)
        datum = self._datum(rij, "datum", L("datum"), fouten, verplicht=True)
        gemeente = None
        if tekst_van(rij.get("gemeente")):
            gemeente = self._gemeente(rij.get("gemeente"), fouten)
        else:
            fouten.append(_("%(column)s is empty.") % {"column": L("gemeente")})
        vormen = self._vormen(rij.get("vormen"), fouten)
        sector = self._keuze(rij.get("sector"), self.sectoren, L("sector"), fouten)
        bron = self._keuze(rij.get("bron"), self.bronnen, L("bron"), fouten)
        omschrijving = self._tekst(rij, "omschrijving", L("omschrijving"), 20000, fouten)
        locatie = self._tekst(rij, "locatie", L("locatie"), 200, fouten)
        adres = self._tekst(rij, "adres", L("adres"), 250, fouten)
        kvk = re.sub(r"[\s.]", "", tekst_van(rij.get("kvk")))
        if kvk:
            if kvk.isdigit() and len(kvk) < 8 and not isinstance(rij.get("kvk"), str):
                kvk = kvk.zfill(8)  # a number cell loses its leading zeros
            if not re.fullmatch(r"\d{8}", kvk):
                fouten.append(_("KvK number ‘%(value)s’ does not have exactly 8 digits.") % {"value": kvk})
        status = Status.INGEDIEND
        if tekst_van(rij.get("status")):
            status = self._keuze(rij.get("status"), self.statussen, L("status"), fouten) or Status.INGEDIEND
            if status == Status.CONCEPT:
                fouten.append(_("A draft cannot be imported: only submitted signals."))
        bestemming = ""
        if tekst_van(rij.get("doorgezet_naar")):
            bestemming = self._keuze(rij.get("doorgezet_naar"), self.bestemmingen, L("doorgezet_naar"), fouten) or ""
            if bestemming and status != Status.DOORGEZET:
                fouten.append(_("‘Passed on to’ is filled in, but the status is not ‘passed on’."))
        elif status == Status.DOORGEZET:
            fouten.append(_("The status ‘passed on’ needs the column ‘doorgezet naar’ (where it was passed on to)."))
        statusdatum = self._datum(rij, "statusdatum", L("statusdatum"), fouten)
        if statusdatum and datum and statusdatum < datum:
            fouten.append(_("The date of the status lies before the date of the signal."))
        samenvatting = " · ".join(x for x in (datum.strftime("%d-%m-%Y") if datum else "",
                                              self.gemeente_label.get(gemeente, ""),
                                              tekst_van(rij.get("organisatie"))) if x)
        record = dict(kenmerk=kenmerk, organisatie=organisatie, datum=datum, gemeente=gemeente, vormen=vormen,
                      sector=sector, bron=bron, omschrijving=omschrijving, locatie=locatie, adres=adres, kvk=kvk,
                      status=status, statusdatum=statusdatum or datum, bestemming=bestemming)
        return kenmerk, samenvatting, record

    def _casus(self, rij, fouten, gezien, nummer):
        L = self._label
        kenmerk = self._kenmerk(rij.get("kenmerk"), L("kenmerk"), fouten, gezien, nummer)
        geopend = self._datum(rij, "geopend_op", L("geopend_op"), fouten, verplicht=True)
        gemeenten = []
        delen = lijst_van(rij.get("gemeenten"))
        if not delen:
            fouten.append(_("%(column)s is empty.") % {"column": L("gemeenten")})
        for deel in delen:
            pk = self._gemeente(deel, fouten)
            if pk is not None and pk not in gemeenten:
                gemeenten.append(pk)
        vormen = self._vormen(rij.get("vormen"), fouten)
        status = CasusStatus.OPEN
        if tekst_van(rij.get("status")):
            status = self._keuze(rij.get("status"), self.statussen, L("status"), fouten) or CasusStatus.OPEN
        statusdatum = self._datum(rij, "statusdatum", L("statusdatum"), fouten)
        if statusdatum and geopend and statusdatum < geopend:
            fouten.append(_("The date of the status lies before the date the case was opened."))
        samenvatting = self._tekst(rij, "samenvatting", L("samenvatting"), 1000, fouten, verplicht=True)
        signalen = []
        for deel in lijst_van(rij.get("signalen")):
            pk = self.signalen.get(deel)
            if pk is None:
                fouten.append(_("No signal with external reference ‘%(value)s’ in %(area)s: import the signals "
                                "first.") % {"value": deel, "area": self.werkgebied})
            elif pk not in signalen:
                signalen.append(pk)
        kort = " · ".join(x for x in (geopend.strftime("%d-%m-%Y") if geopend else "",
                                      ", ".join(self.gemeente_label[g] for g in gemeenten)) if x)
        record = dict(kenmerk=kenmerk, geopend=geopend, gemeenten=gemeenten, vormen=vormen, status=status,
                      statusdatum=statusdatum or geopend, samenvatting=samenvatting, signalen=signalen)
        return kenmerk, kort, record

    def _actie(self, rij, fouten, gezien, nummer):
        L = self._label
        casus_kenmerk = tekst_van(rij.get("casus"))
        casus = None
        if not casus_kenmerk:
            fouten.append(_("%(column)s is empty.") % {"column": L("casus")})
        else:
            casus = self.casussen.get(casus_kenmerk)
            if casus is None:
                fouten.append(_("No case with external reference ‘%(value)s’ in %(area)s: import the cases first.") % {
                    "value": casus_kenmerk, "area": self.werkgebied})
        omschrijving = self._tekst(rij, "omschrijving", L("omschrijving"), 5000, fouten, verplicht=True)
        soort = None
        if tekst_van(rij.get("soort")):
            soort = self._keuze(rij.get("soort"), self.soorten, L("soort"), fouten)
        else:
            fouten.append(_("%(column)s is empty.") % {"column": L("soort")})
        organisatie = self._organisatie(rij.get("organisatie"), L("organisatie"), fouten)
        uiterlijk = self._datum(rij, "uiterlijk", L("uiterlijk"), fouten, verplicht=True, toekomst=True)
        status = ActieStatus.OPEN
        if tekst_van(rij.get("status")):
            status = self._keuze(rij.get("status"), self.statussen, L("status"), fouten) or ActieStatus.OPEN
        teruggekoppeld = self._datum(rij, "teruggekoppeld_op", L("teruggekoppeld_op"), fouten)
        if status == ActieStatus.GEREED and not teruggekoppeld and tekst_van(rij.get("teruggekoppeld_op")) == "":
            fouten.append(_("An action that is done needs the date it was reported back (‘teruggekoppeld op’)."))
        afgesproken = self._datum(rij, "afgesproken_op", L("afgesproken_op"), fouten)
        if afgesproken is None and casus is not None:
            afgesproken = casus[1]
        if teruggekoppeld and afgesproken and teruggekoppeld < afgesproken:
            fouten.append(_("The date of reporting back lies before the date the action was agreed."))
        kenmerk = tekst_van(rij.get("kenmerk"))
        if kenmerk:
            kenmerk = self._kenmerk(kenmerk, L("kenmerk"), fouten, gezien, nummer)
        elif not fouten:
            # No key of its own: the action is recognised by what it is (the same row again is the same action).
            inhoud = "\x1f".join((casus_kenmerk, norm(omschrijving), str(organisatie), uiterlijk.isoformat()))
            kenmerk = f"#{hashlib.sha256(inhoud.encode()).hexdigest()[:32]}"
            eerder = gezien.get(kenmerk)
            if eerder is not None:
                fouten.append(_("This action is in the file twice (also in row %(row)s).") % {"row": eerder})
            gezien[kenmerk] = nummer
        kort = " · ".join(x for x in (casus_kenmerk, uiterlijk.strftime("%d-%m-%Y") if uiterlijk else "") if x)
        record = dict(kenmerk=kenmerk, casus=casus[0] if casus else None, omschrijving=omschrijving, soort=soort,
                      organisatie=organisatie, uiterlijk=uiterlijk, status=status, teruggekoppeld=teruggekoppeld,
                      afgesproken=afgesproken)
        return (kenmerk if not kenmerk.startswith("#") else ""), kort, record

    # --- the whole file --------------------------------------------------------------------------------------

    def verwerk(self, tabel, *, bewaar=False):
        uitkomst = Uitkomst(soort=self.soort)
        if tabel is None:
            uitkomst.bestandsfouten.append(
                _("The workbook has no sheet ‘%(sheet)s’. Use the template, or a workbook with one sheet.") % {
                    "sheet": self._bladnaam()})
            return uitkomst
        uitkomst.blad = tabel.blad
        posities, uitkomst.onbekende_kolommen = herken_koppen(self.soort, tabel.koppen)
        ontbreekt = [k.kop for k in self.kolommen if k.verplicht and k.sleutel not in posities]
        if ontbreekt:
            uitkomst.bestandsfouten.append(
                _("These required columns are missing: %(columns)s. Use the column names of the template.") % {
                    "columns": ", ".join(f"‘{k}’" for k in ontbreekt)})
            return uitkomst
        maak = {Soort.SIGNALEN: self._signaal, Soort.CASUSSEN: self._casus, Soort.ACTIES: self._actie}[self.soort]
        gezien = {}
        from .lezen import MAX_RIJEN

        verlopen = 0
        for nummer, waarden in tabel:
            uitkomst.aantal_rijen += 1
            if uitkomst.aantal_rijen > MAX_RIJEN:
                uitkomst.bestandsfouten.append(
                    _("The file has more than %(max)s rows. Split it and import the parts one by one.") % {
                        "max": MAX_RIJEN})
                uitkomst.nieuw = []
                return uitkomst
            rij = {sleutel: (waarden[i] if i < len(waarden) else None) for sleutel, i in posities.items()}
            fouten = []
            kenmerk, kort, record = maak(rij, fouten, gezien, nummer)
            bestaand = not fouten and record["kenmerk"] in self.bekend
            if fouten:
                uitkomst.aantal_fout += 1
            elif bestaand:
                uitkomst.aantal_bestaand += 1
            else:
                uitkomst.aantal_nieuw += 1
                if bewaar:
                    uitkomst.nieuw.append(record)
                if (self.soort == Soort.ACTIES and record["status"] in (ActieStatus.OPEN, ActieStatus.IN_UITVOERING)
                        and record["uiterlijk"] < self.vandaag):
                    verlopen += 1
            if fouten or len(uitkomst.rijen) - uitkomst.aantal_fout < MAX_VOORBEELD_GOED:
                uitkomst.rijen.append([nummer, kenmerk, kort, fouten, bestaand])
            else:
                uitkomst.rijen_weggelaten += 1
        if uitkomst.aantal_rijen == 0:
            uitkomst.bestandsfouten.append(_("The file has a header row but no rows to import."))
        if verlopen:
            uitkomst.meldingen.append(ngettext(
                "%(n)s open action is past its due date: the responsible organisation will get the weekly reminder "
                "for it. Mark an action that is finished as done in the file.",
                "%(n)s open actions are past their due date: the responsible organisations will get the weekly "
                "reminder for them. Mark actions that are finished as done in the file.", verlopen) % {"n": verlopen})
        return uitkomst

    def _bladnaam(self):
        from .kolommen import BLADEN

        return BLADEN[self.soort]
