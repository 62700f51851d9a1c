"""The import end to end through the pages: upload, preview, import; all or nothing; a second run changes nothing;
records get references and codes, their own dates and "Geïmporteerd op … door …"; the file leaves the store; the
audit log has file name, counts and who, never the content; formula cells and HTML are stored as text and shown
escaped; the command does the same."""
import datetime
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from casusoverleg.models import Actie, ActieStatus, Casus, CasusGebeurtenis, CasusStatus
from importeren import opslag as import_opslag
from importeren import sjabloon
from importeren.models import Importbestand, ImportStatus
from mensenhandel.audit.models import AuditActie, AuditEntry
from signalen.models import Signaal, SignaalHistorie, Status

from .bestanden import actie, casus, csv_bytes, signaal, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

REGISSEUR = "regisseur@twente.example"
GEHEIM = "Verdachte situatie bij kwekerij, zes personen zonder contract"


@pytest.fixture
def regisseur(demo, client, opslag):
    client.force_login(demo[REGISSEUR])
    return demo[REGISSEUR]


def post_bestand(client, soort, naam, data):
    return client.post(reverse("importeren:start"), {"soort": soort, "bestand": upload(naam, data)})


def signaal_rijen(goed=True):
    return [
        signaal(kenmerk="MELD-1", datum="15-03-2024", gemeente="Enschede", vormen="Arbeidsuitbuiting",
                omschrijving=GEHEIM, status="doorgezet", statusdatum="20-03-2024", doorgezet_naar="NLA"),
        signaal(kenmerk="MELD-2", organisatie="Politie Oost-Nederland", datum="2024-05-02", gemeente="GM0164",
                status="afgesloten zonder vervolg", statusdatum="10-06-2024"),
        signaal(kenmerk="MELD-3", datum="01-07-2024", gemeente="Hengelo (O.)" if goed else "Utrecht"),
    ]


def test_one_bad_row_imports_nothing_and_the_fixed_file_imports_all(regisseur, client, opslag,
                                                                    django_capture_on_commit_callbacks):
    voor = Signaal.objects.count()
    response = post_bestand(client, "signalen", "signalen.xlsx", xlsx_bytes("signalen", signaal_rijen(goed=False)))
    importbestand = Importbestand.objects.get()
    assert response.status_code == 302 and response.url == reverse("importeren:voorbeeld", args=[importbestand.pk])
    pagina = client.get(response.url).content.decode()
    assert "Gemeente ‘Utrecht’ hoort niet bij Twente." in pagina and 'data-rij="4"' in pagina
    assert "1 rij kan niet worden geïmporteerd" in pagina
    assert f"/import/{importbestand.pk}/importeren/" not in pagina  # no import button
    # Posting the import anyway imports nothing: all or nothing.
    response = client.post(reverse("importeren:importeren", args=[importbestand.pk]), follow=True)
    assert "Er is niets geïmporteerd" in response.content.decode()
    assert Signaal.objects.count() == voor

    # The corrected file replaces the waiting one (its file leaves the store) and imports in one go.
    oud = import_opslag.pad(importbestand.opslagnaam)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_bestand(client, "signalen", "signalen.xlsx", xlsx_bytes("signalen", signaal_rijen()))
    assert not Importbestand.objects.filter(pk=importbestand.pk).exists() and not oud.exists()
    importbestand = Importbestand.objects.get()
    pagina = client.get(response.url).content.decode()
    assert "Elke rij is in orde: 3 nieuwe signalen worden geïmporteerd." in pagina
    bestand = import_opslag.pad(importbestand.opslagnaam)
    assert bestand.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("importeren:importeren", args=[importbestand.pk]), follow=True)
    assert "3 signalen geïmporteerd." in response.content.decode()
    assert Signaal.objects.count() == voor + 3
    importbestand.refresh_from_db()
    assert importbestand.status == ImportStatus.GEIMPORTEERD and importbestand.opslagnaam == ""
    assert not bestand.exists()

    eerste = Signaal.objects.get(extern_kenmerk="MELD-1")
    assert eerste.referentie.startswith("SIG-2024-") and eerste.status == Status.DOORGEZET
    assert eerste.doorgezet_naar == "nla" and eerste.organisatie.naam == "Gemeente Enschede"
    assert eerste.ingediend_op.date() == datetime.date(2024, 3, 15) and eerste.omschrijving == GEHEIM
    historie = list(eerste.historie.all())
    assert [(h.van_status, h.naar_status) for h in historie] == [("concept", "ingediend"), ("ingediend", "doorgezet")]
    assert historie[1].tijdstip.date() == datetime.date(2024, 3, 20)
    assert historie[0].tekst.startswith("Geïmporteerd op ") and f"door {regisseur.naam}" in historie[0].tekst
    assert "signalen.xlsx" in historie[0].tekst
    # The signal shows in Signalen, and its page shows the import note to the ketenregisseur.
    assert eerste.referentie in client.get(reverse("signalen:lijst")).content.decode()
    assert "Geïmporteerd op" in client.get(reverse("signalen:detail", args=[eerste.pk])).content.decode()


