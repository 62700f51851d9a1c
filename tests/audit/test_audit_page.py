"""The audit-log page and its CSV export: who reads which rows, the filter, pages, and a safe, audited export."""
import csv
import datetime
import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie, AuditEntry
from mensenhandel.audit.selectors import auditentries_visible_for
from mensenhandel.audit.views import csv_cell
from partners.models import Organisatie, Rol
from tafels.models import District, Gemeente, Regio, Tafel
from tests.access import assert_has_access, assert_no_access
from tests.factories import TafelFactory, UserFactory

pytestmark = pytest.mark.django_db

BEHEERDER = "beheer@ketenregie.example"
TWENTE = "regisseur@twente.example"
MIDDEN = "regisseur@midden-nederland.example"
ENSCHEDE = "coordinator@enschede.example"
UTRECHT = "coordinator@utrecht.example"
POLITIE = "politie@oost-nederland.example"
GEEN_AUDITLOG = [
    "coordinator@enschede.example",
    "coordinator@hengelo.example",
    "politie@oost-nederland.example",
    "inspectie@nla.example",
    "burgemeester@twente.example",
    "burgemeester@midden-nederland.example",
    "coordinator@utrecht.example",
]


@pytest.fixture
def rows(demo):
    """One row of each kind of place in the log, written the only way the application writes them."""
    ct = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    cm = Tafel.objects.get(naam="Casusoverleg Mensenhandel Midden-Nederland")
    return {
        # Twente by municipality: the coordinator of Enschede lists tables (the organisation's gemeente).
        "twente_gemeente": audit.log(demo[ENSCHEDE], AuditActie.LIST, Tafel, filters={"pagina": "1"}),
        # Twente by district: a table of district Twente was viewed.
        "twente_district": audit.log(demo[ENSCHEDE], AuditActie.VIEW, ct),
        # What the Twente chain director did themselves (their RIEC acts for the whole region).
        "eigen": audit.log(demo[TWENTE], AuditActie.VIEW, Tafel.objects.get(naam="Regiegroep Prostitutie Twente")),
        # Oost-Nederland as a whole, not Twente: the police of the region listed tables.
        "oost_nederland": audit.log(demo[POLITIE], AuditActie.LIST, Tafel),
        # Midden-Nederland: Utrecht's coordinator viewed the Utrecht table and changed their organisation.
        "midden_tafel": audit.log(demo[UTRECHT], AuditActie.VIEW, cm),
        "midden_organisatie": audit.log(demo[UTRECHT], AuditActie.CHANGE, demo[UTRECHT].organisatie),
    }


def _scope_ids(entry):
    return entry.gemeente_id, entry.district_id, entry.regio_id


def test_the_rows_carry_the_scope_this_test_relies_on(rows):
    twente = District.objects.get(code="TW")
    assert rows["twente_gemeente"].gemeente == Gemeente.objects.get(cbs_code="GM0153")
    assert rows["twente_district"].district == twente
    assert rows["oost_nederland"].district_id is None and rows["oost_nederland"].gemeente_id is None
    assert rows["oost_nederland"].regio == Regio.objects.get(naam="Oost-Nederland")
    assert rows["midden_tafel"].regio == rows["midden_organisatie"].regio == Regio.objects.get(naam="Midden-Nederland")


def test_the_beheerder_sees_every_row(demo, rows, client):
    beheerder = demo[BEHEERDER]
    assert auditentries_visible_for(beheerder).count() == AuditEntry.objects.count()
    for entry in rows.values():
        assert_has_access(client, beheerder, entry)


def test_the_twente_chain_director_sees_twente_and_their_own_rows_only(demo, rows, client):
    twente = demo[TWENTE]
    for name in ("twente_gemeente", "twente_district", "eigen"):
        assert_has_access(client, twente, rows[name])
    for name in ("oost_nederland", "midden_tafel", "midden_organisatie"):
        assert_no_access(client, twente, rows[name])


def test_the_midden_nederland_chain_director_sees_their_region_and_not_twente(demo, rows, client):
    midden = demo[MIDDEN]
    for name in ("midden_tafel", "midden_organisatie"):
        assert_has_access(client, midden, rows[name])
    for name in ("twente_gemeente", "twente_district", "eigen", "oost_nederland"):
        assert_no_access(client, midden, rows[name])


@pytest.mark.parametrize("email", GEEN_AUDITLOG)
def test_other_roles_get_404_for_the_page_and_the_export_and_no_menu_item(demo, rows, client, email):
    user = demo[email]
    assert not auditentries_visible_for(user).exists()
    client.force_login(user)
    for url in ("/audit/", "/audit/export.csv", "/audit/?actie=view"):
        response = client.get(url)
        assert response.status_code == 404, url
    assert 'href="/audit/"' not in client.get("/").content.decode()


