"""The start page per role, the privacy and accessibility statements, and what the session warning needs in the HTML.

Texts are compared with their Dutch translation as the catalogue gives it (``nl()``), so the tests follow the catalogue.
"""
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie
from mensenhandel.audit.startpage import START_AUDIT
from mensenhandel.core.startpage import BLOCKS, ROLE_BLOCKS, blocks_for
from partners import services
from partners.models import AccountLink, AccountLinkSoort, Rol
from partners.startpage import START_UITNODIGINGEN
from tests.factories import TafelFactory, UserFactory
from tests.i18n import nl

pytestmark = pytest.mark.django_db

BEHEERDER = "beheer@ketenregie.example"
DEMO_ROLES = {
    "regisseur@twente.example": Rol.KETENREGISSEUR,
    "coordinator@enschede.example": Rol.COORDINATOR,
    "coordinator@hengelo.example": Rol.COORDINATOR,
    "politie@oost-nederland.example": Rol.PARTNER,
    "inspectie@nla.example": Rol.PARTNER,
    "burgemeester@twente.example": Rol.PORTEFEUILLEHOUDER,
    "regisseur@midden-nederland.example": Rol.KETENREGISSEUR,
    "coordinator@utrecht.example": Rol.COORDINATOR,
    "burgemeester@midden-nederland.example": Rol.PORTEFEUILLEHOUDER,
    BEHEERDER: Rol.BEHEERDER,
}
# The headings each role lands on, in order (the issue: ketenregisseur — signals waiting, next meeting, overdue
# actions, and since the report issue the quarterly report; coordinator — my signals, actions of my organisation,
# meetings I am invited to (for a case item); partner — actions of my organisation, meetings I am invited to;
# portefeuillehouder — latest report, next meeting; beheerder — users and invitations, audit).
EXPECTED = {
    Rol.KETENREGISSEUR: ["Signals waiting for assessment", "Next meeting", "Overdue actions", "Quarterly report",
                         "Your tables"],
    Rol.COORDINATOR: ["My signals", "Actions of my organisation", "Meetings I am invited to", "Your tables"],
    Rol.PARTNER: ["My signals", "Actions of my organisation", "Meetings I am invited to", "Your tables"],
    Rol.PORTEFEUILLEHOUDER: ["Latest report", "Next meeting", "Your tables"],
    Rol.BEHEERDER: ["Users and invitations", "Audit log", "Your tables"],
}
SIGNAL_BLOCKS = ("signalen_beoordelen", "mijn_signalen")
_BLOCK_HEADING = re.compile(r'<h2 class="[^"]*start-block__title[^"]*" id="([\w-]+)">(.*?)</h2>', re.S)



def msgid(key):
    """The English source text of a block's title."""
    with translation.override("en"):
        return str(BLOCKS[key].title)


def _headings(html):
    return [title.strip() for _id, title in _BLOCK_HEADING.findall(html)]


