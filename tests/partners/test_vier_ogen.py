"""Vier-ogen in Beheer: nobody changes who they are or what they may see, and a new user or a change of another
user's e-mail address, organisation, role or work area takes effect only when a second beheerder approves it.

Every path the security test found is tried: the change form of one's own account, the change form of another
user, the add form, the admin's bulk actions on requests and users, and the services themselves.
"""
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from mensenhandel.audit.models import AuditActie, AuditEntry
from partners import services
from partners.models import Organisatie, Rol, User, VerzoekSoort, VerzoekStatus, Wijzigingsverzoek
from tafels.models import District

pytestmark = pytest.mark.django_db

BEHEER = "beheer@ketenregie.example"
BEHEER2 = "beheer2@ketenregie.example"
VERZOEKEN = "/beheer/partners/wijzigingsverzoek/"


@pytest.fixture
def beheer(demo, client):
    client.force_login(demo[BEHEER])
    return client


@pytest.fixture
def beheer2(demo):
    client = Client()
    client.force_login(demo[BEHEER2])
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form(user, **changes):
    data = {
        "email": user.email,
        "naam": user.naam,
        "organisatie": user.organisatie_id,
        "rol": user.rol,
        "werkgebied_district": user.werkgebied_district_id or "",
        "werkgebied_regio": user.werkgebied_regio_id or "",
        "account_links-TOTAL_FORMS": "0",
        "account_links-INITIAL_FORMS": "0",
        "_save": "Opslaan",
    }
    data.update(changes)
    return data


def _decide(client, action, *verzoeken):
    return client.post(VERZOEKEN, {"action": action, "_selected_action": [v.pk for v in verzoeken], "index": 0})


def _make_ketenregisseur(user):
    return {"rol": Rol.KETENREGISSEUR, "werkgebied_district": District.objects.get(code="TW").pk}


# --- one's own account -----------------------------------------------------------------------------------


def test_a_beheerder_cannot_make_themself_ketenregisseur_through_the_change_form(demo, beheer):
    zelf = demo[BEHEER]
    response = beheer.post(f"/beheer/partners/user/{zelf.pk}/change/", _form(zelf, **_make_ketenregisseur(zelf)))
    assert response.status_code == 302
    zelf.refresh_from_db()
    assert zelf.rol == Rol.BEHEERDER and zelf.werkgebied is None
    assert not Wijzigingsverzoek.objects.exists()
    # And so still no signal: the list answers 404 to a beheerder.
    assert beheer.get("/signalen/").status_code == 404


def test_the_own_change_form_shows_the_sensitive_fields_read_only(demo, beheer):
    zelf = demo[BEHEER]
    form = beheer.get(f"/beheer/partners/user/{zelf.pk}/change/").context["adminform"].form
    assert not {"email", "organisatie", "rol", "werkgebied_district", "werkgebied_regio"} & set(form.fields)
    assert "naam" in form.fields


def test_a_beheerder_cannot_change_their_own_email_or_organisation(demo, beheer):
    zelf = demo[BEHEER]
    andere = Organisatie.objects.get(naam="RIEC Oost-Nederland")
    beheer.post(f"/beheer/partners/user/{zelf.pk}/change/",
                _form(zelf, email="ander@adres.example", organisatie=andere.pk, naam="Pieter S."))
    zelf.refresh_from_db()
    assert zelf.email == BEHEER and zelf.organisatie.naam == "Functioneel beheer"
    assert zelf.naam == "Pieter S."  # the name is not sensitive and changes at once
    assert not Wijzigingsverzoek.objects.exists()


def test_the_service_refuses_a_request_about_ones_own_account(demo):
    zelf = demo[BEHEER]
    with pytest.raises(PermissionDenied):
        services.request_change(zelf, door=zelf, rol=Rol.KETENREGISSEUR, email=zelf.email,
                                organisatie=zelf.organisatie, werkgebied_district=District.objects.get(code="TW"))
    assert not Wijzigingsverzoek.objects.exists()


def test_only_a_beheerder_may_ask(demo):
    regisseur, coordinator = demo["regisseur@twente.example"], demo["coordinator@hengelo.example"]
    with pytest.raises(PermissionDenied):
        services.request_change(coordinator, door=regisseur, rol=Rol.PARTNER, email=coordinator.email,
                                organisatie=coordinator.organisatie)


# --- another user's role, work area, organisation, e-mail -------------------------------------------------


