"""The pillar workers' registry (operations, the linked account's roles, pages), coverage gaps and workload, and
the pillar activity report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts import scoping
from sinergi.accounts.models import Assignment, Role
from sinergi.areas.models import Area, Level
from sinergi.audit.models import Action, AuditEntry
from sinergi.pillars import activity, operations, workers
from sinergi.pillars.models import (
    PillarType,
    PillarWorker,
    Task,
    TaskKind,
    TaskStatus,
    Visit,
    VisitPurpose,
    WorkArea,
    WorkerStatus,
)
from sinergi.registry.models import Household
from tests.conftest import first_village

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- helpers --------------------------------------------------------------------------------------------------

def make_user(username: str, *grants: tuple[str, str]):
    """A user holding default roles: make_user("spv", ("supervisor", "32.12"))."""
    user = get_user_model().objects.create_user(username=username, password="x")
    for role_code, area_code in grants:
        Assignment.objects.create(user=user, role=Role.objects.get(code=role_code), area_id=area_code)
    return user


def user_with(username: str, area_code: str, *perms: str):
    role = Role.objects.create(code=f"uji-{username}", name=username, usual_level=2)
    for perm in perms:
        app_label, codename = perm.split(".")
        role.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = get_user_model().objects.create_user(username=username, password="x")
    Assignment.objects.create(user=user, role=role, area_id=area_code)
    return user


def plant(name, pillar_type, *areas, home="11.06", **extra) -> PillarWorker:
    """A worker written directly (no operation, no account link), for the reports' fixtures."""
    worker = PillarWorker.objects.create(name=name, pillar_type=pillar_type, home_area_id=home,
                                         sk_number=f"SK/{name}", **extra)
    for area in areas:
        WorkArea.objects.create(worker=worker, area_id=area if isinstance(area, str) else area.code)
    return worker


def register(actor, *areas, **fields) -> PillarWorker:
    values = dict(name="Rahmah", pillar_type=PillarType.PSM, sk_number="SK 12/2026", phone="081234567890")
    values.update(fields)
    return workers.register_worker(actor=actor, home_area=Area.objects.get(code="11.06"), areas=list(areas),
                                   **values)


def assignment(user, role_code, area) -> Assignment | None:
    code = area if isinstance(area, str) else area.code
    return Assignment.objects.filter(user=user, role__code=role_code, area_id=code).first()


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def field_user(world):
    """The account a new worker is linked to: no assignment of its own."""
    return make_user("rahmah")


@pytest.fixture
def spv_indramayu(world):
    return make_user("spv_indramayu", ("supervisor", "32.12"))


@pytest.fixture
def spv_aceh_besar(world):
    return make_user("spv_aceh_besar", ("supervisor", "11.06"))


# --- operations: validation and permissions -------------------------------------------------------------------

def test_register_worker_writes_areas_and_one_audit_entry(world, personas):
    worker = register(personas["kab_admin"], world.desa_x, world.desa_y, phone="0812-3456 7890",
                      sk_start=dt.date(2026, 1, 1), sk_end=dt.date(2026, 12, 31), name="  Rahmah  ")
    assert worker.name == "Rahmah" and worker.phone == "081234567890" and worker.status == WorkerStatus.ACTIVE
    assert sorted(worker.work_areas.values_list("area_id", flat=True)) == [world.desa_x.code, world.desa_y.code]
    entry = AuditEntry.objects.get(object_type="pillars.pillarworker", object_id=str(worker.pk))
    assert entry.action == Action.CREATE and entry.source == "pillars" and entry.area_code == "11.06"
    assert entry.actor == personas["kab_admin"]
    assert entry.changes["areas"] == [[], [world.desa_x.code, world.desa_y.code]]
    assert entry.changes["phone"] == [None, "081234567890"]


@pytest.mark.parametrize("phone, stored", [
    ("081234567890", "081234567890"), ("+6281234567890", "+6281234567890"), ("6281234567890", "6281234567890"),
    ("0812 3456 7890", "081234567890"), ("(0651) 123456", "0651123456"), ("", ""),
])
def test_phone_numbers_accepted(world, phone, stored):
    assert workers.clean_phone(phone) == stored


@pytest.mark.parametrize("phone", ["0812abc4567", "12345", "+1 555 123 4567", "0812", "08123456789012345",
                                   "+62+812345678"])
def test_phone_numbers_refused(world, phone):
    with pytest.raises(ValidationError):
        workers.clean_phone(phone)


def test_register_validates(world, personas):
    admin = personas["kab_admin"]
    regency = Area.objects.get(code="11.06")

    def refused(field, *areas, **fields):
        with pytest.raises(ValidationError) as caught:
            register(admin, *areas, **fields)
        assert field in caught.value.message_dict, caught.value.message_dict

    refused("areas")  # no work area
    refused("areas", regency)  # a kabupaten is not a work area
    refused("areas", world.desa_other_kab)  # Indramayu, outside Aceh Besar
    refused("sk_end", world.desa_x, sk_start=dt.date(2026, 6, 1), sk_end=dt.date(2026, 5, 31))
    refused("phone", world.desa_x, phone="0812-ABC")
    refused("pillar_type", world.desa_x, pillar_type="kepala-desa")
    refused("name", world.desa_x, name="   ")
    gone = make_user("gone")
    gone.is_active = False
    gone.save()
    refused("user", world.desa_x, user=gone)
    with pytest.raises(ValidationError):
        workers.register_worker(actor=admin, home_area=Area.objects.get(code="11.06.07"), name="X",
                                pillar_type="psm", areas=[world.desa_x])
    assert not PillarWorker.objects.exists() and not AuditEntry.objects.filter(source="pillars").exists()


