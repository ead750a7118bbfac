"""Pillars: who covers a desa, tasks sent to them, their outcome on the household page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts import scoping
from sinergi.accounts.models import Role
from sinergi.areas.models import Area
from sinergi.audit.models import Action, AuditEntry
from sinergi.pillars import operations
from sinergi.pillars.coverage import coverage_of, workers_covering
from sinergi.pillars.models import (
    Outcome,
    PillarType,
    PillarWorker,
    Task,
    TaskKind,
    TaskStatus,
    WorkArea,
    WorkerStatus,
)
from sinergi.pillars.signals import task_closed
from tests.conftest import first_village

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate  # the app's "today" (Asia/Jakarta), not the machine's


def make_worker(name, pillar_type, *areas, user=None, **extra) -> PillarWorker:
    worker = PillarWorker.objects.create(name=name, pillar_type=pillar_type, home_area_id="11.06",
                                         phone="0812-0000-0000", sk_number=f"SK/{name}", user=user, **extra)
    for area in areas:
        WorkArea.objects.create(worker=worker, area_id=area if isinstance(area, str) else area.code)
    return worker


@dataclass
class Workers:
    psm_x: PillarWorker  # PSM of desa X, linked to the "psm" persona
    pkh: PillarWorker  # Pendamping PKH of desa X and Y, linked to "pkh_facilitator"
    tksk: PillarWorker  # TKSK of the whole kecamatan Darul Imarah, linked to "kecamatan_tksk"
    psm_far: PillarWorker  # PSM in Lhoong (another kecamatan)
    inactive: PillarWorker
    expired: PillarWorker
    not_yet: PillarWorker


@pytest.fixture
def workers(world, personas):
    today = TODAY()
    return Workers(
        psm_x=make_worker("Ayu PSM", PillarType.PSM, world.desa_x, user=personas["psm"]),
        pkh=make_worker("Budi PKH", PillarType.PKH_FACILITATOR, world.desa_x, world.desa_y,
                        user=personas["pkh_facilitator"]),
        tksk=make_worker("Cut TKSK", PillarType.TKSK, "11.06.07", user=personas["kecamatan_tksk"],
                         sk_start=today - dt.timedelta(days=300), sk_end=today + dt.timedelta(days=60)),
        psm_far=make_worker("Dedi PSM", PillarType.PSM, world.desa_other_kec),
        inactive=make_worker("Evi Nonaktif", PillarType.PSM, world.desa_x, status=WorkerStatus.INACTIVE),
        expired=make_worker("Fajar Lama", PillarType.PSM, world.desa_x,
                            sk_start=today - dt.timedelta(days=400), sk_end=today - dt.timedelta(days=1)),
        not_yet=make_worker("Gita Baru", PillarType.TAGANA, "11.06.07", sk_start=today + dt.timedelta(days=5)),
    )


def grant(role_code: str, *perms: str) -> None:
    role = Role.objects.get(code=role_code)
    for perm in perms:
        app_label, codename = perm.split(".")
        role.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def user_with(username: str, area_code: str, *perms: str):
    """A user whose only role is made here with exactly ``perms``, so the test does not depend on what the
    default roles grant."""
    from django.contrib.auth import get_user_model

    from sinergi.accounts.models import Assignment

    role = Role.objects.create(code=f"uji-{username}", name=username, usual_level=2)
    for perm in perms:
        app_label, codename = perm.split(".")
        role.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = get_user_model().objects.create_user(username=username, password="x")
    Assignment.objects.create(user=user, role=role, area_id=area_code)
    return user


@pytest.fixture
def registry_only(world):
    """Sees every household of Aceh Besar, holds no task permission."""
    return user_with("registry_only", "11.06", scoping.VIEW_REGISTRY)


@pytest.fixture
def supervisor(personas):
    """kab_admin (admin-kabupaten over Aceh Besar) given the task permissions, as the default roles will."""
    grant("admin-kabupaten", "pillars.view_task", "pillars.change_task")
    user = personas["kab_admin"]
    scoping.forget(user)
    return user


def new_task(world, desa=None, **extra) -> Task:
    fields = dict(actor=None, kind=TaskKind.REFERRAL_FOLLOW_UP, title="Tindak lanjut rujukan #12",
                  desa=desa or world.desa_x, household=world.home, person=world.head, source="referral:12",
                  source_url="/rujukan/12/", due_date=TODAY() + dt.timedelta(days=7))
    fields.update(extra)
    if desa is not None and "household" not in extra:
        fields.update(household=None, person=None)
    return operations.create_task(**fields)


# --- coverage -------------------------------------------------------------------------------------------------

def test_desa_is_covered_by_its_own_workers_and_its_kecamatan_workers(world, workers):
    assert list(workers_covering(world.desa_x)) == [workers.pkh, workers.psm_x, workers.tksk]
    assert list(workers_covering(world.desa_y.code)) == [workers.pkh, workers.tksk]
    assert list(workers_covering(world.desa_other_kec)) == [workers.psm_far]
    via = {w.pk: w.via_desa for w in workers_covering(world.desa_x)}
    assert via == {workers.pkh.pk: True, workers.psm_x.pk: True, workers.tksk.pk: False}


def test_inactive_and_out_of_sk_period_workers_are_excluded(world, workers):
    covering = set(workers_covering(world.desa_x))
    assert not covering & {workers.inactive, workers.expired, workers.not_yet}
    # On a day inside their SK periods, the expired and the future worker do cover the desa.
    assert workers.expired in workers_covering(world.desa_x, on=TODAY() - dt.timedelta(days=10))
    assert workers.not_yet in workers_covering(world.desa_x, on=TODAY() + dt.timedelta(days=10))
    assert workers.tksk not in workers_covering(world.desa_x, on=TODAY() + dt.timedelta(days=61))
    assert not workers.inactive.is_active_on(TODAY())
    assert not workers.expired.is_active_on(TODAY())
    assert workers.tksk.is_active_on(TODAY())


def test_type_filter(world, workers):
    assert list(workers_covering(world.desa_x, types=[PillarType.TKSK])) == [workers.tksk]
    assert list(workers_covering(world.desa_x, types="psm")) == [workers.psm_x]
    assert list(workers_covering(world.desa_x, types=["psm", "pendamping-pkh"])) == [workers.pkh, workers.psm_x]
    with pytest.raises(ValueError):
        workers_covering(world.desa_x, types=["kepala-desa"])
    with pytest.raises(ValueError):
        workers_covering("11.06.07")


def test_worker_with_desa_and_its_kecamatan_is_listed_once(world, workers):
    WorkArea.objects.create(worker=workers.psm_x, area_id="11.06.07")
    assert list(workers_covering(world.desa_x)).count(workers.psm_x) == 1
    assert coverage_of([world.desa_x.code])[world.desa_x.code].count(workers.psm_x) == 1


def test_coverage_of_many_desa_is_one_query(world, workers, django_assert_num_queries):
    uncovered = first_village("32.12.01")
    codes = [world.desa_x.code, world.desa_y.code, world.desa_other_kec.code, uncovered.code]
    with django_assert_num_queries(1):
        result = coverage_of(codes)
    assert result[world.desa_x.code] == [workers.pkh, workers.psm_x, workers.tksk]
    assert result[world.desa_y.code] == [workers.pkh, workers.tksk]
    assert result[world.desa_other_kec.code] == [workers.psm_far]
    assert result[uncovered.code] == []
    assert coverage_of([world.desa_x.code], types=["tksk"]) == {world.desa_x.code: [workers.tksk]}


# --- creating tasks -------------------------------------------------------------------------------------------

def test_create_task_assigns_every_covering_worker_and_none_from_elsewhere(world, workers):
    task = new_task(world)
    assert set(task.assignees.all()) == {workers.psm_x, workers.pkh, workers.tksk}
    assert task.status == TaskStatus.OPEN and not task.unassigned and not task.overdue
    entry = AuditEntry.objects.get(object_type="pillars.task", object_id=str(task.pk))
    assert entry.action == Action.CREATE and entry.household_id == world.home.pk
    assert entry.area_code == world.desa_x.code and entry.source == "referral:12"
    assert sorted(entry.changes["assignees"][1]) == sorted(str(w.pk) for w in (workers.psm_x, workers.pkh,
                                                                                workers.tksk))


def test_create_task_with_assignee_types(world, workers):
    task = new_task(world, assignee_types=["psm"])
    assert list(task.assignees.all()) == [workers.psm_x]


def test_task_in_an_uncovered_desa_is_created_unassigned_and_visible_to_supervisors(world, workers, personas,
                                                                                    supervisor):
    lonely = first_village("11.06.01", 1)
    task = new_task(world, desa=lonely)
    assert task.unassigned
    assert Task.objects.for_user(supervisor).filter(pk=task.pk).exists()
    assert not Task.objects.for_user(personas["kecamatan_tksk"]).filter(pk=task.pk).exists()


def test_create_task_validates(world, workers):
    with pytest.raises(ValidationError):
        new_task(world, desa=Area.objects.get(code="11.06.07"))
    with pytest.raises(ValidationError):
        new_task(world, household=world.neighbour, person=world.head)
    with pytest.raises(ValidationError):
        new_task(world, source_url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        new_task(world, kind="survei")
    with pytest.raises(ValidationError):
        new_task(world, title="  ")
    with pytest.raises(ValidationError):
        new_task(world, assignee_types=["kepala-desa"])
    assert not Task.objects.exists()


def test_person_alone_brings_their_household(world, workers):
    task = new_task(world, household=None)
    assert task.household_id == world.home.pk


# --- who sees which task --------------------------------------------------------------------------------------

def test_for_user_is_own_tasks_plus_scope_and_fails_closed(world, workers, personas, supervisor, registry_only):
    in_x = new_task(world)
    in_y = new_task(world, desa=world.desa_y)
    far = new_task(world, desa=world.desa_other_kec)

    def seen(user):
        return set(Task.objects.for_user(user))

    assert seen(personas["psm"]) == {in_x}
    assert seen(personas["pkh_facilitator"]) == {in_x, in_y}
    assert seen(personas["kecamatan_tksk"]) == {in_x, in_y}
    assert seen(supervisor) == {in_x, in_y, far}
    assert seen(personas["no_assignment"]) == set()
    assert seen(registry_only) == set()  # registry rights alone do not show tasks
    assert Task.objects.for_user(None).count() == 0
    # One row per task, however many of the user's workers are on it.
    make_worker("Ayu Tagana", PillarType.TAGANA, world.desa_x, user=personas["psm"])
    again = new_task(world)
    assert Task.objects.for_user(personas["psm"]).filter(pk=again.pk).count() == 1


# --- reassigning ----------------------------------------------------------------------------------------------

def test_reassign_needs_change_task_over_the_desa(world, workers, personas, registry_only):
    task = new_task(world)
    viewer = user_with("task_viewer", "11.06", "pillars.view_task")
    for user in (personas["psm"], registry_only, viewer):
        with pytest.raises(PermissionDenied):
            operations.reassign_task(actor=user, task=task, workers=[workers.psm_x])
    kecamatan_supervisor = user_with("kec_supervisor", "11.06.07", "pillars.change_task")
    operations.reassign_task(actor=kecamatan_supervisor, task=task, workers=[workers.psm_x])
    with pytest.raises(PermissionDenied):  # Darul Imarah's supervisor does not supervise Lhoong
        operations.reassign_task(actor=kecamatan_supervisor, task=new_task(world, desa=world.desa_other_kec),
                                 workers=[workers.psm_far])


def test_reassign_records_old_and_new_assignees(world, workers, supervisor):
    task = new_task(world)
    old = sorted(str(w.pk) for w in task.assignees.all())
    task = operations.reassign_task(actor=supervisor, task=task, workers=[workers.psm_far])
    assert list(task.assignees.all()) == [workers.psm_far]
    entry = AuditEntry.objects.filter(object_type="pillars.task", action=Action.UPDATE).get()
    assert entry.changes["assignees"] == [old, [str(workers.psm_far.pk)]]
    assert entry.actor == supervisor and entry.household_id == world.home.pk
    operations.reassign_task(actor=supervisor, task=task, workers=[workers.psm_far])  # same set: no entry
    assert AuditEntry.objects.filter(object_type="pillars.task", action=Action.UPDATE).count() == 1


def test_reassign_refuses_inactive_workers_empty_lists_and_closed_tasks(world, workers, supervisor):
    task = new_task(world)
    with pytest.raises(ValidationError):
        operations.reassign_task(actor=supervisor, task=task, workers=[workers.expired])
    with pytest.raises(ValidationError):
        operations.reassign_task(actor=supervisor, task=task, workers=[])
    operations.complete_task(actor=supervisor, task=task, outcome=Outcome.SERVED)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        operations.reassign_task(actor=supervisor, task=task, workers=[workers.psm_x])


# --- completing and cancelling --------------------------------------------------------------------------------

def test_assignee_completes_and_a_second_completion_is_refused(world, workers, personas):
    task = new_task(world)
    psm = personas["psm"]
    done = operations.complete_task(actor=psm, task=task, outcome=Outcome.SERVED, note="Sudah dapat PBI-JK")
    assert done.status == TaskStatus.DONE and done.outcome == Outcome.SERVED
    assert done.done_by == psm and done.done_at is not None
    entry = AuditEntry.objects.get(object_type="pillars.task", action=Action.UPDATE)
    assert entry.household_id == world.home.pk
    assert entry.changes["status"] == ["open", "done"] and entry.changes["outcome"] == ["", "terlayani"]
    assert AuditEntry.objects.history_of_household(world.home.pk).filter(object_type="pillars.task").count() == 2
    with pytest.raises(ValidationError, match="Tugas ini sudah ditutup."):
        operations.complete_task(actor=psm, task=task, outcome=Outcome.DECEASED)
    task.refresh_from_db()
    assert task.outcome == Outcome.SERVED and task.outcome_note == "Sudah dapat PBI-JK"
    assert AuditEntry.objects.filter(object_type="pillars.task", action=Action.UPDATE).count() == 1


def test_non_assignee_without_permission_cannot_complete(world, workers, personas, registry_only):
    task = new_task(world, desa=world.desa_y)  # PKH and TKSK, not the PSM of desa X
    viewer = user_with("task_viewer", "11.06", "pillars.view_task")
    for user in (personas["psm"], registry_only, viewer):
        with pytest.raises(PermissionDenied):
            operations.complete_task(actor=user, task=task, outcome=Outcome.DATA_CONFIRMED)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_supervisor_completes_and_outcome_is_validated(world, workers, supervisor):
    task = new_task(world, desa=world.desa_y)
    with pytest.raises(ValidationError):
        operations.complete_task(actor=supervisor, task=task, outcome="hilang")
    with pytest.raises(ValidationError):
        operations.complete_task(actor=supervisor, task=task, outcome=Outcome.OTHER, note=" ")
    done = operations.complete_task(actor=supervisor, task=task, outcome=Outcome.OTHER, note="Dirujuk ke RS")
    assert done.outcome_note == "Dirujuk ke RS"


def test_closing_sends_task_closed(world, workers, personas):
    received = []

    def receiver(sender, task, actor, **kwargs):
        received.append((task.source, task.status, actor))

    task_closed.connect(receiver)
    try:
        operations.complete_task(actor=personas["psm"], task=new_task(world), outcome=Outcome.MOVED)
    finally:
        task_closed.disconnect(receiver)
    assert received == [("referral:12", TaskStatus.DONE, personas["psm"])]


def test_cancel_is_for_supervisors_with_a_reason(world, workers, personas, supervisor):
    task = new_task(world)
    with pytest.raises(PermissionDenied):
        operations.cancel_task(actor=personas["psm"], task=task, reason="Ganda")
    with pytest.raises(ValidationError):
        operations.cancel_task(actor=supervisor, task=task, reason="  ")
    cancelled = operations.cancel_task(actor=supervisor, task=task, reason="Rujukan ganda")
    assert cancelled.status == TaskStatus.CANCELLED and cancelled.outcome_note == "Rujukan ganda"
    with pytest.raises(ValidationError):
        operations.complete_task(actor=personas["psm"], task=task, outcome=Outcome.SERVED)


def test_overdue(world, workers):
    late = new_task(world, due_date=TODAY() - dt.timedelta(days=1))
    assert late.overdue
    late.status = TaskStatus.DONE
    assert not late.overdue


# --- household page -------------------------------------------------------------------------------------------

def test_household_section_shows_the_outcome(world, workers, personas, client_for, registry_only):
    client = client_for(registry_only)
    url = reverse("registry:household", args=[world.home.pk])
    keys = [section.key for section, ctx in client.get(url).context["sections"]]
    assert "pillar_tasks" not in keys  # no task yet: no section
    task = new_task(world)
    operations.complete_task(actor=personas["psm"], task=task, outcome=Outcome.SERVED,
                             note="Sudah menerima BPNT")
    response = client.get(url)
    html = response.content.decode()
    assert "Tugas pilar dan hasil tindak lanjut" in html
    assert "Sudah terlayani" in html and "Sudah menerima BPNT" in html and "Ayu PSM" in html
    # Without task scope the outcome is shown, the task page is not linked.
    assert reverse("pillars:task", args=[task.pk]) not in html
    assert reverse("pillars:task", args=[task.pk]) in client_for(personas["psm"]).get(url).content.decode()


# --- pages ----------------------------------------------------------------------------------------------------

def test_worker_sees_their_task_list_and_detail(world, workers, personas, client_for):
    mine = new_task(world, title="Kunjungi keluarga Nasir")
    other = new_task(world, desa=world.desa_y, title="Verifikasi Nurhayati")
    client = client_for(personas["psm"])
    page = client.get(reverse("pillars:tasks"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kunjungi keluarga Nasir" in html and "Verifikasi Nurhayati" not in html
    detail = client.get(reverse("pillars:task", args=[mine.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Teuku Muhammad Nasir" in html and "0812-0000-0000" in html and "/rujukan/12/" in html
    assert detail.context["complete_form"] is not None and detail.context["reassign_form"] is None
    assert AuditEntry.objects.filter(action=Action.VIEW, object_type="pillars.task", object_id=str(mine.pk),
                                     actor=personas["psm"]).exists()
    assert client.get(reverse("pillars:task", args=[other.pk])).status_code == 404
    assert client.get(reverse("pillars:task", args=[999999])).status_code == 404


def test_list_filters_and_order(world, workers, personas, client_for):
    later = new_task(world, title="Nanti", due_date=TODAY() + dt.timedelta(days=20))
    sooner = new_task(world, title="Segera", due_date=TODAY() - dt.timedelta(days=2))
    visit = new_task(world, title="Kunjungan rumah", kind=TaskKind.VISIT, due_date=None)
    closed = new_task(world, title="Sudah beres")
    operations.complete_task(actor=None, task=closed, outcome=Outcome.DATA_CONFIRMED)
    client = client_for(personas["psm"])
    url = reverse("pillars:tasks")
    assert list(client.get(url).context["page"]) == [sooner, later, visit]
    assert "terlambat" in client.get(url).content.decode()
    assert list(client.get(url, {"status": "done"}).context["page"]) == [closed]
    assert list(client.get(url, {"status": "all"}).context["page"]) == [sooner, later, visit, closed]
    assert list(client.get(url, {"kind": "kunjungan"}).context["page"]) == [visit]
    assert list(client.get(url, {"status": "rubbish"}).context["page"]) == [sooner, later, visit]


def test_complete_through_the_view(world, workers, personas, client_for):
    task = new_task(world)
    client = client_for(personas["psm"])
    url = reverse("pillars:complete", args=[task.pk])
    response = client.post(url, {"outcome": Outcome.NOT_FOUND, "note": "Rumah kosong"})
    assert response.status_code == 302 and response["Location"] == reverse("pillars:task", args=[task.pk])
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.outcome == Outcome.NOT_FOUND
    again = client.post(url, {"outcome": Outcome.SERVED}, follow=True)
    assert again.status_code == 200 and "Tugas ini sudah ditutup." in again.content.decode()
    assert client.get(url).status_code == 405
    bad = client_for(personas["psm"]).post(reverse("pillars:complete", args=[new_task(world).pk]),
                                          {"outcome": "hilang"}, follow=True)
    assert bad.status_code == 200 and list(bad.context["messages"])


def test_complete_view_is_404_for_a_viewer_who_may_not_complete(world, workers, personas, client_for):
    task = new_task(world)
    # Sees the tasks of desa X, is nobody's worker, supervises nothing.
    client = client_for(user_with("task_viewer", world.desa_x.code, "pillars.view_task"))
    assert client.get(reverse("pillars:task", args=[task.pk])).context["complete_form"] is None
    response = client.post(reverse("pillars:complete", args=[task.pk]), {"outcome": Outcome.SERVED})
    assert response.status_code == 404
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_reassign_view(world, workers, personas, client_for, supervisor):
    task = new_task(world)
    client = client_for(supervisor)
    page = client.get(reverse("pillars:task", args=[task.pk]))
    choices = {c.data["value"].value: c.data["selected"] for c in page.context["reassign_form"]["workers"]}
    assert choices == {workers.psm_x.pk: True, workers.pkh.pk: True, workers.tksk.pk: True}
    url = reverse("pillars:reassign", args=[task.pk])
    assert client.post(url, {"workers": [workers.tksk.pk]}).status_code == 302
    assert list(Task.objects.get(pk=task.pk).assignees.all()) == [workers.tksk]
    # A worker from another kecamatan is not on the form's list: refused, nothing changes.
    refused = client.post(url, {"workers": [workers.psm_far.pk]}, follow=True)
    assert refused.status_code == 200 and list(refused.context["messages"])
    assert list(Task.objects.get(pk=task.pk).assignees.all()) == [workers.tksk]
    # An assignee may see and complete, not reassign.
    assert client_for(personas["kecamatan_tksk"]).post(url, {"workers": [workers.pkh.pk]}).status_code == 404


def test_list_page_query_count_does_not_grow(world, workers, personas, client_for):
    client = client_for(personas["pkh_facilitator"])
    url = reverse("pillars:tasks")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"status": "all"})
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page"])

    for i in range(3):
        new_task(world, title=f"Tugas {i}", desa=world.desa_x if i % 2 else world.desa_y)
    few, shown = count()
    assert shown == 3
    for i in range(3, 20):
        task = new_task(world, title=f"Tugas {i}", desa=world.desa_x if i % 2 else world.desa_y)
        if i % 3 == 0:
            operations.complete_task(actor=None, task=task, outcome=Outcome.DATA_CHANGED)
    many, shown = count()
    assert shown == 20
    assert many == few


def test_coverage_page(world, workers, personas, client_for):
    client = client_for(personas["psm"])
    response = client.get(reverse("pillars:coverage", args=[world.desa_x.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Siapa yang bertugas di desa ini" in html
    for worker in (workers.psm_x, workers.pkh, workers.tksk):
        assert worker.name in html and worker.sk_number in html
    assert workers.expired.name not in html and workers.psm_far.name not in html
    assert "seluruh kecamatan" in html and "0812-0000-0000" in html
    assert client.get(reverse("pillars:coverage", args=[world.desa_y.code])).status_code == 404
    assert client.get(reverse("pillars:coverage", args=["99.99.99.9999"])).status_code == 404
    kab = client_for(personas["kab_operator"])
    assert kab.get(reverse("pillars:coverage", args=["11.06.07"])).status_code == 404  # a kecamatan, not a desa
    assert kab.get(reverse("pillars:coverage", args=[world.desa_other_kec.code])).status_code == 200


def test_pages_need_login(world, client_for):
    anonymous = client_for(None)
    assert anonymous.get(reverse("pillars:tasks")).status_code == 302
    assert anonymous.get(reverse("pillars:coverage", args=[world.desa_x.code])).status_code == 302


def test_done_at_is_set_now(world, workers):
    task = operations.complete_task(actor=None, task=new_task(world), outcome=Outcome.SERVED)
    assert abs((timezone.now() - task.done_at).total_seconds()) < 60 and task.done_by is None
