"""Text fields strip control characters on input (security issue 16 §5).

A line break, VT, FF, NEL or U+2028 in a single-line field would reach an e-mail subject, an .ics property, a CSV
cell or a log line. ``mensenhandel.core.forms`` has the fields that strip them; the check below walks every form,
filter and admin form of the project, so a new text field that does not strip them fails here.
"""
import importlib
import pkgutil
import sys
import unicodedata

import django_filters
import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory

from mensenhandel.core.forms import (
    Emailveld,
    SchoneModelForm,
    SchoneTekst,
    Tekstveld,
    URLveld,
    strip_control_chars,
)
from partners.models import Rol, User
from tafels.models import Tafel

VIES = "a\x0bb\u2028c\r\nd\x85e"
SCHOON = "a b c d e"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
PROJECT = ("mensenhandel", "tafels", "partners", "signalen", "casusoverleg", "rapportage")
# Modules that are not code a form could live in, or that read the environment when imported.
NIET_IMPORTEREN = (".settings", ".migrations", ".wsgi", ".asgi", ".celery")


def stuurtekens(text):
    return [c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")]


ALLE_STUURTEKENS = "".join(chr(i) for i in range(sys.maxunicode + 1)
                           if unicodedata.category(chr(i)) in ("Cc", "Zl", "Zp"))


# --- the function ---------------------------------------------------------------------------------------


def test_one_line_loses_every_control_character():
    assert strip_control_chars(VIES) == SCHOON
    assert strip_control_chars("Stadhuis\r\n\r\n  zaal 2") == "Stadhuis zaal 2", "a run becomes one space"
    assert strip_control_chars("a\tb\x0cc\x1cd\x1fe\u2029f") == "a b c d e f"
    assert strip_control_chars("a\x01b\x07c\x1bd\x7fe\x80f\x9fg") == "abcdefg", "the others are dropped"
    assert strip_control_chars(f"a{BIDI}b") == "ab", "bidi embeddings, overrides and isolates are dropped"
    assert stuurtekens(strip_control_chars(ALLE_STUURTEKENS)) == ["\x00"]


def test_the_null_character_is_left_for_the_validator_to_refuse():
    assert strip_control_chars("a\x00b") == "a\x00b"


def test_ordinary_text_is_left_alone():
    for tekst in ("Stadhuis Enschede, zaal 2; ingang \\achter", "Crèche “De Ĳssel” — ’s-Hertogenbosch", "a  b",
                  "👩‍👩‍👧 مرحبا \u200e", "Ärzte\u00adkammer", ""):
        assert strip_control_chars(tekst) == tekst
        assert strip_control_chars(tekst, multiline=True) == tekst


def test_several_lines_keep_their_lines_as_lf_and_tabs():
    assert strip_control_chars(VIES, multiline=True) == "a\nb\nc\nd\ne"
    assert strip_control_chars("a\r\nb\rc\nd\x0ce\u2029f\tg", multiline=True) == "a\nb\nc\nd\ne\nf\tg"
    assert strip_control_chars(f"a\x01\x7f\x9b{BIDI}b\x1fc", multiline=True) == "ab c"
    assert set(stuurtekens(strip_control_chars(ALLE_STUURTEKENS, multiline=True))) == {"\x00", "\n", "\t"}


# --- the fields -----------------------------------------------------------------------------------------


def test_a_single_line_field_strips_and_trims():
    veld = Tekstveld(max_length=20, widget=forms.TextInput)
    assert veld.clean(VIES) == SCHOON
    assert veld.clean(f"\u2028\r\n {VIES}\x85\x0b") == SCHOON
    assert Tekstveld(required=False).clean("\r\n\x0b\u2028") == ""
    with pytest.raises(forms.ValidationError):
        Tekstveld().clean("\r\n\x0b\u2028")  # required: only control characters is nothing


def test_a_textarea_keeps_its_lines():
    veld = Tekstveld(widget=forms.Textarea)
    assert veld.clean(f"  Regel 1\r\nRegel 2\x0b{VIES}\u2028 ") == "Regel 1\nRegel 2\na\nb\nc\nd\ne"


def test_the_null_character_keeps_the_dutch_message():
    from django.utils import translation

    from tests.i18n import nl

    with translation.override("nl"):
        with pytest.raises(forms.ValidationError) as error:
            Tekstveld(widget=forms.TextInput).clean("a\x0b\x00b")
        assert error.value.messages == [
            nl("The text contains a character that cannot be stored (a null character). Remove it and try again.")
        ]


def test_a_password_is_never_changed():
    veld = Tekstveld(strip=False, widget=forms.PasswordInput)
    assert veld.clean(" ge\theim\x0b ") == " ge\theim\x0b "


@pytest.mark.parametrize("adres", ["a\x0bb@example.org", '"a\x0bb"@example.org', '"a\x85b"@example.org',
                                   "a@example.org\r\nBcc: x@example.org", "a@exa\u2028mple.org"])
def test_a_control_character_makes_an_email_address_invalid(adres):
    with pytest.raises(forms.ValidationError):
        Emailveld().clean(adres)


def test_an_email_address_and_a_link_lose_only_what_surrounds_them():
    assert Emailveld().clean("\u2028 a@example.org\r\n") == "a@example.org"
    assert Emailveld().clean('"a\x01"@example.org') == '"a"@example.org', "Django's quoted local part, without it"
    assert URLveld(assume_scheme="https").clean("https://example.org/a\x01b\r\n") == "https://example.org/ab"
    with pytest.raises(forms.ValidationError):
        URLveld(assume_scheme="https").clean("https://example.org/a\u2028b")


# --- every form of the project uses them ----------------------------------------------------------------


def _project_module(name):
    return name.split(".")[0] in PROJECT


def _import_all_project_modules():
    for package in PROJECT:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if any(part in info.name for part in NIET_IMPORTEREN):
                continue
            importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _beheerder_request():
    request = RequestFactory().get("/beheer/")
    request.user = User(email="beheer@example.org", rol=Rol.BEHEERDER, is_active=True)
    return request


def _admin_forms():
    """(description, form class) of every add, change, list-editable and inline form of the project's admin."""
    request = _beheerder_request()
    for model, model_admin in admin.site._registry.items():
        label = f"{model_admin} ({model._meta.label})"
        for obj in (None, model()):
            yield f"{label} form", model_admin.get_form(request, obj, change=obj is not None)
            for inline in model_admin.get_inline_instances(request, obj):
                yield f"{label} inline {inline}", inline.get_formset(request, obj).form
        yield f"{label} list", model_admin.get_changelist_form(request)


def _unclean_text_fields(description, fields):
    wrong = []
    for name, field in fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        if not isinstance(field, SchoneTekst):
            wrong.append(f"{description}.{name}: {type(field).__module__}.{type(field).__qualname__}")
    return wrong


@pytest.mark.django_db
def test_every_text_field_of_every_form_filter_and_admin_form_strips_control_characters():
    """Use ``Tekstveld``, ``Emailveld``, ``URLveld`` (``Tekstfilter`` in a FilterSet) from mensenhandel.core.forms;
    a ModelForm derives from ``SchoneModelForm`` (Meta too); a ModelAdmin mixes in ``BeheerderOnlyAdmin``."""
    _import_all_project_modules()
    wrong, gezien = [], 0
    for form in _subclasses(forms.BaseForm):
        if _project_module(form.__module__):
            gezien += 1
            wrong += _unclean_text_fields(f"{form.__module__}.{form.__qualname__}", form.base_fields)
    for filterset in _subclasses(django_filters.FilterSet):
        if _project_module(filterset.__module__):
            for name, filter_ in filterset.base_filters.items():
                if issubclass(filter_.field_class, forms.CharField) and not issubclass(filter_.field_class, SchoneTekst):
                    wrong.append(f"{filterset.__module__}.{filterset.__qualname__}.{name}: {filter_.field_class}")
    for description, form in _admin_forms():
        gezien += 1
        wrong += _unclean_text_fields(description, form.base_fields)
    assert gezien > 40, "the walk found the forms"
    assert not wrong, "text fields that keep control characters:\n" + "\n".join(wrong)


def test_the_walk_would_find_a_plain_char_field():
    class Vergeten(forms.Form):
        titel = forms.CharField()
        wachtwoord = forms.CharField(widget=forms.PasswordInput)
        goed = Tekstveld()

    assert _unclean_text_fields("Vergeten", Vergeten.base_fields) == ["Vergeten.titel: django.forms.fields.CharField"]


def test_a_model_form_makes_its_text_fields_clean():
    class TafelForm(SchoneModelForm):
        class Meta(SchoneModelForm.Meta):
            model = Tafel
            fields = ("naam",)

    assert isinstance(TafelForm.base_fields["naam"], Tekstveld)
    assert TafelForm.base_fields["naam"].max_length == 150


# --- through the real forms -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_signal_form_strips_its_single_line_fields(demo):
    from signalen.forms import SignaalForm
    from signalen.models import Signaal

    coordinator = demo["coordinator@enschede.example"]
    signaal = Signaal(organisatie=coordinator.organisatie, ingediend_door=coordinator)
    form = SignaalForm({"locatie_naam": f"Nagelstudio {VIES}", "locatie_adres": "Stationsplein 1\r\nEnschede\u2028",
                        "omschrijving": f"Regel 1\r\nRegel 2\x0b{BIDI}Regel 3", "kvk_nummer": "1234\u20285678"},
                       user=coordinator, signaal=signaal)
    assert form.is_valid(), form.errors
    waarden, _vormen, _antwoorden = form.concept_waarden()
    assert waarden["locatie_naam"] == f"Nagelstudio {SCHOON}"
    assert waarden["locatie_adres"] == "Stationsplein 1 Enschede"
    assert waarden["omschrijving"] == "Regel 1\nRegel 2\nRegel 3"
    assert waarden["kvk_nummer"] == "12345678"


@pytest.mark.django_db
def test_the_admin_strips_the_name_of_a_user(demo, client):
    client.force_login(demo["beheer@ketenregie.example"])
    user = demo["coordinator@hengelo.example"]
    data = {"email": user.email, "naam": f"Henk\u2028Hengelo {VIES}\r\n", "organisatie": user.organisatie_id,
            "rol": user.rol, "werkgebied_district": "", "werkgebied_regio": "", "account_links-TOTAL_FORMS": "0",
            "account_links-INITIAL_FORMS": "0", "_save": "Opslaan"}
    response = client.post(f"/beheer/partners/user/{user.pk}/change/", data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.naam == f"Henk Hengelo {SCHOON}"
    response = client.post(f"/beheer/partners/user/{user.pk}/change/", {**data, "email": "henk\x0b@hengelo.example"})
    assert response.status_code == 200 and "email" in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_the_admin_strips_the_name_of_a_table_and_refuses_a_mailbox_with_a_line_break(demo, client):
    from partners.models import Organisatie
    from tafels.models import Regio

    client.force_login(demo["beheer@ketenregie.example"])
    politie = Organisatie.objects.get(naam="Politie Oost-Nederland")
    data = {"naam": f"Casusoverleg {VIES}", "soort": "casusoverleg_mensenhandel",
            "regio": Regio.objects.get(naam="Oost-Nederland").pk, "district": "", "voorzitter": "",
            "vergaderingen_per_jaar": 4, "leden-TOTAL_FORMS": "1", "leden-INITIAL_FORMS": "0",
            "leden-MIN_NUM_FORMS": "0", "leden-MAX_NUM_FORMS": "1000", "leden-0-organisatie": politie.pk,
            "leden-0-deelnemer": "", "leden-0-mailbox": "achterhoek@politie.example\r\nBcc: x@example.org",
            "_save": "Opslaan"}
    response = client.post("/beheer/tafels/tafel/add/", data)
    assert response.status_code == 200
    assert "mailbox" in response.context["inline_admin_formsets"][0].formset.forms[0].errors
    response = client.post("/beheer/tafels/tafel/add/", {**data, "leden-0-mailbox": "achterhoek@politie.example"})
    assert response.status_code == 302
    assert Tafel.objects.filter(naam=f"Casusoverleg {SCHOON}").exists()