@pytest.mark.parametrize("email", [BEHEERDER, TWENTE, MIDDEN])
def test_the_beheerder_and_the_chain_directors_find_the_audit_log_in_the_menu(demo, client, email):
    client.force_login(demo[email])
    assert 'href="/audit/">Auditlog</a>' in client.get("/").content.decode()
    response = client.get("/audit/")
    assert response.status_code == 200
    assert 'href="/audit/" aria-current="page"' in response.content.decode()


def test_inactive_users_and_unknown_roles_see_nothing(demo, rows):
    beheerder = demo[BEHEERDER]
    beheerder.is_active = False
    assert not auditentries_visible_for(beheerder).exists()
    stray = UserFactory.build(rol="onbekend", organisatie=Organisatie.objects.get(naam="Functioneel beheer"))
    assert not auditentries_visible_for(stray).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in ("/audit/", "/audit/export.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/inloggen/?next=")


def test_reading_the_page_is_audited_with_its_filter(demo, rows, client):
    twente = demo[TWENTE]
    client.force_login(twente)
    before = AuditEntry.objects.count()
    client.get("/audit/", {"actie": "view", "pagina": "1"})
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.actor, entry.actie, entry.object_type) == (twente, AuditActie.LIST, "audit.auditentry")
    assert entry.filters == {"actie": "view", "pagina": "1"}


def _shown(response):
    return {entry.pk for entry in response.context["entries"]}


def test_the_page_shows_the_log_as_it_was_when_asked(demo, rows, client):
    client.force_login(demo[BEHEERDER])
    response = client.get("/audit/")
    # The count, the rows and the database agree: this request's own 'list' row comes after.
    assert response.context["aantal"] == len(_shown(response)) == AuditEntry.objects.count() - 1


def test_filter_by_action_user_organisation_object_type_and_id(demo, rows, client):
    client.force_login(demo[BEHEERDER])
    enschede = demo[ENSCHEDE]
    assert _shown(client.get("/audit/", {"actie": "change"})) == {rows["midden_organisatie"].pk}
    assert _shown(client.get("/audit/", {"actor": enschede.pk})) == {rows["twente_gemeente"].pk, rows["twente_district"].pk}
    assert _shown(client.get("/audit/", {"organisatie": demo[UTRECHT].organisatie_id})) == {
        rows["midden_tafel"].pk, rows["midden_organisatie"].pk,
    }
    assert _shown(client.get("/audit/", {"object_type": "partners.organisatie"})) == {rows["midden_organisatie"].pk}
    tafel = rows["twente_district"]
    assert _shown(client.get("/audit/", {"object_type": "tafels.tafel", "object_id": tafel.object_id})) == {tafel.pk}
    assert _shown(client.get("/audit/", {"actie": "view", "actor": enschede.pk})) == {tafel.pk}


def test_filter_by_period_includes_both_days_in_local_time(demo, client):
    twente = District.objects.get(code="TW")

    def at(*args):
        tijdstip = timezone.make_aware(datetime.datetime(*args))  # Europe/Amsterdam
        return AuditEntry.objects.create(actie=AuditActie.VIEW, district=twente, tijdstip=tijdstip)

    voor, begin, eind, na = at(2025, 12, 31, 23, 59), at(2026, 1, 1, 0, 0), at(2026, 1, 31, 23, 59), at(2026, 2, 1, 0, 0)
    client.force_login(demo[TWENTE])
    assert _shown(client.get("/audit/", {"van": "2026-01-01", "tot": "2026-01-31"})) == {begin.pk, eind.pk}
    assert _shown(client.get("/audit/", {"tot": "2025-12-31"})) == {voor.pk}
    assert na.pk in _shown(client.get("/audit/", {"van": "2026-02-01"}))
    response = client.get("/audit/", {"van": "2026-01-01"})
    assert 'value="2026-01-01"' in response.content.decode()  # the date input shows the chosen day again


def test_the_dropdowns_offer_only_users_and_organisations_of_the_area(demo, rows, client):
    """Built from the users and organisations of the work area (issue 14: never from the log, whose size would reach
    the page); nobody outside the area is named. The object types are every kind the log can name."""
    twente = demo[TWENTE]
    client.force_login(twente)
    response = client.get("/audit/")
    form = response.context["filter"].form
    actors = set(form.fields["actor"].queryset)
    organisaties = set(form.fields["organisatie"].queryset)
    assert demo[ENSCHEDE] in actors and twente in actors
    assert demo[UTRECHT] not in actors and demo[POLITIE] not in actors and demo[MIDDEN] not in actors
    assert demo[ENSCHEDE].organisatie in organisaties
    assert demo[UTRECHT].organisatie not in organisaties and demo[POLITIE].organisatie not in organisaties
    object_types = dict(form.fields["object_type"].choices)
    assert object_types.get("tafels.tafel") == "Tafel"  # the model's Dutch name
    assert "signalen.signaal" in object_types and "casusoverleg.casus" in object_types
    html = response.content.decode()
    for hidden in (demo[UTRECHT].naam, demo[MIDDEN].naam, "Gemeente Utrecht", "Politie Oost-Nederland"):
        assert hidden not in html


