"""The Django admin (/beheer/): only for the beheerder, in Dutch, users without passwords, account actions."""
import re

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners.models import AccountLink, Organisatie, Rol, User
from tafels.models import District, Regio

pytestmark = pytest.mark.django_db

from partners.demo import GEBRUIKERS  # noqa: E402

BEHEERDER = "beheer@ketenregie.example"
# Every demo account but the beheerder (partners.demo is the list seed_demo creates).
OTHERS = [email for email, _naam, rol, *_rest in GEBRUIKERS if rol != "beheerder"]
CHANGELISTS = [
    "/beheer/",
    "/beheer/partners/",
    "/beheer/partners/user/",
    "/beheer/partners/organisatie/",
    "/beheer/partners/wijzigingsverzoek/",
    "/beheer/tafels/",
    "/beheer/tafels/regio/",
    "/beheer/tafels/gemeente/",
    "/beheer/tafels/district/",
    "/beheer/tafels/tafel/",
    "/beheer/audit/auditentry/",
    "/beheer/signalen/vorm/",
    "/beheer/signalen/sector/",
    "/beheer/signalen/bron/",
    "/beheer/signalen/indicatorcluster/",
    "/beheer/signalen/grondslag/",
    "/beheer/signalen/standaardtekst/",
]
ADD_FORMS = [
    "/beheer/signalen/vorm/add/",
    "/beheer/signalen/indicatorcluster/add/",
    "/beheer/signalen/grondslag/add/",
    "/beheer/partners/user/add/",
    "/beheer/partners/organisatie/add/",
    "/beheer/tafels/district/add/",
    "/beheer/tafels/tafel/add/",
]
EXPECTED_ADMINS = {
    "partners.organisatie",
    "partners.user",
    "partners.wijzigingsverzoek",  # vier-ogen: new users and changes waiting for a second beheerder
    "tafels.regio",
    "tafels.gemeente",
    "tafels.district",
    "tafels.tafel",
    "audit.auditentry",
    # The signal reference lists (no personal data): the beheerder extends them.
    "signalen.vorm",
    "signalen.sector",
    "signalen.bron",
    "signalen.indicatorcluster",
    "signalen.grondslag",
    "signalen.standaardtekst",
    "barrieres.domein",  # issue 21: the barrier model's domains, a reference list the beheerder edits
}


@pytest.fixture
def beheerder(demo):
    return demo[BEHEERDER]


@pytest.fixture
def beheer_client(client, beheerder):
    client.force_login(beheerder)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _action(client, action, *users):
    return client.post(
        "/beheer/partners/user/", {"action": action, "_selected_action": [u.pk for u in users], "index": 0}
    )


def _change_urls():
    user = User.objects.get(email="regisseur@twente.example")
    organisatie = Organisatie.objects.get(naam="RIEC Oost-Nederland")
    entry = AuditEntry.objects.create(actie=AuditActie.VIEW, object_type="tafels.tafel", object_id="1")
    return [
        f"/beheer/partners/user/{user.pk}/change/",
        f"/beheer/partners/organisatie/{organisatie.pk}/change/",
        f"/beheer/audit/auditentry/{entry.pk}/change/",
    ]


# --- who gets in -----------------------------------------------------------------------------------


def test_the_beheerder_opens_every_changelist_add_form_and_change_form(demo, beheer_client):
    for url in CHANGELISTS + ADD_FORMS + _change_urls():
        response = beheer_client.get(url)
        assert response.status_code == 200, url


def test_the_beheerder_is_no_superuser_and_holds_no_model_permissions(beheerder):
    assert not beheerder.is_superuser
    assert not beheerder.user_permissions.exists()
    assert beheerder.is_staff


@pytest.mark.parametrize("email", OTHERS)
def test_every_other_role_is_sent_to_our_log_in_and_sees_nothing(demo, client, email):
    user = demo[email]
    client.force_login(user)
    for url in CHANGELISTS + ADD_FORMS + _change_urls():
        first = client.get(url)
        assert first.status_code == 302, url
        response = client.get(url, follow=True)
        paths = [hop.split("?")[0] for hop, _status in response.redirect_chain]
        assert "/inloggen/" in paths, (url, paths)
        assert not response.request["PATH_INFO"].startswith("/beheer/")
        html = response.content.decode()
        assert 'id="changelist"' not in html and 'id="content-main"' not in html
        assert BEHEERDER not in html