def test_permissions_are_over_the_home_kabupaten(world, personas, spv_indramayu, spv_aceh_besar):
    for user in (personas["kab_operator"], personas["kecamatan_tksk"], personas["psm"], personas["slrt_desk"],
                 personas["no_assignment"], spv_indramayu):
        with pytest.raises(PermissionDenied):
            register(user, world.desa_x)
    adder_only = user_with("adder", "11.06", "pillars.add_pillarworker")
    worker = register(adder_only, world.desa_x)
    assert register(personas["province_admin"], world.desa_y).home_area_id == "11.06"
    assert register(spv_aceh_besar, world.desa_y).pk
    for user in (adder_only, spv_indramayu, personas["kab_operator"]):
        with pytest.raises(PermissionDenied):
            workers.update_worker(actor=user, worker=worker, changes={"name": "Lain"})
        with pytest.raises(PermissionDenied):
            workers.deactivate_worker(actor=user, worker=worker, reason="Pindah")
    assert workers.update_worker(actor=personas["kab_admin"], worker=worker, changes={"name": "Lain"})


def test_update_returns_changes_replaces_areas_and_writes_nothing_twice(world, personas):
    admin = personas["kab_admin"]
    worker = register(admin, world.desa_x)
    changed = workers.update_worker(actor=admin, worker=worker, changes={"name": "Rahmah Ali", "phone": "081234567890"},
                                    areas=[world.desa_y, Area.objects.get(code="11.06.01")])
    assert changed == {"name": ["Rahmah", "Rahmah Ali"], "areas": [[world.desa_x.code], ["11.06.01", world.desa_y.code]]}
    assert sorted(worker.work_areas.values_list("area_id", flat=True)) == ["11.06.01", world.desa_y.code]
    entries = AuditEntry.objects.filter(object_type="pillars.pillarworker", object_id=str(worker.pk))
    assert entries.count() == 2
    again = workers.update_worker(actor=admin, worker=worker, changes={"name": "Rahmah Ali"},
                                  areas=[Area.objects.get(code="11.06.01"), world.desa_y])
    assert again == {} and entries.count() == 2
    with pytest.raises(ValidationError):
        workers.update_worker(actor=admin, worker=worker, changes={"home_area_id": "32.12"})
    with pytest.raises(ValidationError):
        workers.update_worker(actor=admin, worker=worker, changes={"status": WorkerStatus.INACTIVE})
    with pytest.raises(ValidationError):
        workers.update_worker(actor=admin, worker=worker, changes={}, areas=[])
    with pytest.raises(ValidationError):
        workers.update_worker(actor=admin, worker=worker, changes={"sk_start": dt.date(2026, 2, 1),
                                                                   "sk_end": dt.date(2026, 1, 1)})


def test_a_number_stored_before_the_check_is_kept_until_changed(world, personas):
    worker = plant("Lama", PillarType.PSM, world.desa_x, phone="0812-0000-0000")
    assert workers.update_worker(actor=None, worker=worker, changes={"phone": "0812-0000-0000"}) == {}
    assert workers.update_worker(actor=None, worker=worker, changes={"phone": "0812 1111 2222"}) == {
        "phone": ["0812-0000-0000", "081211112222"]}


def test_deactivate_needs_a_reason_and_is_done_once(world, personas):
    admin = personas["kab_admin"]
    worker = register(admin, world.desa_x)
    with pytest.raises(ValidationError):
        workers.deactivate_worker(actor=admin, worker=worker, reason="  ")
    workers.deactivate_worker(actor=admin, worker=worker, reason="SK tidak diperpanjang")
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.INACTIVE
    entry = AuditEntry.objects.filter(object_type="pillars.pillarworker", object_id=str(worker.pk)).order_by("id").last()
    assert entry.changes["status"] == ["active", "inactive"] and entry.changes["reason"] == ["", "SK tidak diperpanjang"]
    count = AuditEntry.objects.count()
    workers.deactivate_worker(actor=admin, worker=worker, reason="Lagi")
    assert AuditEntry.objects.count() == count
    # Back to active is an ordinary change.
    assert workers.update_worker(actor=admin, worker=worker, changes={"status": WorkerStatus.ACTIVE})["status"] == [
        "inactive", "active"]


# --- the linked account ---------------------------------------------------------------------------------------

