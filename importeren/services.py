"""The write paths of the import (issue 20): upload a file, check it (the preview), import it, discard it.

- ``upload`` checks the file by its content (``opslag.controleer``), stores it in the protected store, checks every
  row (``controle.Controle``) and keeps the outcome on its ``Importbestand`` row for the preview. A newer upload of
  the same ketenregisseur replaces a waiting one (its file is removed).
- ``importeer`` checks the rows again, under a lock on the werkgebied (two imports of one werkgebied never run side by
  side), and only when every row is valid creates the new records, all in one transaction: a file with one bad row
  imports nothing. Rows whose extern kenmerk the werkgebied already knows are skipped, so the same file imported twice
  changes nothing the second time. Then the file is removed (after the commit) and one audit row says what was
  imported from which file by whom: the counts, never the content.
- ``importeer_pad`` is the same for ``manage.py importeer`` (a file on the server, no upload).

The records are created the way the apps create them, in bulk: references (``SIG-2024-00042``) and case codes
(``TW-2024-003``) continue the counters of ``signalen`` and ``casusoverleg`` under their row locks, in the year of the
record's own date; each record's timeline starts with its history as the file gives it (submitted / opened on its
date, its status on the date of that status) and the note "Geïmporteerd op … door …". The dates are the record's
own, so the quarterly report counts imported history in the quarter it happened.
"""
import datetime
import hashlib
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from casusoverleg.models import (
    Actie,
    ActieStatus,
    Casus,
    CasusGebeurtenis,
    CasusHistorie,
    CasusNummer,
    CasusSignaal,
    CasusStatus,
)
from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.core.rollen import Rol
from signalen.models import Gebeurtenis, Signaal, SignaalHistorie, SignaalNummer, Status
from tafels.models import District
from treffers import services as treffer_services

from . import opslag
from .controle import Controle, moment
from .lezen import open_tabel
from .models import Importbestand, ImportStatus, Soort

BLOK = 2000  # records created per round (bounded memory on a 20,000-row file)
# An upload nobody imported or removed is thrown away after this long (with its file): its preview names cells.
WACHTEN_DAGEN = 7


def may_import(user):
    """Only an active ketenregisseur with a werkgebied imports (and sees the import pages)."""
    return (getattr(user, "is_authenticated", False) and user.is_active and user.rol == Rol.KETENREGISSEUR
            and user.werkgebied is not None)


def _require(door):
    if not may_import(door):
        raise PermissionDenied


def _werkgebied_velden(werkgebied):
    if isinstance(werkgebied, District):
        return {"district": werkgebied, "regio": werkgebied.regio}
    return {"district": None, "regio": werkgebied}


