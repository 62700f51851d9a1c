"""Import files for the tests: XLSX (openpyxl) and CSV bytes from rows of values."""
import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from importeren.kolommen import BLADEN, KOLOMMEN

SIGNAAL_KOPPEN = [k.kop for k in KOLOMMEN["signalen"]]
CASUS_KOPPEN = [k.kop for k in KOLOMMEN["casussen"]]
ACTIE_KOPPEN = [k.kop for k in KOLOMMEN["acties"]]
KOPPEN = {"signalen": SIGNAAL_KOPPEN, "casussen": CASUS_KOPPEN, "acties": ACTIE_KOPPEN}


def signaal(kenmerk="MELD-1", organisatie="Gemeente Enschede", datum="15-03-2024", gemeente="Enschede", vormen="",
            sector="", bron="", omschrijving="", locatie="", adres="", kvk="", status="", statusdatum="",
            doorgezet_naar=""):
    return [kenmerk, organisatie, datum, gemeente, vormen, sector, bron, omschrijving, locatie, adres, kvk, status,
            statusdatum, doorgezet_naar]


def casus(kenmerk="CASUS-1", geopend_op="01-04-2024", gemeenten="Enschede", vormen="", status="", statusdatum="",
          samenvatting="Arbeidsmigranten op één adres.", signalen=""):
    return [kenmerk, geopend_op, gemeenten, vormen, status, statusdatum, samenvatting, signalen]


def actie(casus="CASUS-1", kenmerk="", omschrijving="Controle huisvesting.", soort="bestuurlijk",
          organisatie="Gemeente Enschede", uiterlijk="01-06-2030", status="", teruggekoppeld_op="", afgesproken_op=""):
    return [casus, kenmerk, omschrijving, soort, organisatie, uiterlijk, status, teruggekoppeld_op, afgesproken_op]


def xlsx_bytes(soort, rijen, koppen=None, blad=None):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = blad or BLADEN[soort]
    sheet.append(koppen or KOPPEN[soort])
    for rij in rijen:
        sheet.append(rij)
    uit = io.BytesIO()
    workbook.save(uit)
    return uit.getvalue()


def csv_bytes(soort, rijen, koppen=None, scheiding=";"):
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=scheiding)
    schrijver.writerow(koppen or KOPPEN[soort])
    schrijver.writerows(rijen)
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def upload(naam, data):
    return SimpleUploadedFile(naam, data)