def test_linked_psm_receives_the_psm_role_over_its_desa(world, personas, field_user):
    assert not scoping.has_perm_for(field_user, scoping.VIEW_REGISTRY, world.desa_x.code)
    worker = register(personas["kab_admin"], world.desa_x, user=field_user)
    row = assignment(field_user, "psm", world.desa_x)
    assert row is not None and row.active
    scoping.forget(field_user)
    assert scoping.has_perm_for(field_user, scoping.VIEW_REGISTRY, world.desa_x.code)
    assert not scoping.has_perm_for(field_user, scoping.VIEW_REGISTRY, world.desa_y.code)
    assert workers.owned_assignments(worker) == {row.pk}
    granted = AuditEntry.objects.get(object_type="accounts.assignment", object_id=str(row.pk))
    assert granted.action == Action.CREATE and granted.source == "pillars" and granted.area_code == world.desa_x.code


def test_areas_change_switches_the_old_assignment_off_and_a_new_one_on(world, personas, field_user):
    admin = personas["kab_admin"]
    worker = register(admin, world.desa_x, user=field_user)
    old = assignment(field_user, "psm", world.desa_x)
    changed = workers.update_worker(actor=admin, worker=worker, changes={}, areas=[world.desa_y])
    old.refresh_from_db()
    new = assignment(field_user, "psm", world.desa_y)
    assert not old.active and new.active
    assert changed["assignments_deactivated"] == [[], [old.pk]] and changed["assignments_created"] == [[], [new.pk]]
    # Given back, the desa's own assignment is switched on again, not duplicated.
    workers.update_worker(actor=admin, worker=worker, changes={}, areas=[world.desa_x, world.desa_y])
    old.refresh_from_db()
    assert old.active and Assignment.objects.filter(user=field_user).count() == 2


def test_an_assignment_made_by_hand_is_never_touched(world, personas, field_user):
    admin = personas["kab_admin"]
    psm = Role.objects.get(code="psm")
    by_hand = Assignment.objects.create(user=field_user, role=psm, area=world.desa_y)
    switched_off = Assignment.objects.create(user=field_user, role=psm, area=first_village("11.06.07", 2),
                                             active=False)
    worker = register(admin, world.desa_x, world.desa_y, first_village("11.06.07", 2), user=field_user)
    assert workers.owned_assignments(worker) == {assignment(field_user, "psm", world.desa_x).pk}
    switched_off.refresh_from_db()
    assert not switched_off.active  # an admin switched it off: not the worker's to switch on
    workers.update_worker(actor=admin, worker=worker, changes={}, areas=[world.desa_x])
    by_hand.refresh_from_db()
    assert by_hand.active
    workers.deactivate_worker(actor=admin, worker=worker, reason="Berhenti")
    by_hand.refresh_from_db()
    assert by_hand.active and not assignment(field_user, "psm", world.desa_x).active


def test_deactivation_unlinking_and_type_change_switch_the_role_off(world, personas, field_user):
    admin = personas["kab_admin"]
    a = register(admin, world.desa_x, user=field_user)
    workers.update_worker(actor=admin, worker=a, changes={"user": None})
    assert not assignment(field_user, "psm", world.desa_x).active
    workers.update_worker(actor=admin, worker=a, changes={"user": field_user})
    assert assignment(field_user, "psm", world.desa_x).active
    changed = workers.update_worker(actor=admin, worker=a, changes={"pillar_type": PillarType.TAGANA})
    assert not assignment(field_user, "psm", world.desa_x).active and "assignments_deactivated" in changed
    workers.update_worker(actor=admin, worker=a, changes={"pillar_type": PillarType.PKH_FACILITATOR})
    assert assignment(field_user, "pendamping-pkh", world.desa_x).active


def test_types_without_a_matching_role_get_none(world, personas, field_user):
    register(personas["kab_admin"], world.desa_x, user=field_user, pillar_type=PillarType.TAGANA)
    register(personas["kab_admin"], world.desa_x, user=field_user, pillar_type=PillarType.P3MD)
    assert not Assignment.objects.filter(user=field_user).exists()


def test_tksk_gets_its_kecamatan_and_a_role_held_above_is_not_duplicated(world, personas, field_user):
    register(personas["kab_admin"], Area.objects.get(code="11.06.07"), user=field_user, pillar_type=PillarType.TKSK)
    assert assignment(field_user, "tksk", "11.06.07").active
    held = make_user("pkh_above", ("pendamping-pkh", "11.06.07"))
    register(personas["kab_admin"], world.desa_x, user=held, pillar_type=PillarType.PKH_FACILITATOR)
    assert list(Assignment.objects.filter(user=held).values_list("area_id", flat=True)) == ["11.06.07"]


def test_a_role_another_worker_of_the_account_still_needs_stays_on(world, personas, field_user):
    admin = personas["kab_admin"]
    first = register(admin, world.desa_x, user=field_user, name="Rahmah (SK lama)")
    register(admin, world.desa_x, user=field_user, name="Rahmah (SK baru)")
    assert Assignment.objects.filter(user=field_user).count() == 1
    workers.deactivate_worker(actor=admin, worker=first, reason="Diganti SK baru")
    assert assignment(field_user, "psm", world.desa_x).active


# --- registry pages -------------------------------------------------------------------------------------------

