"""The signal lists: "Signalen" (ketenregisseur: filters with counts of visible rows only, search, sorting, pages,
CSV export) and "Mijn signalen" (submitters), the signal blocks of the start page, the audit rows, the query counts.

Texts are compared with what the catalogue gives under Dutch (``nl()``), so the tests pass before and after the
translations are merged.
"""
import csv
import io
import itertools
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from mensenhandel.access import grants
from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import Organisatie
from signalen import services
from signalen.filters import SignaalFilter
from signalen.models import (
    Bron,
    Gebeurtenis,
    Sector,
    Signaal,
    SignaalHistorie,
    Status,
    Urgentie,
    Vorm,
)
from signalen.selectors import grondslagen_geldig, signalen_visible_for
from tafels.models import Gemeente
from tests.i18n import nl

pytestmark = pytest.mark.django_db

TWENTE = "regisseur@twente.example"
MIDDEN = "regisseur@midden-nederland.example"
ENSCHEDE = "coordinator@enschede.example"
HENGELO = "coordinator@hengelo.example"
UTRECHT = "coordinator@utrecht.example"
POLITIE = "politie@oost-nederland.example"
NLA = "inspectie@nla.example"
BURGEMEESTER = "burgemeester@twente.example"
BEHEERDER = "beheer@ketenregie.example"

LIJST, MIJN, EXPORT = "/signalen/", "/signalen/mijn/", "/signalen/export.csv"
_nummers = itertools.count(1)



def label(choice):
    with translation.override("nl"):
        return str(choice.label)


@pytest.fixture
def d(demo):
    """The demo accounts, and no signals (whatever seed_demo adds): each test makes the signals it counts."""
    Signaal.objects.all().delete()
    return demo


def maak(door, gemeente, *, status=Status.INGEDIEND, dagen=1, vormen=("arbeid",), sector="horeca", bron="brp",
         urgentie=Urgentie.NORMAAL, **velden):
    """A signal in a given state, written straight to the database (the lists only read)."""
    concept = status == Status.CONCEPT
    signaal = Signaal.objects.create(
        ingediend_door=door, organisatie=door.organisatie, gemeente=Gemeente.objects.get(naam=gemeente),
        status=status, referentie=None if concept else f"SIG-2090-{next(_nummers):05d}",
        ingediend_op=None if concept else timezone.now() - timedelta(days=dagen),
        sector=Sector.objects.get(code=sector), bron=Bron.objects.get(code=bron), urgentie=urgentie,
        prioriteit=velden.get("minderjarige", False), **velden,
    )
    signaal.vormen.set(Vorm.objects.filter(code__in=vormen))
    return signaal


def veel(door, gemeente, aantal, **velden):
    """Many signals at once (for the query counts), each with two forms."""
    nu = timezone.now()
    gemeente = Gemeente.objects.get(naam=gemeente)
    sector, bron = Sector.objects.get(code="bouw"), Bron.objects.get(code="brp")
    signalen = Signaal.objects.bulk_create([
        Signaal(ingediend_door=door, organisatie=door.organisatie, gemeente=gemeente, status=Status.IN_BEHANDELING,
                referentie=f"SIG-2091-{next(_nummers):05d}", ingediend_op=nu - timedelta(hours=i), sector=sector,
                bron=bron, **velden)
        for i in range(aantal)
    ])
    vormen = list(Vorm.objects.filter(code__in=("arbeid", "seksueel")))
    Through = Signaal.vormen.through
    Through.objects.bulk_create([Through(signaal_id=s.pk, vorm_id=v.pk) for s in signalen for v in vormen])
    return signalen


def get(client, user, url, data=None):
    client.force_login(user)
    response = client.get(url, data or {})
    return response


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def rows(html):
    """The pks of the signal rows of the main table, in order."""
    tbody = html.split('<tbody class="utrecht-table__body">')[-1]
    return [int(pk) for pk in re.findall(r'data-signaal="(\d+)"', tbody)]


def csv_rows(response):
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --- who has which list -------------------------------------------------------------------------------