def test_a_second_import_of_the_same_file_changes_nothing(regisseur, client):
    data = xlsx_bytes("signalen", signaal_rijen())
    post_bestand(client, "signalen", "a.xlsx", data)
    client.post(reverse("importeren:importeren", args=[Importbestand.objects.get().pk]))
    referenties = set(Signaal.objects.values_list("referentie", flat=True))
    historie = SignaalHistorie.objects.count()
    post_bestand(client, "signalen", "a.xlsx", data)
    tweede = Importbestand.objects.get(status=ImportStatus.GECONTROLEERD)
    assert (tweede.aantal_nieuw, tweede.aantal_bestaand, tweede.aantal_fout) == (0, 3, 0)
    assert "Elke rij is al eerder geïmporteerd" in client.get(
        reverse("importeren:voorbeeld", args=[tweede.pk])).content.decode()
    response = client.post(reverse("importeren:importeren", args=[tweede.pk]), follow=True)
    assert "0 signalen geïmporteerd. 3 rijen waren al eerder geïmporteerd en zijn overgeslagen." in \
        response.content.decode()
    assert set(Signaal.objects.values_list("referentie", flat=True)) == referenties
    assert SignaalHistorie.objects.count() == historie


def test_the_audit_log_has_file_name_counts_and_who_not_the_content(regisseur, client):
    post_bestand(client, "signalen", "historie-2024.xlsx", xlsx_bytes("signalen", signaal_rijen()))
    importbestand = Importbestand.objects.get()
    client.post(reverse("importeren:importeren", args=[importbestand.pk]))
    rijen = AuditEntry.objects.filter(object_type="importeren.importbestand", object_id=str(importbestand.pk))
    aangemaakt = rijen.filter(actie=AuditActie.CREATE).order_by("pk")
    assert aangemaakt.count() == 2
    laatste = aangemaakt.last()
    assert laatste.actor == regisseur and laatste.district_id == regisseur.werkgebied_district_id
    assert "historie-2024.xlsx" in laatste.omschrijving and "3 geimporteerd" in laatste.omschrijving
    for rij in rijen:
        assert "MELD-1" not in rij.omschrijving and "kwekerij" not in rij.omschrijving.lower()
    assert not AuditEntry.objects.filter(omschrijving__icontains="kwekerij").exists()


def test_formula_cells_and_html_are_stored_as_text_and_shown_escaped(regisseur, client):
    from openpyxl import load_workbook

    data = xlsx_bytes("signalen", [signaal(kenmerk="MELD-F", omschrijving='=HYPERLINK("http://x.example","klik")',
                                           locatie="<script>alert(1)</script>"),
                                   signaal(kenmerk="MELD-H", omschrijving="<img src=x onerror=alert(2)>")])
    # openpyxl writes a value starting with "=" as a formula cell: the file really holds a formula.
    from io import BytesIO
    assert load_workbook(BytesIO(data))["Signalen"]["H2"].data_type == "f"
    post_bestand(client, "signalen", "f.xlsx", data)
    importbestand = Importbestand.objects.get()
    client.post(reverse("importeren:importeren", args=[importbestand.pk]))
    formule = Signaal.objects.get(extern_kenmerk="MELD-F")
    assert formule.omschrijving == '=HYPERLINK("http://x.example","klik")'
    assert formule.locatie_naam == "<script>alert(1)</script>"
    html = Signaal.objects.get(extern_kenmerk="MELD-H")
    assert html.omschrijving == "<img src=x onerror=alert(2)>"
    for s in (formule, html):
        pagina = client.get(reverse("signalen:detail", args=[s.pk])).content.decode()
        assert "<script>alert(1)</script>" not in pagina and "<img src=x" not in pagina
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(
        reverse("signalen:detail", args=[formule.pk])).content.decode()