@pytest.fixture
def registry(world, personas):
    today = TODAY()
    return {
        "psm": plant("Ayu PSM", PillarType.PSM, world.desa_x, user=personas["psm"], phone="081200000001"),
        "tksk": plant("Cut TKSK", PillarType.TKSK, "11.06.07"),
        "expired": plant("Fajar Lama", PillarType.PSM, world.desa_other_kec, sk_start=today - dt.timedelta(days=400),
                         sk_end=today - dt.timedelta(days=1)),
        "inactive": plant("Evi Nonaktif", PillarType.PKH_FACILITATOR, world.desa_y, status=WorkerStatus.INACTIVE),
        "indramayu": plant("Asep PSM", PillarType.PSM, world.desa_other_kab, home="32.12"),
    }


def names(response) -> list[str]:
    return [w.name for w in response.context["page"]]


def test_list_is_scoped_and_filtered(world, personas, registry, client_for, spv_indramayu):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:workers")
    response = client.get(url)
    assert response.status_code == 200
    assert names(response) == ["Ayu PSM", "Cut TKSK", "Evi Nonaktif", "Fajar Lama"]
    html = response.content.decode()
    assert "Tambah petugas" in html and "SK berakhir" in html
    assert '<td data-label="Akun">psm</td>' in html  # the linked account's user name
    assert names(client.get(url, {"jenis": "psm"})) == ["Ayu PSM", "Fajar Lama"]
    assert names(client.get(url, {"status": "inactive"})) == ["Evi Nonaktif"]
    assert names(client.get(url, {"kecamatan": "11.06.07"})) == ["Ayu PSM", "Cut TKSK", "Evi Nonaktif"]
    assert names(client.get(url, {"kecamatan": "11.06.01"})) == ["Fajar Lama"]
    assert names(client.get(url, {"q": "sk/cut"})) == ["Cut TKSK"]
    assert names(client.get(url, {"q": "ayu"})) == ["Ayu PSM"]
    assert names(client.get(url, {"jenis": "rubbish", "page": "x"})) == names(response)
    assert names(client_for(spv_indramayu).get(url)) == ["Asep PSM"]
    assert names(client_for(personas["province_admin"]).get(url)) == names(response)
    viewer = user_with("viewer", "11.06", "pillars.view_pillarworker")
    assert "Tambah petugas" not in client_for(viewer).get(url).content.decode()


@pytest.mark.parametrize("persona", ["kab_operator", "kecamatan_tksk", "psm", "desa_operator", "slrt_desk",
                                     "no_assignment"])
def test_pages_are_404_without_the_worker_permission(world, personas, registry, client_for, persona):
    client = client_for(personas[persona])
    for url in (reverse("pillars:workers"), reverse("pillars:worker_new"), reverse("pillars:coverage_gaps"),
                reverse("pillars:worker", args=[registry["psm"].pk]),
                reverse("pillars:worker_edit", args=[registry["psm"].pk])):
        assert client.get(url).status_code == 404, url


def test_pages_need_login(world, registry, client_for):
    anonymous = client_for(None)
    for url in (reverse("pillars:workers"), reverse("pillars:worker_new"), reverse("pillars:coverage_gaps"),
                reverse("pillars:activity"), reverse("pillars:worker", args=[registry["psm"].pk])):
        assert anonymous.get(url).status_code == 302


def test_another_kabupaten_cannot_see_or_edit_aceh_besar_workers(world, personas, registry, client_for,
                                                                  spv_indramayu):
    client = client_for(spv_indramayu)
    worker = registry["psm"]
    assert client.get(reverse("pillars:worker", args=[worker.pk])).status_code == 404
    assert client.get(reverse("pillars:worker_edit", args=[worker.pk])).status_code == 404
    assert client.post(reverse("pillars:worker_edit", args=[worker.pk]), {"name": "X"}).status_code == 404
    assert client.get(reverse("pillars:worker", args=[registry["indramayu"].pk])).status_code == 200
    assert client.get(reverse("pillars:worker", args=[999999])).status_code == 404
    assert client.get(reverse("pillars:coverage_gaps"), {"wilayah": "11.06"}).status_code == 404
    assert client.get(reverse("pillars:worker_new"), {"kabupaten": "11.06"}).status_code == 404
    assert client_for(personas["kab_admin"]).get(reverse("pillars:worker_new"),
                                                 {"kabupaten": "32.12"}).status_code == 404


