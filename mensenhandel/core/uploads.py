"""Upload checks: what a file *is*, decided by its content, and whether it may be added (a signal's attachment,
an action's attachment).

``controleer(uploaded_file)`` is the check: it returns (display name, ``Soort``, cleaned bytes) or raises a
ValidationError with a Dutch message that names the file (``M``). The type is decided by what the file *is* (magic
bytes and structure), never by its name or by what the browser says:

- PDF: starts with ``%PDF-``, ends with ``%%EOF`` and carries no web page code in its first kilobyte (a PDF/HTML
  polyglot); then it is opened with qpdf (pikepdf) and every object is walked, those inside compressed object
  streams too. Refused: JavaScript, Launch, SubmitForm, ImportData, GoToR and GoToE actions wherever they are, XFA
  forms, embedded files (the EmbeddedFiles name tree, file attachment annotations, /EF), rich media, an /OpenAction
  that is an action (a destination that only opens at a page, ``[page /Fit]``, is fine) and any additional action
  (/AA). A link the reader clicks (/URI in an annotation's /A) is no open action and stays allowed. A PDF qpdf cannot
  read, or any object in it, is damaged; an encrypted one is refused as such; the work is bounded (objects, items
  walked, how far object streams inflate);
- JPEG and PNG: opened and verified with Pillow (decompression bombs refused) and re-encoded from
  the pixels alone, so nothing of the original metadata (EXIF, GPS, comments, ICC) survives; the
  EXIF orientation is applied first;
- DOCX and ODT: a valid OOXML/ODF zip package with its required parts, without macros, ActiveX or
  OLE objects, without unsafe entry names, within a bounded unpacked size; checked from the zip
  directory and bounded reads, nothing is extracted to disk. Nothing may be loaded from outside the document
  when it opens. DOCX: every .rels part is parsed and a relationship with TargetMode="External" is refused unless it
  is a hyperlink (a template on a server or a UNC share, a linked image, frame, OLE object or subdocument; a template
  on the writer's own drive, file:///C:/..., as organisations' templates are, stays allowed); DDE and DDEAUTO fields
  (w:instrText, w:fldSimple) in the body, headers, footers, notes and comments are refused. ODT: in
  content.xml and styles.xml (of the document and of embedded objects) an image, object, plugin, frame or section
  linked by an xlink:href outside the package (a URL, file: or absolute path, ../) and DDE links are refused;
  hyperlinks (text:a) stay allowed. All package XML is parsed with defusedxml (no DTDs, entities or external
  references).

Everything else (HTML, SVG, scripts, programs, other archives, empty files, a name that does not
match the content) is refused. ``bestandsnaam`` makes the user's file name harmless for display and for a download
header. Storing is the app's: ``signalen.bijlagen`` (a signal's attachments) and ``casusoverleg.services.acties`` (an
action's) each keep their own folder of the protected store (``mensenhandel.core.beschermd``).
"""
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_GROOTTE = 10 * 1024 * 1024  # bytes per file
# DOCX/ODT: what the package may unpack to, without extracting it.
MAX_UITGEPAKT = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_RATIO = 100  # uncompressed / compressed, per entry ...
ZIP_RATIO_VANAF = 1024 * 1024  # ... for entries that unpack to more than this
MAX_XML_DEEL = 5 * 1024 * 1024  # a package part we read to inspect it

PDF, JPEG, PNG, DOCX, ODT = "pdf", "jpeg", "png", "docx", "odt"


@dataclass(frozen=True)
class Soort:
    code: str
    label: str
    content_type: str
    extensie: str  # what a stored file is called
    extensies: frozenset  # what the user's file name may end with


