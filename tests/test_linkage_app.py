"""Record linkage in the application, through its operations: runs of the engine over the registry (full,
incremental, cancelled, refused), the review decisions that feed back into later runs, and merges that an
unmerge undoes exactly (every moved row and filled field back, conflicts left with the dropped record).

The engine is the real one with the shipped model (``engine.default_model()``) on a small registry: the world of
``conftest`` plus a re-registration of its head of family in the neighbouring desa.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sinergi.areas.models import Area
from sinergi.audit.models import AuditEntry
from sinergi.core.jobs import progress_of, request_cancel
from sinergi.core.nik import make_nik
from sinergi.linkage import operations, records
from sinergi.linkage.models import CandidatePair, LinkRun, Merge, PairState, RunState
from sinergi.linkage.operations import RELATIONS, person_relations, relation_key
from sinergi.registry import household_sections
from sinergi.registry import operations as registry
from sinergi.registry.models import Membership, Person
from tests.conftest import make_household

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])


def aceh_besar() -> Area:
    return Area.objects.get(code="11.06")


def run(actor=None, *, incremental=False, regency=None) -> LinkRun:
    started = operations.start_link_run(
        actor=actor, regency=regency or aceh_besar(), incremental=incremental, enqueue=False
    )
    return operations.execute_run(started)


def pair_of(a: Person, b: Person, **filters) -> CandidatePair:
    low, high = sorted((a.pk, b.pk))
    return CandidatePair.objects.get(person_a_id=low, person_b_id=high, **filters)


@pytest.fixture
def dup(world):
    """The head of ``home`` registered again in desa Y by another operator: abbreviated name, no NIK, the same
    birth date and address; he also gave his occupation and religion there, which the first record lacks."""
    _household, (person,) = make_household(
        world.desa_y,
        no_kk="",
        address="Dusun Mesjid",
        members=[
            dict(
                name="T. M. Nasir",
                sex="L",
                birth_date=dt.date(1975, 8, 12),
                relation="1",
                birth_place="Aceh Besar",
                occupation="Petani",
                religion="1",
            )
        ],
    )
    return person


# ---------------------------------------------------------------------------------------------------- runs


def test_a_full_run_queues_the_re_registration_with_its_explanation(world, personas, dup):
    done = run(personas["kab_operator"])
    assert done.state == RunState.DONE and done.finished_at is not None
    assert done.records == 6  # the five persons of Aceh Besar's world and the re-registration
    assert done.model_version.startswith("sinergi.linkage.synthetic")
    pair = pair_of(world.head, dup)
    assert pair.state == PairState.PENDING and pair.run == done
    assert pair.probability >= operations.REVIEW_FLOOR
    assert pair.desa_id == world.desa_x.code  # the smaller id's desa
    evidence = {comparison: (level, weight) for comparison, level, weight in pair.evidence}
    assert evidence["dob"][0] == "equal" and evidence["dob"][1] > 5
    assert evidence["nik"] == ("missing", 0.0)
    assert done.pairs_queued == CandidatePair.objects.filter(run=done).count() >= 1
    # Nothing outside the kabupaten/kota is read, nothing is merged automatically.
    assert not CandidatePair.objects.filter(person_a__household=world.abroad).exists()
    assert not Merge.objects.exists() and not Person.objects.filter(merged_into__isnull=False).exists()
    assert progress_of(done.progress_key).phase == "selesai"
    assert AuditEntry.objects.filter(
        object_type="linkage.linkrun", object_id=str(done.pk), action="update"
    ).exists()


def test_running_a_finished_run_again_does_nothing(world, dup):
    done = run()
    again = operations.execute_run(done)
    assert again.state == RunState.DONE
    assert CandidatePair.objects.count() == done.pairs_queued


def test_a_later_run_supersedes_the_pending_pair_with_its_new_score(world, dup):
    first = run()
    old = pair_of(world.head, dup)
    second = run()
    old.refresh_from_db()
    new = pair_of(world.head, dup, state=PairState.PENDING)
    assert new.run == second and new.pk != old.pk
    assert old.state == PairState.SUPERSEDED and old.superseded_by == new
    assert CandidatePair.objects.filter(run=first, state=PairState.PENDING).count() == 0


def test_a_rejected_pair_is_never_queued_again(world, personas, dup):
    run()
    pair = pair_of(world.head, dup)
    operations.reject_pair(actor=personas["kab_operator"], pair=pair, note="Beda orang: ayah dan anak")
    pair.refresh_from_db()
    assert pair.state == PairState.REJECTED and pair.decided_by == personas["kab_operator"]
    assert pair.note == "Beda orang: ayah dan anak"
    again = run()
    assert not CandidatePair.objects.filter(
        run=again, person_a_id=pair.person_a_id, person_b_id=pair.person_b_id
    ).exists()
    assert again.pairs_found > again.pairs_queued
    # Audited on both households.
    entries = AuditEntry.objects.filter(object_type="linkage.candidatepair", object_id=str(pair.pk))
    assert {e.household_id for e in entries} == {world.home.pk, dup.household_id}
    with pytest.raises(ValidationError):
        operations.reject_pair(actor=personas["kab_operator"], pair=pair)


def test_an_incremental_run_links_only_new_and_changed_records(world, dup):
    first = run()
    old = pair_of(world.head, dup)
    # Registered after the first run: the wife of ``home`` again, in Lhoong.
    _household, (again,) = make_household(
        world.desa_other_kec,
        no_kk="",
        address="Dusun Pantai",
        members=[dict(name="Siti Aminah", sex="P", birth_date=dt.date(1980, 1, 5), relation="1")],
    )
    second = run(incremental=True)
    assert second.incremental and second.since == first.started_at
    assert second.records == 7 and second.focus_records == 1
    new_pairs = CandidatePair.objects.filter(run=second)
    assert new_pairs.exists()
    assert all(again.pk in (p.person_a_id, p.person_b_id) for p in new_pairs)
    wife = world.home.members.get(name__startswith="Hj.")
    assert pair_of(wife, again, run=second).state == PairState.PENDING
    old.refresh_from_db()
    assert old.state == PairState.PENDING and old.run == first  # untouched: neither record changed
    # A record changed since is in the focus of the next incremental run, and its pending pair is re-scored.
    registry.update_person(actor=None, person=dup, changes={"occupation": "Nelayan"})
    third = run(incremental=True)
    assert third.focus_records == 1
    old.refresh_from_db()
    assert old.state == PairState.SUPERSEDED
    assert pair_of(world.head, dup, state=PairState.PENDING).run == third


def test_an_incremental_run_needs_a_finished_run(world, dup):
    with pytest.raises(ValidationError):
        operations.start_link_run(actor=None, regency=aceh_besar(), incremental=True, enqueue=False)


def test_one_run_per_kabupaten_at_a_time(world):
    operations.start_link_run(actor=None, regency=aceh_besar(), incremental=False, enqueue=False)
    with pytest.raises(ValidationError):
        operations.start_link_run(actor=None, regency=aceh_besar(), incremental=False, enqueue=False)
    operations.start_link_run(
        actor=None, regency=Area.objects.get(code="32.12"), incremental=False, enqueue=False
    )


def test_a_cancelled_run_leaves_the_queue_as_it_was(world, personas, dup):
    run()
    before = list(CandidatePair.objects.values_list("pk", "state"))
    started = operations.start_link_run(actor=None, regency=aceh_besar(), incremental=False, enqueue=False)
    request_cancel(started.progress_key)  # asked while it runs: seen at its next progress report
    cancelled = operations.execute_run(started)
    assert cancelled.state == RunState.CANCELLED and cancelled.finished_at is not None
    assert list(CandidatePair.objects.values_list("pk", "state")) == before
    assert operations.execute_run(cancelled).state == RunState.CANCELLED  # delivered again: nothing
    # A queued run cancelled before a worker takes it never runs.
    queued = operations.start_link_run(actor=None, regency=aceh_besar(), incremental=False, enqueue=False)
    assert operations.cancel_link_run(actor=personas["kab_operator"], run=queued)
    assert operations.execute_run(queued).state == RunState.CANCELLED
    assert list(CandidatePair.objects.values_list("pk", "state")) == before
    assert not operations.cancel_link_run(actor=personas["kab_operator"], run=queued)


def test_only_linkage_operators_of_the_whole_kabupaten_may_run(world, personas):
    for persona in ("kecamatan_tksk", "desa_operator", "slrt_desk", "psm"):
        with pytest.raises(PermissionDenied):
            operations.start_link_run(
                actor=personas[persona], regency=aceh_besar(), incremental=False, enqueue=False
            )
    with pytest.raises(PermissionDenied):
        operations.start_link_run(
            actor=personas["kab_operator"],
            regency=Area.objects.get(code="32.12"),
            incremental=False,
            enqueue=False,
        )
    with pytest.raises(ValidationError):
        operations.start_link_run(
            actor=personas["province_admin"],
            regency=Area.objects.get(code="11.06.07"),
            incremental=False,
            enqueue=False,
        )
    started = operations.start_link_run(
        actor=personas["province_admin"], regency=aceh_besar(), incremental=False, enqueue=False
    )
    with pytest.raises(PermissionDenied):
        operations.cancel_link_run(actor=personas["kecamatan_tksk"], run=started)


def test_the_engine_reads_active_unmerged_records_with_their_list(world, dup, tmp_path):
    from tests.importing import import_file

    path = tmp_path / "pkh.csv"
    path.write_text(
        f"NO KK;NIK;NAMA;JENIS KELAMIN;KODE DESA\n{world.home.no_kk};;BY NY SITI;P;{world.desa_x.code}\n",
        encoding="utf-8",
    )
    assert import_file(path).status == "committed"
    newborn = Person.objects.get(name="BY NY SITI")
    registry.update_person(
        actor=None, person=world.home.members.get(relation="4"), changes={"status": "meninggal"}
    )
    found = records.read("11.06")
    by_id = {row["id"]: row for row in found.rows}
    assert by_id[str(newborn.pk)]["sumber"] == "DTKS"
    assert by_id[str(dup.pk)]["sumber"] == records.REGISTRY_SOURCE
    assert by_id[str(world.head.pk)]["no_kk"] == world.home.no_kk
    assert by_id[str(world.head.pk)]["tanggal_lahir"] == "1975-08-12"
    assert by_id[str(world.head.pk)]["kode_desa"] == world.desa_x.code
    assert str(world.home.members.get(relation="4").pk) not in by_id  # deceased
    assert all(row["kode_desa"].startswith("11.06.") for row in found.rows)
    operations.merge_persons(actor=None, keep=world.head, drop=dup)
    assert str(dup.pk) not in {row["id"] for row in records.read("11.06").rows}
    since = timezone.now()
    registry.update_person(actor=None, person=newborn, changes={"name": "Aisyah"})
    assert records.read("11.06", since=since).focus == {str(newborn.pk)}


@pytest.mark.django_db(transaction=True, databases=["default", "jobs"])
def test_the_run_goes_through_the_background_worker(world, personas, dup):
    from django.core.management import call_command

    started = operations.start_link_run(actor=personas["kab_admin"], regency=aceh_besar(), incremental=False)
    assert progress_of(started.progress_key).phase == "antre"
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.01, verbosity=0)
    started.refresh_from_db()
    assert started.state == RunState.DONE
    assert pair_of(world.head, dup).state == PairState.PENDING


# ------------------------------------------------------------------------------------------ merge, unmerge


def test_every_foreign_key_to_person_has_a_merge_decision():
    """A new model pointing at Person must say what a merge does with its rows (operations.RELATIONS)."""
    assert {relation_key(r) for r in person_relations()} == set(RELATIONS)


def snapshot(*persons: Person) -> dict:
    """Everything a merge may touch, as plain values: the persons' fields, every row of every model pointing at
    them (hidden relations too) with the person it points at, and their memberships."""
    ids = [p.pk for p in persons]
    state = {
        "persons": {
            p["id"]: p
            for p in Person.objects.filter(pk__in=ids).values(
                "id", "merged_into_id", "household_id", *registry.PERSON_FIELDS
            )
        }
    }
    for relation in person_relations():
        if relation_key(relation).startswith("linkage.merge."):
            continue  # the merge's own record stays, marked undone
        model, field = relation.related_model, relation.field
        rows = model._base_manager.filter(**{f"{field.name}_id__in": ids}).values_list("pk", field.attname)
        state[relation_key(relation)] = sorted(rows)
    state["memberships"] = sorted(
        Membership.objects.filter(person_id__in=ids).values_list(
            "pk", "person_id", "household_id", "left_at", "left_reason"
        )
    )
    return state


@pytest.fixture
def attached(world, dup, personas):
    """What other apps hold about the re-registered record: a PBI-JK enrolment, a PIP enrolment on a tahap where
    the first record is enrolled too (one person per tahap: that one cannot move), a finding, an SLRT case, a
    change request, a pillar task; and a pending pair with another record."""
    from sinergi.pillars.operations import create_task
    from sinergi.programs import operations as programs
    from sinergi.programs.models import Finding, Program
    from sinergi.referrals import operations as referrals

    pbi = programs.create_cycle(
        actor=None,
        program=Program.objects.get(code="PBI-JK"),
        regency=aceh_besar(),
        code="2026-T1",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    pip = programs.create_cycle(
        actor=None,
        program=Program.objects.get(code="PIP"),
        regency=aceh_besar(),
        code="2026-T1",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    moving = programs.enrol(actor=None, cycle=pbi, household=dup.household, person=dup)
    programs.enrol(actor=None, cycle=pip, household=world.home, person=world.head)
    staying = programs.enrol(actor=None, cycle=pip, household=dup.household, person=dup)
    now = timezone.now()
    finding = Finding.objects.create(
        key=f"11.06:ganda:PBI-JK:-:{dup.household_id}:{dup.pk}",
        kind="ganda",
        household=dup.household,
        person=dup,
        desa=world.desa_y,
        first_seen_at=now,
        last_seen_at=now,
    )
    case = referrals.open_case(actor=None, person=dup, complaint="KTP hilang", needs=["adminduk"])
    change = registry.propose_change(
        actor=None,
        household=dup.household,
        person=dup,
        changes={"birth_place": "Banda Aceh"},
        reason="Sesuai KTP",
    )
    task = create_task(
        actor=None,
        kind="kunjungan",
        title="Kunjungan",
        desa=world.desa_y,
        household=dup.household,
        person=dup,
    )
    run()
    neighbour = world.neighbour.members.get()
    other = CandidatePair.objects.filter(person_a=neighbour, person_b=dup, state=PairState.PENDING).first()
    if other is None:
        other = CandidatePair.objects.create(
            run=LinkRun.objects.get(),
            person_a=neighbour,
            person_b=dup,
            desa=world.desa_y,
            probability=0.3,
            evidence=[],
        )
    return {
        "moving": moving,
        "staying": staying,
        "finding": finding,
        "case": case,
        "change": change,
        "task": task,
        "other": other,
    }


def test_merge_moves_rows_fills_blanks_and_unmerge_restores_everything(world, personas, dup, attached):
    actor = personas["kab_operator"]
    keep = world.head
    before = snapshot(keep, dup)
    pair = pair_of(keep, dup)
    merge = operations.accept_pair(actor=actor, pair=pair)
    assert merge.keep == keep and merge.drop == dup  # the record with a valid NIK is kept by default

    dup.refresh_from_db()
    keep.refresh_from_db()
    assert dup.merged_into == keep and dup.status == "aktif"
    pair.refresh_from_db()
    assert pair.state == PairState.ACCEPTED and pair.merge == merge and pair.decided_by == actor
    for name in ("finding", "case", "change", "task", "moving"):
        attached[name].refresh_from_db()
        assert attached[name].person_id == keep.pk, name
    attached["staying"].refresh_from_db()
    assert attached["staying"].person_id == dup.pk  # keep is on that PIP tahap already
    assert merge.moved["kept"] == {"programs.enrolment": {"person": [attached["staying"].pk]}}
    assert merge.moved["repointed"]["referrals.case"] == {"person": [attached["case"].pk]}
    # Blanks of the kept record filled through the registry's own operation: in its household's history.
    assert (keep.occupation, keep.religion) == ("Petani", "1")
    assert merge.moved["filled"] == {"occupation": ["", "Petani"], "religion": ["", "1"]}
    assert AuditEntry.objects.filter(
        household_id=keep.household_id,
        object_type="registry.person",
        object_id=str(keep.pk),
        source=f"linkage:merge:{merge.pk}",
    ).exists()
    # The dropped record left its household, saying why; its other pending pair left the queue.
    ended = Membership.objects.get(person=dup)
    assert ended.left_at is not None and ended.left_reason.startswith("Digabung ke T")
    assert not Membership.objects.filter(person=dup, left_at__isnull=True).exists()
    attached["other"].refresh_from_db()
    assert attached["other"].state == PairState.SUPERSEDED
    # Lists of people leave it out: the household page's members, the next run.
    request = type("R", (), {"user": actor})()
    assert dup not in household_sections.members_context(request, dup.household)["members"]
    assert str(dup.pk) not in {row["id"] for row in records.read("11.06").rows}
    for household_id in (keep.household_id, dup.household_id):
        assert AuditEntry.objects.filter(
            household_id=household_id,
            object_type="registry.person",
            object_id=str(dup.pk),
            source=f"linkage:merge:{merge.pk}",
        ).exists()

    operations.unmerge(actor=actor, merge=merge)
    assert snapshot(keep, dup) == before
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == actor and merge.unmerge_report == []
    pair.refresh_from_db()
    assert pair.state == PairState.PENDING and pair.merge is None and pair.decided_by is None
    attached["other"].refresh_from_db()
    assert attached["other"].state == PairState.PENDING
    assert AuditEntry.objects.filter(
        household_id=dup.household_id, source=f"linkage:unmerge:{merge.pk}"
    ).exists()
    with pytest.raises(ValidationError):
        operations.unmerge(actor=actor, merge=merge)
    # Accepted again, then the same merge can be undone again.
    again = operations.accept_pair(actor=actor, pair=pair, keep=dup)
    assert (again.keep, again.drop) == (dup, keep)


def test_unmerge_reports_what_changed_since_and_leaves_it(world, personas, dup, attached):
    actor = personas["kab_admin"]
    merge = operations.merge_persons(actor=actor, keep=world.head, drop=dup)
    attached["finding"].delete()
    referral_case = attached["case"]
    other_person = world.neighbour.members.get()
    type(referral_case).objects.filter(pk=referral_case.pk).update(person=other_person)
    registry.update_person(actor=None, person=world.head, changes={"occupation": "Nelayan"})
    operations.unmerge(actor=actor, merge=merge)
    merge.refresh_from_db()
    assert len(merge.unmerge_report) == 3
    referral_case.refresh_from_db()
    assert referral_case.person == other_person  # not forced back
    world.head.refresh_from_db()
    assert (
        world.head.occupation == "Nelayan" and world.head.religion == ""
    )  # religion still held the merged value
    attached["change"].refresh_from_db()
    assert attached["change"].person_id == dup.pk
    dup.refresh_from_db()
    assert dup.merged_into is None


def test_a_blank_nik_is_filled_and_cleared_again(world, dup):
    nik = make_nik(kecamatan_code="11.06.07", birth_date=dt.date(1975, 8, 12), sex="L", serial=9)
    registry.update_person(actor=None, person=dup, changes={"nik": nik})
    registry.update_person(actor=None, person=world.head, changes={"nik": ""})
    merge = operations.merge_persons(actor=None, keep=world.head, drop=dup)
    world.head.refresh_from_db()
    assert world.head.nik == nik and merge.moved["filled"]["nik"] == ["", nik]
    operations.unmerge(actor=None, merge=merge)
    world.head.refresh_from_db()
    assert world.head.nik == ""


def test_chains_are_refused(world, dup):
    neighbour = world.neighbour.members.get()
    operations.merge_persons(actor=None, keep=world.head, drop=dup)
    with pytest.raises(ValidationError, match="batalkan penggabungan itu dulu"):
        operations.merge_persons(actor=None, keep=neighbour, drop=world.head)  # head holds a merged record
    with pytest.raises(ValidationError, match="sudah digabung"):
        operations.merge_persons(actor=None, keep=dup, drop=neighbour)  # into a record merged away
    with pytest.raises(ValidationError, match="sudah digabung"):
        operations.merge_persons(actor=None, keep=neighbour, drop=dup)
    with pytest.raises(ValidationError):
        operations.merge_persons(actor=None, keep=neighbour, drop=neighbour)


def test_a_record_holding_merged_records_is_dropped_only_after_their_unmerge(world, dup):
    neighbour = world.neighbour.members.get()
    first = operations.merge_persons(actor=None, keep=world.head, drop=dup)
    operations.unmerge(actor=None, merge=first)
    first = operations.merge_persons(actor=None, keep=dup, drop=neighbour)
    # dup (a keep) cannot be dropped while it holds neighbour; after undoing, it can.
    with pytest.raises(ValidationError):
        operations.merge_persons(actor=None, keep=world.head, drop=dup)
    operations.unmerge(actor=None, merge=first)
    operations.merge_persons(actor=None, keep=world.head, drop=dup)


def test_decisions_need_the_review_right_over_both_records(world, personas, dup):
    run()
    pair = pair_of(world.head, dup)
    for persona in ("psm", "kecamatan_tksk", "slrt_desk", "desa_operator", "opd_api_client", "no_assignment"):
        with pytest.raises(PermissionDenied):
            operations.accept_pair(actor=personas[persona], pair=pair)
        with pytest.raises(PermissionDenied):
            operations.reject_pair(actor=personas[persona], pair=pair)
    abroad = world.abroad.members.get()
    with pytest.raises(PermissionDenied):
        operations.merge_persons(actor=personas["kab_operator"], keep=world.head, drop=abroad)
    merge = operations.accept_pair(actor=personas["province_admin"], pair=pair, keep=dup)
    assert merge.keep == dup
    with pytest.raises(PermissionDenied):
        operations.unmerge(actor=personas["kecamatan_tksk"], merge=merge)
    with pytest.raises(ValidationError):
        operations.accept_pair(actor=personas["kab_operator"], pair=pair)  # decided already


def test_accept_keeps_only_one_of_the_pair(world, personas, dup):
    run()
    pair = pair_of(world.head, dup)
    with pytest.raises(ValidationError):
        operations.accept_pair(actor=personas["kab_operator"], pair=pair, keep=world.neighbour.members.get())
    pair.refresh_from_db()
    assert pair.state == PairState.PENDING


def test_default_keep_prefers_a_valid_nik_then_the_older_record(world, dup):
    assert operations.default_keep(dup, world.head) == world.head
    wife = world.home.members.get(name__startswith="Hj.")
    assert operations.default_keep(wife, world.head) == world.head  # both valid: the smaller id
    registry.update_person(actor=None, person=world.head, changes={"nik": ""})
    world.head.refresh_from_db()
    assert operations.default_keep(dup, world.head) == world.head  # neither: the smaller id


def test_a_merged_record_leaves_counts_and_search(world, personas, dup):
    from sinergi.registry import search, summary

    kab = personas["kab_operator"]
    before = {
        row.area.code: row.persons for row in summary.summary_by_child(kab, Area.objects.get(code="11.06.07"))
    }
    assert any(h.person and h.person.pk == dup.pk for h in search.search(kab, "T. M. Nasir").hits)
    operations.merge_persons(actor=None, keep=world.head, drop=dup)
    after = {
        row.area.code: row.persons for row in summary.summary_by_child(kab, Area.objects.get(code="11.06.07"))
    }
    assert after[world.desa_y.code] == before[world.desa_y.code] - 1
    assert not any(h.person and h.person.pk == dup.pk for h in search.search(kab, "T. M. Nasir").hits)
    member_count = {h.pk: h.member_count for h in summary.households_of_desa(kab, world.desa_y)}
    assert member_count[dup.household_id] == 0


def test_the_stable_ids_still_resolve(world, dup):
    merge = operations.merge_persons(actor=None, keep=world.head, drop=dup)
    assert Person.objects.get(pk=dup.pk).merged_into_id == world.head.pk
    assert list(world.head.merged_records.all()) == [dup]
    assert Merge.objects.get() == merge


# ---------------------------------------------------------------------------------------------------- demo


def test_demo_plants_duplicates_runs_once_and_is_idempotent(areas):
    from io import StringIO

    from django.core.management import call_command

    from sinergi.registry.synth import generate

    generate(area_code="11.06", households=400, seed=5)
    persons = Person.objects.count()
    out = StringIO()
    call_command("demo_linkage", regency="11.06", seed=3, stdout=out)
    output = out.getvalue()
    planted = AuditEntry.objects.filter(source="demo-linkage", object_type="registry.person").count()
    assert Person.objects.count() == persons + planted and planted >= 100
    assert "tanpa-nik" in output and "kembar" in output and "ayah-anak" in output
    done = LinkRun.objects.get()
    assert done.state == RunState.DONE and done.pairs_queued > 0
    # The re-registrations without NIK are all in the queue, as likely the same person.
    ids = [
        int(e.object_id)
        for e in AuditEntry.objects.filter(source="demo-linkage", object_type="registry.person")
    ]
    newborns = Person.objects.filter(pk__in=ids, name__startswith="BY NY")
    assert newborns.exists()
    pending = CandidatePair.objects.filter(state=PairState.PENDING)
    assert pending.filter(person_b__in=newborns).exists()
    assert not Merge.objects.exists()  # nothing merged automatically
    again = StringIO()
    call_command("demo_linkage", regency="11.06", seed=3, stdout=again)
    assert "tidak ada yang ditambah" in again.getvalue()
    assert AuditEntry.objects.filter(source="demo-linkage", object_type="registry.person").count() == planted
    assert LinkRun.objects.count() == 1


def test_existing_default_roles_get_the_linkage_permissions():
    """The data migration, run with the migration's own models (as on an installation that had its roles)."""
    import importlib

    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from sinergi.accounts.models import Role

    grant = importlib.import_module("sinergi.linkage.migrations.0002_grant_default_roles").grant
    operator, tksk = Role.objects.get(code="operator-dinsos"), Role.objects.get(code="tksk")
    linkage = Permission.objects.filter(content_type__app_label="linkage")
    operator.permissions.remove(*linkage)
    assert not operator.permissions.filter(content_type__app_label="linkage").exists()
    state = MigrationExecutor(connection).loader.project_state(("linkage", "0002_grant_default_roles"))

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    grant(state.apps, editor)
    assert set(
        operator.permissions.filter(content_type__app_label="linkage").values_list("codename", flat=True)
    ) == {"view_candidatepair", "review_pair", "run_linkage"}
    assert not tksk.permissions.filter(content_type__app_label="linkage").exists()
    assert linkage.count() == Permission.objects.filter(content_type__app_label="linkage").count()


