"""Property: whatever is posted to "Signaal indienen", the server never fails, invalid input always gets our
(Dutch) messages with the error summary, and nothing invalid becomes a submitted signal.

The 1,000 examples drive the form and the draft service directly, as the view does (save what passes as the
draft, then validate for submission); a smaller run posts through the whole page, for the status code, the
rendered error summary and the heading.

Every generated input carries at least one sure defect (a "breaker") on top of random values for every
field (valid ones, overlong text, odd unicode including NUL, bad dates, wrong choices, huge numbers, or
the field left out), so every example must be refused.
"""
import re
import time
from datetime import timedelta
from html import escape

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signalen import concept
from signalen.forms import MAX_OMSCHRIJVING, SignaalForm
from signalen.models import Antwoord, Bron, Indicator, Sector, Signaal, Status, Urgentie, Vorm
from tafels.models import Gemeente
from tests.i18n import nl

pytestmark = pytest.mark.django_db

# Each run draws new examples (Hypothesis picks a new seed every run), so coverage adds up over the runs of the suite;
# 250 per run keeps this test near a quarter of a minute on the CI machine's two cores (1000 took 68 s).
VOORBEELDEN = 250
VOORBEELDEN_PAGINA = 40
WEG = object()  # the field is left out of the request

# Every message the form can give (English msgid; the page shows the Dutch translation). Placeholders match digits.
MELDINGEN = [
    "Choose the municipality where the situation plays.",
    "Choose a municipality from the list.",
    "Fill in the day you observed it.",
    "Fill in a valid date, for example 15-03-2026.",
    "The date cannot be in the future.",
    "The last day cannot be before the first day.",
    "Fill in the first day of the period too.",
    "Choose at least one form of exploitation.",
    "Choose the forms of exploitation from the list.",
    "Choose a sector from the list.",
    "Choose how the signal came to you.",
    "Choose a source from the list.",
    "Describe what you observed.",
    "Use at most %(limit_value)d characters (you used %(show_value)d).",
    "The text contains a character that cannot be stored (a null character). Remove it and try again.",
    "A KvK number has exactly 8 digits.",
    "Fill in a whole number, for example 3.",
    "The number cannot be below 0.",
    "Fill in a number of at most %(limit_value)s.",
    "Choose the urgency.",
    "Choose an urgency from the list.",
    "Choose observed, not observed or unknown.",
]
KOP = "The signal has not been submitted yet"
SAMENVATTING = 'class="utrecht-alert utrecht-alert--error error-summary"'



def melding_patroon():
    delen = [re.escape(nl(m)).replace(re.escape("%(limit_value)d"), r"\d+").replace(
        re.escape("%(show_value)d"), r"\d+").replace(re.escape("%(limit_value)s"), r"\d+") for m in MELDINGEN]
    return re.compile("|".join(f"(?:{d})" for d in delen))


# --- strategies ------------------------------------------------------------------------------------

vreemde_tekst = st.text(st.characters(codec="utf-8"), max_size=40)  # any unicode except surrogates, incl. NUL
met_nul = st.builds(lambda a, b: f"{a}\x00{b}", vreemde_tekst, vreemde_tekst)
# One character repeated: not a space or a control character (categories Zs, Cc, Zl, Zp and the bidi controls),
# which the field strips, leaving nothing too long.
te_lang = st.builds(lambda c, n: c * n,
                    st.characters(codec="utf-8", exclude_categories=("Zs", "Cc", "Zl", "Zp"),
                                  exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
                    st.integers(201, MAX_OMSCHRIJVING + 50))
enorme_getallen = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.just("9" * 5000),
    st.sampled_from(["1e400", "-0", "0x10", "١٢", "12.5", "1_000", " 7 "]),
)
rommel = st.one_of(vreemde_tekst, met_nul, te_lang, enorme_getallen)
slechte_datums = st.one_of(
    st.dates().map(lambda d: d.isoformat()),  # also far in the past and in the future
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.sampled_from(["31-02-2026", "2026-13-01", "0000-00-00", "9999-12-31", "2026-02-30", "gisteren", "-1",
                     "2026/1/1", "1-1-1", "01-01-10000"]),
    rommel,
)