def test_detail_shows_areas_task_counts_and_visits(world, personas, registry, client_for):
    worker = registry["psm"]
    yesterday, tomorrow = TODAY() - dt.timedelta(days=1), TODAY() + dt.timedelta(days=1)
    for due in (yesterday, tomorrow, tomorrow):
        operations.create_task(actor=None, kind=TaskKind.VISIT, title="Kunjungan", desa=world.desa_x, due_date=due)
    done = operations.create_task(actor=None, kind=TaskKind.VISIT, title="Selesai", desa=world.desa_x)
    operations.complete_task(actor=None, task=done, outcome="terlayani")
    visit = Visit.objects.create(household=world.home, desa=world.desa_x, visited_on=TODAY(),
                                 purpose=VisitPurpose.ASSISTANCE, findings="Sehat")
    visit.workers.add(worker)
    response = client_for(personas["kab_admin"]).get(reverse("pillars:worker", args=[worker.pk]))
    assert response.status_code == 200
    assert response.context["tasks"] == {"open": 3, "overdue": 1, "done": 1}
    assert [wa.area_id for wa in response.context["work_areas"]] == [world.desa_x.code]
    assert response.context["visits"] == [visit] and response.context["can_edit"]
    html = response.content.decode()
    assert "Pendampingan" in html and world.desa_x.name in html and "081200000001" in html
    viewer = user_with("viewer", "11.06", "pillars.view_pillarworker")
    page = client_for(viewer).get(reverse("pillars:worker", args=[worker.pk]))
    assert page.status_code == 200 and not page.context["can_edit"]
    assert client_for(viewer).get(reverse("pillars:worker_edit", args=[worker.pk])).status_code == 404


def test_new_worker_page(world, personas, client_for, field_user):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:worker_new")
    page = client.get(url)
    assert page.status_code == 200 and page.context["home"].code == "11.06"
    form = page.context["form"]
    assert ("11.06.07", Area.objects.get(code="11.06.07").name) in form.fields["kecamatan"].choices
    groups = dict(form.fields["desa"].choices)
    assert (world.desa_x.code, world.desa_x.name) in groups[Area.objects.get(code="11.06.07").name]
    data = {"name": "Rahmah", "pillar_type": "psm", "sk_number": "SK 1/2026", "sk_start": "01/01/2026",
            "sk_end": "31/12/2026", "phone": "0812 3456 7890", "username": "rahmah", "desa": [world.desa_x.code]}
    bad = client.post(url, {**data, "username": "tidak-ada", "desa": []})
    assert bad.status_code == 200
    assert bad.context["form"].errors.keys() == {"username", "desa"}
    assert client.post(url, {**data, "desa": ["32.12.01.2001"]}).status_code == 200  # not a choice
    wrong_phone = client.post(url, {**data, "phone": "0812-ABCD"})
    assert wrong_phone.status_code == 200 and "phone" in wrong_phone.context["form"].errors
    response = client.post(url, data)
    worker = PillarWorker.objects.get(name="Rahmah")
    assert response.status_code == 302 and response["Location"] == reverse("pillars:worker", args=[worker.pk])
    assert worker.sk_end == dt.date(2026, 12, 31) and worker.user == field_user and worker.phone == "081234567890"
    assert assignment(field_user, "psm", world.desa_x).active


def test_new_worker_page_for_a_province_admin_chooses_the_kabupaten(world, personas, client_for):
    client = client_for(personas["province_admin"])
    page = client.get(reverse("pillars:worker_new"))
    assert [a.code for a in page.context["kabupaten"]] == ["11.06"]
    url = reverse("pillars:worker_new") + "?kabupaten=11.06"
    response = client.post(url, {"name": "Teuku", "pillar_type": "tksk", "kecamatan": ["11.06.01"]})
    assert response.status_code == 302
    assert PillarWorker.objects.get(name="Teuku").work_areas.get().area_id == "11.06.01"


def test_edit_page_changes_areas_and_deactivates_with_a_reason(world, personas, client_for, field_user):
    admin = personas["kab_admin"]
    worker = register(admin, world.desa_x, user=field_user)
    client = client_for(admin)
    url = reverse("pillars:worker_edit", args=[worker.pk])
    page = client.get(url)
    assert page.status_code == 200
    initial = page.context["form"].initial
    assert initial["desa"] == [world.desa_x.code] and initial["username"] == "rahmah" and initial["status"] == "active"
    data = {"name": "Rahmah", "pillar_type": "psm", "sk_number": "SK 12/2026", "phone": "081234567890",
            "username": "rahmah", "desa": [world.desa_y.code], "status": "active"}
    assert client.post(url, data).status_code == 302
    assert [wa.area_id for wa in worker.work_areas.all()] == [world.desa_y.code]
    assert not assignment(field_user, "psm", world.desa_x).active
    no_reason = client.post(url, {**data, "status": "inactive"})
    assert no_reason.status_code == 200 and "reason" in no_reason.context["form"].errors
    assert client.post(url, {**data, "status": "inactive", "reason": "Pindah tugas"}).status_code == 302
    worker.refresh_from_db()
    assert worker.status == WorkerStatus.INACTIVE and not assignment(field_user, "psm", world.desa_y).active
    same = client.post(url, {**data, "status": "inactive"}, follow=True)
    assert "Tidak ada perubahan." in same.content.decode()


