import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from mensenhandel import audit
from mensenhandel.audit.models import AuditActie, AuditEntry
from tafels.models import Tafel

pytestmark = pytest.mark.django_db
PASSWORD = "welkom-demo-2026"


def _latest(**filters):
    return AuditEntry.objects.filter(**filters).order_by("-pk").first()


def test_a_login_is_audited_with_user_organisation_and_ip(demo, client):
    client.post("/inloggen/", {"username": "regisseur@twente.example", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    entry = _latest(actie=AuditActie.LOGIN)
    user = demo["regisseur@twente.example"]
    assert entry.actor == user
    assert entry.organisatie == user.organisatie
    assert entry.ip == "10.1.2.3"
    assert entry.object_type == "partners.user" and entry.object_id == str(user.pk)


def test_failed_logins_are_audited_without_the_typed_address(demo, client):
    client.post("/inloggen/", {"username": "regisseur@twente.example", "password": "fout"})
    known = _latest(actie=AuditActie.LOGIN_FAILED)
    assert known.actor is None
    assert known.object_id == str(demo["regisseur@twente.example"].pk)

    client.post("/inloggen/", {"username": "niemand@nergens.example", "password": "fout"})
    unknown = _latest(actie=AuditActie.LOGIN_FAILED)
    assert unknown.pk != known.pk
    assert unknown.object_id == "" and unknown.actor is None
    assert "niemand" not in f"{unknown.omschrijving} {unknown.filters}"


def test_a_logout_is_audited(demo, client):
    user = demo["coordinator@utrecht.example"]
    client.force_login(user)
    client.post("/uitloggen/")
    assert _latest(actie=AuditActie.LOGOUT).actor == user


def test_a_list_read_is_audited_once_with_its_filter(demo, client):
    user = demo["regisseur@twente.example"]
    client.force_login(user)
    before = AuditEntry.objects.count()
    client.get("/tafels/", {"pagina": "1"})
    assert AuditEntry.objects.count() == before + 1
    entry = _latest()
    assert (entry.actor, entry.actie, entry.object_type) == (user, AuditActie.LIST, "tafels.tafel")
    assert entry.filters == {"pagina": "1"}


def test_a_detail_read_is_audited_once_and_a_refused_one_not_as_a_view(demo, client):
    user = demo["coordinator@hengelo.example"]
    zichtbaar = Tafel.objects.get(naam="Regiegroep Prostitutie Twente")
    verborgen = Tafel.objects.get(naam="Casusoverleg Mensenhandel Midden-Nederland")
    client.force_login(user)

    before = AuditEntry.objects.count()
    client.get(f"/tafels/{zichtbaar.pk}/")
    assert AuditEntry.objects.count() == before + 1
    entry = _latest()
    assert (entry.actie, entry.object_type, entry.object_id) == (AuditActie.VIEW, "tafels.tafel", str(zichtbaar.pk))

    assert client.get(f"/tafels/{verborgen.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(actie=AuditActie.VIEW, object_id=str(verborgen.pk)).exists()


def test_audit_rows_cannot_be_changed_or_deleted_through_the_application(demo):
    entry = audit.log(demo["beheer@ketenregie.example"], AuditActie.VIEW, Tafel.objects.first())
    entry.omschrijving = "aangepast"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(omschrijving="aangepast")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).omschrijving == ""


def test_the_admin_shows_the_audit_log_read_only(demo, client):
    beheerder = demo["beheer@ketenregie.example"]
    entry = audit.log(beheerder, AuditActie.VIEW, Tafel.objects.first())
    client.force_login(beheerder)
    assert client.get("/beheer/audit/auditentry/").status_code == 200
    detail = client.get(f"/beheer/audit/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.post(f"/beheer/audit/auditentry/{entry.pk}/change/", {"omschrijving": "x"}).status_code == 403
    assert client.post(f"/beheer/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/beheer/audit/auditentry/add/").status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).omschrijving == ""


def test_only_the_beheerder_enters_the_admin(demo, client):
    client.force_login(demo["regisseur@twente.example"])
    response = client.get("/beheer/audit/auditentry/")
    assert response.status_code == 302 and "/beheer/login/" in response.url


@pytest.mark.parametrize("statement", ["UPDATE audit_auditentry SET omschrijving = 'x'", "DELETE FROM audit_auditentry"])
def test_the_database_refuses_to_change_audit_rows(demo, require_postgres, statement):
    audit.log(demo["beheer@ketenregie.example"], AuditActie.VIEW, Tafel.objects.first())
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.exists()


def test_behind_a_trusted_proxy_the_visitors_address_is_recorded(demo, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        "/inloggen/",
        {"username": "regisseur@twente.example", "password": PASSWORD},
        REMOTE_ADDR="172.18.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44",  # the first entry is whatever the visitor claimed
    )
    assert _latest(actie=AuditActie.LOGIN).ip == "192.0.2.44"
    settings.TRUSTED_PROXY_COUNT = 0
    client.post("/uitloggen/", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert _latest(actie=AuditActie.LOGOUT).ip == "172.18.0.2"