SOORTEN = {
    PDF: Soort(PDF, "PDF", "application/pdf", ".pdf", frozenset({".pdf"})),
    JPEG: Soort(JPEG, "JPEG", "image/jpeg", ".jpg", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"})),
    PNG: Soort(PNG, "PNG", "image/png", ".png", frozenset({".png"})),
    DOCX: Soort(DOCX, "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx",
                frozenset({".docx"})),
    ODT: Soort(ODT, "ODT", "application/vnd.oasis.opendocument.text", ".odt", frozenset({".odt"})),
}

# For <input type="file" accept="...">: a hint for the file picker only; the content decides.
ALLOWED_ACCEPT = ",".join(
    sorted({ext for soort in SOORTEN.values() for ext in soort.extensies} - {".jpe", ".jfif"})
    + [soort.content_type for soort in SOORTEN.values()]
)

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class M:
    """Why a file is refused: each message names the file (``%(name)s``)."""

    TE_GROOT = _("“%(name)s” is larger than %(max)s MB and was not added.")
    LEEG = _("“%(name)s” is empty (0 bytes) and was not added.")
    PROGRAMMA = _("“%(name)s” is a program (executable) and cannot be added.")
    ARCHIEF = _("“%(name)s” is an archive (such as zip). Archives cannot be added: add the documents themselves.")
    OUD_OFFICE = _(
        "“%(name)s” is an old Office file (such as .doc) or a password-protected document. "
        "Save it as DOCX or PDF, without a password, and add it again."
    )
    BEELDFORMAAT = _("“%(name)s” is an image in a format that cannot be added. Save it as JPEG or PNG.")
    SVG = _("“%(name)s” is an SVG image, which can contain scripts, and cannot be added. Save it as PNG or PDF.")
    HTML = _("“%(name)s” is a web page (HTML) or other markup and cannot be added.")
    TEKST = _("“%(name)s” is a text file or script and cannot be added. Allowed are PDF, JPEG, PNG, DOCX and ODT.")
    ONBEKEND = _("“%(name)s” is not a PDF, JPEG, PNG, DOCX or ODT file and cannot be added.")
    NAAM_PAST_NIET = _(
        "The name of “%(name)s” does not match its content: it is a %(type)s file. "
        "Give the file the right extension (%(ext)s) and add it again."
    )
    PDF_POLYGLOT = _("“%(name)s” is not a valid PDF file: it also contains web page code. It cannot be added.")
    PDF_KAPOT = _("“%(name)s” is not a valid PDF file (it is damaged or incomplete).")
    PDF_ACTIEF = _(
        "“%(name)s” contains scripts, actions or embedded files. "
        "Such a PDF cannot be added: print or export it to a new PDF first."
    )
    PDF_TE_COMPLEX = _(
        "“%(name)s” is too large or complex a PDF to be checked and cannot be added. "
        "Print or export it to a new PDF first."
    )
    TE_VEEL_PIXELS = _(
        "“%(name)s” has too many pixels (at most %(max)s million) and cannot be added. "
        "Make the image smaller first."
    )
    BEELD_KAPOT = _("“%(name)s” is not a valid %(type)s image (it is damaged or incomplete).")
    ZIPBOM = _("“%(name)s” unpacks to more than %(max)s MB or is packed suspiciously tightly, and cannot be added.")
    PAKKET_KAPOT = _("“%(name)s” is not a valid DOCX or ODT document (the file is damaged).")
    MACRO = _(
        "“%(name)s” contains macros or embedded programs and cannot be added. "
        "Save it as a normal document (DOCX or ODT) without macros, or as PDF."
    )
    EXTERN = _(
        "“%(name)s” loads content from outside the document when it is opened (a linked template, image, frame or "
        "object, or a DDE field). Such a document cannot be added: save it with the content embedded, or as PDF."
    )
    ONVEILIGE_NAAM = _("“%(name)s” contains files with unsafe names (paths) and cannot be added.")
    VERSLEUTELD = _(
        "“%(name)s” is password-protected or encrypted and cannot be checked. "
        "Remove the password and add it again."
    )


def refuse(message, naam, **extra):
    """Refuse the file: a ValidationError with ``message`` naming it (``%(name)s``) and ``extra``'s values."""
    raise ValidationError(str(message) % {"name": naam, **extra}, code="bijlage")


# --- the display name ------------------------------------------------------------------------

_VERBODEN_TEKENS = re.compile(r'[<>:"/\\|?*;`$]')


def bestandsnaam(ruw):
    """The user's file name made harmless for display and for a download header: no path, no
    control or direction-override characters, no characters that are special in file systems,
    bounded in length. Returns (stem, extension in lower case, or '')."""
    naam = str(ruw or "").replace("\\", "/").rsplit("/", 1)[-1]
    naam = unicodedata.normalize("NFC", naam)
    # Categories C*: control, format (e.g. U+202E right-to-left override), surrogates, private use.
    naam = "".join(ch for ch in naam if not unicodedata.category(ch).startswith("C"))
    naam = _VERBODEN_TEKENS.sub("_", naam)
    naam = re.sub(r"\s+", " ", naam).strip().rstrip(" .")
    stam, punt, ext = naam.rpartition(".")
    if not punt or not ext or len(ext) > 10 or " " in ext:
        stam, ext = naam, ""
    # No hidden files (".pdf"), no trailing dots or spaces; something is always left.
    stam = stam.strip(" .")[:150].strip(" .") or "bijlage"
    return stam, f".{ext.lower()}" if ext else ""


def naam_voor_melding(ruw):
    """The user's file name as a message names it (``bestandsnaam``, stem and extension together)."""
    stam, ext = bestandsnaam(ruw)
    return f"{stam}{ext}"


# --- reading ---------------------------------------------------------------------------------


def _lees(uploaded_file, naam):
    """The file's bytes, refusing an empty file and reading no more than the limit plus one byte."""
    grootte = getattr(uploaded_file, "size", None)
    if grootte is not None and grootte > MAX_GROOTTE:
        refuse(M.TE_GROOT, naam, max=MAX_GROOTTE // (1024 * 1024))
    if hasattr(uploaded_file, "seek"):
        try:
            uploaded_file.seek(0)
        except (OSError, ValueError):
            pass
    buffer = bytearray()
    while True:
        chunk = uploaded_file.read(min(1024 * 1024, MAX_GROOTTE + 1 - len(buffer)))
        if not chunk:
            break
        buffer += chunk
        if len(buffer) > MAX_GROOTTE:
            refuse(M.TE_GROOT, naam, max=MAX_GROOTTE // (1024 * 1024))
    if not buffer:
        refuse(M.LEEG, naam)
    return bytes(buffer)


# --- deciding the type by content ------------------------------------------------------------

_HTML_MARKERS = (b"<html", b"<script", b"<!doctype", b"<head", b"<body", b"<iframe", b"<svg", b"<meta",
                 b"<object", b"<embed", b"<form", b"<img", b"<a href", b"<?xml-stylesheet", b"<style")
_ARCHIEVEN = (b"\x1f\x8b", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"BZh", b"\xfd7zXZ\x00", b"MSCF",
              b"PK\x05\x06", b"PK\x07\x08", b"\x28\xb5\x2f\xfd", b"ISc(", b"xar!")
_PROGRAMMAS = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
               b"\xca\xfe\xba\xbe", b"\x00asm", b"dex\n")
_OUDE_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _is_tekst(data):
    kop = data[:8192]
    if b"\x00" in kop:
        return False
    try:
        kop.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still text.
        if exc.start < len(kop) - 4:
            try:
                kop.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def _ander_beeldformaat(data):
    """GIF, TIFF, BMP, WebP, HEIC/AVIF: images, but not ones we accept."""
    return (
        data.startswith((b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*"))
        or (data[:2] == b"BM" and len(data) >= 26 and int.from_bytes(data[2:6], "little") == len(data))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif")
    )


def _herken(data, naam):
    """The allowed type of ``data`` (a key of SOORTEN), or a ValidationError that says what it is."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _herken_zip(data, naam)
    if data.startswith(_PROGRAMMAS):
        refuse(M.PROGRAMMA, naam)
    if data.startswith(_ARCHIEVEN) or data[257:262] == b"ustar":
        refuse(M.ARCHIEF, naam)
    if data.startswith(_OUDE_OFFICE):
        refuse(M.OUD_OFFICE, naam)
    if _ander_beeldformaat(data):
        refuse(M.BEELDFORMAAT, naam)
    kop = data[:1024].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if b"<svg" in data[:4096].lower():
        refuse(M.SVG, naam)
    if kop.startswith(b"<") or any(marker in kop for marker in _HTML_MARKERS):
        refuse(M.HTML, naam)
    if kop.startswith(b"#!") or _is_tekst(data):
        refuse(M.TEKST, naam)
    refuse(M.ONBEKEND, naam)


def _controleer_naam(ext, soort, naam):
    """A name that claims another type than the content is refused (a name without extension claims nothing)."""
    if ext and ext not in SOORTEN[soort].extensies:
        refuse(M.NAAM_PAST_NIET, naam, type=SOORTEN[soort].label, ext=SOORTEN[soort].extensie)


# --- PDF -------------------------------------------------------------------------------------

# What one PDF may make the check do: objects in its cross-reference table, dictionary entries and array items walked
# (all objects together), bytes one Flate stream may inflate to (qpdf's limit, set for the process), and bytes all
# object streams together may inflate to. A hostile file is refused at these bounds instead of keeping a worker busy.
MAX_PDF_OBJECTEN = 100_000
MAX_PDF_KNOPEN = 100_000
MAX_PDF_STROOM = 32 * 1024 * 1024
MAX_PDF_OBJECTSTROMEN = 64 * 1024 * 1024

# Actions (the /S of an action dictionary) refused wherever they are: they run script, start programs, send the form
# or read data, open another file or an embedded one, or start rich media.
_PDF_ACTIES = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE",
                         "/RichMediaExecute"})
# Keys that carry scripts, embedded files, XFA forms or rich media, in whatever dictionary they are.
_PDF_SLEUTELS = frozenset({"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent",
                           "/RichMediaSettings"})
# A /Type or /Subtype that is such content itself: an embedded file, a file attachment annotation, rich media.
_PDF_SOORTEN = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia"})
# A link the reader clicks (/S /URI) stays allowed, but not to a script or a local file.
_PDF_URI_VERBODEN = ("javascript:", "vbscript:", "data:", "file:", "\\\\")


def _pdf_naam(naam):
    """A regex for a PDF name that may also be written with #xx escapes (/J#61vaScript), as a reader reads it."""
    return b"".join(b"(?:" + re.escape(bytes([c])) + b"|#(?i:" + b"%02x" % c + b"))" for c in naam)


# A cheap first look at what is not compressed; the walk over the parsed objects below decides.
_PDF_ACTIEF = re.compile(
    b"/(?:" + b"|".join(_pdf_naam(naam) for naam in (b"JavaScript", b"JS", b"Launch", b"EmbeddedFiles",
                                                      b"EmbeddedFile", b"RichMedia")) + rb")(?=[\s/<>\[\]()%{}]|$)"
)
# Any of the names above as qpdf writes an object out (a plain name never with #xx escapes there): only an object
# that holds one is walked.
_PDF_VERDACHT = re.compile(
    b"(?:" + b"|".join(re.escape(naam.encode()) for naam in sorted(_PDF_SLEUTELS | _PDF_ACTIES | _PDF_SOORTEN
                                                                        | {"/OpenAction", "/AA", "/URI"}))
    + rb")(?=[\s/<>\[\]()%{}]|$)"
)
_PDF_NULL = re.compile(rb"\s*\d+\s+\d+\s+obj\s*null(?=[\s/<>\[\]()%{}]|$)")

_pikepdf_begrensd = False


def _pikepdf():
    """pikepdf, imported when a PDF is checked (the module stays cheap to import), with qpdf's limit on how far one
    Flate stream inflates set once for the process (only this module uses pikepdf)."""
    global _pikepdf_begrensd
    import pikepdf
    import pikepdf.settings

    if not _pikepdf_begrensd:
        pikepdf.settings.set_qpdf_limits(flate_max_memory=MAX_PDF_STROOM)
        _pikepdf_begrensd = True
    return pikepdf


def _controleer_pdf(data, naam):
    kop = data[:1024].lower()
    if any(marker in kop for marker in _HTML_MARKERS):
        refuse(M.PDF_POLYGLOT, naam)
    if b"%%EOF" not in data[-2048:]:
        refuse(M.PDF_KAPOT, naam)
    if _PDF_ACTIEF.search(data):
        refuse(M.PDF_ACTIEF, naam)
    _controleer_pdf_objecten(data, naam)
    return data


def _controleer_pdf_objecten(data, naam):
    """Open the PDF with qpdf (pikepdf) and walk every object, those inside compressed object streams too."""
    pikepdf = _pikepdf()
    limietfouten = pikepdf.settings.qpdf_limit_errors()
    try:
        with pikepdf.open(BytesIO(data), inherit_page_attributes=False) as pdf:
            if pdf.is_encrypted:
                refuse(M.VERSLEUTELD, naam)
            objecten = _pdf_objecten(pdf, data, naam)
            actief = _pdf_actief(pikepdf, [pdf.trailer, *objecten], naam)
    except ValidationError:
        raise
    except pikepdf.PasswordError:
        refuse(M.VERSLEUTELD, naam)
    except Exception:  # qpdf and pikepdf raise many kinds (PdfError, DataDecodingError, RuntimeError, ValueError ...)
        logger.info("PDF refused as damaged", exc_info=True)
        refuse(M.PDF_KAPOT, naam)
    if pikepdf.settings.qpdf_limit_errors() != limietfouten:
        # qpdf skipped something at one of its limits (nesting, for one): what it skipped was not checked.
        refuse(M.PDF_TE_COMPLEX, naam)
    if actief:
        refuse(M.PDF_ACTIEF, naam)


def _pdf_objecten(pdf, data, naam):
    """Every object in the cross-reference table, with each object stream inflated within bounds first. An object
    that qpdf could not read is refused as damaged: another reader might read it, and it was not checked."""
    xref = pdf.get_xref_table()
    if len(xref) > MAX_PDF_OBJECTEN:
        refuse(M.PDF_TE_COMPLEX, naam)
    totaal = 0
    for nummer in sorted({entry.obj_stream_number for entry in xref.values() if entry.type == 2}):
        totaal += len(pdf.get_object(nummer, 0).read_bytes())  # DataDecodingError past MAX_PDF_STROOM
        if totaal > MAX_PDF_OBJECTSTROMEN:
            refuse(M.PDF_TE_COMPLEX, naam)
    objecten = []
    for objgen, entry in xref.items():
        if entry.type not in (1, 2):
            continue
        obj = pdf.get_object(objgen)
        if obj is None:
            if entry.type == 2 or not _PDF_NULL.match(data, entry.offset):
                refuse(M.PDF_KAPOT, naam)
            continue
        objecten.append(obj)
    return objecten


def _pdf_soort(waarde):
    """The pikepdf.ObjectType of a value; None for what pikepdf hands over as a Python value (null, numbers, booleans)."""
    return getattr(waarde, "_type_code", None)


def _pdf_actief(pikepdf, objecten, naam):
    """Whether any dictionary is or starts active content. qpdf writes each object out (its direct contents, a
    reference to another object as "n 0 R": that object is in ``objecten`` itself); only an object that names one of
    the suspect names is walked dictionary by dictionary, within MAX_PDF_KNOPEN items for the whole document."""
    soorten = pikepdf.ObjectType
    knopen = 0
    for obj in objecten:
        soort = _pdf_soort(obj)
        if soort == soorten.stream:
            obj, soort = obj.stream_dict, soorten.dictionary
        if soort not in (soorten.dictionary, soorten.array) or not _PDF_VERDACHT.search(obj.unparse(resolved=True)):
            continue
        stapel = [obj]
        while stapel:
            obj = stapel.pop()
            if _pdf_soort(obj) == soorten.dictionary:
                if _pdf_actieve_dict(obj, soorten):
                    return True
                kinderen = obj.values()
            else:
                kinderen = obj
            knopen += len(obj)
            if knopen > MAX_PDF_KNOPEN:
                refuse(M.PDF_TE_COMPLEX, naam)
            stapel.extend(kind for kind in kinderen
                          if _pdf_soort(kind) in (soorten.dictionary, soorten.array) and not kind.is_indirect)
    return False


def _pdf_actieve_dict(obj, soorten):
    """An action that runs or fetches something, a script, an embedded file, XFA or rich media; an /OpenAction that is
    an action (a destination such as ``[page /Fit]`` only opens at a page); any additional action (/AA)."""
    sleutels = set(obj.keys())
    if sleutels & _PDF_SLEUTELS:
        return True
    for sleutel, verboden in (("/S", _PDF_ACTIES), ("/Type", _PDF_SOORTEN), ("/Subtype", _PDF_SOORTEN)):
        if sleutel in sleutels:
            waarde = obj[sleutel]
            if _pdf_soort(waarde) == soorten.name_ and str(waarde) in verboden:
                return True
    if "/URI" in sleutels and _pdf_soort(obj["/URI"]) == soorten.string:
        doel = "".join(str(obj["/URI"]).split()).lower()
        if doel.startswith(_PDF_URI_VERBODEN):
            return True
    openen = obj.get("/OpenAction")
    if openen is not None and _pdf_soort(openen) != soorten.array:
        return True
    extra = obj.get("/AA")
    return extra is not None and (_pdf_soort(extra) != soorten.dictionary or len(extra) > 0)


# --- images ----------------------------------------------------------------------------------


def _max_pixels():
    from PIL import Image

    return Image.MAX_IMAGE_PIXELS or 89_478_485


def _schoon_beeld(data, soort, naam):
    """Decode, verify and re-encode from the pixels alone: no EXIF, GPS, XMP, comments or ICC remain."""
    from PIL import Image, ImageOps

    verwacht = {JPEG: "JPEG", PNG: "PNG"}[soort]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data), formats=[verwacht]) as probe:
                if probe.width * probe.height > _max_pixels():
                    raise Image.DecompressionBombError
                probe.verify()
            with Image.open(BytesIO(data), formats=[verwacht]) as beeld:
                beeld.load()
                beeld = ImageOps.exif_transpose(beeld)
                if soort == JPEG:
                    modus = beeld.mode if beeld.mode in ("L", "RGB") else "RGB"
                else:
                    heeft_alfa = beeld.mode in ("LA", "RGBA", "PA") or "transparency" in beeld.info
                    modus = beeld.mode if beeld.mode in ("L", "LA", "RGB", "RGBA") else (
                        "RGBA" if heeft_alfa else "RGB")
                if beeld.mode != modus:
                    beeld = beeld.convert(modus)
                # A new image from the pixel bytes alone carries none of the original's info.
                schoon = Image.frombytes(modus, beeld.size, beeld.tobytes())
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            refuse(M.TE_VEEL_PIXELS, naam, max=_max_pixels() // 1_000_000)
        except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, struct.error ...)
            logger.info("Image %s refused as damaged", soort, exc_info=True)
            refuse(M.BEELD_KAPOT, naam, type=SOORTEN[soort].label)
    uit = BytesIO()
    if soort == JPEG:
        schoon.save(uit, format="JPEG", quality=90, optimize=True)
    else:
        schoon.save(uit, format="PNG", optimize=False, compress_level=6)
    return uit.getvalue()


# --- DOCX and ODT ----------------------------------------------------------------------------

_OOXML_MACRO_NAMEN = re.compile(r"(vbaproject|vbadata\.xml|activex|\.bin$|\.(docm|dotm|xlsm|xltm|xlam|pptm|potm|ppam|"
                                r"ppsm|sldm)$|\.(exe|dll|com|scr|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|msi|jar|lnk)$)")
_ODF_MACRO_NAMEN = re.compile(r"^(basic|scripts)/|\.bin$|\.(exe|dll|com|scr|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|msi|"
                              r"jar|lnk)$")
_ODF_MACRO_INHOUD = (b"vnd.sun.star.script", b"script:event-listener", b'"macro:', b"'macro:",
                     b"application/vnd.sun.star.basic", b"application/vnd.sun.star.oleobject",
                     b"application/vnd.sun.star.script")
_OOXML_MACRO_INHOUD = (b"macroenabled", b"vbaproject", b"activex", b"vnd.ms-office.vba")
# Word's printer settings are stored as a .bin part; they hold no code.
_OOXML_PRINTER = re.compile(r"^word/printersettings/printersettings\d+\.bin$")
# Content a document loads from outside itself when it opens. DOCX: relationships that point outside the package
# (TargetMode="External") other than hyperlinks, and DDE fields; ODF: the elements below with an xlink:href that is
# not a path inside the package, and DDE links.
_OOXML_EXTERN_TOEGESTAAN = frozenset({"hyperlink"})  # the last part of the relationship type
_OOXML_ALTIJD_EXTERN = frozenset({"oleobject", "subdocument"})  # a linked object, a master document's subdocument
_OOXML_VELDEN = frozenset({"instrText", "delInstrText"})  # the text of a field instruction; w:fldSimple has w:instr
_DDE = re.compile(r"\bdde(?:auto)?\b", re.IGNORECASE)
_QUOTE_CODES = re.compile(r"\bquote((?:\s+\d{1,7})+)", re.IGNORECASE)  # QUOTE 68 68 69 spells "DDE"
_ODF_GEKOPPELD = frozenset({"image", "object", "object-ole", "plugin", "floating-frame", "applet", "section-source",
                            "table-source", "fill-image", "background-image"})
_ODF_DDE = frozenset({"dde-connection-decl", "dde-connection", "dde-source", "dde-link"})
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_SCHEMA = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_SCHIJF = re.compile(r"^/*[a-z]:/", re.IGNORECASE)  # C:/..., /C:/... (backslashes already made slashes)


def _onveilige_naam(naam):
    delen = re.split(r"[\\/]", naam)
    return (
        naam.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", naam) is not None
        or ".." in delen
        or any(ord(ch) < 32 for ch in naam)
    )


def _xml(bron, naam):
    """The elements of an XML package part (a file object), streamed: (local name, element) at each element's end.
    Parsed with defusedxml, which refuses DTDs, entity declarations and external references; a part that is no
    well-formed XML is a damaged package."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    try:
        for _, element in iterparse(bron, forbid_dtd=True):
            yield element.tag.rpartition("}")[2], element
            element.clear()
    except (ParseError, DefusedXmlException):
        refuse(M.PAKKET_KAPOT, naam)


def _buiten_pakket(href):
    """Whether an ODF link leaves the package: a URL or file path with a scheme (http:, file:, C:), an absolute or
    UNC path, or a path that climbs out (../). "Pictures/1.png" and "./Object 1" are inside."""
    pad = href.strip().replace("\\", "/")
    return bool(_SCHEMA.match(pad)) or pad.startswith("/") or ".." in pad.split("/")


def _op_afstand(doel):
    """Whether a DOCX link target reaches another machine: a URL (any scheme but a drive letter), a UNC path
    (\\\\server\\share) or a file: URL with a server in it. A path on the reader's own drive (file:///C:/...) does not."""
    pad = doel.strip().replace("\\", "/")
    if pad.lower().startswith("file:"):
        pad = pad[5:]
        schuine_strepen = len(pad) - len(pad.lstrip("/"))
        return not _SCHIJF.match(pad) and (schuine_strepen == 2 or schuine_strepen >= 4)
    return pad.startswith("//") or (bool(_SCHEMA.match(pad)) and not _SCHIJF.match(pad))


def _lees_deel(zf, info, naam, limiet=MAX_XML_DEEL):
    with zf.open(info) as deel:
        inhoud = deel.read(limiet + 1)
    if len(inhoud) > limiet:
        refuse(M.ZIPBOM, naam, max=MAX_UITGEPAKT // (1024 * 1024))
    return inhoud


def _herken_zip(data, naam):
    """A zip is allowed only as a DOCX or ODT package; it is inspected without extracting it."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError, KeyError):
        refuse(M.PAKKET_KAPOT, naam)
    with zf:
        if not infos:
            refuse(M.ARCHIEF, naam)
        if len(infos) > MAX_ZIP_ENTRIES:
            refuse(M.ZIPBOM, naam, max=MAX_UITGEPAKT // (1024 * 1024))
        namen = set()
        totaal = 0
        for info in infos:
            if _onveilige_naam(info.filename):
                refuse(M.ONVEILIGE_NAAM, naam)
            if info.filename in namen:
                refuse(M.PAKKET_KAPOT, naam)
            namen.add(info.filename)
            if info.flag_bits & 0x1:
                refuse(M.VERSLEUTELD, naam)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                refuse(M.PAKKET_KAPOT, naam)
            totaal += info.file_size
            te_strak = info.file_size > ZIP_RATIO_VANAF and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)
            if totaal > MAX_UITGEPAKT or te_strak:
                refuse(M.ZIPBOM, naam, max=MAX_UITGEPAKT // (1024 * 1024))
        try:
            eerste = infos[0]
            if eerste.filename == "mimetype":
                soort = _controleer_odt(zf, infos, namen, naam)
            elif "[Content_Types].xml" in namen:
                soort = _controleer_docx(zf, infos, namen, naam)
            else:
                refuse(M.ARCHIEF, naam)
            # Every entry decompresses to exactly its declared size with a matching CRC (bounded by the checks above).
            if zf.testzip() is not None:
                refuse(M.PAKKET_KAPOT, naam)
        except ValidationError:
            raise
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, KeyError, RuntimeError):
            logger.info("Zip package refused as damaged", exc_info=True)
            refuse(M.PAKKET_KAPOT, naam)
    return soort


def _controleer_odt(zf, infos, namen, naam):
    eerste = infos[0]
    if eerste.compress_type != zipfile.ZIP_STORED:
        refuse(M.PAKKET_KAPOT, naam)
    mimetype = _lees_deel(zf, eerste, naam, limiet=200).strip()
    if mimetype != ODT_MIMETYPE:
        if mimetype.startswith(b"application/vnd.oasis.opendocument."):
            refuse(M.ONBEKEND, naam)
        refuse(M.ARCHIEF, naam)
    if not {"content.xml", "META-INF/manifest.xml"} <= namen:
        refuse(M.PAKKET_KAPOT, naam)
    for info in infos:
        if _ODF_MACRO_NAMEN.search(info.filename.lower()):
            refuse(M.MACRO, naam)
    manifest = _lees_deel(zf, zf.getinfo("META-INF/manifest.xml"), naam).lower()
    if b"encryption-data" in manifest:
        refuse(M.VERSLEUTELD, naam)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rdf")):
            inhoud = _lees_deel(zf, info, naam, limiet=MAX_UITGEPAKT).lower()
            if any(teken.lower() in inhoud for teken in _ODF_MACRO_INHOUD):
                refuse(M.MACRO, naam)
    for info in infos:
        # The text and styles, of the document and of each object embedded in it ("Object 1/content.xml").
        if info.filename.rpartition("/")[2] in ("content.xml", "styles.xml") and info.file_size:
            _controleer_odf_koppelingen(zf, info, naam)
    return ODT


def _controleer_odf_koppelingen(zf, info, naam):
    """Images, objects, frames and sections linked from outside the package, and DDE links, are refused; a hyperlink
    (text:a) is not loaded when the document opens and stays allowed."""
    with zf.open(info) as deel:
        for element_naam, element in _xml(deel, naam):
            if element_naam in _ODF_DDE:
                refuse(M.EXTERN, naam)
            if element_naam in _ODF_GEKOPPELD and _buiten_pakket(element.get(_XLINK_HREF, "")):
                refuse(M.EXTERN, naam)


def _controleer_docx(zf, infos, namen, naam):
    for info in infos:
        lower = info.filename.lower()
        if _OOXML_MACRO_NAMEN.search(lower) and not _OOXML_PRINTER.match(lower):
            refuse(M.MACRO, naam)
    types = _lees_deel(zf, zf.getinfo("[Content_Types].xml"), naam).lower()
    if any(teken in types for teken in _OOXML_MACRO_INHOUD):
        refuse(M.MACRO, naam)
    if DOCX_MAIN not in types:
        if b"spreadsheetml" in types or b"presentationml" in types or b"wordprocessingml" in types:
            refuse(M.ONBEKEND, naam)
        refuse(M.PAKKET_KAPOT, naam)
    if not {"word/document.xml", "_rels/.rels"} <= namen:
        refuse(M.PAKKET_KAPOT, naam)
    for info in infos:
        if info.filename.lower().endswith(".rels"):
            relaties = _lees_deel(zf, info, naam)
            if any(teken in relaties.lower() for teken in _OOXML_MACRO_INHOUD):
                refuse(M.MACRO, naam)
            _controleer_relaties(relaties, naam)
    for info in infos:
        # The body, headers, footers, footnotes, comments ...: wherever Word keeps fields.
        lower = info.filename.lower()
        if lower.startswith("word/") and lower.endswith(".xml") and info.file_size:
            _controleer_velden(zf, info, naam)
    return DOCX


def _controleer_relaties(relaties, naam):
    """A relationship that makes Word load something from outside the package when the document opens is refused:
    a template from a server ("remote template injection"), a linked image, frame or OLE object, a subdocument.
    External hyperlinks are only followed when clicked, and stay allowed."""
    for element_naam, relatie in _xml(BytesIO(relaties), naam):
        if element_naam != "Relationship":
            continue
        soort = relatie.get("Type", "").rstrip("/").rpartition("/")[2].lower()
        doel = relatie.get("Target", "")
        extern = relatie.get("TargetMode", "").strip().lower() == "external" or _op_afstand(doel)
        if soort in _OOXML_EXTERN_TOEGESTAAN:
            continue
        if soort == "oleobject" and not extern:
            refuse(M.MACRO, naam)
        if soort == "attachedtemplate" and not _op_afstand(doel):
            continue  # the organisation's template on the writer's own drive (file:///C:/...): nothing is fetched
        if extern or soort in _OOXML_ALTIJD_EXTERN:
            refuse(M.EXTERN, naam)


def _controleer_velden(zf, info, naam):
    """A DDE or DDEAUTO field (it starts a program or fetches data when the document opens) is refused, also when its
    instruction is split over runs or its name is spelt with a nested QUOTE field of character codes."""
    stukken = []
    with zf.open(info) as deel:
        for element_naam, element in _xml(deel, naam):
            if element_naam in _OOXML_VELDEN:
                stukken.append(element.text or "")
            elif element_naam == "fldSimple":
                stukken.append(" " + next((v for k, v in element.attrib.items() if k.endswith("instr")), "") + " ")
    instructies = "".join(stukken)
    gespeld = " ".join("".join(chr(int(code)) for code in codes.split() if int(code) < 0x110000)
                       for codes in _QUOTE_CODES.findall(instructies))
    if _DDE.search(instructies) or _DDE.search(gespeld):
        refuse(M.EXTERN, naam)


# --- the check -------------------------------------------------------------------------------


def controleer(uploaded_file):
    """Check a file by its content without storing it. Returns (display name, Soort, cleaned bytes)."""
    ruw = getattr(uploaded_file, "name", "") or ""
    stam, ext = bestandsnaam(ruw)
    naam = f"{stam}{ext}"
    data = _lees(uploaded_file, naam)
    soort = _herken(data, naam)
    _controleer_naam(ext, soort, naam)
    if soort == PDF:
        data = _controleer_pdf(data, naam)
    elif soort in (JPEG, PNG):
        data = _schoon_beeld(data, soort, naam)
    return f"{stam}{SOORTEN[soort].extensie}", SOORTEN[soort], data