def veld(goed, fout=rommel):
    return st.one_of(st.just(WEG), goed, fout)


def strategie(ref):
    pk = lambda qs: st.sampled_from([str(p) for p in qs])  # noqa: E731
    verkeerde_pk = st.one_of(st.just(str(ref["utrecht"])), st.integers(-(10**30), 10**30).map(str), rommel)
    velden = {
        "gemeente": veld(pk(ref["gemeenten"]), verkeerde_pk),
        "waargenomen_van": veld(st.dates(max_value=ref["vandaag"]).map(lambda d: d.isoformat()), slechte_datums),
        "waargenomen_tot": veld(st.dates(max_value=ref["vandaag"]).map(lambda d: d.isoformat()), slechte_datums),
        "vormen": veld(st.lists(pk(ref["vormen"]), min_size=1, max_size=3),
                       st.lists(st.one_of(pk(ref["vormen"]), verkeerde_pk), min_size=1, max_size=4)),
        "sector": veld(pk(ref["sectoren"]), verkeerde_pk),
        "bron": veld(pk(ref["bronnen"]), verkeerde_pk),
        "omschrijving": veld(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1,
                                     max_size=200)),
        "locatie_naam": veld(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200)),
        "locatie_adres": veld(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=250)),
        "kvk_nummer": veld(st.from_regex(r"\A[0-9]{8}\Z")),
        "aantal_slachtoffers": veld(st.integers(0, 999).map(str), enorme_getallen),
        "minderjarige": veld(st.just("on")),
        "urgentie": veld(st.sampled_from(Urgentie.values)),
    }
    for indicator in ref["indicatoren"]:
        velden[f"indicator_{indicator}"] = veld(st.sampled_from(Antwoord.values))
    morgen = (ref["vandaag"] + timedelta(days=1)).isoformat()
    breekijzers = st.one_of(
        st.sampled_from([
            ("gemeente", WEG), ("gemeente", ""), ("gemeente", str(ref["utrecht"])), ("gemeente", "abc"),
            ("vormen", WEG), ("vormen", ["999999999"]), ("vormen", ["1e3"]), ("bron", WEG), ("bron", "-1"),
            ("omschrijving", WEG), ("omschrijving", " \t\r\n "), ("waargenomen_van", WEG),
            ("waargenomen_van", morgen), ("waargenomen_van", "31-02-2026"), ("waargenomen_tot", morgen),
            ("kvk_nummer", "1234"), ("kvk_nummer", "١٢٣٤٥٦٧٨"), ("aantal_slachtoffers", "1000"),
            ("aantal_slachtoffers", "-1"), ("aantal_slachtoffers", "9" * 5000), ("urgentie", "spoed"),
            ("urgentie", WEG), ("sector", "0"), (f"indicator_{ref['indicatoren'][0]}", "misschien"),
        ]),
        st.tuples(st.sampled_from(["omschrijving", "locatie_naam", "locatie_adres"]), met_nul),
        st.tuples(st.just("omschrijving"), te_lang.filter(lambda t: len(t) > MAX_OMSCHRIJVING)),
        st.tuples(st.sampled_from(["locatie_naam", "locatie_adres"]), te_lang.filter(lambda t: len(t) > 250)),
    )
    return st.tuples(st.fixed_dictionaries(velden), breekijzers)


@pytest.fixture
def ref(demo):
    coordinator = demo["coordinator@enschede.example"]
    from signalen import selectors

    return {
        "coordinator": coordinator,
        "vandaag": timezone.localdate(),
        "gemeenten": list(selectors.gemeenten_for_submitter(coordinator).values_list("pk", flat=True)),
        "utrecht": Gemeente.objects.get(naam="Utrecht").pk,
        "vormen": list(Vorm.objects.filter(actief=True).values_list("pk", flat=True)),
        "sectoren": list(Sector.objects.filter(actief=True).values_list("pk", flat=True)),
        "bronnen": list(Bron.objects.filter(actief=True).values_list("pk", flat=True)),
        "indicatoren": list(Indicator.objects.filter(actief=True).values_list("pk", flat=True)),
    }