@pytest.mark.parametrize("email", OTHERS)
def test_other_roles_cannot_run_actions_or_add_users(demo, client, email, django_capture_on_commit_callbacks):
    client.force_login(demo[email])
    victim = demo["coordinator@hengelo.example"] if email != "coordinator@hengelo.example" else demo[OTHERS[0]]
    with django_capture_on_commit_callbacks(execute=True):
        assert _action(client, "deactiveren", victim).status_code == 302
        added = client.post("/beheer/partners/user/add/", _new_user_data(demo))
    assert added.status_code == 302 and "/beheer/login/" in added.url
    victim.refresh_from_db()
    assert victim.is_active
    assert not User.objects.filter(email="nina.nieuw@almelo.example").exists()
    assert not mail.outbox


def test_anonymous_visitors_are_sent_to_our_log_in_page_with_next(db, client):
    response = client.get("/beheer/partners/user/", follow=True)
    assert response.request["PATH_INFO"] == "/inloggen/"
    assert "next=/beheer/partners/user/" in response.redirect_chain[-1][0].replace("%2F", "/")


def test_the_admin_log_in_form_is_no_second_way_in(demo, client):
    """Posting a correct password to the admin's own log-in URL logs nobody in (no second factor bypass)."""
    response = client.post("/beheer/login/", {"username": BEHEERDER, "password": "welkom-demo-2026"})
    assert response.status_code == 302 and response.url.startswith("/inloggen/")
    assert "_auth_user_id" not in client.session
    assert client.get("/beheer/login/").url.startswith("/inloggen/")


def test_the_logged_in_beheerder_is_sent_on_from_the_admin_log_in(beheer_client):
    assert beheer_client.get("/beheer/login/?next=/beheer/tafels/").url == "/beheer/tafels/"
    assert beheer_client.get("/beheer/login/?next=https://elders.example/").url == "/beheer/"


def test_a_deactivated_beheerder_is_out(beheer_client, beheerder):
    User.objects.filter(pk=beheerder.pk).update(is_active=False)
    assert beheer_client.get("/beheer/partners/user/").status_code == 302


def test_the_admin_password_change_goes_to_the_account_page(beheer_client):
    assert beheer_client.get("/beheer/password_change/").url == "/account/wachtwoord/"


# --- what is in the admin --------------------------------------------------------------------------


def test_the_admin_holds_only_reference_data_organisations_users_tables_and_the_audit_log():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == EXPECTED_ADMINS
    # No domain objects with personal data, no groups, devices or lock-out records of third-party apps.
    assert not {m._meta.label_lower for m in admin.site._registry} & {
        "signalen.signaal", "signalen.bijlage", "signalen.signaaldeling", "signalen.signaalhistorie",
    }
    assert not {m._meta.app_label for m in admin.site._registry} & {
        "casusoverleg", "rapportage", "auth", "otp_totp", "otp_static", "axes", "jobs"
    }


def test_the_admin_is_in_dutch(beheer_client):
    index = beheer_client.get("/beheer/").content.decode()
    assert "Functioneel beheer" in index and "Organisaties en gebruikers" in index and "Auditlog" in index
    users = beheer_client.get("/beheer/partners/user/").content.decode()
    assert "Selecteer gebruiker om te wijzigen" in users
    assert "Select user to change" not in users
    assert "Organisaties en gebruikers" in users
    assert "Selecteer organisatie om te wijzigen" in beheer_client.get("/beheer/partners/organisatie/").content.decode()


def test_the_user_list_shows_second_factor_and_pending_invitation(demo, beheer_client, beheerder):
    from partners import services

    user = demo["coordinator@hengelo.example"]
    TOTPDevice.objects.create(user=demo["regisseur@twente.example"], name="app", confirmed=True)
    services.invite(user, door=beheerder)
    response = beheer_client.get("/beheer/partners/user/")
    changelist = response.context["cl"]
    model_admin = changelist.model_admin
    rows = {u.email: u for u in changelist.result_list}
    assert model_admin.tweede_factor(rows["regisseur@twente.example"]) is True
    assert model_admin.tweede_factor(rows["coordinator@hengelo.example"]) is False
    assert model_admin.uitnodiging_open(rows["coordinator@hengelo.example"]) is True
    assert model_admin.uitnodiging_open(rows["regisseur@twente.example"]) is False


# --- users: no passwords, invitation on creation ---------------------------------------------------


def _new_user_data(demo, **overrides):
    data = {
        "email": "Nina.Nieuw@Almelo.example",
        "naam": "Nina Nieuw",
        "organisatie": Organisatie.objects.get(naam="Gemeente Almelo").pk,
        "rol": Rol.COORDINATOR,
        "werkgebied_district": "",
        "werkgebied_regio": "",
        "_save": "Opslaan",
    }
    data.update(overrides)
    return data


