"""Every string the application shows has a Dutch translation, and the pages come out in Dutch (English on request).

The source is English; Dutch lives in locale/nl/LC_MESSAGES/django.po. A new or changed string that is not translated
yet makes test_makemessages_finds_no_untranslated_dutch_strings fail, with the strings in the message.
"""
import io
import re
import shutil
import subprocess

import polib
import pytest
from django.core.management import call_command

from tests.conftest import require
from tests.core.support import ROOT, clean_env, copy_project, manage

PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# %(name)s and friends, and the positional %s / %d; %% is a literal percent sign.
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifrxXeEgGc%])")


def _describe(entries):
    lines = []
    for entry in entries:
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3]) or "?"
        lines.append(f"  {entry.msgid!r}  ({where})")
    return "\n".join(lines)


def assert_complete(po, label):
    untranslated = [e for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e for e in po.fuzzy_entries() if not e.obsolete]
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated:\n{_describe(untranslated)}")
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy (check the translation, then remove `#, fuzzy`):\n{_describe(fuzzy)}")
    assert not problems, f"{label} is not complete. Translate in locale/nl/LC_MESSAGES/django.po:\n" + "\n".join(
        problems
    )


def _placeholders(text):
    return {(name or "", kind) for name, kind in _PLACEHOLDER.findall(text) if kind != "%"}


def test_the_committed_dutch_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert len(po) > 50, "the Dutch catalogue is nearly empty"
    assert po.metadata.get("Language") == "nl"
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert_complete(po, str(PO.relative_to(ROOT)))


def test_the_dutch_translations_keep_the_placeholders():
    """`%(count)s` in English and `%(aantal)s` in Dutch would raise a KeyError on the page."""
    po = polib.pofile(str(PO))
    wrong = []
    for entry in po.translated_entries():
        if "python-format" not in entry.flags:
            continue
        if not entry.msgid_plural:
            if _placeholders(entry.msgid) != _placeholders(entry.msgstr):
                wrong.append(f"  {entry.msgid!r} -> {entry.msgstr!r}")
            continue
        # The singular form may leave out the count ("Uw signaal bekijken"), but may use no other name;
        # the plural forms carry exactly the placeholders of the English plural.
        allowed = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
        for index, text in entry.msgstr_plural.items():
            ok = _placeholders(text) <= allowed if int(index) == 0 else (
                _placeholders(text) == _placeholders(entry.msgid_plural)
            )
            if not ok:
                wrong.append(f"  {entry.msgid_plural!r} -> {text!r}")
    assert not wrong, "translations with other placeholders than the English:\n" + "\n".join(wrong)


def test_makemessages_finds_no_untranslated_dutch_strings(tmp_path):
    """Collect the strings from the current source like a developer would, and merge them into the Dutch catalogue."""
    require(shutil.which("xgettext") and shutil.which("msgmerge"), "gettext (xgettext)")
    project = copy_project(tmp_path / "project")
    env = clean_env(DJANGO_SETTINGS_MODULE="mensenhandel.settings.test")
    result = manage(project, "makemessages", "-l", "nl", "--no-obsolete", env=env)
    assert result.returncode == 0, result.stdout + result.stderr

    po_path = project / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert committed & {e.msgid for e in po}, "makemessages found none of the committed strings: wrong folder?"
    assert_complete(po, "The Dutch catalogue after `manage.py makemessages -l nl`")

    check = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(po_path)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stderr


@pytest.fixture
def compiled_translations(settings):
    """The .mo files are build output (make test and the Dockerfile compile them); make sure they are current, and let
    Django load them afresh (assigning LOCALE_PATHS clears its translation caches)."""
    call_command("compile_translations", stdout=io.StringIO())
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client, compiled_translations):
    response = client.get("/inloggen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in html
    for text in ("Inloggen", "E-mailadres", "Wachtwoord"):
        assert text in html, f"{text!r} is not on the Dutch log-in page"
    for text in ("E-mail address", "Password"):
        assert text not in html, f"English {text!r} on the Dutch log-in page"


@pytest.mark.django_db
def test_login_page_follows_accept_language_english(client, compiled_translations):
    """LocaleMiddleware honours the browser: English is the second language of the site."""
    response = client.get("/inloggen/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers.get("Vary", "")
    assert '<html lang="en"' in html
    for text in ("Log in", "E-mail address", "Password"):
        assert text in html, f"{text!r} is not on the English log-in page"
    for text in ("Inloggen", "Wachtwoord"):
        assert text not in html, f"Dutch {text!r} on the English log-in page"


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["de-DE,de;q=0.9", "fr", ""])
def test_other_languages_get_dutch(client, compiled_translations, accept):
    response = client.get("/inloggen/", headers={"accept-language": accept} if accept else {})
    assert response.headers["Content-Language"] == "nl"
    assert "Wachtwoord" in response.content.decode()


@pytest.mark.django_db
def test_english_variants_get_english(client, compiled_translations):
    response = client.get("/inloggen/", headers={"accept-language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert response.headers["Content-Language"] == "en"
    assert "Password" in response.content.decode()