@pytest.mark.parametrize("email", [ENSCHEDE, HENGELO, UTRECHT, POLITIE, NLA, BURGEMEESTER, BEHEERDER])
def test_only_the_ketenregisseur_has_the_list_and_the_export(d, client, email):
    maak(d[ENSCHEDE], "Enschede")
    assert get(client, d[email], LIJST).status_code == 404
    assert get(client, d[email], EXPORT).status_code == 404
    assert not AuditEntry.objects.filter(actie__in=[AuditActie.LIST, AuditActie.EXPORT], actor=d[email]).exists()


@pytest.mark.parametrize("email", [TWENTE, MIDDEN, BURGEMEESTER, "burgemeester@midden-nederland.example", BEHEERDER])
def test_only_submitters_have_my_signals(d, client, email):
    maak(d[ENSCHEDE], "Enschede")
    assert get(client, d[email], MIJN).status_code == 404


def test_the_list_holds_the_werkgebied_and_what_is_shared_with_the_organisation(d, client):
    enschede = maak(d[ENSCHEDE], "Enschede")
    nla_in_twente = maak(d[NLA], "Rijssen-Holten")
    utrecht = maak(d[UTRECHT], "Utrecht")
    concept = maak(d[ENSCHEDE], "Enschede", status=Status.CONCEPT)
    html = html_of(get(client, d[TWENTE], LIJST))
    assert set(rows(html)) == {enschede.pk, nla_in_twente.pk}
    assert utrecht.referentie not in html and f'data-signaal="{concept.pk}"' not in html

    grants.grant(d[TWENTE].organisatie, utrecht)  # shared with RIEC Oost-Nederland
    assert set(rows(html_of(get(client, d[TWENTE], LIJST)))) == {enschede.pk, nla_in_twente.pk, utrecht.pk}
    assert set(rows(html_of(get(client, d[MIDDEN], LIJST)))) == {utrecht.pk}


def test_rows_show_no_description_location_or_names(d, client):
    signaal = maak(d[ENSCHEDE], "Enschede", omschrijving="Geheimwoord-omschrijving", locatie_naam="Geheime-locatie",
                   locatie_adres="Geheimadres 1", kvk_nummer="00000999", minderjarige=True)
    for user, url in ((d[TWENTE], LIJST), (d[ENSCHEDE], MIJN)):
        html = html_of(get(client, user, url))
        assert rows(html) == [signaal.pk]
        html = html[html.index("<main"):html.index("</main>")]  # the header names the user themself
        for secret in ("Geheimwoord", "Geheime-locatie", "Geheimadres", "00000999", d[ENSCHEDE].naam):
            assert secret not in html, (url, secret)
    html = html_of(get(client, d[TWENTE], LIJST))
    assert "signaal-label--prioriteit" in html and "signaal-label--minderjarige" in html
    assert f'href="/signalen/{signaal.pk}/"' in html


# --- filters and their counts ---------------------------------------------------------------------------


@pytest.fixture
def spreiding(d):
    """Twente: Enschede 3 being assessed (2 sexual), Hengelo 1 submitted; Midden-Nederland: Utrecht 5 being assessed."""
    s = {
        "e1": maak(d[ENSCHEDE], "Enschede", status=Status.IN_BEHANDELING, vormen=("seksueel",), urgentie=Urgentie.HOOG),
        "e2": maak(d[ENSCHEDE], "Enschede", status=Status.IN_BEHANDELING, vormen=("seksueel", "arbeid")),
        "e3": maak(d[ENSCHEDE], "Enschede", status=Status.IN_BEHANDELING, vormen=("arbeid",), sector="bouw"),
        "h1": maak(d[HENGELO], "Hengelo", status=Status.INGEDIEND, vormen=("arbeid",), bron="ggd"),
    }
    for _ in range(5):
        maak(d[UTRECHT], "Utrecht", status=Status.IN_BEHANDELING, vormen=("seksueel",), sector="bouw", bron="ggd")
    return s


