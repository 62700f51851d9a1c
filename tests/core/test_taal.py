"""One voice in Dutch (issue 18), checked over the whole catalogue and every template and e-mail.

The choices, each guarded below:

- the due date of an action is the *deadline* ("deadline 12 december 2026"), never "uiterlijk";
- the reader is *u*, with "u hebt" (not "u heeft", nor "je"/"jouw");
- *pdf* is written in lower case ("agenda-pdf's", "pdf-bestand"; a list of file types in lower case alike);
- every e-mail opens with "Beste …,": "Beste collega," when it goes to an organisation or a role, "Beste <naam>,"
  when it goes to one named account;
- no space before . , : ; or ) in a msgstr or after a tag or variable in a template;
- an abbreviated month as Dutch writes it: "23 okt. 2026", "4 mei 2026" (``{% load datums %}`` ``|datum``), never
  Django's "23 Okt 2026"; full month names stay ``|date:"j F Y"``;
- a screen-reader link text reads as a sentence: "Download de pdf van het 3e kwartaal 2026, versie 2".
"""
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polib
import pytest
from django.template import Context, Template
from django.utils import translation

from tests.core.support import ROOT
from tests.i18n import nl

PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
TEMPLATES = sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in (".html", ".txt"))
E_MAILS = [p for p in TEMPLATES if p.parent.name == "email" and not p.name.startswith("_")]


def _msgstrs():
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        for tekst in (entry.msgstr, *entry.msgstr_plural.values()):
            if tekst:
                yield entry.msgid, tekst


def _fouten(patroon, uitzondering=None):
    return [(msgid, tekst) for msgid, tekst in _msgstrs()
            if re.search(patroon, tekst) and not (uitzondering and re.search(uitzondering, tekst))]


def test_the_due_date_of_an_action_is_the_deadline_everywhere():
    assert not _fouten(r"\buiterlijk\b")
    assert nl("due %(datum)s") == "deadline %(datum)s"
    assert nl("Due date") == "Deadline"


def test_the_reader_is_u_with_u_hebt():
    assert not _fouten(r"\b[Uu] heeft\b|\b[Hh]eeft u\b")
    # "…nadat u de verklaring heeft geaccepteerd": u with a later "heeft" in the same clause ("het overleg heeft
    # ingestemd" has a subject of its own).
    assert not _fouten(r"\b[Uu]\b[^.,;:?!]*\bheeft\b", uitzondering=r"het overleg heeft")
    assert not _fouten(r"\b([Jj]e|[Jj]ij|[Jj]ouw|[Jj]ou)\b")


def test_pdf_is_written_in_lower_case():
    assert not _fouten(r"PDF")
    assert nl("Agenda PDFs") == "Agenda-pdf's"
    assert nl("Decision list PDFs") == "Pdf's van de besluitenlijst"


def test_no_space_before_punctuation_in_the_catalogue():
    assert not _fouten(r"\S[ \t]+[.,;:)](?=\s|$)")


def test_no_template_puts_a_space_before_punctuation():
    """"(28 van 39) ." on a page: a variable, tag or closing parenthesis followed by white space and . , ; : or ),
    such as ``{% endblocktranslate %} .`` or ``{{ x }} )`` (text inside comments does not count)."""
    fout = []
    for pad in TEMPLATES:
        tekst = re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", pad.read_text(), flags=re.S)
        for match in re.finditer(r"(%\}|\}\}|\))[ \t]*\n?[ \t]*[ \t\n][.,;:)](?=[\s<{]|$)", tekst):
            fout.append(f"{pad.relative_to(ROOT)}:{tekst[:match.start()].count(chr(10)) + 1}")
    assert not fout


@pytest.mark.parametrize("pad", E_MAILS, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_every_e_mail_opens_with_beste(pad):
    eerste = pad.read_text().split("\n", 1)[0]
    msgid = re.search(r'\{% (?:translate "([^"]+)"|blocktranslate[^%]*%\}(.+?)\{% endblocktranslate)', eerste)
    assert msgid, f"{pad}: the first line is no greeting"
    groet = msgid.group(1) or re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", msgid.group(2))
    assert groet in ("Hello,", "Dear %(name)s,")
    assert nl(groet).startswith("Beste ") and nl(groet).endswith(",")


def test_the_greetings():
    assert nl("Hello,") == "Beste collega,"
    assert nl("Dear %(name)s,") == "Beste %(name)s,"


def test_the_download_link_of_a_report_version_reads_as_a_sentence():
    from rapportage.perioden import Kwartaal

    with translation.override("nl"):
        tekst = Template(
            '{% load i18n %}{% translate "Download" %} {% blocktranslate with periode=periode versie=2 %}'
            "the PDF of {{ periode }}, version {{ versie }}{% endblocktranslate %}"
        ).render(Context({"periode": Kwartaal(2026, 3).label}))
    assert tekst == "Download de pdf van het 3e kwartaal 2026, versie 2"


# --- dates with an abbreviated month ---------------------------------------------------------------------------

AMS = ZoneInfo("Europe/Amsterdam")


def _datum(waarde, opmaak, taal="nl"):
    with translation.override(taal):
        return Template('{% load datums %}{{ waarde|datum:opmaak }}').render(
            Context({"waarde": waarde, "opmaak": opmaak}))


@pytest.mark.parametrize(("waarde", "opmaak", "verwacht"), [
    (date(2026, 10, 23), "j M Y", "23 okt. 2026"),
    (date(2026, 5, 4), "j M Y", "4 mei 2026"),
    (date(2026, 3, 1), "j M Y", "1 mrt. 2026"),
    (date(2026, 6, 9), "j M Y", "9 jun. 2026"),
    (datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")), "j M Y, H:i", "1 jan. 2027, 00:30"),  # local time
    (date(2026, 10, 23), "j F Y", "23 oktober 2026"),  # the full name stays Django's
])
def test_an_abbreviated_month_as_dutch_writes_it(waarde, opmaak, verwacht):
    assert _datum(waarde, opmaak) == verwacht


def test_an_abbreviated_month_in_english():
    assert _datum(date(2026, 10, 23), "j M Y", "en") == "23 Oct 2026"
    assert _datum(None, "j M Y") == ""


def test_no_template_abbreviates_a_month_with_django_s_date_filter():
    """``|date:"j M Y"`` gives "23 Okt 2026" and ``b`` "23 okt 2026": templates use ``|datum`` for M."""
    fout = []
    for pad in TEMPLATES:
        for match in re.finditer(r"""\|date:(["'])(.*?)\1""", pad.read_text()):
            opmaak = re.sub(r"\\.", "", match.group(2))
            if re.search(r"[MbN]", opmaak):
                fout.append(f"{pad.relative_to(ROOT)}: {match.group(0)}")
    assert not fout
