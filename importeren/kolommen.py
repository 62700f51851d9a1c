"""The columns of the three import sheets: their Dutch names (the file format: what the template's header row says
and what a filled-in file must have), whether they are required, and what they hold.

A header is recognised case- and space-insensitively, without a trailing "*" or a note in brackets, and by a few
other names regions use ("KvK", "kvk-nummer"). Columns the import does not know are left alone (the preview names
them).
"""
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Soort


@dataclass(frozen=True)
class Kolom:
    sleutel: str
    kop: str  # the Dutch column name in the template
    verplicht: bool
    uitleg: str
    voorbeeld: str = ""
    aliassen: tuple = field(default_factory=tuple)


def norm_kop(tekst):
    """'KvK-nummer *' -> 'kvk nummer'; 'Datum (dd-mm-jjjj)' -> 'datum'."""
    tekst = str(tekst or "").strip().lower()
    tekst = re.sub(r"\(.*?\)", " ", tekst)
    tekst = tekst.replace("*", " ").replace("_", " ").replace("-", " ").replace("/", " ").replace(".", " ")
    return re.sub(r"\s+", " ", tekst).strip()


SIGNALEN = (
    Kolom("kenmerk", "extern kenmerk", True,
          _("Your own number or code of the signal, at most 50 characters; unique within your work area. A second "
            "import of the same file skips the signals whose reference was imported before."), "MELD-2024-001",
          ("kenmerk", "extern nummer", "nummer", "id")),
    Kolom("organisatie", "indienende organisatie", True,
          _("The organisation that submitted the signal, by its name as it is known here. It decides who sees the "
            "signal, as for a signal submitted with the form."), "Gemeente Enschede", ("organisatie", "melder")),
    Kolom("datum", "datum", True,
          _("The date of the signal (dd-mm-jjjj or a date cell); not in the future."), "15-03-2024",
          ("datum signaal", "datum melding", "ingediend op")),
    Kolom("gemeente", "gemeente", True,
          _("The municipality, by CBS code (GM0153 or 153) or by name, as the CBS writes it (Hengelo (O.)) or plainly "
            "(Hengelo); it must lie in your work area."), "Enschede", ("cbs code", "gemeentecode")),
    Kolom("vormen", "vormen", False,
          _("Suspected form(s) of exploitation from the list, separated by a semicolon."), "Arbeidsuitbuiting",
          ("vorm", "vormen van uitbuiting", "vorm van uitbuiting")),
    Kolom("sector", "sector", False, _("The sector from the list."), "Land- en tuinbouw"),
    Kolom("bron", "bron", False, _("The signal source from the list."), "Handhaving / BOA",
          ("signaalbron",)),
    Kolom("omschrijving", "omschrijving", False,
          _("What was observed. Stored as text: a formula or HTML in the cell stays text."), "",
          ("toelichting", "beschrijving")),
    Kolom("locatie", "locatie of bedrijf", False, _("Name of the location or business, at most 200 characters."),
          "", ("locatie", "bedrijf", "locatie bedrijf", "bedrijfsnaam")),
    Kolom("adres", "adres", False, _("Address of the location, at most 250 characters."), ""),
    Kolom("kvk", "KvK-nummer", False, _("8 digits."), "", ("kvk", "kvk nr", "kamer van koophandel")),
    Kolom("status", "status", False,
          _("The status now: submitted (default), being assessed, information requested, taken up in a case, "
            "passed on or closed without follow-up."), "doorgezet"),
    Kolom("statusdatum", "datum status", False,
          _("The date the signal got that status; not before the date of the signal, not in the future. Empty: the "
            "date of the signal."), "22-03-2024", ("statusdatum", "datum van de status")),
    Kolom("doorgezet_naar", "doorgezet naar", False,
          _("Required with the status passed on: police / public prosecutor, NLA, care coordinator, CoMensha, EMM, "
            "Veilig Thuis or administrative approach."), "NLA", ("bestemming",)),
)