INSTELLINGEN = {"deadline": None, "database": None,
               "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                         HealthCheck.data_too_large]}


def _post_data(invoer):
    velden, (naam, waarde) = invoer
    velden = {**velden, naam: waarde}
    data = {k: v for k, v in velden.items() if v is not WEG}
    data["actie"] = "indienen"
    return data


def _assert_own_messages(form, patroon, data):
    assert form.errors, data
    for fouten in form.errors.values():
        for fout in fouten:
            assert patroon.fullmatch(fout), f"not one of the form's own messages: {fout!r}"


def _nieuw_concept(client, coordinator):
    client.force_login(coordinator)
    client.get(reverse("signalen:nieuw"))
    return Signaal.objects.get(ingediend_door=coordinator)


def test_generated_input_never_breaks_the_form_or_the_draft_and_is_never_submitted(client, ref):
    """1,000 examples through the form and the draft service, the way ``views.formulier.bewerken`` uses them."""
    coordinator = ref["coordinator"]
    signaal = _nieuw_concept(client, coordinator)
    patroon = melding_patroon()
    ingediend_voor = Signaal.objects.exclude(status=Status.CONCEPT).count()
    gedraaid = []

    @settings(max_examples=VOORBEELDEN, **INSTELLINGEN)
    @given(strategie(ref))
    def indienen(invoer):
        data = _post_data(invoer)
        post = QueryDict(mutable=True)
        for naam, waarde in data.items():
            post.setlist(naam, waarde if isinstance(waarde, list) else [waarde])
        with translation.override("nl"):
            # Whatever passes is kept in the draft (nothing typed gets lost), also when the submission is refused.
            concept_form = SignaalForm(post, user=coordinator, signaal=signaal)
            concept_form.is_valid()
            opgeslagen = concept.opslaan(signaal, coordinator, *concept_form.concept_waarden())
            assert opgeslagen is not None and opgeslagen.status == Status.CONCEPT
            form = SignaalForm(post, user=coordinator, signaal=opgeslagen, indienen=True)
            assert not form.is_valid(), data
            _assert_own_messages(form, patroon, data)
            assert list(form.foutoverzicht()), "no error summary for a refused submission"
        gedraaid.append(1)
        assert Signaal.objects.exclude(status=Status.CONCEPT).count() == ingediend_voor

    begin = time.monotonic()
    indienen()
    duur = time.monotonic() - begin
    print(f"\nhypothesis: {len(gedraaid)} generated submissions through the form in {duur:.1f} s")
    assert len(gedraaid) >= VOORBEELDEN
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT and signaal.referentie is None


def test_generated_input_posted_to_the_page_gets_the_dutch_error_summary(client, ref):
    coordinator = ref["coordinator"]
    signaal = _nieuw_concept(client, coordinator)
    url = reverse("signalen:bewerken", args=[signaal.pk])
    kop = escape(nl(KOP), quote=True)
    patroon = melding_patroon()
    ingediend_voor = Signaal.objects.exclude(status=Status.CONCEPT).count()
    gedraaid = []

    @settings(max_examples=VOORBEELDEN_PAGINA, **INSTELLINGEN)
    @given(strategie(ref))
    def indienen(invoer):
        data = _post_data(invoer)
        response = client.post(url, data)
        gedraaid.append(1)
        assert response.status_code < 500
        assert response.status_code == 200, (response.status_code, data)
        content = response.content.decode()
        assert SAMENVATTING in content and kop in content
        _assert_own_messages(response.context["form"], patroon, data)
        assert Signaal.objects.get(pk=signaal.pk).status == Status.CONCEPT
        assert Signaal.objects.exclude(status=Status.CONCEPT).count() == ingediend_voor

    indienen()
    assert len(gedraaid) >= VOORBEELDEN_PAGINA
    signaal.refresh_from_db()
    assert signaal.status == Status.CONCEPT and signaal.referentie is None