def test_every_count_counts_only_the_rows_the_regisseur_sees(d, client, spreiding):
    html = html_of(get(client, d[TWENTE], LIJST))
    assert f"{label(Status.IN_BEHANDELING)} (3)" in html  # not 8: the five Utrecht signals are not theirs
    assert f"{label(Status.INGEDIEND)} (1)" in html
    assert f"{label(Status.DOORGEZET)} (0)" in html
    assert "Enschede (3)" in html and "Hengelo (1)" in html
    assert "Utrecht" not in html  # not even as a choice with (0)
    assert re.search(r"Seksuele uitbuiting \(2\)", html)
    assert re.search(r"Bouw \(1\)", html) and re.search(r"GGD \(1\)", html)
    assert f"{label(Urgentie.HOOG)} (1)" in html and f"{label(Urgentie.NORMAAL)} (3)" in html

    midden = html_of(get(client, d[MIDDEN], LIJST))
    assert f"{label(Status.IN_BEHANDELING)} (5)" in midden and "Utrecht (5)" in midden
    assert "Enschede" not in midden and "Hengelo" not in midden


def test_counts_follow_the_other_active_filters(d, client, spreiding):
    enschede = Gemeente.objects.get(naam="Enschede")
    html = html_of(get(client, d[TWENTE], LIJST, {"gemeente": enschede.pk}))
    assert set(rows(html)) == {spreiding["e1"].pk, spreiding["e2"].pk, spreiding["e3"].pk}
    assert f"{label(Status.IN_BEHANDELING)} (3)" in html and f"{label(Status.INGEDIEND)} (0)" in html
    # The gemeente facet itself ignores the gemeente filter (so other choices stay meaningful) ...
    assert "Enschede (3)" in html and "Hengelo (1)" in html
    # ... but follows the status filter.
    html = html_of(get(client, d[TWENTE], LIJST, {"status": Status.INGEDIEND}))
    assert rows(html) == [spreiding["h1"].pk]
    assert "Enschede (0)" in html and "Hengelo (1)" in html
    vorm = Vorm.objects.get(code="seksueel")
    html = html_of(get(client, d[TWENTE], LIJST, {"vorm": vorm.pk, "status": Status.IN_BEHANDELING}))
    assert set(rows(html)) == {spreiding["e1"].pk, spreiding["e2"].pk}
    assert f"{label(Status.IN_BEHANDELING)} (2)" in html and f"{label(Status.INGEDIEND)} (0)" in html
    # The form facet ignores the form filter: e2 has both forms, e3 only labour.
    assert re.search(r"Arbeidsuitbuiting[^<]*\(2\)", html) and "Seksuele uitbuiting (2)" in html
    assert "Enschede (2)" in html and "Hengelo (0)" in html


def test_facet_counts_straight_from_the_filterset(d, rf, spreiding):
    request = rf.get(LIJST, {"status": [Status.IN_BEHANDELING]})
    request.user = d[TWENTE]
    filterset = SignaalFilter(request.GET, queryset=signalen_visible_for(d[TWENTE]), request=request)
    assert filterset.is_valid()
    counts = filterset.facet_counts()
    assert counts["status"] == {Status.IN_BEHANDELING: 3, Status.INGEDIEND: 1}
    assert counts["gemeente"] == {Gemeente.objects.get(naam="Enschede").pk: 3}
    assert sum(counts["urgentie"].values()) == 3


def test_multiple_statuses_period_and_other_filters(d, client, spreiding):
    oud = maak(d[ENSCHEDE], "Enschede", status=Status.DOORGEZET, dagen=40, doorgezet_naar="nla")
    html = html_of(get(client, d[TWENTE], LIJST, {"status": [Status.INGEDIEND, Status.DOORGEZET]}))
    assert set(rows(html)) == {spreiding["h1"].pk, oud.pk}
    vandaag = timezone.localdate()
    html = html_of(get(client, d[TWENTE], LIJST, {"tot": (vandaag - timedelta(days=30)).isoformat()}))
    assert rows(html) == [oud.pk]
    html = html_of(get(client, d[TWENTE], LIJST, {"van": (vandaag - timedelta(days=5)).isoformat(),
                                                  "tot": vandaag.isoformat()}))
    assert oud.pk not in rows(html) and len(rows(html)) == 4
    html = html_of(get(client, d[TWENTE], LIJST, {"urgentie": Urgentie.HOOG}))
    assert rows(html) == [spreiding["e1"].pk]
    html = html_of(get(client, d[TWENTE], LIJST, {"sector": Sector.objects.get(code="bouw").pk}))
    assert rows(html) == [spreiding["e3"].pk]
    html = html_of(get(client, d[TWENTE], LIJST, {"bron": Bron.objects.get(code="ggd").pk}))
    assert rows(html) == [spreiding["h1"].pk]