def test_list_page_query_count_does_not_grow(world, personas, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:workers")
    for i in range(3):
        plant(f"Awal {i}", PillarType.PSM, world.desa_x, world.desa_y, user=personas["psm"])
    few = queries(client, url)
    for i in range(30):
        plant(f"Lanjut {i}", PillarType.TKSK, "11.06.07", world.desa_other_kec, user=personas["pkh_facilitator"])
    assert queries(client, url) == few
    assert len(client.get(url).context["page"]) == 33


# --- coverage gaps and workload -------------------------------------------------------------------------------

@pytest.fixture
def planted(world):
    """A PSM on desa X only, a TKSK on the whole kecamatan Darul Imarah (desa X and Y), nothing in Lhoong; an
    inactive PSM and an expired Pendamping PKH on desa Y, and a P3MD in Indramayu, none of which count here."""
    today = TODAY()
    return {
        "psm": plant("Ayu PSM", PillarType.PSM, world.desa_x),
        "tksk": plant("Cut TKSK", PillarType.TKSK, "11.06.07"),
        "inactive": plant("Evi Nonaktif", PillarType.PSM, world.desa_y, status=WorkerStatus.INACTIVE),
        "expired": plant("Fajar Lama", PillarType.PKH_FACILITATOR, world.desa_y,
                         sk_end=today - dt.timedelta(days=1)),
        "abroad": plant("Asep P3MD", PillarType.P3MD, world.desa_other_kab, home="32.12"),
    }


def test_coverage_gaps_counts(world, personas, planted, client_for):
    response = client_for(personas["kab_admin"]).get(reverse("pillars:coverage_gaps"), {"wilayah": "11.06"})
    assert response.status_code == 200
    report = response.context["report"]
    in_darul_imarah = Area.objects.filter(parent_id="11.06.07").count()
    in_lhoong = Area.objects.filter(parent_id="11.06.01").count()
    assert report.desa_total == in_darul_imarah + in_lhoong
    x, y, far = report.desa(world.desa_x.code), report.desa(world.desa_y.code), report.desa(world.desa_other_kec.code)
    assert [x.count(t) for t in activity.KEY_TYPES] == [1, 0, 1, 0]  # PSM, PKH, TKSK, P3MD
    assert [y.count(t) for t in activity.KEY_TYPES] == [0, 0, 1, 0]
    assert [far.count(t) for t in activity.KEY_TYPES] == [0, 0, 0, 0]
    assert x.households == 1 and y.households == 1 and far.households == 1
    groups = {g.kecamatan.code: g for g in report.groups}
    assert list(groups) == ["11.06.01", "11.06.07"]
    assert groups["11.06.07"].lacking == [in_darul_imarah - 1, in_darul_imarah, 0, in_darul_imarah]
    assert groups["11.06.01"].lacking == [in_lhoong] * 4
    assert report.lacking_of(PillarType.PSM) == in_darul_imarah - 1 + in_lhoong
    assert report.lacking_of(PillarType.TKSK) == in_lhoong
    html = response.content.decode()
    assert 'class="tag warn">0<' in html and "Cut TKSK" in html
    # One kecamatan only.
    one = client_for(personas["kab_admin"]).get(reverse("pillars:coverage_gaps"), {"wilayah": "11.06.07"})
    assert [g.kecamatan.code for g in one.context["report"].groups] == ["11.06.07"]
    assert one.context["report"].desa_total == in_darul_imarah


def test_overloaded_workers_sorted_and_flagged(world, personas, planted, client_for, monkeypatch):
    monkeypatch.setitem(activity.OVERLOAD_THRESHOLDS, PillarType.PSM, 2)
    pkh = plant("Budi PKH", PillarType.PKH_FACILITATOR, world.desa_y)
    for i in range(2):
        Household.objects.create(desa=world.desa_x, address=f"Dusun Baru {i}")
    Household.objects.create(desa=world.desa_x, address="Sudah pindah", status="pindah")  # not counted
    report = client_for(personas["kab_admin"]).get(reverse("pillars:coverage_gaps"),
                                                   {"wilayah": "11.06"}).context["report"]
    loads = [(load.worker.name, load.households, load.overloaded) for load in report.loads]
    # TKSK: desa X (3) + desa Y (1); PSM: desa X (3 > 2); PKH: desa Y (1).
    assert loads == [("Cut TKSK", 4, False), ("Ayu PSM", 3, True), ("Budi PKH", 1, False)]
    assert [load.worker for load in report.overloaded] == [planted["psm"]]
    assert pkh in [load.worker for load in report.loads]


def test_workload_counts_the_whole_of_a_worker_s_areas(world, personas, planted, client_for):
    """A worker covering desa in two kecamatan carries both, also on one kecamatan's page."""
    both = plant("Dua Kecamatan", PillarType.PSM, world.desa_x, world.desa_other_kec)
    report = client_for(personas["kab_admin"]).get(reverse("pillars:coverage_gaps"),
                                                   {"wilayah": "11.06.07"}).context["report"]
    assert next(load.households for load in report.loads if load.worker == both) == 2


def test_coverage_gaps_default_area_and_refusals(world, personas, planted, client_for, spv_aceh_besar):
    url = reverse("pillars:coverage_gaps")
    assert client_for(personas["kab_admin"]).get(url).context["area"].code == "11.06"
    assert client_for(personas["province_admin"]).get(url).context["area"].code == "11.06"
    assert client_for(spv_aceh_besar).get(url).status_code == 200
    client = client_for(personas["kab_admin"])
    for code in (world.desa_x.code, "11", "32.12", "32.12.01", "99.99", "<script>"):
        assert client.get(url, {"wilayah": code}).status_code == 404, code


def test_coverage_gaps_query_count_does_not_grow(world, personas, planted, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:coverage_gaps")
    few = queries(client, url, {"wilayah": "11.06"})
    for i in range(30):
        area = [world.desa_x, world.desa_y, "11.06.01", first_village("11.06.07", 3)][i % 4]
        plant(f"Petugas {i}", [PillarType.PSM, PillarType.TKSK, PillarType.P3MD][i % 3], area)
        Household.objects.create(desa=first_village("11.06.01", i % 3), address=f"Dusun {i}")
    assert queries(client, url, {"wilayah": "11.06"}) == few
    assert len(client.get(url, {"wilayah": "11.06"}).context["report"].loads) == 32


# --- area page ------------------------------------------------------------------------------------------------

def test_desa_page_lists_who_covers_it(world, personas, planted, client_for):
    response = client_for(personas["desa_operator"]).get(reverse("areas:detail", args=[world.desa_x.code]))
    assert [w.name for w in response.context["pillars"]] == ["Ayu PSM", "Cut TKSK"]
    html = response.content.decode()
    assert "Pilar yang bertugas" in html and "via kecamatan" in html and "SK/Ayu PSM" in html
    far = client_for(personas["kab_operator"]).get(reverse("areas:detail", args=[world.desa_other_kec.code]))
    assert far.context["pillars"] == [] and "Belum ada petugas pilar aktif" in far.content.decode()


def test_kecamatan_page_links_the_gaps_for_worker_viewers(world, personas, planted, client_for):
    url = reverse("areas:detail", args=["11.06.07"])
    admin = client_for(personas["kab_admin"]).get(url)
    in_darul_imarah = Area.objects.filter(parent_id="11.06.07").count()
    # Desa X and Y are covered (the TKSK covers the whole kecamatan), so every desa there is.
    assert admin.context["pillar_gaps"] == (0, in_darul_imarah)
    assert reverse("pillars:coverage_gaps") + "?wilayah=11.06.07" in admin.content.decode()
    lhoong = client_for(personas["kab_admin"]).get(reverse("areas:detail", args=["11.06.01"]))
    assert lhoong.context["pillar_gaps"] == (Area.objects.filter(parent_id="11.06.01").count(),) * 2
    operator = client_for(personas["kab_operator"]).get(url)
    assert operator.context["pillar_gaps"] is None and "pillar-gaps" not in operator.content.decode()


# --- activity -------------------------------------------------------------------------------------------------

def task(desa, *, status=TaskStatus.OPEN, due=None, done_days_ago=None, created_days_ago=0):
    made = operations.create_task(actor=None, kind=TaskKind.VERIFICATION, title="Verifikasi", desa=desa,
                                  due_date=due)
    now = timezone.now()
    Task.objects.filter(pk=made.pk).update(
        status=status, created_at=now - dt.timedelta(days=created_days_ago),
        done_at=None if done_days_ago is None else now - dt.timedelta(days=done_days_ago))
    return made


@pytest.fixture
def tasks(world, planted):
    """Two PSM on desa X (one task counts once for PSM), the TKSK on all of Darul Imarah, nobody in Lhoong."""
    second_psm = plant("Bunga PSM", PillarType.PSM, world.desa_x)
    yesterday, tomorrow = TODAY() - dt.timedelta(days=1), TODAY() + dt.timedelta(days=1)
    made = {
        "open_x": task(world.desa_x, due=tomorrow),  # PSM ×2, TKSK
        "late_x": task(world.desa_x, due=yesterday),  # PSM ×2, TKSK; overdue
        "done_y": task(world.desa_y, status=TaskStatus.DONE, done_days_ago=2),  # TKSK
        "old_done_x": task(world.desa_x, status=TaskStatus.DONE, done_days_ago=38, created_days_ago=45),
        "cancelled_x": task(world.desa_x, status=TaskStatus.CANCELLED, done_days_ago=1),
        "lonely": task(world.desa_other_kec, due=yesterday),  # nobody: the unassigned row
        "abroad": task(world.desa_other_kab),
    }
    visit = Visit.objects.create(household=world.home, desa=world.desa_x, visited_on=TODAY(),
                                 purpose=VisitPurpose.VERIFICATION, findings="Sesuai")
    visit.workers.add(planted["psm"], second_psm)
    return made


def test_activity_counts_by_type_and_kecamatan(world, personas, tasks, client_for):
    response = client_for(personas["kab_admin"]).get(reverse("pillars:activity"), {"wilayah": "11.06"})
    assert response.status_code == 200
    report = response.context["report"]
    assert [c.code for c in report.columns] == ["11.06.01", "11.06.07"]
    assert [r.key for r in report.rows] == [PillarType.TKSK, PillarType.PSM]  # in PillarType's order
    cell = report.cell
    assert (cell("psm", "11.06.07").done, cell("psm", "11.06.07").open, cell("psm", "11.06.07").overdue) == (0, 2, 1)
    assert cell("psm", "11.06.07").visits == 1
    assert (cell("tksk", "11.06.07").done, cell("tksk", "11.06.07").open, cell("tksk", "11.06.07").overdue) == (1, 2, 1)
    assert cell("tksk", "11.06.07").visits == 0
    assert cell("psm", "11.06.01") == activity.Cell()
    lonely = cell("", "11.06.01")
    assert (lonely.done, lonely.open, lonely.overdue) == (0, 1, 1)
    totals = {column.code: c for column, c in report.total.cells}
    assert (totals["11.06.07"].done, totals["11.06.07"].open, totals["11.06.07"].overdue,
            totals["11.06.07"].visits) == (1, 2, 1, 1)
    assert (report.total.total.done, report.total.total.open, report.total.total.overdue) == (1, 3, 2)
    assert "Belum ada petugas" in response.content.decode()


def test_activity_period(world, personas, tasks, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:activity")
    today = TODAY()
    old = {"wilayah": "11.06", "dari": f"{today - dt.timedelta(days=40):%d/%m/%Y}",
           "sampai": f"{today - dt.timedelta(days=35):%d/%m/%Y}"}
    report = client.get(url, old).context["report"]
    assert report.cell("psm", "11.06.07").done == 1 and report.cell("tksk", "11.06.07").done == 1
    # Only the task given 45 days ago was open by then, and it is done now: nothing open.
    assert report.total.total.open == 0 and report.total.total.done == 1
    default = client.get(url, {"wilayah": "11.06"}).context["report"]
    assert (default.start, default.end) == (today - dt.timedelta(days=29), today)
    for bad in ({"dari": "31/02/2026"}, {"dari": f"{today:%d/%m/%Y}", "sampai": f"{today - dt.timedelta(days=1):%d/%m/%Y}"},
                {"sampai": "kemarin"}):
        response = client.get(url, {"wilayah": "11.06", **bad})
        assert response.status_code == 200 and response.context["report"] is None
        assert 'role="alert"' in response.content.decode()


def test_activity_scope(world, personas, tasks, client_for, spv_indramayu):
    url = reverse("pillars:activity")
    operator = client_for(personas["kab_operator"]).get(url)  # operator-dinsos holds view_task over 11.06
    assert operator.status_code == 200 and operator.context["area"].code == "11.06"
    province = client_for(personas["province_admin"]).get(url).context["report"]
    assert [c.code for c in province.columns] == ["11.06"]  # a province's columns are its kabupaten
    assert province.cell("psm", "11.06").open == 2
    for persona in ("psm", "kecamatan_tksk", "desa_operator", "no_assignment"):
        assert client_for(personas[persona]).get(url).status_code == 404, persona
    indramayu = client_for(spv_indramayu)
    assert indramayu.get(url, {"wilayah": "11.06"}).status_code == 404
    assert indramayu.get(url, {"wilayah": "99.99"}).status_code == 404
    mine = indramayu.get(url).context["report"]
    assert mine.total.total.open == 1 and [r.key for r in mine.rows] == [PillarType.P3MD]  # Indramayu's only
    kecamatan = client_for(personas["kab_admin"]).get(url, {"wilayah": "11.06.07"}).context["report"]
    assert [c.code for c in kecamatan.columns] == [a.code for a in Area.objects.filter(parent_id="11.06.07")]
    assert kecamatan.cell("tksk", world.desa_y.code).done == 1


def test_activity_query_count_does_not_grow(world, personas, planted, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("pillars:activity")
    for i in range(3):
        task([world.desa_x, world.desa_y, world.desa_other_kec][i % 3], due=TODAY() - dt.timedelta(days=i))
    few = queries(client, url, {"wilayah": "11.06"})
    for i in range(27):
        task([world.desa_x, world.desa_y, world.desa_other_kec][i % 3], due=TODAY() - dt.timedelta(days=i),
             status=[TaskStatus.OPEN, TaskStatus.DONE][i % 2], done_days_ago=i % 20)
        visit = Visit.objects.create(household=world.home, desa=world.desa_x, visited_on=TODAY(),
                                     purpose=VisitPurpose.ASSISTANCE, findings="-")
        visit.workers.add(planted["psm"])
    assert queries(client, url, {"wilayah": "11.06"}) == few
    assert client.get(url, {"wilayah": "11.06"}).context["report"].total.total.open + \
        client.get(url, {"wilayah": "11.06"}).context["report"].total.total.done == 30


def test_level_constant_matches_areas():
    assert activity.CODE_LENGTH[Level.VILLAGE] == len("11.06.07.2001")


@pytest.mark.django_db
def test_desa_page_names_the_key_pillar_types_nobody_covers(world, personas, client_for):
    from sinergi.pillars.models import PillarWorker, WorkArea

    worker = PillarWorker.objects.create(name="Rahmah", pillar_type="psm", home_area_id="11.06")
    WorkArea.objects.create(worker=worker, area=world.desa_x)
    page = client_for(personas["kab_admin"]).get(reverse("areas:detail", args=[world.desa_x.code])).content.decode()
    missing = page.split('id="missing-pillars"')[1].split("</p>")[0]
    assert "Pendamping PKH" in missing and "TKSK" in missing and "PSM" not in missing
