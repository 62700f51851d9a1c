"""The template to fill in: one XLSX with a sheet per kind (and a sheet "Toelichting" that explains every column and
lists the values the lists allow), and one CSV per kind (semicolon-separated, as Dutch Excel writes it). With
``voorbeeld=True`` the sheets carry fictional demo rows of district Twente (``docs/import-voorbeeld.xlsx``, made by
``manage.py importsjabloon``).
"""
import csv
import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .kolommen import BLADEN, KOLOMMEN
from .models import Soort

# Fictional rows that import as they are into the demo's district Twente (signals first, then cases, then actions).
VOORBEELD = {
    Soort.SIGNALEN: [
        ["MELD-2025-014", "Gemeente Enschede", "03-02-2025", "Enschede", "Arbeidsuitbuiting", "Land- en tuinbouw",
         "Toezicht en handhaving (BOA)", "Bij een controle van een tuinbouwbedrijf werken zes arbeidsmigranten zonder "
         "contract; ze wonen in chalets op het terrein.", "Kwekerij De Voorbeeldtuin", "Voorbeeldweg 1, Enschede",
         "01234567", "doorgezet", "10-02-2025", "NLA"],
        ["MELD-2025-021", "Gemeente Hengelo", "17-03-2025", "Hengelo (O.)", "Seksuele uitbuiting", "",
         "Melding van een burger",
         "Buren melden wisselende bewoners en bezoek 's nachts in een bovenwoning.", "", "", "", "in behandeling",
         "18-03-2025", ""],
        ["MELD-2025-030", "Politie Oost-Nederland", "02-04-2025", "GM0164", "Criminele uitbuiting", "",
         "Signaal van een ketenpartner", "Jongere lijkt drugs te vervoeren voor een derde; schulden genoemd.",
         "", "", "", "opgepakt in casus", "15-04-2025", ""],
    ],
    Soort.CASUSSEN: [
        ["CASUS-2025-03", "15-04-2025", "Hengelo; Enschede", "Criminele uitbuiting", "in onderzoek", "20-05-2025",
         "Jongere die onder druk drugs vervoert; schuld bij een derde. Zorg en politie betrokken.", "MELD-2025-030"],
    ],
    Soort.ACTIES: [
        ["CASUS-2025-03", "ACT-2025-011", "Gesprek met de jongere en ouders via het zorgspoor.", "zorg / hulpverlening",
         "Gemeente Hengelo", "30-05-2025", "gereed", "26-05-2025", "15-04-2025"],
        ["CASUS-2025-03", "ACT-2025-012", "Verkenning strafrechtelijk onderzoek naar de opdrachtgever.",
         "strafrechtelijk", "Politie Oost-Nederland", "30-06-2025", "in uitvoering", "", "15-04-2025"],
    ],
}


def _lijsten():
    from casusoverleg.models import ActieSoort, ActieStatus, CasusStatus
    from signalen.models import Bestemming, Bron, Sector, Status, Vorm

    return [
        ("vormen", [v.naam for v in Vorm.objects.all()]),
        ("sector", [s.naam for s in Sector.objects.all()]),
        ("bron", [b.naam for b in Bron.objects.all()]),
        (_("status of a signal"), [str(s.label) for s in Status if s != Status.CONCEPT]),
        ("doorgezet naar", [str(b.label) for b in Bestemming]),
        (_("status of a case"), [str(s.label) for s in CasusStatus]),
        ("soort interventie", [str(s.label) for s in ActieSoort]),
        (_("status of an action"), [str(s.label) for s in ActieStatus]),
    ]


def xlsx(voorbeeld=False):
    """The template workbook as bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook()
        workbook.remove(workbook.active)
        vet = Font(bold=True)
        for soort in (Soort.SIGNALEN, Soort.CASUSSEN, Soort.ACTIES):
            blad = workbook.create_sheet(BLADEN[soort])
            kolommen = KOLOMMEN[soort]
            blad.append([k.kop for k in kolommen])
            for cel in blad[1]:
                cel.font = vet
            for index, kolom in enumerate(kolommen, start=1):
                blad.column_dimensions[get_column_letter(index)].width = max(14, min(40, len(kolom.kop) + 6))
            blad.freeze_panes = "A2"
            if voorbeeld:
                for rij in VOORBEELD[soort]:
                    blad.append(rij)
            # Every cell as text, so that Excel keeps leading zeros (KvK, CBS code) and does not turn codes into dates.
            for index in range(1, len(kolommen) + 1):
                for cel in blad[get_column_letter(index)]:
                    cel.number_format = "@"
        uitleg = workbook.create_sheet("Toelichting")
        uitleg.append([_("Sheet"), _("Column"), _("Required"), _("What it holds")])
        for cel in uitleg[1]:
            cel.font = vet
        for soort in (Soort.SIGNALEN, Soort.CASUSSEN, Soort.ACTIES):
            for kolom in KOLOMMEN[soort]:
                uitleg.append([BLADEN[soort], kolom.kop, _("yes") if kolom.verplicht else _("no"), str(kolom.uitleg)])
        uitleg.append([])
        uitleg.append([_("List"), _("Values you can use")])
        uitleg.cell(row=uitleg.max_row, column=1).font = vet
        uitleg.cell(row=uitleg.max_row, column=2).font = vet
        for naam, waarden in _lijsten():
            uitleg.append([str(naam), "; ".join(waarden)])
        for letter, breedte in (("A", 22), ("B", 30), ("C", 10), ("D", 110)):
            uitleg.column_dimensions[letter].width = breedte
    uit = io.BytesIO()
    workbook.save(uit)
    return uit.getvalue()


def csv_tekst(soort, voorbeeld=False):
    """The CSV template of one kind: the header row (and the demo rows), separated by semicolons, UTF-8 with BOM."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([k.kop for k in KOLOMMEN[Soort(soort)]])
    if voorbeeld:
        schrijver.writerows(VOORBEELD[Soort(soort)])
    return "\ufeff" + uit.getvalue()