def _section(html, key):
    """The HTML of one start block ('' when the page does not have it)."""
    match = re.search(rf'<section class="start-block start-block--{key}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def _start(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_role_has_its_blocks_and_every_block_is_used():
    assert set(ROLE_BLOCKS) == set(Rol.values)
    used = {key for keys in ROLE_BLOCKS.values() for key in keys}
    assert used == set(BLOCKS), "a block no role sees, or a role with an unknown block"
    assert {role: [msgid(k) for k in keys] for role, keys in ROLE_BLOCKS.items()} == EXPECTED


@pytest.mark.parametrize("email", list(DEMO_ROLES))
def test_each_demo_user_lands_on_the_blocks_of_their_role(demo, client, email):
    user = demo[email]
    assert user.rol == DEMO_ROLES[email]
    html = _start(client, user)
    assert f"{nl('Welcome, %(name)s') % {'name': user.naam}}</h1>" in html
    assert _headings(html) == [nl(title) for title in EXPECTED[user.rol]]
    # The facts stay: role, organisation and (for the roles with one) the work area.
    assert f"<dd>{user.get_rol_display()}</dd>" in html
    assert f"<dd>{user.organisatie.naam}</dd>" in html
    if user.werkgebied:
        assert f"<dd>{user.werkgebied}</dd>" in html


@pytest.mark.parametrize("email", ["burgemeester@twente.example", "burgemeester@midden-nederland.example"])
def test_a_portfolio_holder_never_gets_a_signal_block(demo, client, email):
    html = _start(client, demo[email])
    for key in SIGNAL_BLOCKS:
        assert not _section(html, key)
        assert nl(msgid(key)) not in html
    assert "start-block--laatste_rapport" in html and "start-block--volgend_overleg" in html


@pytest.mark.parametrize(
    ("key", "email"),
    [
        ("signalen_beoordelen", "regisseur@twente.example"),
        ("volgend_overleg", "regisseur@twente.example"),
        ("acties_verlopen", "regisseur@twente.example"),
        ("mijn_signalen", "coordinator@enschede.example"),
        ("acties_organisatie", "politie@oost-nederland.example"),
        ("uitnodigingen_overleg", "inspectie@nla.example"),
        ("laatste_rapport", "burgemeester@twente.example"),
        ("kwartaalrapport", "regisseur@twente.example"),
    ],
)
def test_blocks_without_data_yet_show_an_empty_state_and_no_placeholder(demo, client, key, email):
    section = _section(_start(client, demo[email]), key)
    assert 'class="utrecht-paragraph empty-state"' in section
    text = re.sub(r"<[^>]+>", " ", section).lower()
    for placeholder in ("coming soon", "binnenkort", "placeholder", "todo", "lorem", "tbd"):
        assert placeholder not in text


def test_the_organisation_actions_block_names_the_organisation(demo, client):
    assert "Politie Oost-Nederland" in _section(_start(client, demo["politie@oost-nederland.example"]), "acties_organisatie")


def test_the_tables_block_lists_the_tables_of_the_user(demo, client):
    section = _section(_start(client, demo["regisseur@twente.example"]), "tafels")
    assert "Casusoverleg Mensenhandel Twente" in section
    assert "Casusoverleg Mensenhandel Midden-Nederland" not in section


def test_the_tables_block_links_to_all_tables_when_there_are_more(demo, client):
    for _ in range(6):
        TafelFactory()
    section = _section(_start(client, demo[BEHEERDER]), "tafels")
    assert section.count('class="utrecht-unordered-list__item"') == 5
    assert 'href="/tafels/"' in section


def _invite(beheerder, django_capture_on_commit_callbacks, **user_fields):
    user = UserFactory(**user_fields)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(user, door=beheerder)
    return user


def test_the_beheerder_sees_open_invitations_and_not_the_used_withdrawn_or_expired_ones(
    demo, client, mailoutbox, django_capture_on_commit_callbacks
):
    beheerder = demo[BEHEERDER]
    open_ = _invite(beheerder, django_capture_on_commit_callbacks, naam="Nieuwe Collega")
    assert len(mailoutbox) == 1
    expired = _invite(beheerder, django_capture_on_commit_callbacks, naam="Verlopen Uitnodiging")
    AccountLink.objects.filter(user=expired).update(verloopt=timezone.now() - timedelta(minutes=1))
    used = _invite(beheerder, django_capture_on_commit_callbacks, naam="Al Geactiveerd")
    AccountLink.objects.filter(user=used).update(gebruikt=timezone.now())
    withdrawn = _invite(beheerder, django_capture_on_commit_callbacks, naam="Ingetrokken Uitnodiging")
    services.deactivate(withdrawn, door=beheerder)

    section = _section(_start(client, beheerder), "gebruikers")
    assert open_.naam in section and open_.organisatie.naam in section
    for other in (expired, used, withdrawn):
        assert other.naam not in section
    link = AccountLink.objects.get(user=open_, soort=AccountLinkSoort.UITNODIGING)
    assert f'datetime="{timezone.localtime(link.verloopt).isoformat()}"' in section
    assert 'href="/beheer/partners/user/"' in section
    assert section.count("<tbody") == 1 and section.count('<td class="utrecht-table__cell">') == 3


def test_the_beheerder_sees_the_five_newest_invitations_and_the_total(demo, client, django_capture_on_commit_callbacks):
    beheerder = demo[BEHEERDER]
    invited = [_invite(beheerder, django_capture_on_commit_callbacks) for _ in range(START_UITNODIGINGEN + 2)]
    section = _section(_start(client, beheerder), "gebruikers")
    shown = [u for u in invited if f">{u.naam}<" in section]
    assert shown == invited[-START_UITNODIGINGEN:]
    with translation.override("nl"):
        total = translation.ngettext(
            "%(counter)s invitation has not been accepted yet.", "%(counter)s invitations have not been accepted yet.", 7
        ) % {"counter": 7}
    assert total in section


def test_without_invitations_the_beheerder_gets_an_empty_state(demo, client):
    section = _section(_start(client, demo[BEHEERDER]), "gebruikers")
    assert "empty-state" in section and "<table" not in section


def test_the_beheerder_sees_the_ten_latest_audit_rows(demo, client):
    beheerder, regisseur = demo[BEHEERDER], demo["regisseur@twente.example"]
    audit.log(regisseur, AuditActie.VIEW, regisseur.organisatie, omschrijving="oudste")
    for _ in range(START_AUDIT):
        audit.log(demo["coordinator@utrecht.example"], AuditActie.CHANGE, demo["coordinator@utrecht.example"])
    section = _section(_start(client, beheerder), "audit")
    rows = re.findall(r"<tr class=\"utrecht-table__row\">\s*<td", section)
    assert len(rows) == START_AUDIT
    assert "Noor Bakker" in section
    assert nl("changed") in section
    assert regisseur.naam not in section, "the oldest row is the eleventh: not shown"
    assert 'href="/audit/"' in section


# A URLconf without any URL: every link of a block is missing.
urlpatterns = []


@pytest.mark.parametrize("email", [next(e for e, r in DEMO_ROLES.items() if r == rol) for rol in Rol])
def test_a_renamed_url_fails_loudly_instead_of_hiding_its_link(demo, email, settings):
    """The blocks link with plain ``reverse()``: a URL that was renamed is an error, never a link left out."""
    from django.urls import NoReverseMatch

    class Request:
        pass

    request = Request()
    request.user = demo[email]
    settings.ROOT_URLCONF = __name__
    with pytest.raises(NoReverseMatch):
        blocks_for(request)


@pytest.mark.parametrize("email", [e for e in DEMO_ROLES if e != BEHEERDER])
def test_nobody_else_sees_audit_rows_or_invitations(demo, client, email, django_capture_on_commit_callbacks):
    invited = _invite(demo[BEHEERDER], django_capture_on_commit_callbacks, naam="Uitgenodigde Collega")
    audit.log(demo[BEHEERDER], AuditActie.CHANGE, invited, omschrijving="zichtbaar-voor-beheer")
    html = _start(client, demo[email])
    assert not _section(html, "audit") and not _section(html, "gebruikers")
    assert invited.naam not in html
    assert demo[BEHEERDER].naam not in html
    assert 'href="/beheer/partners/user/"' not in html


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("email", list(DEMO_ROLES))
def test_the_start_page_runs_few_queries(demo, client, email, django_assert_max_num_queries):
    client.force_login(demo[email])
    client.get("/")  # the first request of a session stores what the session needs
    with django_assert_max_num_queries(16):  # 10 to 14 today: session, user, the blocks, the header
        assert client.get("/").status_code == 200


def test_the_query_count_does_not_grow_with_the_data(demo, client, django_capture_on_commit_callbacks):
    beheerder = demo[BEHEERDER]
    client.force_login(beheerder)
    client.get("/")
    before = _count_queries(client)
    for _ in range(8):
        _invite(beheerder, django_capture_on_commit_callbacks)
        TafelFactory()
    for _ in range(15):
        audit.log(demo["regisseur@twente.example"], AuditActie.VIEW, demo["regisseur@twente.example"])
    assert _count_queries(client) == before


def test_the_blocks_run_their_queries_before_the_template():
    """Context functions hand the template lists and numbers, never a lazy queryset."""
    from django.db.models.query import QuerySet

    class Request:
        pass

    beheerder = UserFactory(rol=Rol.BEHEERDER)
    request = Request()
    request.user = beheerder
    for item in blocks_for(request):
        for value in item["data"].values():
            assert not isinstance(value, QuerySet), item["block"].key


@pytest.mark.parametrize("url", ["/privacy/", "/toegankelijkheid/"])
def test_the_statements_are_public(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "utrecht-heading-1" in html


def test_the_privacy_statement_covers_what_the_issue_asks(client):
    html = client.get("/privacy/").content.decode()
    assert f"<h1 class=\"utrecht-heading-1\">{nl('Privacy statement')}</h1>" in html
    for heading in ("Who is responsible", "Purpose", "Legal basis", "Which data", "Who sees what",
                    "How long data are kept", "Security", "Your rights", "Questions and requests"):
        assert f">{nl(heading)}</h2>" in html, heading
    assert 'href="mailto:privacy@ketenregie.example"' in html
    assert "[" not in re.sub(r"<[^>]+>", "", html.split("<main", 1)[1]), "a [placeholder] left in the statement"


def test_the_accessibility_statement_follows_the_government_model(client):
    html = client.get("/toegankelijkheid/").content.decode()
    assert f"<h1 class=\"utrecht-heading-1\">{nl('Accessibility statement')}</h1>" in html
    for text in ("Partially compliant", "Compliance status", "How we checked", "Known limitations",
                 "Feedback and contact", "Enforcement procedure", "Statement drawn up on"):
        assert nl(text) in html, text
    assert "WCAG 2.1" in html and "EN 301 549" in html and "axe-core" in html
    assert 'href="https://www.nationaleombudsman.nl/"' in html
    assert 'datetime="2026-11-25"' in html
    assert "testserver" in html, "names the website it applies to"


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_footer_links_to_both_statements(demo, client, logged_in):
    if logged_in:
        client.force_login(demo["coordinator@enschede.example"])
    html = client.get("/" if logged_in else "/inloggen/").content.decode()
    footer = html[html.index("<footer"):html.index("</footer>")]
    assert f'href="/privacy/">{nl("Privacy statement")}</a>' in footer
    assert f'href="/toegankelijkheid/">{nl("Accessibility statement")}</a>' in footer


def test_the_body_carries_the_session_timing_for_the_warning_script(demo, client, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.SESSION_WARNING_SECONDS = 300
    client.force_login(demo["politie@oost-nederland.example"])
    html = client.get("/tafels/").content.decode()
    assert re.search(r'<body [^>]*data-sessie-seconden="1800" data-sessie-waarschuwing="300"', html)
    assert re.search(r'<script src="/static/js/sessie\.js" defer></script>', html)
    assert re.search(r'<meta name="csrf-token" content="[\w-]{32,}">', html)
    warning = re.search(r'<div class="sessie-waarschuwing" id="sessie-waarschuwing"[^>]*>', html).group(0)
    assert 'role="alertdialog"' in warning and " hidden>" in warning
    assert 'data-verlengen-url="/account/sessie-verlengen/"' in warning and 'data-inloggen-url="/inloggen/"' in warning
    assert f">{nl('Stay logged in')}</button>" in html

    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_WARNING_SECONDS = 5
    assert 'data-sessie-seconden="8" data-sessie-waarschuwing="5"' in client.get("/").content.decode()


def test_logged_out_pages_have_no_session_script_or_token(client):
    for url in ("/inloggen/", "/privacy/"):
        html = client.get(url).content.decode()
        assert "data-sessie-seconden" not in html and "sessie.js" not in html
        assert 'name="csrf-token"' not in html and 'id="sessie-waarschuwing"' not in html


def test_the_keep_alive_url_the_script_posts_to_extends_the_session(demo, client, settings):
    from django.contrib.sessions.models import Session

    settings.SESSION_COOKIE_AGE = 600
    client.force_login(demo["coordinator@utrecht.example"])
    client.get("/")
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now() + timedelta(seconds=5))
    assert client.post("/account/sessie-verlengen/").status_code == 204
    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expires > timezone.now() + timedelta(seconds=500)
