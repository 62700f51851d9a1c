"""Templates keep to the Content Security Policy and to the translation rules.

The CSP allows no inline style or script ('unsafe-inline' is nowhere), so a `style="..."`, a `<style>` element, an
inline `<script>` or an `onclick="..."` would silently not work in the browser. Every text a user sees goes through
{% translate %} / {% blocktranslate %}, and a template that uses those loads i18n itself ({% load %} is not inherited).
"""
import re

import pytest

from tests.core.support import ROOT

_SKIP = {".venv", "venv", "node_modules", "static", "var", "test-artifacts", "tests"}


def _templates():
    found = sorted((ROOT / "templates").rglob("*.html"))
    # App templates (<app>/templates/...), should there be any.
    for path in sorted(ROOT.glob("*/**/templates/**/*.html")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in _SKIP and not rel.parts[0].startswith(".") and rel.parts[0] != "templates":
            found.append(path)
    return found


TEMPLATES = _templates()

_COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.S)
_TRANSLATION_TAG = re.compile(r"\{%-?\s*(?:translate|trans|blocktranslate|blocktrans)\b|\b_\(\s*[\"']")
_LOADS_I18N = re.compile(r"\{%\s*load\s+(?:[\w.]+\s+)*i18n\b")
_STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I | re.S)
_STYLE_ELEMENT = re.compile(r"<style[\s>/]", re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I | re.S)
_JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
_VISIBLE_ATTRIBUTE = re.compile(
    r"""\b(title|alt|placeholder|aria-label|aria-description)\s*=\s*(["'])(.*?)\2""", re.I | re.S
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def csp_problems(source):
    source = _COMMENTS.sub("", source)
    problems = []
    if _STYLE_ATTRIBUTE.search(source):
        problems.append("a style= attribute")
    if _STYLE_ELEMENT.search(source):
        problems.append("a <style> element")
    for attributes, body in _SCRIPT.findall(source):
        if not re.search(r"\ssrc\s*=", " " + attributes, re.I):
            problems.append("an inline <script> (without src)")
        elif body.strip():
            problems.append("a <script src> with content")
    if _EVENT_HANDLER.search(source):
        problems.append("an on...= event handler attribute")
    if _JAVASCRIPT_URL.search(source):
        problems.append("a javascript: URL")
    return problems


def hard_coded_text(source):
    """Words a user would see that are not inside a translation tag (text between tags, or title/alt/aria-label)."""
    source = _COMMENTS.sub("", source)
    source = re.sub(r"\{%-?\s*blocktrans(?:late)?\b.*?\{%-?\s*endblocktrans(?:late)?\s*-?%\}", " ", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
    words = [f'{name}="{value.strip()}"' for name, _, value in _VISIBLE_ATTRIBUTE.findall(source) if _WORD.search(value)]
    source = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", source, flags=re.S | re.I)
    source = re.sub(r"<!DOCTYPE[^>]*>|<[^>]*>", " ", source, flags=re.S | re.I)
    source = re.sub(r"&#?\w+;", " ", source)
    words += _WORD.findall(source)
    return words


def _id(path):
    return str(path.relative_to(ROOT))


def test_there_are_templates():
    assert len(TEMPLATES) >= 5, TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=_id)
def test_template_has_no_inline_style_or_script(path):
    problems = csp_problems(path.read_text(encoding="utf-8"))
    assert not problems, f"{_id(path)} has {', '.join(problems)}: the CSP blocks it. Use a class in static/css."


@pytest.mark.parametrize("path", TEMPLATES, ids=_id)
def test_template_that_translates_loads_i18n(path):
    source = _COMMENTS.sub("", path.read_text(encoding="utf-8"))
    if _TRANSLATION_TAG.search(source):
        assert _LOADS_I18N.search(source), f"{_id(path)} translates but has no {{% load i18n %}}"


@pytest.mark.parametrize("path", TEMPLATES, ids=_id)
def test_template_has_no_hard_coded_text(path):
    words = hard_coded_text(path.read_text(encoding="utf-8"))
    assert not words, f"{_id(path)} shows text outside {{% translate %}}: {words[:10]}"


# The checks above must be able to fail: each bad snippet is caught, each good one is not.
@pytest.mark.parametrize(
    "snippet",
    [
        '<p style="color: red">x</p>',
        "<div\n  class='a' STYLE='x'>",
        "<style>p { color: red }</style>",
        "<script>alert(1)</script>",
        '<script type="module">import "x";</script>',
        '<button onclick="go()">',
        '<a href="javascript:void(0)">',
        '<script src="/static/x.js">alert(1)</script>',
    ],
)
def test_csp_check_catches(snippet):
    assert csp_problems(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "<script src=\"{% static 'vendor/htmx/htmx.min.js' %}\" defer></script>",
        '<div class="styled" data-style="x">{# style="x" #}</div>',
        "<!-- <style>old</style> -->",
        '<button data-on="x" class="button">',
    ],
)
def test_csp_check_allows(snippet):
    assert not csp_problems(snippet)


@pytest.mark.parametrize(
    "snippet, expected",
    [
        ("<h1>Welkom</h1>", ["Welkom"]),
        ('<img src="x.png" alt="Logo gemeente">', ['alt="Logo gemeente"']),
        ('<nav aria-label="Hoofdmenu">', ['aria-label="Hoofdmenu"']),
        ('{% translate "Log in" %} · {{ user.naam }} &mdash; <b>{% translate "x" %}</b>', []),
        ("{% blocktranslate with n=count %}{{ n }} tables{% endblocktranslate %}", []),
        ('<a href="{% url \'start\' %}" class="site-link" aria-label="{% translate \'Home\' %}">', []),
        ("{% if a > b %}<span>{{ a }}</span>{% endif %}", []),
    ],
)
def test_hard_coded_text_check(snippet, expected):
    assert hard_coded_text(snippet) == expected


def test_i18n_check():
    assert _TRANSLATION_TAG.search('{% translate "x" %}') and _TRANSLATION_TAG.search("{% blocktrans %}x{% endblocktrans %}")
    assert _TRANSLATION_TAG.search('{{ _("x") }}')
    assert _LOADS_I18N.search("{% load static i18n %}") and _LOADS_I18N.search("{% load i18n %}")
    assert not _LOADS_I18N.search("{% load static %}") and not _LOADS_I18N.search("{% load i18n_extra %}")