@pytest.mark.parametrize("query", [
    {"van": "2026-13-45"},
    {"van": "2026-05-02", "tot": "2026-05-01"},
    {"status": "concept"},
    {"status": "bestaat-niet"},
    {"urgentie": "<script>"},
    {"vorm": "abc"},
    {"q": "x" * 101},
])
def test_a_wrong_filter_gets_a_message_and_no_rows_never_a_server_error(d, client, spreiding, query):
    html = html_of(get(client, d[TWENTE], LIJST, query))
    assert rows(html) == []
    assert "utrecht-form-field-error-message" in html
    assert "<script>" not in html
    assert csv_rows(get(client, d[TWENTE], EXPORT, query))[1:] == []


def test_a_gemeente_of_another_werkgebied_cannot_be_chosen_and_leaks_nothing(d, client, spreiding):
    utrecht = Gemeente.objects.get(naam="Utrecht")
    html = html_of(get(client, d[TWENTE], LIJST, {"gemeente": utrecht.pk}))
    assert rows(html) == [] and "Utrecht" not in html
    assert f"{label(Status.IN_BEHANDELING)} (3)" in html  # the counts ignore the invalid field


# --- search, sorting, pages -------------------------------------------------------------------------------


def test_search_in_reference_location_kvk_and_description(d, client):
    a = maak(d[ENSCHEDE], "Enschede", locatie_naam="Nagelstudio Zonnestraal (test)")
    b = maak(d[HENGELO], "Hengelo", kvk_nummer="12345678")
    c = maak(d[ENSCHEDE], "Enschede", omschrijving="Busjes rijden elke ochtend naar de kwekerij.")
    maak(d[UTRECHT], "Utrecht", omschrijving="Busjes rijden ook hier naar de kwekerij.", locatie_naam="Zonnestraal")
    zoek = lambda q: rows(html_of(get(client, d[TWENTE], LIJST, {"q": q})))  # noqa: E731
    assert zoek("zonnestraal") == [a.pk]
    assert zoek("12345678") == [b.pk]
    assert zoek("KWEKERIJ") == [c.pk]
    assert zoek(a.referentie) == [a.pk]
    assert zoek("   ") == sorted([a.pk, b.pk, c.pk], reverse=True)
    assert zoek("%") == [] and zoek("_") == []


def test_sorting_uses_a_whitelist_and_falls_back_to_the_newest_first(d, client):
    normaal = maak(d[ENSCHEDE], "Enschede", dagen=3, status=Status.DOORGEZET, doorgezet_naar="nla")
    zeer_hoog = maak(d[ENSCHEDE], "Enschede", dagen=1, urgentie=Urgentie.ZEER_HOOG, status=Status.IN_BEHANDELING)
    hoog = maak(d[ENSCHEDE], "Enschede", dagen=2, urgentie=Urgentie.HOOG, status=Status.INGEDIEND)
    standaard = [zeer_hoog.pk, hoog.pk, normaal.pk]
    volgorde = lambda sorteer: rows(html_of(get(client, d[TWENTE], LIJST, {"sorteer": sorteer})))  # noqa: E731
    assert volgorde("-urgentie") == [zeer_hoog.pk, hoog.pk, normaal.pk]
    assert volgorde("urgentie") == [normaal.pk, hoog.pk, zeer_hoog.pk]
    assert volgorde("status") == [hoog.pk, zeer_hoog.pk, normaal.pk]  # the workflow order, not the alphabet
    assert volgorde("ingediend") == [normaal.pk, hoog.pk, zeer_hoog.pk]
    assert volgorde("referentie") == [normaal.pk, zeer_hoog.pk, hoog.pk]
    assert volgorde("-referentie") == [hoog.pk, zeer_hoog.pk, normaal.pk]
    for slecht in ("omschrijving", "-omschrijving", "ingediend_door__password", "-", "", "status;drop", "__class__"):
        assert volgorde(slecht) == standaard, slecht
    html = html_of(get(client, d[TWENTE], LIJST, {"sorteer": "-urgentie"}))
    assert 'aria-sort="descending"' in html and html.count("aria-sort=") == 1