def test_asking_for_a_user_outside_the_scope_shows_nothing(demo, rows, client):
    client.force_login(demo[TWENTE])
    # An object type of which the area has no rows shows none.
    assert _shown(client.get("/audit/", {"object_type": "partners.organisatie"})) == set()
    for params in ({"actor": demo[UTRECHT].pk}, {"organisatie": demo[UTRECHT].organisatie_id}):
        response = client.get("/audit/", params)
        assert response.status_code == 200
        assert _shown(response) == set()
        assert response.context["filter"].errors
        assert demo[UTRECHT].naam not in response.content.decode()
        export = client.get("/audit/export.csv", params)
        assert export.content.decode("utf-8-sig").count("\r\n") == 1  # the header only


def test_the_page_lists_the_columns_and_an_empty_state(demo, rows, client):
    client.force_login(demo[BEHEERDER])
    html = client.get("/audit/", {"actie": "change"}).content.decode()
    for text in ("Tijdstip", "Gebruiker", "Organisatie", "Actie", "Object", "Omschrijving", "IP-adres", "1 regel",
                 "Noor Bakker", "Gemeente Utrecht", "gewijzigd", "Exporteren als CSV",
                 'href="/audit/export.csv?actie=change"', f'data-entry="{rows["midden_organisatie"].pk}"'):
        assert text in html, text
    html = client.get("/audit/", {"actie": "unlock"}).content.decode()
    assert "Er zijn geen regels die bij dit filter passen" in html and "Exporteren als CSV" not in html


# -- CSV export ---------------------------------------------------------------------------------------------------

DANGEROUS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1+1)", "\tverstopt", "=HYPERLINK(\"http://x\")"]


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="auditlog-')
    assert response.content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_export_neutralises_formulas_and_is_itself_audited(demo, client):
    beheerder = demo[BEHEERDER]
    gevaarlijk = UserFactory(naam="=2+5", rol=Rol.COORDINATOR)
    for text in DANGEROUS:
        audit.log(gevaarlijk, AuditActie.CHANGE, gevaarlijk.organisatie, omschrijving=text)
    client.force_login(beheerder)
    before = AuditEntry.objects.count()
    table = _csv(client.get("/audit/export.csv", {"actie": "change"}))

    assert table[0] == ["ID", "Tijdstip", "Gebruiker", "Organisatie", "Actie", "Objecttype", "Object-id", "Filter",
                        "Omschrijving", "IP-adres"]
    assert len(table) == 1 + len(DANGEROUS)
    assert sorted(row[8] for row in table[1:]) == sorted(f"'{text}" for text in DANGEROUS)
    assert {row[2] for row in table[1:]} == {"'=2+5"}
    assert {row[4] for row in table[1:]} == {"gewijzigd"} and {row[5] for row in table[1:]} == {"Organisatie"}
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row

    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.actor, entry.actie, entry.object_type) == (beheerder, AuditActie.EXPORT, "audit.auditentry")
    assert entry.filters == {"actie": "change"}
    # The export row is not in the export it records.
    assert str(entry.pk) not in {row[0] for row in table[1:]}


def test_the_export_holds_the_filter_and_the_visible_rows_only(demo, rows, client):
    client.force_login(demo[TWENTE])
    table = _csv(client.get("/audit/export.csv", {"actor": demo[ENSCHEDE].pk}))
    assert {int(row[0]) for row in table[1:]} == {rows["twente_gemeente"].pk, rows["twente_district"].pk}
    listed = next(row for row in table[1:] if int(row[0]) == rows["twente_gemeente"].pk)
    assert listed[7] == '{"pagina": "1"}'
    everything = _csv(client.get("/audit/export.csv"))
    ids = {int(row[0]) for row in everything[1:]}
    export_row = AuditEntry.objects.latest("pk")  # written after the export was read
    assert ids == set(auditentries_visible_for(demo[TWENTE]).values_list("pk", flat=True)) - {export_row.pk}
    assert rows["midden_tafel"].pk not in ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
     ("\r=1", "'\r=1"), ("\uff1d1+1", "'\uff1d1+1"), ("gewoon", "gewoon"), ("1-1", "1-1"), ("", ""), (None, ""), (42, "42")],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