# ------------------------------------------------------------------------------------ decisions fed back


def test_review_decisions_retrain_the_model_the_runs_use(world, personas, dup, tmp_path, settings):
    from django.core.management import CommandError, call_command

    from sinergi.linkage import engine

    with pytest.raises(CommandError, match="Belum ada pasangan"):
        call_command("linkage_retrain", "--out", str(tmp_path / "none.json"), "--records", "3000")
    run(personas["kab_operator"])
    pair = pair_of(world.head, dup)
    before = pair.probability
    operations.reject_pair(actor=personas["kab_operator"], pair=pair, note="dua orang: ayah dan anak")
    vectors = operations.decided_vectors(engine.default_model())
    assert vectors == [([weight for _c, _l, weight in pair.evidence] + [pair.match_weight], False)]

    out = tmp_path / "retrained.json"
    # One rejection, weighted as a hundred thousand generated pairs, must move the pair's score down.
    call_command("linkage_retrain", "--out", str(out), "--records", "3000", "--weight", "100000")
    retrained = engine.Model.load(out)
    assert retrained.trained_on["decisions"] == 1 and retrained.trained_on["decisions_same"] == 0
    settings.SINERGI_LINKAGE_MODEL = str(out)
    assert operations.linkage_model().trained_on == retrained.trained_on
    # The rejected pair is never queued again; score the same records with the retrained model instead.
    rows = records.read(world.desa_x.code[:5]).rows
    scored = {
        frozenset((p.left, p.right)): p.probability
        for p in engine.link_for_review(rows, retrained, at_least=0.0).pairs
    }
    assert scored[frozenset((str(world.head.pk), str(dup.pk)))] < before
    later = run(personas["kab_operator"])
    assert "1 keputusan peninjau" in later.model_version


def test_a_merged_away_record_is_neither_edited_nor_moved(world, personas, dup, client):
    operations.merge_persons(actor=None, keep=world.head, drop=dup)
    with pytest.raises(ValidationError, match="sudah digabung"):
        registry.update_person(actor=None, person=dup, changes={"occupation": "Nelayan"})
    with pytest.raises(ValidationError, match="sudah digabung"):
        registry.move_person(actor=None, person=dup, to_household=world.home, relation="9", reason="salah KK")
    dup.refresh_from_db()
    assert dup.occupation == "Petani" and dup.household_id != world.home.pk
    client.force_login(personas["kab_operator"])
    for name in ("registry:person_edit", "registry:person_move"):
        response = client.post(reverse(name, args=[dup.pk]), {"occupation": "Nelayan", "no_kk": world.home.no_kk,
                                                                "relation": "9", "reason": "salah KK"}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("registry:household", args=[dup.household_id])
        assert "sudah digabung" in response.content.decode()
    dup.refresh_from_db()
    assert dup.occupation == "Petani" and dup.household_id != world.home.pk