def test_the_user_forms_have_no_password_field(demo, beheer_client):
    user = demo["regisseur@twente.example"]
    for url in ("/beheer/partners/user/add/", f"/beheer/partners/user/{user.pk}/change/"):
        response = beheer_client.get(url)
        html = response.content.decode()
        form = response.context["adminform"].form
        assert not {"password", "password1", "password2", "usable_password"} & set(form.fields), url
        assert 'type="password"' not in html and 'name="password' not in html, url
        assert "is_superuser" not in form.fields and "groups" not in form.fields


def test_the_change_form_shows_account_state_read_only_and_the_links_without_token(demo, beheer_client, beheerder):
    from partners import services

    user = demo["coordinator@hengelo.example"]
    services.invite(user, door=beheerder)
    response = beheer_client.get(f"/beheer/partners/user/{user.pk}/change/")
    html = response.content.decode()
    form = response.context["adminform"].form
    assert not {"is_active", "date_joined", "last_login"} & set(form.fields)
    link = AccountLink.objects.get(user=user)
    assert link.token_hash not in html
    assert "token" not in html.lower().replace("csrfmiddlewaretoken", "")
    # The links are shown, but cannot be added, changed or deleted here.
    assert 'name="account_links-TOTAL_FORMS"' in html
    assert 'name="account_links-0-DELETE"' not in html


def test_creating_a_user_waits_for_a_second_beheerder_then_sends_one_invitation(
    demo, beheer_client, beheerder, django_capture_on_commit_callbacks
):
    from partners import services
    from partners.models import VerzoekStatus, Wijzigingsverzoek

    with django_capture_on_commit_callbacks(execute=True):
        response = beheer_client.post("/beheer/partners/user/add/", _new_user_data(demo))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert response.url == "/beheer/partners/wijzigingsverzoek/"
    assert not User.objects.filter(email="nina.nieuw@almelo.example").exists()
    assert not mail.outbox
    assert any("nina.nieuw@almelo.example" in m for m in _messages(response))
    verzoek = Wijzigingsverzoek.objects.get(email="nina.nieuw@almelo.example", status=VerzoekStatus.OPEN)
    assert AuditEntry.objects.filter(actie=AuditActie.APPROVAL_REQUEST, actor=beheerder, object_id=str(verzoek.pk)).exists()

    tweede = demo["beheer2@ketenregie.example"]
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(verzoek, door=tweede)
    user = User.objects.get(email="nina.nieuw@almelo.example")  # stored in lower case
    assert not user.has_usable_password()
    assert user.groups.filter(organisatie__naam="Gemeente Almelo").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina.nieuw@almelo.example"]
    assert re.search(r"https?://\S+/account/activeren/\S+/", message.body)
    assert AccountLink.objects.get(user=user).bruikbaar
    assert AuditEntry.objects.filter(actie=AuditActie.INVITATION, actor=tweede, object_id=str(user.pk)).count() == 1
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, actor=tweede, object_id=str(user.pk)).exists()
    assert AuditEntry.objects.filter(actie=AuditActie.APPROVAL, actor=tweede, object_id=str(verzoek.pk)).exists()