def test_changing_another_users_role_waits_for_the_second_beheerder(demo, beheer, beheer2):
    partner = demo["politie@oost-nederland.example"]
    response = beheer.post(f"/beheer/partners/user/{partner.pk}/change/", _form(partner, **_make_ketenregisseur(partner)))
    assert response.status_code == 302
    assert any("goedkeuring" in m or "approval" in m for m in _messages(response))
    partner.refresh_from_db()
    assert partner.rol == Rol.PARTNER and partner.werkgebied is None
    verzoek = Wijzigingsverzoek.objects.get(user=partner, status=VerzoekStatus.OPEN)
    voor = [(veld, oud) for veld, _label, oud, _nieuw in verzoek.wijzigingen()]
    assert voor == [("rol", "Ketenpartner"), ("werkgebied", "—")]
    requested = AuditEntry.objects.get(actie=AuditActie.APPROVAL_REQUEST, object_id=str(verzoek.pk))
    assert requested.actor == demo[BEHEER] and "rol" in requested.omschrijving

    # The requester cannot approve it, also not through the bulk action.
    response = _decide(beheer, "goedkeuren", verzoek)
    assert any("Overgeslagen" in m or "Skipped" in m for m in _messages(response))
    partner.refresh_from_db()
    assert partner.rol == Rol.PARTNER

    # The second beheerder sees what changes, and approves.
    html = beheer2.get(VERZOEKEN).content.decode()
    assert "Ketenpartner → Ketenregisseur" in html and "— → Twente" in html
    response = _decide(beheer2, "goedkeuren", verzoek)
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.rol == Rol.KETENREGISSEUR and partner.werkgebied.code == "TW"
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.GOEDGEKEURD and verzoek.beoordeeld_door == demo[BEHEER2]
    assert AuditEntry.objects.filter(actie=AuditActie.APPROVAL, actor=demo[BEHEER2], object_id=str(verzoek.pk)).exists()
    changed = AuditEntry.objects.get(actie=AuditActie.CHANGE, actor=demo[BEHEER2], object_id=str(partner.pk))
    assert "vier-ogen" in changed.omschrijving and "rol" in changed.omschrijving


def test_the_approved_change_ends_the_users_sessions(demo, beheer2):
    partner = demo["politie@oost-nederland.example"]
    theirs = Client()
    theirs.force_login(partner)
    assert theirs.get("/").status_code == 200
    verzoek = services.request_change(partner, door=demo[BEHEER], email=partner.email, organisatie=partner.organisatie,
                                      rol=Rol.COORDINATOR)
    assert theirs.get("/").status_code == 200  # nothing changed yet
    services.approve(verzoek, door=demo[BEHEER2])
    assert theirs.get("/").status_code == 302


def test_a_beheerder_cannot_approve_a_change_about_themself(demo, beheer2):
    """Two beheerders together cannot let one of them grant themself more: the user it is about never approves."""
    tweede = demo[BEHEER2]
    verzoek = services.request_change(tweede, door=demo[BEHEER], email=tweede.email, organisatie=tweede.organisatie,
                                      rol=Rol.KETENREGISSEUR, werkgebied_district=District.objects.get(code="TW"))
    response = _decide(beheer2, "goedkeuren", verzoek)
    assert any("Overgeslagen" in m or "Skipped" in m for m in _messages(response))
    tweede.refresh_from_db()
    assert tweede.rol == Rol.BEHEERDER
    with pytest.raises(PermissionDenied):
        services.approve(verzoek, door=tweede)
    with pytest.raises(PermissionDenied):
        services.reject(verzoek, door=tweede)


def test_a_rejected_change_changes_nothing_and_is_audited(demo, beheer2):
    coordinator = demo["coordinator@hengelo.example"]
    verzoek = services.request_change(coordinator, door=demo[BEHEER], email=coordinator.email,
                                      organisatie=Organisatie.objects.get(naam="Politie Oost-Nederland"),
                                      rol=Rol.PARTNER)
    response = _decide(beheer2, "afwijzen", verzoek)
    assert response.status_code == 302 and _messages(response)
    verzoek.refresh_from_db()
    coordinator.refresh_from_db()
    assert verzoek.status == VerzoekStatus.AFGEWEZEN
    assert coordinator.rol == Rol.COORDINATOR and coordinator.organisatie.naam == "Gemeente Hengelo"
    assert AuditEntry.objects.filter(actie=AuditActie.REJECTION, actor=demo[BEHEER2], object_id=str(verzoek.pk)).exists()
    # A decided request is not decided again.
    with pytest.raises(ValidationError):
        services.approve(verzoek, door=demo[BEHEER2])


def test_the_requester_withdraws_their_own_request(demo, beheer):
    coordinator = demo["coordinator@hengelo.example"]
    verzoek = services.request_change(coordinator, door=demo[BEHEER], email=coordinator.email,
                                      organisatie=coordinator.organisatie, rol=Rol.PARTNER)
    _decide(beheer, "afwijzen", verzoek)
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.INGETROKKEN