def test_pages_of_25_keep_the_filter_and_the_sorting(d, client):
    veel(d[ENSCHEDE], "Enschede", 30)
    veel(d[HENGELO], "Hengelo", 3)
    enschede = Gemeente.objects.get(naam="Enschede").pk
    html = html_of(get(client, d[TWENTE], LIJST, {"gemeente": enschede, "sorteer": "referentie"}))
    eerste = rows(html)
    assert len(eerste) == 25
    volgende = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert f"gemeente={enschede}" in volgende and "sorteer=referentie" in volgende and "pagina=2" in volgende
    assert volgende.startswith("?")
    html2 = html_of(get(client, d[TWENTE], LIJST + volgende))
    tweede = rows(html2)
    assert len(tweede) == 5 and not set(eerste) & set(tweede)
    # The export link and the sort links keep the filter too.
    assert re.search(rf'href="/signalen/export.csv\?gemeente={enschede}&amp;sorteer=referentie"', html)
    assert re.search(rf'href="\?gemeente={enschede}&amp;sorteer=-referentie"', html)
    for pagina in ("abc", "999", "-1", "0"):
        assert len(rows(html_of(get(client, d[TWENTE], LIJST, {"pagina": pagina})))) in (25, 8)


def test_empty_states(d, client):
    html = html_of(get(client, d[TWENTE], LIJST))
    assert "empty-state" in html and "<tbody" not in html
    html = html_of(get(client, d[TWENTE], LIJST, {"q": "niets"}))
    assert nl("No signals match this filter. Change the filter or clear it.") in html
    html = html_of(get(client, d[ENSCHEDE], MIJN))
    assert "empty-state" in html and 'action="/signalen/nieuw/"' in html


# --- the export -----------------------------------------------------------------------------------------


def test_the_export_holds_the_visible_filtered_rows_without_personal_data(d, client, spreiding):
    Sector.objects.create(code="formule", naam='=HYPERLINK("http://x.example","klik")')
    Vorm.objects.create(code="plus", naam="+31 uitbuiting")
    gevaarlijk = maak(d[ENSCHEDE], "Enschede", sector="formule", vormen=("plus",), omschrijving="Geheim-omschrijving",
                      locatie_naam="@Geheime-locatie", status=Status.DOORGEZET, doorgezet_naar="politie_om",
                      minderjarige=True, urgentie=Urgentie.ZEER_HOOG)
    response = get(client, d[TWENTE], EXPORT, {"status": [Status.DOORGEZET, Status.INGEDIEND]})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="signalen-')
    assert response["Cache-Control"] == "no-store"
    data = csv_rows(response)
    with translation.override("nl"):
        assert data[0] == [gettext(h) for h in ("Reference", "Submitted on", "Municipality", "Forms of exploitation",
                                                "Sector", "Signal source", "Status", "Urgency", "Priority",
                                                "Passed on to")]
    per_ref = {row[0]: row for row in data[1:]}
    assert set(per_ref) == {gevaarlijk.referentie, spreiding["h1"].referentie}
    row = per_ref[gevaarlijk.referentie]
    assert row[2] == "Enschede"
    assert row[3] == "'+31 uitbuiting"
    assert row[4] == '\'=HYPERLINK("http://x.example","klik")'
    assert row[6] == label(Status.DOORGEZET) and row[7] == label(Urgentie.ZEER_HOOG)
    assert row[8] == nl("yes") and per_ref[spreiding["h1"].referentie][8] == nl("no")
    with translation.override("nl"):
        assert row[9] == str(Signaal(doorgezet_naar="politie_om").get_doorgezet_naar_display())
    text = response.content.decode()
    for secret in ("Geheim-omschrijving", "Geheime-locatie", d[ENSCHEDE].naam):
        assert secret not in text
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in data for cell in r)
    assert all(len(r) == 10 for r in data)
    entry = AuditEntry.objects.filter(actie=AuditActie.EXPORT, actor=d[TWENTE]).get()
    assert entry.object_type == "signalen.signaal"
    assert entry.filters == {"status": [Status.DOORGEZET, Status.INGEDIEND]}


