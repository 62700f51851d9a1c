"""Attachments: checked by content, cleaned, stored outside the web root, served only after the access check.

Also the clean-up of drafts older than 30 days with their staged files."""
import hashlib
import struct
import zipfile
import zlib
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image, ImageOps

from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.core import uploads
from mensenhandel.jobs import enqueue
from mensenhandel.jobs.models import Job, JobStatus
from signalen import bijlagen, services
from signalen.bijlagen import M
from signalen.models import Bijlage, Gebeurtenis, Signaal, SignaalHistorie
from signalen.views.bijlagen import content_disposition
from tests.access import assert_has_access, assert_no_access

pytestmark = pytest.mark.django_db

ENSCHEDE = "coordinator@enschede.example"


# --- building files --------------------------------------------------------------------------

def pdf_bytes(*objecten):
    """A small valid PDF (objects 1, 2, ... with a cross-reference table), as a PDF parser must be able to read it."""
    uit = bytearray(b"%PDF-1.4\n")
    posities = []
    for nummer, obj in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += b"%d 0 obj\n" % nummer + obj + b"\nendobj\n"
    xref = len(uit)
    uit += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objecten) + 1)
    uit += b"".join(b"%010d 00000 n \n" % positie for positie in posities)
    uit += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objecten) + 1, xref)
    return bytes(uit)


PDF = pdf_bytes(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")


def png(size=(8, 6), mode="RGB", **save):
    buffer = BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 1).save(buffer, "PNG", **save)
    return buffer.getvalue()


def jpeg(size=(8, 6), **save):
    buffer = BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "JPEG", **save)
    return buffer.getvalue()


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x8825] = {  # GPSInfo
        1: "N", 2: (52.0, 13.0, 12.5),  # GPSLatitudeRef, GPSLatitude (Enschede)
        3: "E", 4: (6.0, 53.0, 40.0),  # GPSLongitudeRef, GPSLongitude
    }
    return jpeg(size=(40, 20), exif=exif)


def zip_bytes(entries, first_stored=None):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        if first_stored:
            zf.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1], compress_type=zipfile.ZIP_STORED)
        for name, data in entries:
            zf.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Waarneming bij het bedrijf.</w:t></w:r></w:p></w:body></w:document>"
)


def docx(extra=(), content_types=CONTENT_TYPES, document=DOCUMENT):
    return zip_bytes([("[Content_Types].xml", content_types), ("_rels/.rels", RELS),
                      ("word/document.xml", document), *extra])