def test_a_new_request_for_the_same_user_replaces_the_open_one(demo):
    coordinator = demo["coordinator@hengelo.example"]
    eerste = services.request_change(coordinator, door=demo[BEHEER], email=coordinator.email,
                                     organisatie=coordinator.organisatie, rol=Rol.PARTNER)
    tweede = services.request_change(coordinator, door=demo[BEHEER2], email="c.hengelo@hengelo.example",
                                     organisatie=coordinator.organisatie, rol=coordinator.rol)
    eerste.refresh_from_db()
    assert eerste.status == VerzoekStatus.INGETROKKEN and tweede.status == VerzoekStatus.OPEN


def test_a_bulk_approval_approves_what_may_and_skips_the_rest(demo, beheer2):
    hengelo, enschede = demo["coordinator@hengelo.example"], demo["coordinator@enschede.example"]
    van_beheer = services.request_change(hengelo, door=demo[BEHEER], email=hengelo.email,
                                         organisatie=hengelo.organisatie, rol=Rol.PARTNER)
    eigen = services.request_change(enschede, door=demo[BEHEER2], email=enschede.email,
                                    organisatie=enschede.organisatie, rol=Rol.PARTNER)
    response = _decide(beheer2, "goedkeuren", van_beheer, eigen)
    messages = _messages(response)
    assert any("1" in m for m in messages) and any("Overgeslagen" in m or "Skipped" in m for m in messages)
    hengelo.refresh_from_db()
    enschede.refresh_from_db()
    assert hengelo.rol == Rol.PARTNER and enschede.rol == Rol.COORDINATOR


# --- the account take-over: e-mail address, then a re-invitation -------------------------------------------


def test_moving_an_account_to_another_mailbox_needs_approval_and_the_old_address_hears_of_the_invitation(
    demo, beheer, beheer2, django_capture_on_commit_callbacks
):
    regisseur = demo["regisseur@twente.example"]
    with django_capture_on_commit_callbacks(execute=True):
        beheer.post(f"/beheer/partners/user/{regisseur.pk}/change/", _form(regisseur, email="pieter@prive.example"))
        # Pressing "Opnieuw uitnodigen" now still sends the link to the real address.
        beheer.post("/beheer/partners/user/", {"action": "opnieuw_uitnodigen", "_selected_action": [regisseur.pk],
                                              "index": 0})
    assert [m.to for m in mail.outbox] == [["regisseur@twente.example"]]
    mail.outbox.clear()

    verzoek = Wijzigingsverzoek.objects.get(user=regisseur, status=VerzoekStatus.OPEN)
    assert verzoek.vorig_email == "regisseur@twente.example"
    _decide(beheer2, "goedkeuren", verzoek)
    regisseur.refresh_from_db()
    assert regisseur.email == "pieter@prive.example"
    with django_capture_on_commit_callbacks(execute=True):
        beheer.post("/beheer/partners/user/", {"action": "opnieuw_uitnodigen", "_selected_action": [regisseur.pk],
                                              "index": 0})
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["pieter@prive.example", "regisseur@twente.example"]
    notice = next(m for m in mail.outbox if m.to == ["regisseur@twente.example"])
    assert "/account/activeren/" not in notice.body  # the old address is told, it gets no link
    assert "pieter@prive.example" not in notice.body