def test_the_export_follows_the_sorting_and_never_holds_another_werkgebied(d, client, spreiding):
    data = csv_rows(get(client, d[TWENTE], EXPORT, {"sorteer": "referentie"}))
    refs = [r[0] for r in data[1:]]
    assert refs == sorted(s.referentie for s in spreiding.values())
    assert len(csv_rows(get(client, d[MIDDEN], EXPORT))) == 1 + 5


# --- "Mijn signalen" ------------------------------------------------------------------------------------


def test_my_signals_are_the_organisations_plus_my_own_drafts_plus_shared(d, client):
    collega = d[ENSCHEDE].__class__.objects.create_user(
        email="collega@enschede.example", password="x" * 20, naam="Collega Test", rol="coordinator",
        organisatie=d[ENSCHEDE].organisatie)
    eigen = maak(d[ENSCHEDE], "Enschede", status=Status.INFORMATIE_OPGEVRAAGD, dagen=1)
    van_collega = maak(collega, "Hengelo", dagen=2)
    concept = maak(d[ENSCHEDE], "Enschede", status=Status.CONCEPT)
    concept_collega = maak(collega, "Enschede", status=Status.CONCEPT)
    hengelo = maak(d[HENGELO], "Hengelo", dagen=1)
    gedeeld = maak(d[HENGELO], "Hengelo", dagen=5)
    regisseur = d[TWENTE]
    grondslag = grondslagen_geldig(timezone.localdate()).first()
    services.share(gedeeld, regisseur, d[ENSCHEDE].organisatie, grondslag)

    html = html_of(get(client, d[ENSCHEDE], MIJN))
    concepten, ingediend = html.split('id="ingediend-kop"')
    assert rows(concepten) == [concept.pk]
    assert f'href="/signalen/concept/{concept.pk}/"' in concepten
    assert f'data-signaal="{concept_collega.pk}"' not in html
    assert rows(ingediend) == [eigen.pk, van_collega.pk, gedeeld.pk]
    assert hengelo.referentie not in html
    assert nl("A question awaits your answer") in ingediend
    assert ingediend.count(nl("Shared with your organisation")) == 1
    # Hengelo's coordinator: their own two, without the Enschede ones.
    assert rows(html_of(get(client, d[HENGELO], MIJN))) == [hengelo.pk, gedeeld.pk]


def test_the_start_page_and_my_signals_count_the_same_signals_and_say_what_they_count(d, client):
    """Issue 18: the start page said 9 where "Mijn signalen" said 11, the latter counting the signals shared with the
    organisation too. Both count the organisation's own submitted signals (no drafts); the page names the shared
    ones apart."""
    eigen = [maak(d[ENSCHEDE], "Enschede", dagen=dagen) for dagen in range(1, 8)]
    maak(d[ENSCHEDE], "Enschede", status=Status.CONCEPT)
    regisseur = d[TWENTE]
    grondslag = grondslagen_geldig(timezone.localdate()).first()
    for gemeente in ("Hengelo", "Borne"):
        services.share(maak(d[HENGELO], gemeente, dagen=3), regisseur, d[ENSCHEDE].organisatie, grondslag)

    def ngettext(enkelvoud, meervoud, aantal):
        with translation.override("nl"):
            return translation.ngettext(enkelvoud, meervoud, aantal) % {"counter": aantal}

    start = _section(html_of(get(client, d[ENSCHEDE], "/")), "mijn_signalen")
    assert ngettext("View the signal of your organisation", "View all %(counter)s signals of your organisation",
                    len(eigen)) in start
    mijn = html_of(get(client, d[ENSCHEDE], MIJN))
    caption = re.search(r'id="mijn-caption">(.*?)</caption>', mijn, re.S).group(1)
    assert caption == " ".join([
        ngettext("%(counter)s signal of your organisation", "%(counter)s signals of your organisation", len(eigen)),
        ngettext("and %(counter)s shared with it", "and %(counter)s shared with it", 2),
    ])
    assert len(rows(mijn.split('id="ingediend-kop"')[1])) == len(eigen) + 2
    # Without shared signals the caption names only the organisation's own.
    hengelo = re.search(r'id="mijn-caption">(.*?)</caption>', html_of(get(client, d[HENGELO], MIJN)), re.S).group(1)
    assert hengelo == ngettext("%(counter)s signal of your organisation", "%(counter)s signals of your organisation", 2)