def test_html_in_a_cell_is_escaped_in_the_preview(regisseur, client):
    post_bestand(client, "signalen", "x.csv", csv_bytes("signalen", [signaal(kenmerk="<b>K1</b>",
                                                                            gemeente="<i>Nergens</i>")]))
    pagina = client.get(reverse("importeren:voorbeeld", args=[Importbestand.objects.get().pk])).content.decode()
    assert "&lt;b&gt;K1&lt;/b&gt;" in pagina and "<b>K1</b>" not in pagina and "<i>Nergens</i>" not in pagina


def test_cases_and_actions_after_the_signals(regisseur, client):
    post_bestand(client, "signalen", "s.csv", csv_bytes("signalen", signaal_rijen()))
    client.post(reverse("importeren:importeren", args=[Importbestand.objects.get().pk]))
    post_bestand(client, "casussen", "c.csv", csv_bytes("casussen", [
        casus(kenmerk="CASUS-1", geopend_op="01-04-2024", gemeenten="Enschede; Hengelo", vormen="arbeid",
              status="afgesloten", statusdatum="01-10-2024", signalen="MELD-1; MELD-2"),
        casus(kenmerk="CASUS-2", geopend_op="2025-01-05", status="in onderzoek"),
    ], scheiding=","))
    importbestand = Importbestand.objects.get(status=ImportStatus.GECONTROLEERD)
    assert importbestand.is_geldig, importbestand.rijen
    client.post(reverse("importeren:importeren", args=[importbestand.pk]))
    eerste = Casus.objects.get(extern_kenmerk="CASUS-1")
    assert eerste.code.startswith("TW-2024-") and eerste.status == CasusStatus.AFGESLOTEN
    assert eerste.eigenaar == regisseur and eerste.district == regisseur.werkgebied_district
    assert eerste.afgesloten_op.date() == datetime.date(2024, 10, 1)
    assert set(eerste.signalen.values_list("extern_kenmerk", flat=True)) == {"MELD-1", "MELD-2"}
    assert eerste.gemeenten.count() == 2
    geopend = eerste.historie.get(soort=CasusGebeurtenis.GEOPEND)
    assert geopend.tekst.startswith("Geïmporteerd op") and geopend.tijdstip.date() == datetime.date(2024, 4, 1)
    assert Casus.objects.get(extern_kenmerk="CASUS-2").code.startswith("TW-2025-")
    assert eerste.code in client.get(reverse("casusoverleg:casus", args=[eerste.pk])).content.decode()

    post_bestand(client, "acties", "a.xlsx", xlsx_bytes("acties", [
        actie(casus="CASUS-1", kenmerk="ACT-1", status="gereed", teruggekoppeld_op="01-09-2024",
              afgesproken_op="15-04-2024", uiterlijk="01-09-2024", soort="zorg / hulpverlening"),
        actie(casus="CASUS-2", omschrijving="Gesprek met de werkgever.", organisatie="Nederlandse Arbeidsinspectie",
              soort="arbeidsrechtelijk", uiterlijk="01-01-2030"),
    ]))
    importbestand = Importbestand.objects.get(status=ImportStatus.GECONTROLEERD)
    client.post(reverse("importeren:importeren", args=[importbestand.pk]))
    gereed = Actie.objects.get(extern_kenmerk="ACT-1")
    assert gereed.status == ActieStatus.GEREED and gereed.gereed_op.date() == datetime.date(2024, 9, 1)
    assert gereed.aangemaakt.date() == datetime.date(2024, 4, 15) and gereed.casus == eerste
    zonder_kenmerk = Actie.objects.get(casus__extern_kenmerk="CASUS-2")
    assert zonder_kenmerk.extern_kenmerk.startswith("#")
    assert zonder_kenmerk.aangemaakt.date() == datetime.date(2025, 1, 5)

    # The same actions file again: recognised by their key (or, without one, by what they are): nothing new.
    post_bestand(client, "acties", "a.xlsx", xlsx_bytes("acties", [
        actie(casus="CASUS-1", kenmerk="ACT-1", status="gereed", teruggekoppeld_op="01-09-2024",
              afgesproken_op="15-04-2024", uiterlijk="01-09-2024", soort="zorg / hulpverlening"),
        actie(casus="CASUS-2", omschrijving="Gesprek met de werkgever.", organisatie="Nederlandse Arbeidsinspectie",
              soort="arbeidsrechtelijk", uiterlijk="01-01-2030"),
    ]))
    assert Importbestand.objects.get(status=ImportStatus.GECONTROLEERD).aantal_bestaand == 2


