"""Verification rounds and the field form: tasks to whoever covers the desa, proposals that wait for approval,
the visit recorded, and a form sent twice saved once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import Assignment, Role
from sinergi.audit.models import AuditEntry
from sinergi.pillars import verification
from sinergi.pillars.models import PillarWorker, Task, TaskKind, Verification, Visit, WorkArea
from sinergi.registry import operations as registry_operations
from sinergi.registry.models import ChangeRequest, Household, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(world, personas):
    """A TKSK covering kecamatan Darul Imarah (linked to the kecamatan_tksk persona), a PSM on desa X, and a
    supervisor of the kabupaten."""
    tksk = PillarWorker.objects.create(name="Teuku TKSK", pillar_type="tksk", user=personas["kecamatan_tksk"],
                                       home_area_id="11.06")
    WorkArea.objects.create(worker=tksk, area_id="11.06.07")
    psm = PillarWorker.objects.create(name="Rahmah PSM", pillar_type="psm", user=personas["psm"],
                                      home_area_id="11.06")
    WorkArea.objects.create(worker=psm, area=world.desa_x)
    supervisor = get_user_model().objects.create_user(username="kabid.linjamsos")
    Assignment.objects.create(user=supervisor, role=Role.objects.get(code="supervisor"), area_id="11.06")
    return {"tksk": tksk, "psm": psm, "supervisor": supervisor}


def _round(world, field, desa=None):
    verification.start_round(actor=field["supervisor"], title="Pemutakhiran DTKS 2026 tahap II",
                             desa_codes=desa or [world.desa_x.code, world.desa_y.code], source="round:test")
    return Task.objects.get(household=world.home, kind=TaskKind.VERIFICATION)


def test_round_creates_one_task_per_household_assigned_by_coverage(world, field):
    count = verification.start_round(actor=field["supervisor"], title="Pemutakhiran DTKS",
                                     desa_codes=[world.desa_x.code, world.desa_y.code], source="round:1")
    assert count == 2
    home_task = Task.objects.get(household=world.home)
    neighbour_task = Task.objects.get(household=world.neighbour)
    assert set(home_task.assignees.all()) == {field["tksk"], field["psm"]}
    assert set(neighbour_task.assignees.all()) == {field["tksk"]}  # no PSM on desa Y
    # Re-running the same round adds nothing; another kecamatan's household is never included.
    assert verification.start_round(actor=field["supervisor"], title="Pemutakhiran DTKS",
                                    desa_codes=[world.desa_x.code], source="round:1") == 0
    assert not Task.objects.filter(household=world.far).exists()


def test_round_needs_the_permission_over_every_desa(world, field, personas):
    with pytest.raises(PermissionDenied):
        verification.start_round(actor=personas["psm"], title="x", desa_codes=[world.desa_x.code])
    with pytest.raises(ValidationError):
        verification.start_round(actor=field["supervisor"], title=" ", desa_codes=[world.desa_x.code])
    with pytest.raises(ValidationError):
        verification.start_round(actor=field["supervisor"], title="x", desa_codes=["11.06.07"])  # a kecamatan


def _submit(task, actor, **kwargs):
    kwargs.setdefault("client_token", uuid.uuid4().hex)
    kwargs.setdefault("notes", "")
    return verification.submit_verification(actor=actor, task=task, **kwargs)


def test_confirmed_closes_the_task_and_records_the_visit(world, field, personas):
    task = _round(world, field)
    result = _submit(task, personas["psm"], outcome="sesuai", notes="Rumah dan anggota sesuai")
    task.refresh_from_db()
    assert task.status == "done" and task.outcome == "data-sesuai"
    visit = result.visit
    assert visit.household == world.home and list(visit.workers.all()) == [field["psm"]]
    assert visit.purpose == "verifikasi" and not result.change_requests.exists()
    assert AuditEntry.objects.filter(household_id=world.home.pk, object_type="pillars.visit").exists()


def test_changes_wait_for_the_supervisor_then_reach_the_registry_with_history(world, field, personas):
    task = _round(world, field)
    head = world.head
    result = _submit(task, personas["kecamatan_tksk"], outcome="berubah", notes="Sudah punya motor, pindah lorong",
                     household_changes={"address": "Lorong Teratai", "has_motorcycle": True},
                     person_changes={head.pk: {"birth_date": dt.date(1975, 8, 21)}})
    assert Household.objects.get(pk=world.home.pk).address == "Dusun Mesjid"  # untouched until approved
    requests = list(result.change_requests.order_by("pk"))
    assert [r.changes for r in requests] == [{"address": "Lorong Teratai", "has_motorcycle": True},
                                             {"birth_date": "1975-08-21"}]
    assert all(r.source == f"verification:{task.pk}" for r in requests)
    for request in requests:
        registry_operations.decide_change(actor=field["supervisor"], request=request, approve=True)
    home = Household.objects.get(pk=world.home.pk)
    assert home.address == "Lorong Teratai" and home.has_motorcycle
    assert Person.objects.get(pk=head.pk).birth_date == dt.date(1975, 8, 21)
    history = AuditEntry.objects.filter(household_id=home.pk, action="update", source=f"verification:{task.pk}")
    assert history.count() == 2


def test_changed_without_changes_is_refused(world, field, personas):
    task = _round(world, field)
    with pytest.raises(ValidationError) as exc:
        _submit(task, personas["psm"], outcome="berubah", household_changes={"address": world.home.address})
    assert "tidak ada data yang diubah" in str(exc.value)
    assert Task.objects.get(pk=task.pk).status == "open" and not Visit.objects.exists()


def test_died_proposes_the_members_status(world, field, personas):
    task = _round(world, field)
    with pytest.raises(ValidationError):
        _submit(task, personas["psm"], outcome="meninggal")  # who died?
    result = _submit(task, personas["psm"], outcome="meninggal", deceased=[world.head.pk], notes="Wafat Juli")
    request = result.change_requests.get()
    assert request.person_id == world.head.pk and request.changes == {"status": "meninggal"}
    assert Task.objects.get(pk=task.pk).outcome == "meninggal"


def test_moved_proposes_the_household_status(world, field, personas):
    task = _round(world, field)
    result = _submit(task, personas["psm"], outcome="pindah", notes="Pindah ke Medan")
    assert result.change_requests.get().changes == {"status": "pindah"}


def test_the_same_form_sent_twice_is_saved_once(world, field, personas):
    task = _round(world, field)
    token = uuid.uuid4().hex
    first = _submit(task, personas["psm"], outcome="sesuai", client_token=token)
    again = _submit(Task.objects.get(pk=task.pk), personas["psm"], outcome="sesuai", client_token=token)
    assert again.pk == first.pk and Visit.objects.count() == 1
    with pytest.raises(ValidationError):  # a new form on a closed task
        _submit(Task.objects.get(pk=task.pk), personas["psm"], outcome="sesuai")


def test_only_assignees_and_supervisors_verify(world, field, personas):
    task = _round(world, field)
    with pytest.raises(PermissionDenied):
        _submit(task, personas["pkh_facilitator"], outcome="sesuai")  # sees desa X, not assigned
    result = _submit(task, field["supervisor"], outcome="sesuai")  # pillars.change_task over the kabupaten
    assert result.submitted_by == field["supervisor"]


def test_visit_date_cannot_be_in_the_future(world, field, personas):
    task = _round(world, field)
    with pytest.raises(ValidationError):
        _submit(task, personas["psm"], outcome="sesuai", visited_on=timezone.localdate() + dt.timedelta(days=1))


# --------------------------------------------------------------------------------------------------- pages


def test_field_form_through_the_page(world, field, personas, client_for):
    task = _round(world, field)
    client = client_for(personas["psm"])
    page = client.get(reverse("pillars:verify", args=[task.pk]))
    assert page.status_code == 200 and 'data-draft-key="sinergi-draft:verify:' in page.content.decode()
    assert world.head.nik not in page.content.decode()
    token = page.context["form"].initial["client_token"]
    data = {"outcome": "berubah", "notes": "Alamat baru", "visited_on": timezone.localdate().strftime("%d/%m/%Y"),
            "client_token": token, "lat": "5.512345", "lng": "95.312345", "accuracy": "12"}
    form = page.context["form"]
    for name in form.fields:  # send every field as the page shows it, then change one
        if name.startswith(("kk-", "p")) and name not in data:
            value = form.initial.get(name)
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
            elif isinstance(value, dt.date):
                data[name] = value.strftime("%d/%m/%Y")
            elif value is not None:
                data[name] = value
    data["kk-address"] = "Lorong Seulanga"
    response = client.post(reverse("pillars:verify", args=[task.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    verification_ = Verification.objects.get(task=task)
    assert [r.changes for r in verification_.change_requests.all()] == [{"address": "Lorong Seulanga"}]
    assert str(verification_.visit.lat) == "5.512345" and verification_.visit.gps_accuracy_m == 12
    # Sent again (the answer was lost): back to the task, nothing new.
    again = client.post(reverse("pillars:verify", args=[task.pk]), data)
    assert again.status_code == 302 and Verification.objects.count() == 1 and ChangeRequest.objects.count() == 1


def test_field_form_errors_come_back_on_the_form(world, field, personas, client_for):
    task = _round(world, field)
    response = client_for(personas["psm"]).post(reverse("pillars:verify", args=[task.pk]), {
        "outcome": "meninggal", "visited_on": "31/02/2026", "client_token": "x" * 10})
    assert response.status_code == 400 and "error" in response.content.decode()


def test_field_form_is_404_for_others(world, field, personas, client_for):
    task = _round(world, field)
    assert client_for(personas["pkh_facilitator"]).get(reverse("pillars:verify", args=[task.pk])).status_code == 404
    assert client_for(personas["slrt_desk"]).get(reverse("pillars:verify", args=[task.pk])).status_code == 404


def test_psm_of_desa_x_cannot_see_desa_y_tasks_or_households(world, field, personas, client_for):
    verification.start_round(actor=field["supervisor"], title="Putaran", desa_codes=[world.desa_y.code])
    other = Task.objects.get(household=world.neighbour)
    client = client_for(personas["psm"])
    assert client.get(reverse("pillars:task", args=[other.pk])).status_code == 404
    assert client.get(reverse("pillars:verify", args=[other.pk])).status_code == 404
    assert client.get(reverse("registry:household", args=[world.neighbour.pk])).status_code == 404
    assert "Putaran" not in client.get(reverse("pillars:tasks")).content.decode()


def test_round_page(world, field, client_for, personas):
    client = client_for(field["supervisor"])
    page = client.get(reverse("pillars:verification_round"))
    assert page.status_code == 200 and world.desa_x.name in page.content.decode()
    response = client.post(reverse("pillars:verification_round"), {"title": "Verivali BLT-DD",
                                                                   "desa": [world.desa_x.code]})
    assert response.status_code == 302 and Task.objects.filter(title="Verivali BLT-DD").count() == 1
    assert client_for(personas["psm"]).get(reverse("pillars:verification_round")).status_code == 404


def test_an_approved_village_meeting_sends_its_proposals_to_the_field(world, field, personas):
    from sinergi.pillars import meetings

    meeting = meetings.create_meeting(actor=personas["psm"], kind="musdes", title="Musdes Ujong Blang",
                                      area=world.desa_x, held_on=timezone.localdate())
    meetings.add_participant(actor=personas["psm"], meeting=meeting, worker=field["psm"], attended=True)
    meetings.discuss_household(actor=personas["psm"], meeting=meeting, household=world.home, decision="tambah",
                               reason="Kepala keluarga kehilangan pekerjaan")
    meetings.submit_for_approval(actor=personas["psm"], meeting=meeting)
    assert not Task.objects.filter(source=f"musdes:{meeting.pk}").exists()
    meetings.decide_meeting(actor=field["supervisor"], meeting=meeting, approve=True)
    task = Task.objects.get(source=f"musdes:{meeting.pk}")
    assert task.household == world.home and task.kind == TaskKind.VERIFICATION
    assert set(task.assignees.all()) == {field["tksk"], field["psm"]}