def test_my_signals_show_the_date_of_the_last_feedback(d, client):
    signaal = maak(d[ENSCHEDE], "Enschede")
    services.change_status(signaal, d[TWENTE], Status.IN_BEHANDELING, terugkoppeling="Dank voor uw signaal.")
    later = timezone.now() - timedelta(days=2)
    SignaalHistorie.objects.filter(signaal=signaal).update(tijdstip=later)
    SignaalHistorie.objects.create(signaal=signaal, door=d[TWENTE], soort=Gebeurtenis.DELING, tekst="intern")
    html = html_of(get(client, d[ENSCHEDE], MIJN))
    assert f'datetime="{timezone.localtime(later).isoformat()}"' in html
    zonder = maak(d[ENSCHEDE], "Enschede")
    html = html_of(get(client, d[ENSCHEDE], MIJN))
    assert rows(html)[0] == zonder.pk and nl("none yet") in html


# --- audit ----------------------------------------------------------------------------------------------


def test_every_list_request_is_audited_with_its_filter(d, client, spreiding):
    get(client, d[TWENTE], LIJST, {"status": Status.INGEDIEND, "q": "nagel", "pagina": "1"})
    entry = AuditEntry.objects.filter(actie=AuditActie.LIST, actor=d[TWENTE]).get()
    assert entry.object_type == "signalen.signaal"
    assert entry.filters == {"status": Status.INGEDIEND, "q": "nagel", "pagina": "1"}
    get(client, d[ENSCHEDE], MIJN)
    assert AuditEntry.objects.filter(actie=AuditActie.LIST, actor=d[ENSCHEDE], object_type="signalen.signaal").count() == 1


# --- query counts -----------------------------------------------------------------------------------------


def _queries(client, url, data=None):
    client.get(url, data or {})  # warm up the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("email", "url", "data"), [
    (TWENTE, LIJST, None),
    (TWENTE, LIJST, {"status": Status.IN_BEHANDELING, "q": "SIG", "sorteer": "-urgentie"}),
    (TWENTE, EXPORT, None),
    (ENSCHEDE, MIJN, None),
])
def test_the_query_count_is_the_same_for_10_and_200_rows(d, client, django_assert_max_num_queries, email, url, data):
    client.force_login(d[email])
    veel(d[ENSCHEDE], "Enschede", 10)
    maak(d[ENSCHEDE], "Enschede", status=Status.CONCEPT)
    met_10 = _queries(client, url, data)
    veel(d[ENSCHEDE], "Enschede", 190)
    maak(d[ENSCHEDE], "Enschede", status=Status.CONCEPT)
    client.get(url, data or {})
    with django_assert_max_num_queries(met_10):
        response = client.get(url, data or {})
    assert response.status_code == 200
    if url != EXPORT:
        assert len(rows(response.content.decode())) == 25
    else:
        assert len(csv_rows(response)) == 1 + 200
    assert met_10 <= 25


# --- start page ------------------------------------------------------------------------------------------