def test_after_the_user_used_the_new_link_the_old_address_is_not_told_again(demo, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from partners.models import AccountLink

    regisseur = demo["regisseur@twente.example"]
    verzoek = services.request_change(regisseur, door=demo[BEHEER], email="nieuw@twente.example",
                                      organisatie=regisseur.organisatie, rol=regisseur.rol,
                                      werkgebied_district=regisseur.werkgebied_district)
    services.approve(verzoek, door=demo[BEHEER2])
    regisseur.refresh_from_db()
    services.invite(regisseur, door=demo[BEHEER])
    AccountLink.objects.filter(user=regisseur).update(gebruikt=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(regisseur, door=demo[BEHEER])
    assert [m.to for m in mail.outbox] == [["nieuw@twente.example"]]


def test_an_address_that_is_taken_meanwhile_is_not_approved(demo):
    coordinator = demo["coordinator@hengelo.example"]
    verzoek = services.request_change(coordinator, door=demo[BEHEER], email="vrij@hengelo.example",
                                      organisatie=coordinator.organisatie, rol=coordinator.rol)
    User.objects.filter(email="inspectie@nla.example").update(email="vrij@hengelo.example")
    with pytest.raises(ValidationError):
        services.approve(verzoek, door=demo[BEHEER2])
    coordinator.refresh_from_db()
    assert coordinator.email == "coordinator@hengelo.example"


# --- new users ---------------------------------------------------------------------------------------------


def _nieuw(demo, **overrides):
    data = {"email": "nina.nieuw@almelo.example", "naam": "Nina Nieuw",
            "organisatie": Organisatie.objects.get(naam="Gemeente Almelo").pk, "rol": Rol.COORDINATOR,
            "werkgebied_district": "", "werkgebied_regio": "", "_save": "Opslaan"}
    data.update(overrides)
    return data


def test_a_new_user_is_not_created_by_the_requester_alone(demo, beheer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        beheer.post("/beheer/partners/user/add/", _nieuw(demo, **_make_ketenregisseur(None), email="ik@prive.example"))
    verzoek = Wijzigingsverzoek.objects.get(soort=VerzoekSoort.AANMAKEN)
    assert not User.objects.filter(email="ik@prive.example").exists() and not mail.outbox
    with pytest.raises(PermissionDenied):
        services.approve(verzoek, door=demo[BEHEER])
    assert not User.objects.filter(email="ik@prive.example").exists()


def test_the_same_address_cannot_be_asked_for_twice(demo, beheer):
    beheer.post("/beheer/partners/user/add/", _nieuw(demo))
    response = beheer.post("/beheer/partners/user/add/", _nieuw(demo, naam="Nog een Nina"))
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert Wijzigingsverzoek.objects.count() == 1


def test_a_new_user_request_shows_what_is_asked(demo, beheer, beheer2):
    beheer.post("/beheer/partners/user/add/", _nieuw(demo))
    html = beheer2.get(VERZOEKEN).content.decode()
    assert "nina.nieuw@almelo.example" in html and "Gemeente Almelo" in html


# --- who sees the requests ---------------------------------------------------------------------------------


def test_the_start_page_tells_the_other_beheerder_what_awaits_approval(demo, beheer, beheer2):
    coordinator = demo["coordinator@hengelo.example"]
    services.request_change(coordinator, door=demo[BEHEER], email=coordinator.email,
                            organisatie=coordinator.organisatie, rol=Rol.PARTNER)
    html = beheer2.get("/").content.decode()
    assert f'href="{VERZOEKEN}?status__exact=open"' in html
    own = beheer.get("/")
    blok = next(b for b in own.context["blocks"] if b["block"].key == "gebruikers")
    assert blok["data"]["aantal_te_beoordelen"] == 0 and blok["data"]["aantal_eigen_verzoeken"] == 1
    ander = next(b for b in beheer2.get("/").context["blocks"] if b["block"].key == "gebruikers")
    assert ander["data"]["aantal_te_beoordelen"] == 1


@pytest.mark.parametrize("email", ["regisseur@twente.example", "coordinator@hengelo.example",
                                   "politie@oost-nederland.example", "burgemeester@twente.example"])
def test_other_roles_cannot_see_or_decide_requests(demo, client, email):
    coordinator = demo["coordinator@hengelo.example"]
    verzoek = services.request_change(coordinator, door=demo[BEHEER], email=coordinator.email,
                                      organisatie=coordinator.organisatie, rol=Rol.PARTNER)
    client.force_login(demo[email])
    assert client.get(VERZOEKEN).status_code == 302
    assert client.get(f"{VERZOEKEN}{verzoek.pk}/change/").status_code == 302
    _decide(client, "goedkeuren", verzoek)
    verzoek.refresh_from_db()
    assert verzoek.status == VerzoekStatus.OPEN
    with pytest.raises(PermissionDenied):
        services.approve(verzoek, door=demo[email])


def test_requests_cannot_be_added_edited_or_deleted_in_the_admin(demo, beheer):
    coordinator = demo["coordinator@hengelo.example"]
    verzoek = services.request_change(coordinator, door=demo[BEHEER2], email=coordinator.email,
                                      organisatie=coordinator.organisatie, rol=Rol.PARTNER)
    assert beheer.get(f"{VERZOEKEN}add/").status_code == 403
    assert beheer.post(f"{VERZOEKEN}{verzoek.pk}/delete/", {"post": "yes"}).status_code == 403
    page = beheer.get(f"{VERZOEKEN}{verzoek.pk}/change/")
    assert page.status_code == 200 and "Gemeente Hengelo" not in page.context["adminform"].form.fields
    assert AuditEntry.objects.filter(actie=AuditActie.VIEW, object_type="partners.wijzigingsverzoek").exists()