# -- pages and queries --------------------------------------------------------------------------------------------


def test_pagination_keeps_the_filter(demo, client):
    """Paged by position (issue 14): "Older entries" continues after the last row shown, "Newer entries" goes back;
    both keep the filter, the export takes the filter and not the position."""
    beheerder = demo[BEHEERDER]
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    for _ in range(60):
        audit.log(beheerder, AuditActie.CHANGE, tafel)
    client.force_login(beheerder)
    # As the browser sends the form: empty fields too. The links keep the filter and leave the empty fields out.
    first = client.get("/audit/", {"van": "", "tot": "", "actor": "", "actie": "change", "object_id": ""})
    assert len(first.context["entries"]) == 50 and first.context["aantal"] == 60
    html = first.content.decode()
    ouder = first.context["ouder_cursor"]
    assert ouder and first.context["nieuwer_cursor"] is None
    assert f'href="?actie=change&amp;voor={quote(ouder, safe="")}"' in html
    assert "60 regels" in html
    assert 'href="/audit/export.csv?actie=change"' in html
    second = client.get("/audit/", {"actie": "change", "voor": ouder})
    assert len(second.context["entries"]) == 10 and second.context["ouder_cursor"] is None
    assert all(entry.actie == AuditActie.CHANGE for entry in second.context["entries"])
    assert not {e.pk for e in first.context["entries"]} & {e.pk for e in second.context["entries"]}
    html = second.content.decode()
    nieuwer = second.context["nieuwer_cursor"]
    assert f'href="?actie=change&amp;na={quote(nieuwer, safe="")}"' in html
    assert 'href="/audit/export.csv?actie=change"' in html  # the export takes the filter, not the position
    back = client.get("/audit/", {"actie": "change", "na": nieuwer})
    assert [e.pk for e in back.context["entries"]] == [e.pk for e in first.context["entries"]]


def test_a_long_log_says_more_than_the_count_limit(demo, client, settings):
    from mensenhandel.audit import views

    beheerder = demo[BEHEERDER]
    for _ in range(views.TEL_TOT + 5):
        AuditEntry.objects.create(actor=beheerder, actie=AuditActie.VIEW, object_type="tafels.tafel", object_id="1")
    client.force_login(beheerder)
    response = client.get("/audit/", {"actie": "view"})
    assert response.context["meer_dan"] and response.context["aantal"] == views.TEL_TOT
    assert "Meer dan 1000 regels" in response.content.decode()


def test_a_broken_position_starts_at_the_newest(demo, client):
    client.force_login(demo[BEHEERDER])
    for value in ("", "gisteren~1", "2026-01-01T00:00:00~x", "2026-01-01T00:00:00~5"):
        assert client.get("/audit/", {"voor": value}).status_code == 200


def test_the_tables_list_still_pages(demo, client):
    for _ in range(30):
        TafelFactory()
    client.force_login(demo[BEHEERDER])
    html = client.get("/tafels/").content.decode()
    assert 'href="?pagina=2"' in html
    assert 'href="?pagina=1"' in client.get("/tafels/", {"pagina": "2"}).content.decode()


def _fill(user, n):
    tafel = Tafel.objects.get(naam="Casusoverleg Mensenhandel Twente")
    for i in range(n):
        audit.log(user, AuditActie.VIEW, tafel, omschrijving=f"regel {i}")


# Session, user, the district of a work area, object types, count, page, this request's own row (with its
# organisation, in a savepoint), the user and organisation dropdowns, the session update: 15 for a ketenregisseur.
MAX_QUERIES = 15


@pytest.mark.parametrize("email", [BEHEERDER, TWENTE])
@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
def test_the_query_count_does_not_grow_with_the_rows(demo, client, django_assert_max_num_queries, email, url):
    user = demo[email]
    client.force_login(user)
    client.get(url)  # the first request of a session also checks for a second factor once
    counts = []
    for n in (10, 90):  # 10 rows, then 100
        _fill(demo[ENSCHEDE], n)
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = client.get(url, {"actie": "view"})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    print(f"{email} {url}: {counts[0]} queries")


def test_the_selector_is_one_query_with_the_names_it_shows(demo, rows):
    from mensenhandel.audit.selectors import auditentry_list_for

    twente = demo[TWENTE]
    twente.werkgebied_district  # noqa: B018  (loaded once per request)
    with CaptureQueriesContext(connection) as captured:
        entries = list(auditentry_list_for(twente))
        names = [(e.actor.naam if e.actor else "", e.organisatie.naam if e.organisatie else "") for e in entries]
    assert len(captured) == 1 and names