def odt(extra=(), mimetype=b"application/vnd.oasis.opendocument.text"):
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:scripts/><office:body><office:text><text:p>Waarneming.</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    return zip_bytes([("META-INF/manifest.xml", manifest), ("content.xml", content), *extra],
                     first_stored=("mimetype", mimetype))


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=30000, height=30000):
    """A tiny PNG whose header claims 900 million pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + png_chunk(b"IEND", b""))


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def protected(settings, tmp_path):
    settings.PROTECTED_FILES_ROOT = tmp_path / "protected"
    return settings.PROTECTED_FILES_ROOT


def concept(user, **fields):
    """A draft signal of ``user`` for their own gemeente."""
    fields.setdefault("gemeente", user.organisatie.gemeente)
    return Signaal.objects.create(ingediend_door=user, organisatie=user.organisatie,
                                  omschrijving="Veel mensen op één adres.", **fields)


def signaal_met_bijlage(user, name="verslag.pdf", data=PDF):
    signaal = concept(user)
    bijlage = bijlagen.add(signaal, upload(name, data), user)
    services.submit(signaal, user)
    return bijlage


def stored_files(root):
    folder = Path(root) / "bijlagen"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def expected(message, **params):
    """The message as a Dutch user reads it (the English msgid until the catalogue is merged)."""
    with translation.override("nl"):
        return str(message) % params


# --- refused: each with a Dutch message naming the file, nothing stored ----------------------

MB = 1024 * 1024

REFUSED = [
    pytest.param("rapport.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
                 "application/pdf", M.HTML, {}, id="html-renamed-pdf"),
    pytest.param("foto.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
                             b"<script>alert(document.cookie)</script></svg>", "image/png", M.SVG, {}, id="svg-as-png"),
    pytest.param("tekening.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script>'
                                 b"</svg>", "image/svg+xml", M.SVG, {}, id="svg-with-script"),
    pytest.param("polyglot.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + PDF[9:], "application/pdf",
                 M.PDF_POLYGLOT, {}, id="pdf-html-polyglot"),
    pytest.param("polyglot2.pdf", b"<html><!-- " + PDF + b" --><script>alert(1)</script></html>", "application/pdf",
                 M.HTML, {}, id="html-that-also-holds-a-pdf"),
    pytest.param("groot.pdf", PDF + b"0" * (10 * MB + 1 - len(PDF)), "application/pdf", M.TE_GROOT, {"max": 10},
                 id="10mb-plus-1"),
    pytest.param("leeg.pdf", b"", "application/pdf", M.LEEG, {}, id="zero-bytes"),
    pytest.param("vakantie.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "image/png",
                 M.PROGRAMMA, {}, id="exe-renamed-png"),
    pytest.param("script.pdf", b"#!/bin/sh\nrm -rf ~\n", "application/pdf", M.TEKST, {}, id="shell-script"),
    pytest.param("notities.docx", zip_bytes([("notities.txt", "Alleen tekst")]),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", M.ARCHIEF, {},
                 id="plain-zip-renamed-docx"),
    pytest.param("archief.zip", zip_bytes([("a.txt", "x")]), "application/zip", M.ARCHIEF, {}, id="zip"),
    pytest.param("archief.pdf", b"\x1f\x8b\x08\x00" + b"\x00" * 50, "application/pdf", M.ARCHIEF, {}, id="gzip"),
    pytest.param("oud.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "application/msword",
                 M.OUD_OFFICE, {}, id="old-doc"),
    pytest.param("macro.docx", docx(extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")]),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", M.MACRO, {},
                 id="docx-with-vbaproject"),
    pytest.param("macro2.docx", docx(content_types=CONTENT_TYPES.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml")), "application/octet-stream", M.MACRO, {},
                 id="docm-content-type"),
    pytest.param("activex.docx", docx(extra=[("word/activeX/activeX1.xml", "<ax/>"),
                                             ("word/activeX/activeX1.bin", b"\x00" * 20)]),
                 "application/octet-stream", M.MACRO, {}, id="docx-with-activex"),
    pytest.param("ole.docx", docx(extra=[("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")]),
                 "application/octet-stream", M.MACRO, {}, id="docx-with-ole-object"),
    pytest.param("sjabloon.docx", docx(extra=[("word/_rels/settings.xml.rels",
                                               '<Relationships><Relationship Id="rId1" Type="http://schemas.'
                                               'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
                                               'Target="https://aanvaller.example/s.dotm" TargetMode="External"/>'
                                               "</Relationships>")]),
                 "application/octet-stream", M.EXTERN, {}, id="docx-remote-template"),
    pytest.param("basic.odt", odt(extra=[("Basic/Standard/Module1.xml", "<script:module/>")]),
                 "application/vnd.oasis.opendocument.text", M.MACRO, {}, id="odt-with-basic-macro"),
    pytest.param("event.odt", odt(extra=[("styles.xml", '<office:document-styles><script:event-listener '
                                                        'xlink:href="vnd.sun.star.script:Standard.Module1.Main"/>'
                                                        "</office:document-styles>")]),
                 "application/vnd.oasis.opendocument.text", M.MACRO, {}, id="odt-with-script-event"),
    pytest.param("rekenblad.odt", odt(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
                 "application/vnd.oasis.opendocument.text", M.ONBEKEND, {}, id="ods-renamed-odt"),
    pytest.param("pad.docx", docx(extra=[("../../etc/cron.d/x", "boem")]), "application/octet-stream",
                 M.ONVEILIGE_NAAM, {}, id="zip-slip"),
    pytest.param("absoluut.docx", docx(extra=[("/etc/passwd", "boem")]), "application/octet-stream",
                 M.ONVEILIGE_NAAM, {}, id="zip-absolute-path"),
    pytest.param("kapot.docx", docx()[:-60], "application/octet-stream", M.PAKKET_KAPOT, {}, id="truncated-docx"),
    pytest.param("script.pdf", PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript "
                                                              b"/JS (app.alert(1)) >>"), "application/pdf",
                 M.PDF_ACTIEF, {}, id="pdf-with-javascript"),
    pytest.param("half.pdf", PDF[:-7], "application/pdf", M.PDF_KAPOT, {}, id="pdf-without-eof"),
    pytest.param("geanimeerd.png", b"GIF89a" + b"\x00" * 100, "image/png", M.BEELDFORMAAT, {}, id="gif"),
    pytest.param("bom.png", png_bomb(), "image/png", M.TE_VEEL_PIXELS,
                 {"max": Image.MAX_IMAGE_PIXELS // 1_000_000}, id="decompression-bomb"),
    pytest.param("kapot.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "image/jpeg", M.BEELD_KAPOT, {"type": "JPEG"},
                 id="broken-jpeg"),
    pytest.param("scan.pdf", png(), "application/pdf", M.NAAM_PAST_NIET, {"type": "PNG", "ext": ".png"},
                 id="png-named-pdf"),
    pytest.param("foto.jpg", png(), "image/jpeg", M.NAAM_PAST_NIET, {"type": "PNG", "ext": ".png"},
                 id="png-named-jpg"),
    pytest.param("verslag.exe", PDF, "application/pdf", M.NAAM_PAST_NIET, {"type": "PDF", "ext": ".pdf"},
                 id="pdf-named-exe"),
    pytest.param("brief.odt", docx(), "application/vnd.oasis.opendocument.text", M.NAAM_PAST_NIET,
                 {"type": "DOCX", "ext": ".docx"}, id="docx-named-odt"),
]


@pytest.mark.parametrize("name, data, content_type, message, params", REFUSED)
def test_refused_with_a_dutch_message_naming_the_file_and_nothing_stored(demo, protected, name, data, content_type,
                                                                          message, params):
    user = demo[ENSCHEDE]
    signaal = concept(user)
    with pytest.raises(ValidationError) as exc:
        bijlagen.add(signaal, upload(name, data, content_type), user)
    assert exc.value.messages == [expected(message, name=name, **params)]
    assert f"“{name}”" in exc.value.messages[0]
    assert not Bijlage.objects.exists()
    assert stored_files(protected) == []
    assert not SignaalHistorie.objects.filter(soort=Gebeurtenis.BIJLAGE).exists()
    assert not AuditEntry.objects.filter(object_type="signalen.bijlage").exists()


def test_zip_bomb_renamed_docx_is_refused_from_its_directory(demo, protected):
    """A small zip whose document inflates far past the limit: refused from the zip directory, unread."""
    user = demo[ENSCHEDE]
    bomb = docx(document="<w:document>" + " " * (60 * MB) + "</w:document>")
    assert len(bomb) < 200 * 1024
    with pytest.raises(ValidationError) as exc:
        bijlagen.add(concept(user), upload("bom.docx", bomb), user)
    assert exc.value.messages == [expected(M.ZIPBOM, name="bom.docx", max=50)]
    assert stored_files(protected) == []


def test_a_tightly_packed_entry_under_the_total_limit_is_refused_too(demo, protected):
    user = demo[ENSCHEDE]
    bomb = docx(extra=[("word/media/vulling.xml", "0" * (5 * MB))])
    with pytest.raises(ValidationError) as exc:
        bijlagen.add(concept(user), upload("vulling.docx", bomb), user)
    assert exc.value.messages == [expected(M.ZIPBOM, name="vulling.docx", max=50)]


def test_a_zip_that_lies_about_its_sizes_is_refused(demo, protected):
    """The directory claims a tiny document; inflating stops at the claimed size and the CRC fails."""
    user = demo[ENSCHEDE]
    data = bytearray(docx(document="<w:document>" + "x" * 500_000 + "</w:document>"))
    # Patch the uncompressed size of word/document.xml in the central directory to 10 bytes.
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    struct.pack_into("<I", data, central + 24, 10)
    with pytest.raises(ValidationError) as exc:
        bijlagen.add(concept(user), upload("leugen.docx", bytes(data)), user)
    assert exc.value.messages == [expected(M.PAKKET_KAPOT, name="leugen.docx")]
    assert stored_files(protected) == []


def test_a_sixth_attachment_is_refused(demo, protected):
    user = demo[ENSCHEDE]
    signaal = concept(user)
    for n in range(5):
        bijlagen.add(signaal, upload(f"foto{n}.png", png()), user)
    with pytest.raises(ValidationError) as exc:
        bijlagen.add(signaal, upload("zesde.pdf", PDF), user)
    assert exc.value.messages == [expected(M.TE_VEEL, name="zesde.pdf", max=5)]
    assert signaal.bijlagen.count() == 5
    assert len(stored_files(protected)) == 5


def test_the_size_limit_is_exactly_10_mb(demo, protected):
    user = demo[ENSCHEDE]
    precies = PDF[:-6] + b"%" * (10 * MB - len(PDF)) + b"%%EOF\n"
    assert len(precies) == 10 * MB
    bijlage = bijlagen.add(concept(user), upload("precies.pdf", precies), user)
    assert bijlage.grootte == 10 * MB


# --- accepted --------------------------------------------------------------------------------

ACCEPTED = [
    pytest.param("verslag.pdf", PDF, "application/pdf", "verslag.pdf", id="pdf"),
    pytest.param("foto.png", png(mode="RGBA"), "image/png", "foto.png", id="png"),
    pytest.param("palet.png", png(mode="P", transparency=0), "image/png", "palet.png", id="png-palette"),
    pytest.param("foto.jpeg", jpeg(), "image/jpeg", "foto.jpg", id="jpeg"),
    pytest.param("brief.docx", docx(extra=[("word/printerSettings/printerSettings1.bin", b"\x00" * 64)]),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "brief.docx", id="docx"),
    pytest.param("brief.odt", odt(), "application/vnd.oasis.opendocument.text", "brief.odt", id="odt"),
    pytest.param("zonder extensie", PDF, "application/octet-stream", "zonder extensie.pdf", id="no-extension"),
]


@pytest.mark.parametrize("name, data, content_type, stored_name", ACCEPTED)
def test_allowed_files_are_stored_under_a_random_name_with_history_and_audit(demo, protected, name, data,
                                                                              content_type, stored_name):
    user = demo[ENSCHEDE]
    signaal = concept(user)
    bijlage = bijlagen.add(signaal, upload(name, data, "text/html"), user)  # the browser's word counts for nothing

    soort = next(s for s in uploads.SOORTEN.values() if s.content_type == bijlage.content_type)
    assert bijlage.bestandsnaam == stored_name
    assert bijlage.opslagnaam.endswith(soort.extensie)
    assert name.split(".")[0] not in bijlage.opslagnaam
    with bijlagen.open(bijlage) as bestand:
        inhoud = bestand.read()
    assert bijlage.grootte == len(inhoud)
    assert bijlage.sha256 == hashlib.sha256(inhoud).hexdigest()
    if soort.code in ("pdf", "docx", "odt"):
        assert inhoud == data  # documents are stored as they came
    path = Path(protected) / "bijlagen" / bijlage.opslagnaam
    assert path.is_file() and stored_files(protected) == [bijlage.opslagnaam]
    historie = SignaalHistorie.objects.get(signaal=signaal, soort=Gebeurtenis.BIJLAGE)
    assert historie.door == user and historie.tekst == stored_name
    entry = AuditEntry.objects.get(object_type="signalen.bijlage", object_id=str(bijlage.pk))
    assert entry.actie == AuditActie.CREATE and entry.actor == user
    assert name not in entry.omschrijving


def test_jpeg_with_gps_is_stored_without_any_metadata_and_upright(demo, protected):
    origineel = jpeg_with_gps()
    with Image.open(BytesIO(origineel)) as beeld:
        assert beeld.getexif().get_ifd(0x8825)  # the test file really carries GPS
    user = demo[ENSCHEDE]
    bijlage = bijlagen.add(concept(user), upload("IMG_0001.JPG", origineel, "image/jpeg"), user)

    assert bijlage.bestandsnaam == "IMG_0001.jpg" and bijlage.content_type == "image/jpeg"
    with bijlagen.open(bijlage) as bestand:
        opgeslagen = bestand.read()
    assert b"Exif" not in opgeslagen and b"Telefoonmerk" not in opgeslagen
    with Image.open(BytesIO(opgeslagen)) as beeld:
        assert beeld.format == "JPEG"
        assert len(beeld.getexif()) == 0
        assert not beeld.getexif().get_ifd(0x8825)
        assert "exif" not in beeld.info and "icc_profile" not in beeld.info
        assert beeld.size == (20, 40)  # the orientation was applied before the EXIF went
        assert ImageOps.exif_transpose(beeld).size == (20, 40)


def test_png_text_chunks_are_stripped(demo, protected):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Opgenomen bij Hengelosestraat 12")
    user = demo[ENSCHEDE]
    bijlage = bijlagen.add(concept(user), upload("kaart.png", png(pnginfo=info)), user)
    with bijlagen.open(bijlage) as bestand:
        opgeslagen = bestand.read()
    assert b"Hengelosestraat" not in opgeslagen
    with Image.open(BytesIO(opgeslagen)) as beeld:
        assert "Comment" not in beeld.info


def test_files_are_stored_outside_the_web_root(demo, protected, client):
    user = demo[ENSCHEDE]
    bijlage = bijlagen.add(concept(user), upload("verslag.pdf", PDF), user)
    path = bijlagen.pad(bijlage).resolve()
    assert path.is_relative_to(Path(protected).resolve())
    public = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    assert not any(path.is_relative_to(root.resolve()) for root in public)
    if django_settings.MEDIA_ROOT:
        assert not path.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    # No public URL reaches the file; only the download view does.
    client.force_login(user)
    for url in (f"/static/bijlagen/{bijlage.opslagnaam}", f"/media/bijlagen/{bijlage.opslagnaam}",
                f"/bijlagen/{bijlage.opslagnaam}", f"/protected/bijlagen/{bijlage.opslagnaam}"):
        assert client.get(url).status_code == 404


def test_the_display_name_is_sanitised(demo, protected):
    user = demo[ENSCHEDE]
    naam = "..\\..\\map/<script>rapport\u202egnp.pdf"
    bijlage = bijlagen.add(concept(user), upload(naam, PDF), user)
    assert bijlage.bestandsnaam == "_script_rapportgnp.pdf"
    assert uploads.bestandsnaam("   .pdf") == ("bijlage", ".pdf")
    assert uploads.bestandsnaam("...") == ("bijlage", "")
    assert uploads.bestandsnaam("scan. . .") == ("scan", "")
    assert uploads.bestandsnaam("a" * 300 + ".PDF") == ("a" * 150, ".pdf")


def test_only_the_author_of_a_draft_adds_and_removes(demo, protected):
    user, collega = demo[ENSCHEDE], demo["regisseur@twente.example"]
    signaal = concept(user)
    with pytest.raises(PermissionDenied):
        bijlagen.add(signaal, upload("verslag.pdf", PDF), collega)
    bijlage = bijlagen.add(signaal, upload("verslag.pdf", PDF), user)
    with pytest.raises(PermissionDenied):
        bijlagen.remove(bijlage, collega)
    services.submit(signaal, user)
    with pytest.raises(PermissionDenied):
        bijlagen.add(signaal, upload("later.pdf", PDF), user)
    with pytest.raises(PermissionDenied):
        bijlagen.remove(bijlage, user)
    assert stored_files(protected) == [bijlage.opslagnaam]


def test_remove_deletes_row_and_file_after_commit_and_audits(demo, protected, django_capture_on_commit_callbacks):
    user = demo[ENSCHEDE]
    signaal = concept(user)
    bijlage = bijlagen.add(signaal, upload("verslag.pdf", PDF), user)
    pk = bijlage.pk
    with django_capture_on_commit_callbacks(execute=True):
        bijlagen.remove(bijlage, user)
    assert not Bijlage.objects.filter(pk=pk).exists()
    assert stored_files(protected) == []
    assert AuditEntry.objects.filter(object_type="signalen.bijlage", object_id=str(pk), actie=AuditActie.DELETE).exists()


def test_a_failing_database_write_leaves_no_file(demo, protected, monkeypatch):
    user = demo[ENSCHEDE]

    def kapot(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(Bijlage.objects, "create", kapot)
    with pytest.raises(RuntimeError):
        bijlagen.add(concept(user), upload("verslag.pdf", PDF), user)
    assert stored_files(protected) == []


def test_allowed_accept_names_the_allowed_types():
    for part in (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".odt", "application/pdf", "image/png"):
        assert part in bijlagen.ALLOWED_ACCEPT.split(",")
    assert ".svg" not in bijlagen.ALLOWED_ACCEPT and "html" not in bijlagen.ALLOWED_ACCEPT


# --- download --------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [ENSCHEDE, "regisseur@twente.example"])
def test_author_and_ketenregisseur_download_with_safe_headers_and_audit(demo, protected, client, email):
    bijlage = signaal_met_bijlage(demo[ENSCHEDE], name="Verslag café.pdf")
    user = demo[email]
    assert_has_access(client, user, bijlage)
    client.force_login(user)
    voor = AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD, object_type="signalen.bijlage").count()
    response = client.get(reverse("signalen:bijlage", args=[bijlage.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # reading it to the end closes the file
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Verslag cafe.pdf\"; filename*=UTF-8''Verslag%20caf%C3%A9.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    rows = AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD, object_type="signalen.bijlage", object_id=str(bijlage.pk))
    assert rows.count() == voor + 1
    assert rows.filter(actor=user).exists()


@pytest.mark.parametrize("email", ["coordinator@hengelo.example", "burgemeester@twente.example",
                                   "regisseur@midden-nederland.example", "beheer@ketenregie.example",
                                   "coordinator@utrecht.example"])
def test_everyone_else_gets_404(demo, protected, client, email):
    bijlage = signaal_met_bijlage(demo[ENSCHEDE])
    assert_no_access(client, demo[email], bijlage)
    assert not AuditEntry.objects.filter(actie=AuditActie.DOWNLOAD).exists()


def test_a_draft_attachment_is_only_for_its_author(demo, protected, client):
    user = demo[ENSCHEDE]
    bijlage = bijlagen.add(concept(user), upload("verslag.pdf", PDF), user)
    assert_has_access(client, user, bijlage)
    assert_no_access(client, demo["regisseur@twente.example"], bijlage)
    collega = type(user).objects.create(email="collega@enschede.example", naam="Collega", organisatie=user.organisatie,
                                        rol=user.rol)
    assert_no_access(client, collega, bijlage)


def test_anonymous_users_are_sent_to_log_in(demo, protected, client):
    bijlage = signaal_met_bijlage(demo[ENSCHEDE])
    response = client.get(reverse("signalen:bijlage", args=[bijlage.pk]))
    assert response.status_code == 302 and "bijlagen" not in response.headers.get("Content-Disposition", "")


def test_content_disposition_is_quoted_safely():
    assert content_disposition("a.pdf") == 'attachment; filename="a.pdf"'
    header = content_disposition('x"; filename=evil.html;.pdf')
    assert header.startswith('attachment; filename="x__ filename_evil.html_.pdf"; filename*=UTF-8\'\'')
    assert '"' not in header.split("filename*=")[1] and ";" not in header.split("filename*=")[1]
    assert content_disposition("\u202e\r\n.pdf").count("\n") == 0


# --- the partial ------------------------------------------------------------------------------


def test_partial_lists_attachments_with_size_link_and_remove_checkbox(demo, protected, rf):
    user = demo[ENSCHEDE]
    signaal = concept(user)
    bijlage = bijlagen.add(signaal, upload("verslag.pdf", PDF + b"%" * 3000 + b"\n%%EOF\n"), user)
    groot = bijlagen.add(signaal, upload("groot.pdf", PDF + b"%" * (2 * MB) + b"\n%%EOF\n"), user)
    request = rf.get("/")
    request.user = user
    with translation.override("nl"):
        html = render_to_string("signalen/_bijlagen.html", {"signaal": signaal, "bewerkbaar": True}, request)
        leesbaar = render_to_string("signalen/_bijlagen.html", {"signaal": signaal}, request)
    assert reverse("signalen:bijlage", args=[bijlage.pk]) in html
    assert "verslag.pdf" in html and "groot.pdf" in html
    assert "KB" in html and "MB" in html
    assert f'name="bijlage_verwijderen" value="{bijlage.pk}"' in html
    assert f'name="bijlage_verwijderen" value="{groot.pk}"' in html
    assert f'for="bijlage_verwijderen_{bijlage.pk}"' in html
    assert "bijlage_verwijderen" not in leesbaar
    assert reverse("signalen:bijlage", args=[groot.pk]) in leesbaar


def test_partial_has_an_empty_state(demo, rf):
    user = demo[ENSCHEDE]
    signaal = concept(user)
    with translation.override("nl"):
        bewerkbaar = render_to_string("signalen/_bijlagen.html", {"signaal": signaal, "bewerkbaar": True})
        leesbaar = render_to_string("signalen/_bijlagen.html", {"signaal": signaal})
        assert translation.gettext("This signal has no attachments.") in leesbaar
    assert "empty-state" in bewerkbaar and "empty-state" in leesbaar
    assert "<ul" not in leesbaar


# --- clean-up of old drafts --------------------------------------------------------------------


def test_old_drafts_are_removed_with_their_files_and_the_audit_log_keeps_it(demo, protected,
                                                                            django_capture_on_commit_callbacks):
    user = demo[ENSCHEDE]
    oud = concept(user)
    oude_bijlage = bijlagen.add(oud, upload("oud.pdf", PDF), user)
    recent = concept(user)
    recente_bijlage = bijlagen.add(recent, upload("recent.pdf", PDF), user)
    ingediend = signaal_met_bijlage(user).signaal
    Signaal.objects.filter(pk__in=[oud.pk, ingediend.pk]).update(gewijzigd=timezone.now() - timedelta(days=31))
    Signaal.objects.filter(pk=recent.pk).update(gewijzigd=timezone.now() - timedelta(days=29))
    oud_pk = oud.pk

    # Drafts are removed by the nightly retention run (issue 17: rule "concept", 30 days by default).
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("bewaren.toepassen")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.fout
    assert job.resultaat["concepten"] == 1

    assert not Signaal.objects.filter(pk=oud_pk).exists()
    assert not Bijlage.objects.filter(pk=oude_bijlage.pk).exists()
    assert Signaal.objects.filter(pk=recent.pk).exists() and Signaal.objects.filter(pk=ingediend.pk).exists()
    assert oude_bijlage.opslagnaam not in stored_files(protected)
    assert recente_bijlage.opslagnaam in stored_files(protected)
    assert len(stored_files(protected)) == 2
    entry = AuditEntry.objects.get(actie=AuditActie.RETENTION, object_type="signalen.signaal", object_id=str(oud_pk))
    assert entry.actor is None and entry.omschrijving == "bewaartermijn concept (30 dagen): concept"

    # A second run finds nothing left to do.
    with django_capture_on_commit_callbacks(execute=True):
        tweede = enqueue("bewaren.toepassen")
    tweede.refresh_from_db()
    assert tweede.status == JobStatus.DONE and tweede.resultaat["concepten"] == 0
    assert len(stored_files(protected)) == 2
    assert AuditEntry.objects.filter(actie=AuditActie.RETENTION, object_type="signalen.signaal").count() == 1


def test_adding_an_attachment_keeps_a_draft_alive(demo, protected):
    user = demo[ENSCHEDE]
    signaal = concept(user)
    Signaal.objects.filter(pk=signaal.pk).update(gewijzigd=timezone.now() - timedelta(days=31))
    bijlagen.add(signaal, upload("verslag.pdf", PDF), user)
    signaal.refresh_from_db()
    assert signaal.gewijzigd > timezone.now() - timedelta(minutes=1)


def test_cleanup_removes_orphan_files_a_day_old_only(demo, protected, django_capture_on_commit_callbacks):
    import os

    folder = Path(protected) / "bijlagen"
    folder.mkdir(parents=True)
    wees, vers = folder / ("a" * 48 + ".pdf"), folder / ("b" * 48 + ".pdf")
    for path in (wees, vers):
        path.write_bytes(PDF)
    oud = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(wees, (oud, oud))
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue("bestanden.opruimen")  # the platform's daily sweep of every folder (tests/core/test_opruimen.py)
    job.refresh_from_db()
    assert job.resultaat["bijlagen"] == 1
    assert not wees.exists() and vers.exists()


def test_beat_enqueues_the_retention_run_daily_at_quarter_past_three(demo, django_capture_on_commit_callbacks):
    from mensenhandel.bewaren.tasks import toepassen
    from mensenhandel.celery import app

    entry = app.conf.beat_schedule["bewaren-toepassen"]
    assert entry["task"] == "bewaren.toepassen"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {15}
    assert app.conf.timezone == "Europe/Amsterdam"
    with django_capture_on_commit_callbacks(execute=True):
        job_id = toepassen()
    assert Job.objects.get(pk=job_id).naam == "bewaren.toepassen"