def notitie(door, bestandsnaam):
    """The line in each imported record's timeline, in the language of the records (Dutch)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Imported on %(date)s by %(name)s (%(organisation)s) from ‘%(file)s’.") % {
            "date": formats.date_format(timezone.localdate(), "j F Y"), "name": door.naam,
            "organisation": door.organisatie.naam, "file": bestandsnaam}


# --- numbering ------------------------------------------------------------------------------------------------


def _reserveer_referenties(jaren):
    """{year: first number} for ``jaren`` ({year: how many}), taken from ``SignaalNummer`` under its row lock."""
    eerste = {}
    for jaar in sorted(jaren):
        nummer, _nieuw = SignaalNummer.objects.select_for_update().get_or_create(jaar=jaar)
        eerste[jaar] = nummer.laatste + 1
        nummer.laatste += jaren[jaar]
        nummer.save(update_fields=["laatste"])
    return eerste


def _reserveer_codes(prefix, jaren):
    eerste = {}
    for jaar in sorted(jaren):
        nummer, _nieuw = CasusNummer.objects.select_for_update().get_or_create(prefix=prefix, jaar=jaar)
        eerste[jaar] = nummer.laatste + 1
        nummer.laatste += jaren[jaar]
        nummer.save(update_fields=["laatste"])
    return eerste


def _in_blokken(records):
    for start in range(0, len(records), BLOK):
        yield records[start:start + BLOK]


# --- creating the records ---------------------------------------------------------------------------------------


def maak_signalen(door, werkgebied, records, *, tekst):
    """Create the imported signals ``records`` (checked by ``controle.Controle``): the one way imported signals come
    in. Returns their ids. (The hit/no-hit index of issue 19 indexes them after this call, in the same transaction.)"""
    jaren = Counter(r["datum"].year for r in records)
    volgende = _reserveer_referenties(jaren)
    nu = timezone.now()
    ids, alle = [], []
    for blok in _in_blokken(records):
        signalen = []
        for r in blok:
            jaar = r["datum"].year
            referentie = f"SIG-{jaar}-{volgende[jaar]:05d}"
            volgende[jaar] += 1
            signalen.append(Signaal(
                referentie=referentie, status=r["status"], ingediend_door=door, organisatie_id=r["organisatie"],
                gemeente_id=r["gemeente"], waargenomen_van=r["datum"], sector_id=r["sector"], bron_id=r["bron"],
                omschrijving=r["omschrijving"], locatie_naam=r["locatie"], locatie_adres=r["adres"],
                kvk_nummer=r["kvk"], extern_kenmerk=r["kenmerk"], doorgezet_naar=r["bestemming"], aangemaakt=nu,
                ingediend_op=moment(r["datum"]),
            ))
        Signaal.objects.bulk_create(signalen, batch_size=1000)
        vormen, historie = [], []
        for signaal, r in zip(signalen, blok, strict=True):
            vormen.extend(Signaal.vormen.through(signaal_id=signaal.pk, vorm_id=v) for v in r["vormen"])
            historie.append(SignaalHistorie(signaal=signaal, tijdstip=signaal.ingediend_op, soort=Gebeurtenis.STATUS,
                                            van_status=Status.CONCEPT, naar_status=Status.INGEDIEND, tekst=tekst))
            if r["status"] != Status.INGEDIEND:
                soort = Gebeurtenis.VRAAG if r["status"] == Status.INFORMATIE_OPGEVRAAGD else Gebeurtenis.STATUS
                historie.append(SignaalHistorie(
                    signaal=signaal, tijdstip=moment(r["statusdatum"]), soort=soort, van_status=Status.INGEDIEND,
                    naar_status=r["status"], doorgezet_naar=r["bestemming"]))
            ids.append(signaal.pk)
        Signaal.vormen.through.objects.bulk_create(vormen, batch_size=1000)
        SignaalHistorie.objects.bulk_create(historie, batch_size=1000)
        alle.extend(signalen)
    # Issue 19: into the hit/no-hit index in the same transaction; the ketenregisseurs hear of the treffers of this
    # import in one summary each.
    treffer_services.indexeer_import(alle, door)
    return ids


def maak_casussen(door, werkgebied, records, *, tekst):
    velden = _werkgebied_velden(werkgebied)
    prefix = werkgebied.code
    volgende = _reserveer_codes(prefix, Counter(r["geopend"].year for r in records))
    ids = []
    for blok in _in_blokken(records):
        casussen = []
        for r in blok:
            jaar = r["geopend"].year
            code = f"{prefix}-{jaar}-{volgende[jaar]:03d}"
            volgende[jaar] += 1
            geopend, gewijzigd = moment(r["geopend"]), moment(r["statusdatum"])
            casussen.append(Casus(
                code=code, eigenaar=door, samenvatting=r["samenvatting"], status=r["status"], geopend_op=geopend,
                status_gewijzigd_op=gewijzigd if r["status"] != CasusStatus.OPEN else geopend,
                afgesloten_op=gewijzigd if r["status"] == CasusStatus.AFGESLOTEN else None,
                extern_kenmerk=r["kenmerk"], **velden,
            ))
        Casus.objects.bulk_create(casussen, batch_size=1000)
        gemeenten, vormen, koppelingen, historie = [], [], [], []
        for casus, r in zip(casussen, blok, strict=True):
            gemeenten.extend(Casus.gemeenten.through(casus_id=casus.pk, gemeente_id=g) for g in r["gemeenten"])
            vormen.extend(Casus.vormen.through(casus_id=casus.pk, vorm_id=v) for v in r["vormen"])
            historie.append(CasusHistorie(casus=casus, tijdstip=casus.geopend_op, soort=CasusGebeurtenis.GEOPEND,
                                          naar_status=CasusStatus.OPEN, tekst=tekst))
            for signaal in r["signalen"]:
                koppelingen.append(CasusSignaal(casus=casus, signaal_id=signaal, gekoppeld_door=door,
                                                gekoppeld_op=casus.geopend_op))
                historie.append(CasusHistorie(casus=casus, tijdstip=casus.geopend_op, soort=CasusGebeurtenis.SIGNAAL,
                                              signaal_id=signaal))
            if r["status"] != CasusStatus.OPEN:
                historie.append(CasusHistorie(casus=casus, tijdstip=casus.status_gewijzigd_op,
                                              soort=CasusGebeurtenis.STATUS, van_status=CasusStatus.OPEN,
                                              naar_status=r["status"]))
            ids.append(casus.pk)
        Casus.gemeenten.through.objects.bulk_create(gemeenten, batch_size=1000)
        Casus.vormen.through.objects.bulk_create(vormen, batch_size=1000)
        CasusSignaal.objects.bulk_create(koppelingen, batch_size=1000)
        CasusHistorie.objects.bulk_create(historie, batch_size=1000)
    return ids


def _statuslabel(status):
    with translation.override(settings.LANGUAGE_CODE):
        return str(ActieStatus(status).label)


def maak_acties(door, werkgebied, records, *, tekst):
    ids = []
    for blok in _in_blokken(records):
        acties = []
        for r in blok:
            acties.append(Actie(
                casus_id=r["casus"], omschrijving=r["omschrijving"], soort=r["soort"], organisatie_id=r["organisatie"],
                deadline=r["uiterlijk"], status=r["status"],
                gereed_op=moment(r["teruggekoppeld"]) if r["status"] == ActieStatus.GEREED else None,
                aangemaakt_door=door, aangemaakt=moment(r["afgesproken"]), extern_kenmerk=r["kenmerk"],
            ))
        Actie.objects.bulk_create(acties, batch_size=1000)
        historie = []
        for actie, r in zip(acties, blok, strict=True):
            historie.append(CasusHistorie(casus_id=actie.casus_id, tijdstip=actie.aangemaakt, soort=CasusGebeurtenis.ACTIE,
                                          actie=actie, tekst=tekst))
            if r["teruggekoppeld"]:
                historie.append(CasusHistorie(casus_id=actie.casus_id, tijdstip=moment(r["teruggekoppeld"]),
                                              soort=CasusGebeurtenis.TERUGKOPPELING, actie=actie))
            if r["status"] != ActieStatus.OPEN:
                wanneer = moment(r["teruggekoppeld"] or r["afgesproken"])
                historie.append(CasusHistorie(
                    casus_id=actie.casus_id, tijdstip=wanneer, soort=CasusGebeurtenis.ACTIE_STATUS, actie=actie,
                    van_status="", naar_status="",
                    tekst=f"{_statuslabel(ActieStatus.OPEN)} → {_statuslabel(r['status'])}"))
            ids.append(actie.pk)
        CasusHistorie.objects.bulk_create(historie, batch_size=1000)
    return ids


MAKERS = {Soort.SIGNALEN: maak_signalen, Soort.CASUSSEN: maak_casussen, Soort.ACTIES: maak_acties}


# --- checking and importing -------------------------------------------------------------------------------------


def controleer_pad(soort, werkgebied, pad, extensie, *, bewaar=False):
    """Check every row of the file at ``pad`` for ``werkgebied``: the ``controle.Uitkomst``."""
    controle = Controle(soort, werkgebied)
    with open_tabel(pad, extensie, soort) as tabel:
        return controle.verwerk(tabel, bewaar=bewaar)


def _bewaar_uitkomst(importbestand, uitkomst):
    importbestand.aantal_rijen = uitkomst.aantal_rijen
    importbestand.aantal_nieuw = uitkomst.aantal_nieuw
    importbestand.aantal_bestaand = uitkomst.aantal_bestaand
    importbestand.aantal_fout = uitkomst.aantal_fout
    importbestand.bestandsfouten = [str(f) for f in uitkomst.bestandsfouten]
    importbestand.rijen = {
        "rijen": uitkomst.rijen, "blad": uitkomst.blad, "onbekende_kolommen": uitkomst.onbekende_kolommen,
        "meldingen": [str(m) for m in uitkomst.meldingen], "weggelaten": uitkomst.rijen_weggelaten,
    }


def _weg(importbestand):
    opslagnaam = importbestand.opslagnaam
    importbestand.delete()
    transaction.on_commit(lambda: opslag.verwijder(opslagnaam))


def _extensie(opslagnaam):
    return opslag.XLSX if opslagnaam.endswith(opslag.XLSX) else opslag.CSV


@transaction.atomic
def upload(door, uploaded_file, soort):
    """Check and store an uploaded import file and check its rows: the ``Importbestand`` with the preview. Raises
    ValidationError (Dutch, naming the file) when the file itself is refused: then nothing is stored."""
    _require(door)
    soort = Soort(soort)
    naam, extensie, data = opslag.controleer(uploaded_file)
    grens = timezone.now() - datetime.timedelta(days=WACHTEN_DAGEN)
    for oud in Importbestand.objects.select_for_update().filter(
            Q(door=door) | Q(geupload_op__lt=grens), status=ImportStatus.GECONTROLEERD):
        _weg(oud)
    werkgebied = door.werkgebied
    opslagnaam, sha256 = opslag.bewaar(data, extensie)
    try:
        importbestand = Importbestand(soort=soort, bestandsnaam=naam, opslagnaam=opslagnaam, grootte=len(data),
                                      sha256=sha256, door=door, **_werkgebied_velden(werkgebied))
        del data
        uitkomst = controleer_pad(soort, werkgebied, opslag.pad(opslagnaam), extensie)
        _bewaar_uitkomst(importbestand, uitkomst)
        importbestand.save()
        audit.log(door, AuditActie.CREATE, importbestand,
                  omschrijving=f"importbestand {soort} gecontroleerd: {naam}; {uitkomst.aantal_rijen} rijen, "
                               f"{uitkomst.aantal_nieuw} nieuw, {uitkomst.aantal_bestaand} al geimporteerd, "
                               f"{uitkomst.aantal_fout} met fouten")
    except BaseException:
        opslag.verwijder(opslagnaam)
        raise
    return importbestand


def _lock_werkgebied(werkgebied):
    type(werkgebied).objects.select_for_update().get(pk=werkgebied.pk)


@transaction.atomic
def importeer(importbestand, door):
    """Import a checked file: only when every row is valid, all rows in this one transaction. Returns the
    ``Uitkomst`` of the check made just now; when it is not valid nothing was imported (the preview is updated)."""
    _require(door)
    importbestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
    if importbestand.door_id != door.pk or importbestand.werkgebied != door.werkgebied:
        raise PermissionDenied
    if importbestand.status != ImportStatus.GECONTROLEERD or not importbestand.opslagnaam:
        raise ValidationError(_("This file has been imported already."))
    werkgebied = importbestand.werkgebied
    _lock_werkgebied(werkgebied)
    uitkomst = controleer_pad(importbestand.soort, werkgebied, opslag.pad(importbestand.opslagnaam),
                              _extensie(importbestand.opslagnaam), bewaar=True)
    _bewaar_uitkomst(importbestand, uitkomst)
    if not uitkomst.is_geldig:
        importbestand.save()
        return uitkomst
    MAKERS[importbestand.soort](door, werkgebied, uitkomst.nieuw, tekst=notitie(door, importbestand.bestandsnaam))
    _afronden(importbestand, uitkomst)
    opslagnaam = importbestand.opslagnaam
    importbestand.opslagnaam = ""
    importbestand.save()
    transaction.on_commit(lambda: opslag.verwijder(opslagnaam))
    _log_import(door, importbestand)
    return uitkomst


def _afronden(importbestand, uitkomst):
    importbestand.status = ImportStatus.GEIMPORTEERD
    importbestand.geimporteerd_op = timezone.now()
    importbestand.rijen = {}
    importbestand.bestandsfouten = []
    uitkomst.nieuw = []


def _log_import(door, importbestand, via=""):
    audit.log(door, AuditActie.CREATE, importbestand,
              omschrijving=f"import {importbestand.soort}{via}: {importbestand.bestandsnaam}; "
                           f"{importbestand.aantal_nieuw} geimporteerd, {importbestand.aantal_bestaand} al aanwezig")


@transaction.atomic
def discard(importbestand, door):
    """Throw a waiting upload away (its file goes after the commit)."""
    _require(door)
    importbestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
    if importbestand.door_id != door.pk:
        raise PermissionDenied
    if importbestand.status != ImportStatus.GECONTROLEERD:
        return
    audit.log(door, AuditActie.DELETE, importbestand, omschrijving=f"importbestand {importbestand.soort} weggegooid")
    _weg(importbestand)


@transaction.atomic
def importeer_pad(soort, werkgebied, pad, door, *, bestandsnaam, dry_run=False):
    """``manage.py importeer``: check the file at ``pad`` (by its content, as an upload) and, unless ``dry_run`` or a
    row is invalid, import it for ``werkgebied`` on behalf of ``door`` (a ketenregisseur of that werkgebied). Returns
    the ``Uitkomst``; the import is recorded like an upload's (the file itself stays where it is)."""
    if not may_import(door) or door.werkgebied != werkgebied:
        raise PermissionDenied
    with open(pad, "rb") as bestand:
        naam, extensie, data = opslag.controleer(File(bestand, name=bestandsnaam))
    grootte = len(data)
    sha256 = hashlib.sha256(data).hexdigest()
    del data
    if not dry_run:
        _lock_werkgebied(werkgebied)
    uitkomst = controleer_pad(soort, werkgebied, pad, extensie, bewaar=not dry_run)
    if dry_run or not uitkomst.is_geldig:
        return uitkomst
    MAKERS[Soort(soort)](door, werkgebied, uitkomst.nieuw, tekst=notitie(door, naam))
    importbestand = Importbestand(soort=soort, bestandsnaam=naam, grootte=grootte, sha256=sha256, door=door,
                                  **_werkgebied_velden(werkgebied))
    _bewaar_uitkomst(importbestand, uitkomst)
    _afronden(importbestand, uitkomst)
    importbestand.save()
    _log_import(door, importbestand, via=" (manage.py importeer)")
    return uitkomst