def test_templates_download_with_dutch_columns(regisseur, client):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get(reverse("importeren:sjabloon_xlsx"))
    assert response["Content-Disposition"].startswith('attachment; filename="sjabloon.xlsx"')
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Signalen", "Casussen", "Acties", "Toelichting"]
    assert [c.value for c in workbook["Signalen"][1]][:4] == ["extern kenmerk", "indienende organisatie", "datum",
                                                             "gemeente"]
    assert "Seksuele uitbuiting" in " ".join(str(c.value) for rij in workbook["Toelichting"].iter_rows() for c in rij)
    for soort in ("signalen", "casussen", "acties"):
        response = client.get(f"/import/sjabloon-{soort}.csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content.decode("utf-8-sig").startswith("extern kenmerk" if soort != "acties" else
                                                                "extern kenmerk casus")


def test_the_demo_template_in_docs_imports_as_it_is(regisseur):
    from pathlib import Path

    from openpyxl import load_workbook

    pad = Path(__file__).resolve().parents[2] / "docs" / "import-voorbeeld.xlsx"
    # The file in docs/ is what ``manage.py importsjabloon --voorbeeld`` makes (the same sheets and rows).
    gemaakt = load_workbook(BytesIO(sjabloon.xlsx(voorbeeld=True)))
    for blad in load_workbook(pad).worksheets:
        assert [[c.value for c in rij] for rij in blad.iter_rows()] == [
            [c.value for c in rij] for rij in gemaakt[blad.title].iter_rows()], blad.title
    for soort in ("signalen", "casussen", "acties"):
        call_command("importeer", soort, str(pad), "--werkgebied", "TW", stdout=open("/dev/null", "w"))
    assert Signaal.objects.filter(extern_kenmerk__startswith="MELD-2025-").count() == 3
    assert Casus.objects.get(extern_kenmerk="CASUS-2025-03").acties.count() == 2


def test_the_command_dry_run_and_import_with_the_same_preview(regisseur, tmp_path, capsys):
    pad = tmp_path / "signalen.xlsx"
    pad.write_bytes(xlsx_bytes("signalen", signaal_rijen(goed=False)))
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("importeer", "signalen", str(pad), "--werkgebied", "TW", "--dry-run")
    uit = capsys.readouterr().out
    assert "Rij 4 (MELD-3): Gemeente ‘Utrecht’ hoort niet bij Twente." in uit
    pad.write_bytes(xlsx_bytes("signalen", signaal_rijen()))
    call_command("importeer", "signalen", str(pad), "--werkgebied", "TW", "--dry-run")
    assert "Proefdraai" in capsys.readouterr().out and not Signaal.objects.filter(extern_kenmerk="MELD-1").exists()
    call_command("importeer", "signalen", str(pad), "--werkgebied", "TW")
    assert "Geïmporteerd: 3" in capsys.readouterr().out
    assert Signaal.objects.filter(extern_kenmerk__in=["MELD-1", "MELD-2", "MELD-3"]).count() == 3
    assert AuditEntry.objects.filter(object_type="importeren.importbestand",
                                     omschrijving__contains="manage.py importeer").exists()
    call_command("importeer", "signalen", str(pad), "--werkgebied", "TW")
    assert "overgeslagen (al eerder geïmporteerd): 3" in capsys.readouterr().out