@pytest.mark.parametrize(
    ("rol", "district", "regio", "field"),
    [
        (Rol.KETENREGISSEUR, False, False, "werkgebied_district"),  # needs a work area
        (Rol.PORTEFEUILLEHOUDER, True, True, "werkgebied_regio"),  # not both
        (Rol.COORDINATOR, True, False, "werkgebied_district"),  # has none
        (Rol.PARTNER, False, True, "werkgebied_regio"),
    ],
)
def test_the_work_area_rule_is_a_form_error(demo, beheer_client, rol, district, regio, field):
    data = _new_user_data(
        demo,
        rol=rol,
        werkgebied_district=District.objects.get(code="TW").pk if district else "",
        werkgebied_regio=Regio.objects.get(naam="Oost-Nederland").pk if regio else "",
    )
    response = beheer_client.post("/beheer/partners/user/add/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert field in form.errors
    assert 'class="errorlist' in response.content.decode()
    assert not User.objects.filter(email="nina.nieuw@almelo.example").exists()
    assert not mail.outbox


def test_the_model_constraint_message_shows_as_a_form_error_when_the_form_check_is_skipped(demo, beheer_client,
                                                                                           monkeypatch):
    """Even without the form's own check the CheckConstraint gives a form error, never a server error."""
    from partners.admin import UserAdminForm

    monkeypatch.setattr(UserAdminForm, "clean", lambda self: self.cleaned_data)
    response = beheer_client.post("/beheer/partners/user/add/", _new_user_data(demo, rol=Rol.KETENREGISSEUR))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors and "werkgebied" in str(errors).lower()


def test_a_duplicate_address_in_another_case_is_a_form_error(demo, beheer_client):
    response = beheer_client.post(
        "/beheer/partners/user/add/", _new_user_data(demo, email="Coordinator@Hengelo.EXAMPLE")
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not mail.outbox


def test_changing_a_user_keeps_the_password_and_is_audited(demo, beheer_client, beheerder):
    user = demo["coordinator@hengelo.example"]
    before = User.objects.get(pk=user.pk).password
    data = {
        "email": user.email,
        "naam": "Henk Hengelo",
        "organisatie": user.organisatie_id,
        "rol": user.rol,
        "werkgebied_district": "",
        "werkgebied_regio": "",
        "account_links-TOTAL_FORMS": "0",
        "account_links-INITIAL_FORMS": "0",
        "_save": "Opslaan",
    }
    response = beheer_client.post(f"/beheer/partners/user/{user.pk}/change/", data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.naam == "Henk Hengelo" and user.password == before and user.is_active
    entry = AuditEntry.objects.filter(actie=AuditActie.CHANGE, actor=beheerder, object_id=str(user.pk)).get()
    assert "Henk" not in entry.omschrijving


def test_reading_users_in_the_admin_is_audited(demo, beheer_client, beheerder):
    user = demo["coordinator@hengelo.example"]
    beheer_client.get("/beheer/partners/user/?rol__exact=coordinator")
    beheer_client.get(f"/beheer/partners/user/{user.pk}/change/")
    assert AuditEntry.objects.filter(actie=AuditActie.LIST, actor=beheerder, object_type="partners.user").exists()
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, actor=beheerder, object_id=str(user.pk)).exists()


# --- actions ---------------------------------------------------------------------------------------


def test_deactivating_ends_the_users_sessions_at_once_and_keeps_them(demo, beheer_client, beheerder):
    user = demo["coordinator@hengelo.example"]
    theirs = Client()
    theirs.force_login(user)
    assert theirs.get("/").status_code == 200
    response = _action(beheer_client, "deactiveren", user)
    assert response.status_code == 302
    assert any("gedeactiveerd" in m or "deactivated" in m for m in _messages(response))
    user.refresh_from_db()
    assert not user.is_active and User.objects.filter(pk=user.pk).exists()
    assert AuditEntry.objects.filter(actie=AuditActie.DEACTIVATION, actor=beheerder, object_id=str(user.pk)).exists()
    after = theirs.get("/")
    assert after.status_code == 302 and after.url.startswith("/inloggen/")


def test_users_cannot_be_deleted_only_deactivated(demo, beheer_client):
    user = demo["coordinator@hengelo.example"]
    assert beheer_client.get(f"/beheer/partners/user/{user.pk}/delete/").status_code == 403
    assert beheer_client.post(f"/beheer/partners/user/{user.pk}/delete/", {"post": "yes"}).status_code == 403
    actions = beheer_client.get("/beheer/partners/user/").context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions)
    assert User.objects.filter(pk=user.pk).exists()


def test_reactivating_a_user(demo, beheer_client, beheerder):
    from partners import services

    user = demo["coordinator@hengelo.example"]
    services.deactivate(user, door=beheerder)
    response = _action(beheer_client, "weer_activeren", user)
    assert response.status_code == 302 and _messages(response)
    user.refresh_from_db()
    assert user.is_active
    assert AuditEntry.objects.filter(actie=AuditActie.CHANGE, object_id=str(user.pk), omschrijving="geactiveerd").exists()


def test_re_inviting_removes_the_old_device_and_password_and_sends_a_link(demo, beheer_client, beheerder,
                                                                          django_capture_on_commit_callbacks):
    user = demo["coordinator@hengelo.example"]
    TOTPDevice.objects.create(user=user, name="oude telefoon", confirmed=True)
    theirs = Client()
    theirs.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(beheer_client, "opnieuw_uitnodigen", user)
    assert response.status_code == 302 and _messages(response)
    user.refresh_from_db()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    assert "/account/activeren/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(actie=AuditActie.INVITATION, actor=beheerder, object_id=str(user.pk)).exists()
    assert theirs.get("/").status_code == 302


def test_the_beheerder_cannot_deactivate_or_re_invite_themself(beheer_client, beheerder,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _action(beheer_client, "deactiveren", beheerder)
        response = _action(beheer_client, "opnieuw_uitnodigen", beheerder)
    beheerder.refresh_from_db()
    assert beheerder.is_active and beheerder.has_usable_password()
    assert not mail.outbox
    assert _messages(response)
    assert beheer_client.get("/beheer/").status_code == 200


def test_lifting_a_lock_out(demo, beheer_client, beheerder):
    user = demo["regisseur@twente.example"]
    AccessAttempt.objects.create(
        username=user.email, ip_address="192.0.2.1", user_agent="test", http_accept="*/*",
        path_info="/inloggen/", get_data="", post_data="", failures_since_start=5,
    )
    response = _action(beheer_client, "inlogblokkade_opheffen", user)
    assert response.status_code == 302 and _messages(response)
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert AuditEntry.objects.filter(actie=AuditActie.UNLOCK, actor=beheerder, object_id=str(user.pk)).exists()


def test_the_actions_have_dutch_labels(beheer_client):
    """The labels are msgids; the Dutch comes from the catalogue (English only until it is merged)."""
    choices = dict(beheer_client.get("/beheer/partners/user/").context["action_form"].fields["action"].choices)
    assert {"opnieuw_uitnodigen", "deactiveren", "weer_activeren", "inlogblokkade_opheffen"} <= set(choices)


# --- organisations ---------------------------------------------------------------------------------


def test_adding_an_organisation_gives_it_a_group(beheer_client, beheerder):
    response = beheer_client.post(
        "/beheer/partners/organisatie/add/",
        {"naam": "GGD Nieuw", "soort": "ggd", "regio": "", "district": "", "gemeente": "", "email": "",
         "telefoon": "", "_save": "Opslaan"},
    )
    assert response.status_code == 302
    organisatie = Organisatie.objects.get(naam="GGD Nieuw")
    assert organisatie.group is not None
    assert AuditEntry.objects.filter(actie=AuditActie.CREATE, object_id=str(organisatie.pk)).exists()


def test_an_organisation_with_members_cannot_be_deleted(demo, beheer_client):
    organisatie = Organisatie.objects.get(naam="Gemeente Hengelo")
    response = beheer_client.post(f"/beheer/partners/organisatie/{organisatie.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the admin lists what protects it
    assert Organisatie.objects.filter(pk=organisatie.pk).exists()


def test_the_organisation_list_links_to_its_members(demo, beheer_client):
    hengelo = Organisatie.objects.get(naam="Gemeente Hengelo")
    html = beheer_client.get("/beheer/partners/organisatie/").content.decode()
    link = f"/beheer/partners/user/?organisatie__id__exact={hengelo.pk}"
    assert f'href="{link}"' in html
    members = beheer_client.get(link)
    assert members.status_code == 200
    assert [u.email for u in members.context["cl"].result_list] == ["coordinator@hengelo.example"]


def test_logging_out_of_the_admin_is_our_log_out(beheer_client, beheerder):
    response = beheer_client.post("/beheer/logout/")
    assert response.status_code == 302 and response.url.startswith("/inloggen/")
    assert "_auth_user_id" not in beheer_client.session
    assert AuditEntry.objects.filter(actie=AuditActie.LOGOUT, actor=beheerder).exists()


def test_the_beheerder_extends_the_list_of_forms_and_a_legal_basis_with_its_validity(beheer_client):
    from signalen.models import Grondslag, Vorm

    response = beheer_client.post(
        "/beheer/signalen/vorm/add/",
        {"code": "gedwongen-huwelijk", "naam": "Gedwongen huwelijk", "volgorde": 60, "actief": "on"},
    )
    assert response.status_code == 302
    assert Vorm.objects.filter(code="gedwongen-huwelijk", actief=True).exists()
    beheer_client.post(
        "/beheer/signalen/grondslag/add/",
        {"naam": "Wet gegevensverwerking door samenwerkingsverbanden", "geldig_van": "2027-01-01"},
    )
    wgs = Grondslag.objects.get(naam__startswith="Wet gegevensverwerking")
    from datetime import date

    assert not Grondslag.objects.geldig_op(date(2026, 12, 31)).filter(pk=wgs.pk).exists()
    assert Grondslag.objects.geldig_op(date(2027, 1, 1)).filter(pk=wgs.pk).exists()
