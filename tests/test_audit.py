import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from sinergi.audit.log import record
from sinergi.audit.models import Action, AppendOnlyError, AuditEntry
from sinergi.registry import operations


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_orm(world):
    entry = record(actor=None, action=Action.VIEW, object_type="x", object_id="1")
    entry.object_id = "2"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_id="2")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.django_db
def test_the_database_refuses_an_update_even_in_raw_sql(world):
    entry = record(actor=None, action=Action.VIEW, object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_id = 'forged' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).object_id == "1"


def test_admin_can_browse_but_not_add_change_or_delete(rf):
    admin = site._registry[AuditEntry]
    request = rf.get("/")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


@pytest.mark.django_db
def test_a_write_records_actor_before_after_time_and_ip(personas, world, client_for):
    operator = personas["kab_operator"]
    from sinergi.audit.context import current_ip

    token = current_ip.set("10.1.2.3")
    try:
        changed = operations.update_household(actor=operator, household=world.home,
                                              changes={"address": "Dusun Baru", "has_car": True})
    finally:
        current_ip.reset(token)
    assert changed == {"address": ["Dusun Mesjid", "Dusun Baru"], "has_car": [False, True]}
    entry = AuditEntry.objects.filter(action=Action.UPDATE, object_type="registry.household").get()
    assert entry.actor == operator and entry.actor_label == "kab_operator"
    assert entry.changes == changed
    assert entry.ip == "10.1.2.3"
    assert entry.area_code == world.desa_x.code and entry.household_id == world.home.pk
    assert entry.created_at is not None


@pytest.mark.django_db
def test_views_reveals_searches_and_exports_of_personal_data_are_logged(personas, world, client_for):
    admin = personas["kab_admin"]
    client = client_for(admin)
    client.get(reverse("registry:household", args=[world.home.pk]), REMOTE_ADDR="192.0.2.7")
    client.post(reverse("registry:reveal_nik", args=[world.head.pk]))
    client.get(reverse("registry:search"), {"q": "nasir"})
    response = client.get(reverse("registry:export"), {"area": "11.06.07", "format": "xlsx"})
    assert response.status_code == 200
    entries = {e.action: e for e in AuditEntry.objects.filter(actor=admin)}
    assert {Action.VIEW, Action.REVEAL, Action.SEARCH, Action.EXPORT} <= set(entries)
    assert entries[Action.VIEW].ip == "192.0.2.7"
    assert entries[Action.REVEAL].object_id == str(world.head.pk)
    assert str(world.head.pk) in entries[Action.SEARCH].changes["persons"]
    assert str(world.head.pk) in entries[Action.EXPORT].changes["persons"]
    assert entries[Action.EXPORT].changes["nik_unmasked"] is True


@pytest.mark.django_db
def test_failed_logins_are_logged_without_the_password(client, personas):
    client.post(reverse("accounts:login"), {"username": "psm", "password": "salah-sekali-123"})
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.object_label == "psm"
    assert "salah-sekali-123" not in str(entry.changes)


@pytest.mark.django_db
def test_audit_page_is_scoped_and_filterable(personas, world, client_for):
    operations.update_household(actor=None, household=world.far, changes={"rt": "009"}, source="test")
    operations.update_household(actor=None, household=world.abroad, changes={"rt": "008"}, source="test")
    client = client_for(personas["kab_admin"])
    page = client.get(reverse("audit:list"), {"action": "update"})
    shown = {e.household_id for e in page.context["page"]}
    assert world.far.pk in shown and world.abroad.pk not in shown
    filtered = client.get(reverse("audit:list"), {"action": "update", "area": world.desa_x.code})
    assert world.far.pk not in {e.household_id for e in filtered.context["page"]}
    assert client.get(reverse("audit:list"), {"date_from": "bukan tanggal"}).status_code == 200


def test_client_ip_uses_forwarded_header_only_behind_a_trusted_proxy(settings):
    from sinergi.audit.middleware import client_ip

    # The client claims 1.2.3.4; nginx appended the address it saw, 203.0.113.9; REMOTE_ADDR is nginx.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "10.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "203.0.113.9"
