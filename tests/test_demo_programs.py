"""The ``demo_programs`` command on a small generated kabupaten: tahap, recipients, payments, planted errors
that the checks find, and a second run that adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from sinergi.accounts.models import Assignment, Role
from sinergi.areas.models import subtree_q
from sinergi.programs import reports
from sinergi.programs.models import (
    CheckRun,
    Cycle,
    CycleState,
    Distribution,
    DistributionState,
    Enrolment,
    EnrolmentStatus,
    Finding,
    FindingKind,
    Program,
    StackingRule,
    WelfareScore,
)
from sinergi.registry.synth import generate

# The welfare recompute and the checks report progress through the jobs database.
pytestmark = pytest.mark.django_db(databases=["default", "jobs"])
PROGRAMS = ["PKH", "SEMBAKO", "PBI-JK", "PIP", "BLT-DD", "PRO-ABES"]


def _demo(**options) -> str:
    out = StringIO()
    call_command("demo_programs", regency="11.06", seed=7, stdout=out, **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = [Program, StackingRule, Cycle, Enrolment, Distribution, WelfareScore, Finding, CheckRun]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def demo(areas):
    # Two kecamatan of Aceh Besar (the ``areas`` fixture): big enough for every programme and every planted error.
    generate(area_code="11.06", households=600, seed=5)
    output = _demo()
    return output


def test_demo_creates_two_tahap_of_six_programmes(demo):
    assert "PKH: 2026-T1" in demo
    pro_abes = Program.objects.get(code="PRO-ABES")
    assert (pro_abes.area_id, pro_abes.funding, pro_abes.unit) == ("11.06", "apbd-kabkota", "keluarga")
    rule = StackingRule.objects.get(program_a__code="BLT-DD", program_b__code="PRO-ABES")
    assert not rule.allowed
    cycles = {(c.program.code, c.code): c for c in Cycle.objects.filter(regency_id="11.06").select_related("program")}
    assert set(cycles) == {(code, tahap) for code in PROGRAMS for tahap in ("2026-T1", "2026-T2")}
    for code in PROGRAMS:
        first, second = cycles[(code, "2026-T1")], cycles[(code, "2026-T2")]
        assert first.state == CycleState.FROZEN and second.state == CycleState.OPEN
        assert first.enrolments.count() > 0, code
        assert second.enrolments.filter(status=EnrolmentStatus.ACTIVE).count() > 0, code
    current = set(Cycle.objects.current().filter(regency_id="11.06").values_list("code", flat=True))
    assert current == {"2026-T2"}

    # Person programmes enrol people of the household; PKH carries components from the members' ages.
    assert not Enrolment.objects.filter(program__code__in=["PBI-JK", "PIP"], person__isnull=True).exists()
    assert not Enrolment.objects.filter(program__code__in=["PKH", "SEMBAKO", "BLT-DD", "PRO-ABES"],
                                        person__isnull=False).exists()
    pkh = Enrolment.objects.filter(program__code="PKH")
    assert all(e.components and e.annual_amount > 0 for e in pkh)
    assert set(Enrolment.objects.filter(program__code="SEMBAKO").values_list("annual_amount", flat=True)) == {
        2_400_000}

    # The open tahap is the frozen one with changes: some taken off with a reason, some added.
    second = Enrolment.objects.filter(cycle__code="2026-T2")
    removed = second.filter(status=EnrolmentStatus.REMOVED)
    assert removed.exists() and all(e.removed_reason for e in removed)
    assert second.filter(source="demo").exists()
    assert second.exclude(source="demo").filter(source__contains="2026-T1").exists()


def test_demo_pays_the_frozen_tahap(demo):
    payments = Distribution.objects.filter(enrolment__cycle__code="2026-T1")
    by_state = dict(payments.values_list("state").annotate(n=Count("pk")))
    assert by_state.get(DistributionState.PLANNED, 0) == 0
    assert by_state[DistributionState.DISBURSED] > 10 * by_state.get(DistributionState.RETURNED, 0) > 0
    assert all(d.returned_reason for d in payments.filter(state=DistributionState.RETURNED))
    paid_programmes = set(payments.values_list("enrolment__program__code", flat=True))
    assert paid_programmes == {"PKH", "SEMBAKO", "PIP", "BLT-DD", "PRO-ABES"}  # PBI-JK pays BPJS, not the family
    half_year = payments.filter(enrolment__program__code="SEMBAKO").values_list("amount", flat=True)
    assert set(half_year) == {1_200_000}
    assert not Distribution.objects.filter(enrolment__cycle__code="2026-T2").exists()


def test_recipients_follow_the_desil_with_realistic_errors(demo):
    current = Enrolment.objects.filter(cycle__in=Cycle.objects.current(), status=EnrolmentStatus.ACTIVE)
    households = current.filter(program__code__in=["PKH", "SEMBAKO"])
    desils = list(households.values_list("household__welfare__desil", flat=True))
    poor = sum(1 for d in desils if d <= 4)
    assert poor / len(desils) > 0.85  # mostly desil 1-4 ...
    assert any(d >= 5 for d in desils)  # ... with inclusion errors
    assert households.filter(program__code="SEMBAKO", household__has_car=True).exists()
    blt = set(current.filter(program__code="BLT-DD").values_list("household_id", flat=True))
    pkh = set(current.filter(program__code="PKH").values_list("household_id", flat=True))
    assert blt & pkh  # the planted BLT-DD + PKH overlaps
    left_out = (WelfareScore.objects.filter(subtree_q("household__desa_id", "11.06"), desil=1)
                .exclude(household_id__in=current.values("household_id")))
    assert left_out.exists()  # desil-1 families on no list


def test_planted_errors_become_findings(demo):
    run = CheckRun.objects.get(regency_id="11.06")
    assert run.status == "done"
    kinds = dict(Finding.objects.filter(subtree_q("desa_id", "11.06")).values_list("kind").annotate(n=Count("pk")))
    for kind in (FindingKind.OVERLAP, FindingKind.INCLUSION_DESIL, FindingKind.INCLUSION_ASSET,
                 FindingKind.EXCLUSION_POOR):
        assert kinds.get(kind, 0) > 0, kind
    current = Enrolment.objects.filter(cycle__in=Cycle.objects.current(), status=EnrolmentStatus.ACTIVE)
    both = (set(current.filter(program__code="BLT-DD").values_list("household_id", flat=True))
            & set(current.filter(program__code="PKH").values_list("household_id", flat=True)))
    flagged = set(Finding.objects.filter(kind=FindingKind.OVERLAP, program__code="BLT-DD",
                                         other_program__code="PKH").values_list("household_id", flat=True))
    assert both and both <= flagged


def test_overlap_matrix_shows_the_demo_overlaps(demo, django_user_model):
    user = django_user_model.objects.create_user(username="dinsos")
    Assignment.objects.create(user=user, role=Role.objects.get(code="admin-kabupaten"), area_id="11.06")
    matrix = reports.overlap_matrix(user=user, area_code="11.06")
    codes = {p.code: p for p in matrix.programs}
    cell = matrix.cell(codes["BLT-DD"], codes["PKH"])
    assert cell.pair.forbidden and cell.households > 0 and cell.at_stake == cell.households * 3_600_000
    assert matrix.cell(codes["BLT-DD"], codes["PRO-ABES"]).households > 0


def test_a_second_run_adds_nothing(demo):
    before = _counts()
    output = _demo()
    assert _counts() == before
    assert "sudah ada" in output


def test_demo_needs_a_generated_kabupaten(areas):
    with pytest.raises(CommandError, match="generate"):
        _demo()
    with pytest.raises(CommandError, match="belum dimuat"):
        call_command("demo_programs", regency="99.99", stdout=StringIO())
