"""HTML to PDF: one renderer for every PDF the product makes (the agenda and the decision list of a meeting, the
quarterly report).

``html_to_pdf`` renders with WeasyPrint, tagged PDF/UA-1 (structure tree, /Lang, the title, MarkInfo), A4, with the
Noto Sans fonts of ``static/vendor/noto-sans`` and the print style sheet ``static/css/pdf.css``; each document adds
its own print style and running header and footer (``extra_css``, with ``css_string`` for generated text). Nothing
is fetched while rendering but our own static files (fonts, style sheets) and images embedded in the document itself
as ``data:image/...`` URLs: no network, no other files.
"""
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders

PDF_CSS = "css/pdf.css"
FONT_CSS = "vendor/noto-sans/noto-sans.css"


def static_path(relative):
    """The file of a static path (``css/pdf.css``), found by the staticfiles finders."""
    gevonden = finders.find(relative)
    if not gevonden:
        raise FileNotFoundError(f"Static file {relative} not found.")
    return Path(gevonden).resolve()


def static_css(relative):
    """The text of a static style sheet (a document's own print style)."""
    return static_path(relative).read_text(encoding="utf-8")


@cache
def _font_css():
    """The vendored @font-face rules with their URLs made absolute file URLs (found by the staticfiles finders)."""
    pad = static_path(FONT_CSS)
    tekst = pad.read_text(encoding="utf-8")
    tekst = re.sub(r"^\s*font-display:[^;]*;\s*$", "", tekst, flags=re.M)  # not a print property

    def absoluut(match):
        return f'url("{(pad.parent / match.group(1)).resolve().as_uri()}")'

    return re.sub(r'url\(\s*["\']?\./([^"\')]+)["\']?\s*\)', absoluut, tekst)


def _toegestane_mappen():
    return [static_path(PDF_CSS).parent.parent, static_path(FONT_CSS).parent]


@cache
def _ttf(pad, _mtime):
    """A WOFF2 font decompressed to TrueType, once per process (WeasyPrint would do it on every render)."""
    from io import BytesIO

    from fontTools.ttLib import woff2

    uit = BytesIO()
    woff2.decompress(BytesIO(pad.read_bytes()), uit)
    return uit.getvalue()


def _url_fetcher():
    """Only our own static files (fonts, style sheet) may be read while rendering: no network, no other files.
    Images may also be embedded in the document itself as ``data:image/...`` URLs (the report's charts)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    mappen = _toegestane_mappen()

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            delen = urlsplit(url)
            if delen.scheme == "data" and delen.path.startswith("image/"):
                return super().fetch(url, headers)
            if delen.scheme != "file":
                raise ValueError(f"Not fetched while rendering a PDF: {url}")
            pad = Path(unquote(delen.path)).resolve()
            if not any(pad.is_relative_to(map_) for map_ in mappen):
                raise ValueError(f"Not fetched while rendering a PDF: {url}")
            if pad.suffix == ".woff2":
                return URLFetcherResponse(url, _ttf(pad, pad.stat().st_mtime), {"Content-Type": "font/ttf"})
            return super().fetch(url, headers)

    return StaticFetcher(allowed_protocols=["file", "data"], fail_on_errors=True)


def css_string(tekst):
    """A CSS string literal of ``tekst`` (for generated content such as page headers)."""
    tekst = " ".join(str(tekst).split())
    return '"' + tekst.replace("\\", "\\\\").replace('"', '\\"') + '"'


def html_to_pdf(html, *, extra_css=""):
    """Render an HTML document to a tagged PDF (PDF/UA-1, A4 from pdf.css) with Noto Sans. ``extra_css`` holds the
    generated part of the print style (e.g. translated page headers and footers)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _url_fetcher()
    fonts = FontConfiguration()
    sheets = [
        CSS(string=_font_css(), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(static_path(PDF_CSS)), font_config=fonts, url_fetcher=fetcher),
    ]
    if extra_css:
        sheets.append(CSS(string=extra_css, font_config=fonts, url_fetcher=fetcher))
    base_url = static_path(PDF_CSS).parent.as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=fonts, pdf_variant="pdf/ua-1")