@pytest.mark.parametrize(("naam", "data", "melding"), [
    ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "oud Excel-bestand"),
    ("pagina.csv", b"<!DOCTYPE html><html><body>x</body></html>", "webpagina"),
    ("leeg.csv", b"", "Het bestand is leeg"),
    ("plaatje.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "geen tekstbestand"),
])
def test_files_that_are_no_spreadsheet_are_refused_and_nothing_is_stored(regisseur, client, opslag, naam, data,
                                                                         melding):
    response = post_bestand(client, "signalen", naam, data)
    assert response.status_code == 200 and melding in response.content.decode()
    assert not Importbestand.objects.exists()
    assert not (opslag / "import").exists() or not any((opslag / "import").iterdir())


def test_a_workbook_with_macros_is_refused(regisseur, client):
    import io
    import zipfile

    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.'
                                           'main+xml"/></Types>')
        zf.writestr("xl/vbaProject.bin", b"\x00" * 10)
    response = post_bestand(client, "signalen", "m.xlsx", uit.getvalue())
    assert "bevat macro" in response.content.decode()


def test_discarding_a_waiting_file_removes_it(regisseur, client, opslag, django_capture_on_commit_callbacks):
    post_bestand(client, "signalen", "s.xlsx", xlsx_bytes("signalen", signaal_rijen()))
    importbestand = Importbestand.objects.get()
    pad = opslag / "import" / importbestand.opslagnaam
    assert pad.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("importeren:weggooien", args=[importbestand.pk]), follow=True)
    assert "Het bestand is verwijderd" in response.content.decode()
    assert not Importbestand.objects.exists() and not pad.exists()


def test_an_upload_left_waiting_for_a_week_is_removed_at_the_next_upload(regisseur, demo, client,
                                                                        django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from importeren import services

    midden = demo["regisseur@midden-nederland.example"]
    oud = services.upload(midden, upload("m.xlsx", xlsx_bytes("signalen", [signaal(gemeente="Utrecht")])), "signalen")
    pad = import_opslag.pad(oud.opslagnaam)
    Importbestand.objects.filter(pk=oud.pk).update(geupload_op=timezone.now() - dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        post_bestand(client, "signalen", "s.xlsx", xlsx_bytes("signalen", signaal_rijen()))
    assert not Importbestand.objects.filter(pk=oud.pk).exists() and not pad.exists()


def test_imported_signals_enter_the_hit_no_hit_index_with_one_summary_per_ketenregisseur(
        regisseur, client, demo, django_capture_on_commit_callbacks):
    """Issue 19 with issue 20: imported signals are indexed in the import's transaction; the treffers of one import
    are announced in one e-mail per ketenregisseur that says only how many there are."""
    from django.core import mail

    from tests.treffers.conftest import maak_signaal
    from treffers.models import IndexRegel, Treffer

    maak_signaal(demo["coordinator@utrecht.example"], kvk_nummer="77777777")  # submitted, so indexed
    voor = set(Treffer.objects.values_list("pk", flat=True))
    rijen = [signaal(kenmerk=f"MELD-K{i}", gemeente="Enschede", kvk="77777777", locatie=f"Uitzendbureau {i} B.V.")
             for i in range(3)]
    post_bestand(client, "signalen", "kvk.xlsx", xlsx_bytes("signalen", rijen))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("importeren:importeren", args=[Importbestand.objects.get().pk]))
    nieuw = Signaal.objects.filter(extern_kenmerk__startswith="MELD-K")
    assert nieuw.count() == 3
    assert IndexRegel.objects.filter(signaal__in=nieuw).count() >= 3
    treffers = Treffer.objects.exclude(pk__in=voor)
    # Each imported signal with the Utrecht one (across werkgebieden), and each with the newest other one of Enschede
    # (a possible duplicate: with signal 3 for signals 1 and 2, and that same pair for 3).
    assert treffers.count() == 5
    ontvangers = [adres for bericht in mail.outbox for adres in bericht.to]
    assert len(ontvangers) == len(set(ontvangers)), "one summary per ketenregisseur, not one e-mail per treffer"
    assert all("77777777" not in bericht.body and "MELD-K" not in bericht.body for bericht in mail.outbox)
