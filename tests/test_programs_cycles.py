"""Cycles, enrolment and distributions as domain operations: the frozen snapshot, copying a list, enrolling from an
imported list or from the eligibility rules, payments planned, disbursed and returned, and who may do it."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sinergi.accounts.models import Assignment, Role
from sinergi.areas.models import Area, Level
from sinergi.audit.models import AuditEntry
from sinergi.core import jobs
from sinergi.core.nik import make_kk, make_nik
from sinergi.programs import operations, tasks_enrolment
from sinergi.programs.models import (
    Cycle,
    CycleState,
    Distribution,
    DistributionState,
    Enrolment,
    EnrolmentStatus,
    PmtModel,
    Program,
    WelfareScore,
)
from sinergi.registry.models import Household
from tests.conftest import make_household
from tests.importing import DATABASES, check, commit, import_file, receive

pytestmark = pytest.mark.django_db(databases=DATABASES)

T1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
T2 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))


def score(household, desil: int) -> None:
    model, _created = PmtModel.objects.get_or_create(version="uji-siklus", defaults={"name": "Model uji"})
    WelfareScore.objects.update_or_create(household=household, defaults={
        "model": model, "score": float(desil), "desil": desil, "desil_province": desil,
        "computed_at": timezone.now()})


def new_cycle(program: str, code: str = "2026-T1", dates=T1, regency: str = "11.06", **kwargs) -> Cycle:
    return operations.create_cycle(actor=None, program=Program.objects.get(code=program),
                                   regency=Area.objects.get(code=regency), code=code, starts_on=dates[0],
                                   ends_on=dates[1], **kwargs)


def household(desa, serial: int, *, occupation: str = "Petani", **fields) -> Household:
    born = dt.date(1980, 1, 1)
    home, _people = make_household(desa, no_kk=make_kk(kecamatan_code="11.06.07", issued=dt.date(2016, 1, 1),
                                                       serial=200 + serial),
                                   address=f"Dusun Uji {serial}", members=[
        dict(nik=make_nik(kecamatan_code="11.06.07", birth_date=born, sex="L", serial=200 + serial),
             name=f"Kepala Uji {serial}", sex="L", birth_date=born, relation="1", occupation=occupation)])
    if fields:
        Household.objects.filter(pk=home.pk).update(**fields)
        home.refresh_from_db()
    return home


@pytest.fixture
def planted(world):
    """Households of Aceh Besar with their desil: three eligible for Sembako, three left out for a reason."""
    score(world.home, 2)
    score(world.neighbour, 1)
    score(world.far, 3)
    score(world.abroad, 1)  # another kabupaten: never on an Aceh Besar list
    car = household(world.desa_x, 1, has_car=True)
    score(car, 1)
    rich = household(world.desa_x, 2)
    score(rich, 7)
    civil_servant = household(world.desa_y, 3, occupation="Pegawai Negeri Sipil")
    score(civil_servant, 2)
    unscored = household(world.desa_y, 4)
    return {"eligible": {world.home.pk, world.neighbour.pk, world.far.pk}, "car": car, "rich": rich,
            "civil_servant": civil_servant, "unscored": unscored}


def active_households(cycle: Cycle) -> set[int]:
    return set(cycle.enrolments.filter(status=EnrolmentStatus.ACTIVE).values_list("household_id", flat=True))


# --------------------------------------------------------------------------------------------------- cycles


def test_create_cycle_validates_and_records(world):
    cycle = new_cycle("SEMBAKO")
    assert (cycle.state, cycle.code, cycle.regency_id) == (CycleState.OPEN, "2026-T1", "11.06")
    entry = AuditEntry.objects.filter(object_type="programs.cycle", object_id=str(cycle.pk)).get()
    assert entry.changes["code"] == "2026-T1"
    with pytest.raises(ValidationError, match="sudah ada"):
        new_cycle("SEMBAKO", code="2026-t1")
    with pytest.raises(ValidationError, match="sebelum tanggal mulai"):
        new_cycle("SEMBAKO", code="2026-T9", dates=(dt.date(2026, 5, 1), dt.date(2026, 4, 1)))
    with pytest.raises(ValidationError, match="per kabupaten/kota"):
        new_cycle("SEMBAKO", code="2026-T8", regency="11.06.07")


def test_frozen_cycle_rejects_changes_and_names_the_next_cycle(world):
    first = new_cycle("SEMBAKO")
    enrolment = operations.enrol(actor=None, cycle=first, household=world.home)
    operations.freeze_cycle(actor=None, cycle=first)
    first.refresh_from_db()
    assert first.state == CycleState.FROZEN and first.frozen_at is not None
    with pytest.raises(ValidationError) as refused:
        operations.enrol(actor=None, cycle=first, household=world.neighbour)
    assert refused.value.messages == [
        "Tahap 2026-T1 sudah dibekukan; buka tahap berikutnya untuk mengubah daftar penerima."]
    new_cycle("SEMBAKO", code="2026-T2", dates=T2)
    with pytest.raises(ValidationError) as refused:
        operations.enrol(actor=None, cycle=first, household=world.neighbour)
    assert refused.value.messages == ["Tahap 2026-T1 sudah dibekukan; tambahkan ke tahap 2026-T2."]
    with pytest.raises(ValidationError, match="keluarkan dari tahap 2026-T2"):
        operations.remove_enrolment(actor=None, enrolment=enrolment, reason="Pindah")
    with pytest.raises(ValidationError, match="sudah dibekukan"):
        operations.enrol_eligible(actor=None, cycle=first)
    assert active_households(first) == {world.home.pk}
    with pytest.raises(ValidationError):
        operations.freeze_cycle(actor=None, cycle=first)


def test_closed_cycle_also_rejects_and_closing_needs_a_freeze(world):
    cycle = new_cycle("SEMBAKO")
    with pytest.raises(ValidationError, match="Bekukan"):
        operations.close_cycle(actor=None, cycle=cycle)
    operations.freeze_cycle(actor=None, cycle=cycle)
    operations.close_cycle(actor=None, cycle=cycle)
    with pytest.raises(ValidationError, match="Tahap 2026-T1 sudah ditutup"):
        operations.enrol(actor=None, cycle=cycle, household=world.home)


def test_copy_from_carries_exactly_the_active_enrolments(world):
    first = new_cycle("SEMBAKO")
    for home in (world.home, world.neighbour, world.far):
        operations.enrol(actor=None, cycle=first, household=home)
    removed = first.enrolments.get(household=world.far)
    operations.remove_enrolment(actor=None, enrolment=removed, reason="Sudah mampu")
    other = new_cycle("PKH")
    operations.enrol(actor=None, cycle=other, household=world.far, components={"sd": 1})

    second = new_cycle("SEMBAKO", code="2026-T2", dates=T2, copy_from=first)
    copied = list(second.enrolments.all())
    assert {e.household_id for e in copied} == {world.home.pk, world.neighbour.pk}
    assert {(e.status, e.source, e.annual_amount, e.program_id) for e in copied} == {
        (EnrolmentStatus.ACTIVE, "tahap 2026-T1", 2_400_000, first.program_id)}
    entry = AuditEntry.objects.get(object_type="programs.cycle", object_id=str(second.pk))
    assert entry.changes["copied"] == 2
    # Copying again (a re-delivered task) adds nobody.
    assert operations.copy_enrolments(actor=None, cycle=second, copy_from=first) == 0
    assert second.enrolments.count() == 2
    with pytest.raises(ValidationError):
        new_cycle("SEMBAKO", code="2026-T3", copy_from=other)


# ---------------------------------------------------------------------------------------------------- enrol


def test_enrol_checks_the_unit_duplicates_and_the_kabupaten(world):
    sembako, pbi = new_cycle("SEMBAKO"), new_cycle("PBI-JK")
    enrolment = operations.enrol(actor=None, cycle=sembako, household=world.home)
    assert (enrolment.annual_amount, enrolment.source, enrolment.components) == (2_400_000, "manual", {})
    with pytest.raises(ValidationError, match="sudah terdaftar di tahap 2026-T1"):
        operations.enrol(actor=None, cycle=sembako, household=world.home)
    with pytest.raises(ValidationError, match="per keluarga"):
        operations.enrol(actor=None, cycle=sembako, household=world.neighbour, person=world.head)
    with pytest.raises(ValidationError, match="per jiwa"):
        operations.enrol(actor=None, cycle=pbi, household=world.home)
    with pytest.raises(ValidationError, match="bukan anggota"):
        operations.enrol(actor=None, cycle=pbi, household=world.neighbour, person=world.head)
    with pytest.raises(ValidationError, match="tidak berada di"):
        operations.enrol(actor=None, cycle=sembako, household=world.abroad)
    person = operations.enrol(actor=None, cycle=pbi, household=world.home, person=world.head)
    assert (person.person_id, person.annual_amount) == (world.head.pk, 504_000)
    # Removed rows stay; the same household may then be enrolled again.
    operations.remove_enrolment(actor=None, enrolment=enrolment, reason="Salah input")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.removed_reason) == (EnrolmentStatus.REMOVED, "Salah input")
    assert enrolment.removed_at is not None
    operations.enrol(actor=None, cycle=sembako, household=world.home)
    with pytest.raises(ValidationError, match="alasan"):
        operations.remove_enrolment(actor=None, enrolment=person, reason="  ")


def test_enrol_components_from_the_registry_or_as_given(world):
    pkh = new_cycle("PKH")
    # The child of ``home`` (born 1 June 2008) is 17 on the tahap's first day: an SMA component.
    from_registry = operations.enrol(actor=None, cycle=pkh, household=world.home)
    assert (from_registry.components, from_registry.annual_amount) == ({"sma": 1}, 2_000_000)
    given = operations.enrol(actor=None, cycle=pkh, household=world.neighbour, components={"ibu-hamil": 1})
    assert (given.components, given.annual_amount) == ({"ibu-hamil": 1}, 3_000_000)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        operations.enrol(actor=None, cycle=pkh, household=world.far, components={"kuliah": 1})


def test_enrol_eligible_enrols_exactly_the_eligible_and_is_idempotent(planted):
    cycle = new_cycle("SEMBAKO")
    seen = []
    result = operations.enrol_eligible(actor=None, cycle=cycle, on_progress=seen.append)
    assert active_households(cycle) == planted["eligible"]
    assert result == {"households": 7, "enrolled": 3, "already": 0, "not_eligible": 3, "no_score": 1,
                      "stacking": 0}
    assert seen and seen[-1] == 7
    assert set(cycle.enrolments.values_list("source", flat=True)) == {"kelayakan"}
    again = operations.enrol_eligible(actor=None, cycle=cycle)
    assert again["enrolled"] == 0 and again["already"] == 3
    assert cycle.enrolments.count() == 3
    entries = AuditEntry.objects.filter(object_type="programs.cycle", object_id=str(cycle.pk),
                                        changes__has_key="enrol_eligible")
    assert entries.count() == 2


def test_enrol_eligible_limited_to_areas_and_refusing_areas_outside(planted, world):
    cycle = new_cycle("SEMBAKO")
    result = operations.enrol_eligible(actor=None, cycle=cycle, desa_codes=[world.desa_x.code])
    assert active_households(cycle) == {world.home.pk}
    assert result["households"] == 3  # home, the car owner, the desil-7 household
    with pytest.raises(ValidationError, match="di luar"):
        operations.enrol_eligible(actor=None, cycle=cycle, desa_codes=[world.desa_other_kab.code])


def test_enrol_eligible_skips_households_holding_a_programme_that_may_not_be_stacked(planted, world):
    pkh = new_cycle("PKH")
    operations.enrol(actor=None, cycle=pkh, household=world.neighbour, components={"lansia": 1})
    blt = new_cycle("BLT-DD")
    result = operations.enrol_eligible(actor=None, cycle=blt)
    assert result["stacking"] == 1
    assert active_households(blt) == planted["eligible"] - {world.neighbour.pk}


def test_enrol_eligible_for_a_person_programme_enrols_persons(planted, world):
    pip = new_cycle("PIP")
    operations.enrol_eligible(actor=None, cycle=pip)
    child = world.home.members.get(relation="4")
    enrolment = pip.enrolments.get()
    assert (enrolment.person_id, enrolment.household_id) == (child.pk, world.home.pk)
    assert (enrolment.components, enrolment.annual_amount) == ({"sma": 1}, 1_800_000)


def test_a_programme_without_registry_criteria_cannot_enrol_by_query(world):
    with pytest.raises(ValidationError, match="daftar impor"):
        operations.enrol_eligible(actor=None, cycle=new_cycle("ATENSI-YAPI"))


# ------------------------------------------------------------------------------------------------ imports


PROGRAMME_LIST = "NIK;NAMA PENERIMA"


def programme_file(tmp_path, *people) -> object:
    path = tmp_path / "sembako.csv"
    rows = [PROGRAMME_LIST] + [f"{p.nik};{p.name}" for p in people]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_committed_list_is_enrolled_in_its_open_cycle_with_batch_and_row(world, tmp_path):
    cycle = new_cycle("SEMBAKO")
    wife = world.home.members.get(relation="3")
    neighbour = world.neighbour.members.get()
    batch = import_file(programme_file(tmp_path, world.head, wife, neighbour), kind="program",
                        program="sembako", cycle="2026-t1")
    enrolments = {e.household_id: e for e in cycle.enrolments.all()}
    assert set(enrolments) == {world.home.pk, world.neighbour.pk}  # head and wife: one household
    home = enrolments[world.home.pk]
    assert (home.import_batch_id, home.import_row, home.source) == (batch.pk, 2, "impor")
    assert enrolments[world.neighbour.pk].import_row == 4
    batch.refresh_from_db()
    assert batch.info["warnings"][-1] == ("Daftar dimasukkan ke tahap SEMBAKO 2026-T1: 2 penerima baru, 0 sudah "
                                          "terdaftar, 1 baris tanpa data registri atau ganda.")
    # Running it again adds nobody.
    result = operations.enrol_from_import(actor=None, batch=batch, cycle=cycle)
    assert result == {"rows": 3, "enrolled": 0, "already": 2, "duplicate": 1, "unlinked": 0}
    assert cycle.enrolments.count() == 2


def test_a_person_programme_list_enrols_each_person(world, tmp_path):
    cycle = new_cycle("PBI-JK")
    wife = world.home.members.get(relation="3")
    batch = import_file(programme_file(tmp_path, world.head, wife), kind="program", program="PBI-JK",
                        cycle="2026-T1")
    assert set(cycle.enrolments.values_list("person_id", "import_row")) == {(world.head.pk, 2), (wife.pk, 3)}
    assert set(cycle.enrolments.values_list("import_batch", flat=True)) == {batch.pk}


def test_list_for_a_missing_or_frozen_cycle_enrols_nothing_and_says_why(world, tmp_path):
    batch = import_file(programme_file(tmp_path, world.head), kind="program", program="SEMBAKO", cycle="2026-T1")
    batch.refresh_from_db()
    assert "Tahap 2026-T1 program SEMBAKO belum dibuat" in batch.info["warnings"][-1]
    assert batch.status == "committed"

    cycle = new_cycle("SEMBAKO")
    operations.freeze_cycle(actor=None, cycle=cycle)
    new_cycle("SEMBAKO", code="2026-T2", dates=T2)
    again = import_file(programme_file(tmp_path, world.head), kind="program", program="SEMBAKO", cycle="2026-T1")
    again.refresh_from_db()
    assert again.info["warnings"][-1] == ("Daftar ini tidak dimasukkan ke tahap: Tahap 2026-T1 sudah dibekukan; "
                                          "tambahkan ke tahap 2026-T2.")
    assert not Enrolment.objects.exists()

    unknown = import_file(programme_file(tmp_path, world.head), kind="program", program="BPNT", cycle="2026-T1")
    unknown.refresh_from_db()
    assert "Program BPNT tidak ada di katalog" in unknown.info["warnings"][-1]


def test_list_committed_in_the_background_is_enrolled_by_a_task(world, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cycle = new_cycle("SEMBAKO")
    batch = check(receive(programme_file(tmp_path, world.head), kind="program", program="SEMBAKO",
                          cycle="2026-T1"))
    batch.task_id = "web-check"  # what start_check(enqueue=True) leaves: the commit ran in the worker
    batch.save(update_fields=["task_id"])
    commit(batch)
    assert active_households(cycle) == {world.home.pk}
    key = tasks_enrolment.progress_key(cycle.pk, tasks_enrolment.import_job(batch.pk))
    assert tasks_enrolment.job_state(jobs.progress_of(key))[0] == tasks_enrolment.DONE
    batch.refresh_from_db()
    assert batch.info["warnings"][-1].startswith("Daftar dimasukkan ke tahap SEMBAKO 2026-T1: 1 penerima baru")


def test_an_importer_without_programme_rights_does_not_enrol(world, tmp_path, personas):
    importer = personas["no_assignment"]
    role = Role.objects.create(code="impor-saja", name="Impor saja", usual_level=Level.REGENCY)
    role.permissions.add(Permission.objects.get(content_type__app_label="imports", codename="add_importbatch"))
    Assignment.objects.create(user=importer, role=role, area_id="11.06")
    cycle = new_cycle("SEMBAKO")
    batch = import_file(programme_file(tmp_path, world.head), kind="program", program="SEMBAKO", cycle="2026-T1",
                        actor=importer)
    batch.refresh_from_db()
    assert "tidak berwenang" in batch.info["warnings"][-1]
    assert not cycle.enrolments.exists()


# ------------------------------------------------------------------------------------------- distributions


@pytest.mark.parametrize(("starts", "ends", "months"), [
    (dt.date(2026, 1, 1), dt.date(2026, 3, 31), Fraction(3)),
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31), Fraction(12)),
    (dt.date(2026, 2, 15), dt.date(2026, 5, 14), Fraction(3)),
    (dt.date(2026, 1, 1), dt.date(2026, 1, 15), Fraction(15, 31)),
    (dt.date(2026, 1, 16), dt.date(2026, 2, 15), Fraction(1)),
    (dt.date(2026, 1, 1), dt.date(2026, 2, 14), Fraction(1) + Fraction(14, 28)),
])
def test_cycle_months_counts_calendar_months(starts, ends, months):
    assert operations.cycle_months(starts, ends) == months


def test_distributions_planned_disbursed_and_returned_with_reason(world):
    cycle = new_cycle("SEMBAKO")
    for home in (world.home, world.neighbour, world.far):
        operations.enrol(actor=None, cycle=cycle, household=home)
    operations.remove_enrolment(actor=None, enrolment=cycle.enrolments.get(household=world.far), reason="Mampu")
    with pytest.raises(ValidationError, match="Bekukan"):
        operations.plan_distributions(actor=None, cycle=cycle, planned_on=dt.date(2026, 2, 1))
    operations.freeze_cycle(actor=None, cycle=cycle)

    assert operations.plan_distributions(actor=None, cycle=cycle, planned_on=dt.date(2026, 2, 1),
                                         channel="Bank Himbara") == 2
    planned = Distribution.objects.filter(enrolment__cycle=cycle)
    assert {(d.amount, d.state, d.channel) for d in planned} == {(600_000, DistributionState.PLANNED,
                                                                  "Bank Himbara")}
    assert operations.plan_distributions(actor=None, cycle=cycle, planned_on=dt.date(2026, 2, 1)) == 0

    home = planned.get(enrolment__household=world.home)
    neighbour = planned.get(enrolment__household=world.neighbour)
    assert operations.record_disbursed(actor=None, distributions=[home.pk], disbursed_on=dt.date(2026, 2, 3),
                                       reference="SP2D-001") == 1
    home.refresh_from_db()
    assert (home.state, home.disbursed_on, home.reference) == (DistributionState.DISBURSED, dt.date(2026, 2, 3),
                                                               "SP2D-001")
    assert operations.record_disbursed(actor=None, distributions=planned, disbursed_on=dt.date(2026, 2, 4)) == 1
    with pytest.raises(ValidationError, match="masa depan"):
        operations.record_disbursed(actor=None, distributions=planned,
                                    disbursed_on=timezone.localdate() + dt.timedelta(days=1))

    with pytest.raises(ValidationError, match="alasan"):
        operations.record_returned(actor=None, distribution=neighbour, reason="")
    operations.record_returned(actor=None, distribution=neighbour, reason="KPM meninggal")
    neighbour.refresh_from_db()
    assert (neighbour.state, neighbour.returned_reason) == (DistributionState.RETURNED, "KPM meninggal")
    with pytest.raises(ValidationError, match="sudah tercatat"):
        operations.record_returned(actor=None, distribution=neighbour, reason="lagi")
    entry = AuditEntry.objects.get(object_type="programs.distribution", object_id=str(neighbour.pk))
    assert (entry.household_id, entry.changes["reason"]) == (world.neighbour.pk, "KPM meninggal")


def test_plan_with_a_given_amount_skips_nobody_and_zero_amounts_are_skipped(world):
    cycle = new_cycle("PKH")
    operations.enrol(actor=None, cycle=cycle, household=world.far)  # no qualifying member: amount 0
    operations.enrol(actor=None, cycle=cycle, household=world.home)
    operations.freeze_cycle(actor=None, cycle=cycle)
    assert operations.plan_distributions(actor=None, cycle=cycle, planned_on=dt.date(2026, 2, 1)) == 1
    assert Distribution.objects.get().amount == 500_000  # SMA 2.000.000 a year, three months
    with pytest.raises(ValidationError, match="lebih dari nol"):
        operations.plan_distributions(actor=None, cycle=cycle, planned_on=dt.date(2026, 2, 1),
                                      amount_per_enrolment=0)


# ------------------------------------------------------------------------------------------------ rights


def test_persons_without_manage_rights_are_refused(world, personas):
    cycle = new_cycle("SEMBAKO")
    enrolment = operations.enrol(actor=personas["kab_operator"], cycle=cycle, household=world.home)
    assert enrolment.created_by == personas["kab_operator"]
    for name in ("desa_operator", "pkh_facilitator", "slrt_desk", "no_assignment"):
        actor = personas[name]
        with pytest.raises(PermissionDenied):
            operations.enrol(actor=actor, cycle=cycle, household=world.neighbour)
        with pytest.raises(PermissionDenied):
            operations.freeze_cycle(actor=actor, cycle=cycle)
        with pytest.raises(PermissionDenied):
            operations.remove_enrolment(actor=actor, enrolment=enrolment, reason="x")
        with pytest.raises(PermissionDenied):
            operations.create_cycle(actor=actor, program=cycle.program, regency=cycle.regency, code="X",
                                    starts_on=T2[0], ends_on=T2[1])
    abroad = new_cycle("SEMBAKO", regency="32.12")
    with pytest.raises(PermissionDenied):
        operations.enrol_eligible(actor=personas["kab_admin"], cycle=abroad)
    operations.freeze_cycle(actor=personas["province_admin"], cycle=cycle)
    operations.plan_distributions(actor=personas["kab_admin"], cycle=cycle, planned_on=T1[0])
    distribution = Distribution.objects.get()
    with pytest.raises(PermissionDenied):
        operations.record_returned(actor=personas["psm"], distribution=distribution, reason="x")
    with pytest.raises(PermissionDenied):
        operations.record_disbursed(actor=personas["psm"], distributions=[distribution.pk],
                                    disbursed_on=T1[0])


# ------------------------------------------------------------------------------------------ background jobs


def test_enrol_eligible_job_reports_progress_and_can_be_cancelled(planted, settings, personas):
    cycle = new_cycle("SEMBAKO")
    key = tasks_enrolment.progress_key(cycle.pk, tasks_enrolment.ENROL)
    jobs.Progress(key, phase=tasks_enrolment.RUNNING)
    jobs.request_cancel(key)
    assert tasks_enrolment.enrol_eligible_job.call(cycle.pk, personas["kab_operator"].pk) == "dibatalkan"
    assert not cycle.enrolments.exists()  # rolled back

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    tasks_enrolment.start_enrol_eligible(actor=personas["kab_operator"], cycle=cycle)
    state, message = tasks_enrolment.job_state(jobs.progress_of(key))
    assert (state, message) == ("selesai", "3 penerima baru dari 7 keluarga diperiksa.")
    assert active_households(cycle) == planted["eligible"]
    assert set(cycle.enrolments.values_list("created_by", flat=True)) == {personas["kab_operator"].pk}
    with pytest.raises(PermissionDenied):
        tasks_enrolment.start_enrol_eligible(actor=personas["desa_operator"], cycle=cycle)


def test_a_running_job_is_not_started_twice(world, settings):
    cycle = new_cycle("SEMBAKO")
    key = tasks_enrolment.progress_key(cycle.pk, tasks_enrolment.ENROL)
    jobs.Progress(key, phase=tasks_enrolment.RUNNING)
    with pytest.raises(ValidationError, match="sedang berjalan"):
        tasks_enrolment.start_enrol_eligible(actor=None, cycle=cycle)


def test_bulk_jobs_remove_plan_and_copy(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cycle = new_cycle("SEMBAKO")
    ids = [operations.enrol(actor=None, cycle=cycle, household=h).pk for h in (world.home, world.neighbour,
                                                                               world.far)]
    tasks_enrolment.start_remove_enrolments(actor=None, cycle=cycle, enrolment_ids=ids[:1], reason="Mampu")
    assert active_households(cycle) == {world.neighbour.pk, world.far.pk}
    second = new_cycle("SEMBAKO", code="2026-T2", dates=T2)
    tasks_enrolment.start_copy_enrolments(actor=None, cycle=second, copy_from=cycle)
    assert active_households(second) == {world.neighbour.pk, world.far.pk}
    operations.freeze_cycle(actor=None, cycle=cycle)
    cycle.refresh_from_db()
    tasks_enrolment.start_plan_distributions(actor=None, cycle=cycle, planned_on=dt.date(2026, 2, 1))
    assert Distribution.objects.filter(enrolment__cycle=cycle).count() == 2
    state, message = tasks_enrolment.job_state(jobs.progress_of(
        tasks_enrolment.progress_key(cycle.pk, tasks_enrolment.PLAN)))
    assert (state, message) == ("selesai", "2 penyaluran direncanakan.")