def _section(html, key):
    match = re.search(rf'<section class="start-block start-block--{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_the_regisseur_start_block_lists_five_waiting_signals_most_urgent_then_oldest_first(d, client):
    # Issue 18: most urgent first, then the oldest (was: the five oldest whatever their urgency). The full ordering,
    # priority included, is tested in test_gesprek.py.
    wachtend = [maak(d[ENSCHEDE], "Enschede", dagen=dagen, status=Status.INGEDIEND) for dagen in (1, 3, 8)]
    wachtend += [maak(d[HENGELO], "Hengelo", dagen=dagen, status=Status.IN_BEHANDELING) for dagen in (2, 12, 20)]
    urgent = maak(d[ENSCHEDE], "Enschede", dagen=0, status=Status.INGEDIEND, urgentie=Urgentie.ZEER_HOOG)
    maak(d[ENSCHEDE], "Enschede", dagen=90, status=Status.DOORGEZET, doorgezet_naar="nla")
    maak(d[ENSCHEDE], "Enschede", dagen=50, status=Status.INFORMATIE_OPGEVRAAGD)
    maak(d[UTRECHT], "Utrecht", dagen=100, status=Status.INGEDIEND)
    section = _section(html_of(get(client, d[TWENTE], "/")), "signalen_beoordelen")
    oudste = sorted(wachtend, key=lambda s: s.ingediend_op)[:4]
    assert rows(section) == [urgent.pk, *(s.pk for s in oudste)]
    assert ">20</td>" in section and ">0</td>" in section
    with translation.override("nl"):
        assert translation.ngettext("%(counter)s signal is waiting for your assessment.",
                                    "%(counter)s signals are waiting for your assessment.", 7) % {"counter": 7} in section
    assert 'href="/signalen/?status=ingediend&amp;status=in_behandeling&amp;sorteer=-urgentie"' in section
    assert 'href="/signalen/?status=informatie_opgevraagd&amp;sorteer=ingediend"' in section


def test_the_submitter_start_block_shows_the_latest_five_and_a_waiting_question(d, client):
    signalen = [maak(d[ENSCHEDE], "Enschede", dagen=dagen) for dagen in (9, 7, 5, 4, 3, 2)]
    vraag = maak(d[ENSCHEDE], "Enschede", dagen=20, status=Status.INFORMATIE_OPGEVRAAGD)
    maak(d[ENSCHEDE], "Enschede", status=Status.CONCEPT)
    maak(d[HENGELO], "Hengelo", dagen=1)
    section = _section(html_of(get(client, d[ENSCHEDE], "/")), "mijn_signalen")
    assert rows(section) == [s.pk for s in reversed(signalen[1:])]
    assert vraag.referentie not in section  # not among the latest five, but the note names the question
    assert "start-vraag" in section
    assert 'action="/signalen/nieuw/"' in section and 'name="csrfmiddlewaretoken"' in section
    assert 'href="/signalen/mijn/"' in section


def test_a_partner_also_has_the_my_signals_block(d, client):
    signaal = maak(d[NLA], "Amersfoort")
    section = _section(html_of(get(client, d[NLA], "/")), "mijn_signalen")
    assert rows(section) == [signaal.pk]


@pytest.mark.parametrize(("email", "key"), [(TWENTE, "signalen_beoordelen"), (ENSCHEDE, "mijn_signalen"),
                                            (POLITIE, "mijn_signalen")])
def test_the_start_blocks_keep_their_empty_state_and_show_nothing_of_others(d, client, email, key):
    andere = maak(d[UTRECHT], "Utrecht")
    section = _section(html_of(get(client, d[email], "/")), key)
    assert 'class="utrecht-paragraph empty-state"' in section
    assert andere.referentie not in section and "data-signaal" not in section


def test_the_start_page_query_count_does_not_grow_with_the_signals(d, client):
    for email in (TWENTE, ENSCHEDE):
        client.force_login(d[email])
        veel(d[ENSCHEDE], "Enschede", 3)
        client.get("/")
        with CaptureQueriesContext(connection) as weinig:
            client.get("/")
        veel(d[ENSCHEDE], "Enschede", 60)
        with CaptureQueriesContext(connection) as meer:
            client.get("/")
        assert len(meer) == len(weinig) <= 16, email


def test_organisation_names_in_lists_are_organisations_not_people(d, client):
    maak(d[POLITIE], "Almelo")
    html = html_of(get(client, d[TWENTE], LIJST))
    assert Organisatie.objects.get(naam="Politie Oost-Nederland").naam in html
    assert d[POLITIE].naam not in html