CASUSSEN = (
    Kolom("kenmerk", "extern kenmerk", True,
          _("Your own number or code of the case, at most 50 characters; unique within your work area."),
          "CASUS-2024-07", ("kenmerk", "extern nummer", "nummer", "id")),
    Kolom("geopend_op", "geopend op", True, _("The date the case was opened; not in the future."), "01-04-2024",
          ("geopend", "datum", "startdatum")),
    Kolom("gemeenten", "gemeenten", True,
          _("The municipality or municipalities where the case plays, separated by a semicolon (CBS code or name); "
            "all in your work area."), "Enschede; Hengelo", ("gemeente",)),
    Kolom("vormen", "vormen", False, _("Form(s) of exploitation from the list, separated by a semicolon."),
          "Arbeidsuitbuiting", ("vorm",)),
    Kolom("status", "status", False,
          _("open (default), under investigation, interventions under way or closed."), "in onderzoek"),
    Kolom("statusdatum", "datum status", False,
          _("The date the case got that status; not before it was opened. Empty: the date it was opened."), "",
          ("statusdatum",)),
    Kolom("samenvatting", "samenvatting", True,
          _("A short summary without names of persons or businesses, at most 1000 characters."), "",
          ("omschrijving",)),
    Kolom("signalen", "signalen", False,
          _("The external references of the signals of this case, separated by a semicolon; import the signals "
            "first."), "MELD-2024-001", ("gekoppelde signalen", "signaal")),
)

ACTIES = (
    Kolom("casus", "extern kenmerk casus", True,
          _("The external reference of the case the action belongs to; import the cases first."), "CASUS-2024-07",
          ("casus", "kenmerk casus", "casus kenmerk")),
    Kolom("kenmerk", "extern kenmerk", False,
          _("Your own number of the action, at most 50 characters. Empty: the import recognises the action by its "
            "case, description, organisation and due date."), "ACT-001", ("kenmerk", "actienummer")),
    Kolom("omschrijving", "omschrijving", True, _("What is to be done, at most 5000 characters."), "",
          ("actie", "wat")),
    Kolom("soort", "soort interventie", True,
          _("criminal law, administrative, tax, labour law or care / assistance."), "bestuurlijk",
          ("soort", "interventie")),
    Kolom("organisatie", "verantwoordelijke organisatie", True,
          _("The organisation responsible, by its name as it is known here."), "Gemeente Enschede",
          ("organisatie", "verantwoordelijke")),
    Kolom("uiterlijk", "uiterlijk", True, _("The due date."), "01-06-2024", ("deadline", "termijn", "datum gereed")),
    Kolom("status", "status", False, _("open (default), in progress, done or dropped."), "gereed"),
    Kolom("teruggekoppeld_op", "teruggekoppeld op", False,
          _("The date the responsible organisation reported back; required with the status done; not in the "
            "future."), "28-05-2024", ("teruggekoppeld", "datum terugkoppeling")),
    Kolom("afgesproken_op", "afgesproken op", False,
          _("The date the action was agreed; not in the future. Empty: the date the case was opened."), "",
          ("afgesproken", "datum afspraak")),
)

KOLOMMEN = {Soort.SIGNALEN: SIGNALEN, Soort.CASUSSEN: CASUSSEN, Soort.ACTIES: ACTIES}
# The sheet of the template for each kind (and the name the import looks for in a workbook).
BLADEN = {Soort.SIGNALEN: "Signalen", Soort.CASUSSEN: "Casussen", Soort.ACTIES: "Acties"}


def herken_koppen(soort, koppen):
    """{sleutel: column index} for the header row ``koppen``, and the headers not recognised."""
    namen = {}
    for kolom in KOLOMMEN[soort]:
        for naam in (kolom.kop, *kolom.aliassen):
            namen.setdefault(norm_kop(naam), kolom.sleutel)
    posities, onbekend = {}, []
    for index, kop in enumerate(koppen):
        if kop is None or str(kop).strip() == "":
            continue
        sleutel = namen.get(norm_kop(kop))
        if sleutel is None or sleutel in posities:
            onbekend.append(str(kop).strip())
        else:
            posities[sleutel] = index
    return posities, onbekend
