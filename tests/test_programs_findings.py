"""Handling the findings of the targeting checks: the state transitions (every allowed and forbidden pair), the
reasons they need, verification by the pillars, and the pages (list filters and scope, detail, decisions, Excel
download, the runs page with its progress), each persona getting what the permission matrix will say."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.audit.models import Action, AuditEntry
from sinergi.core.jobs import progress_of
from sinergi.pillars.models import Task, TaskKind, TaskStatus
from sinergi.programs import checks, findings
from sinergi.programs.models import CheckRun, Finding, FindingKind, FindingState
from sinergi.registry.models import Person
from tests.test_programs_checks import TODAY, enrol, family, plant, rank

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])

OPEN, CONFIRMED, DISMISSED, RESOLVED = (FindingState.OPEN, FindingState.CONFIRMED, FindingState.DISMISSED,
                                         FindingState.RESOLVED)
# The decision table, written out here rather than read from the module, so a change to it must change the test.
ALLOWED = {(OPEN, CONFIRMED), (OPEN, DISMISSED), (OPEN, RESOLVED), (CONFIRMED, RESOLVED), (CONFIRMED, OPEN),
           (DISMISSED, OPEN), (RESOLVED, OPEN)}
GOOD_REASON = "Hasil verifikasi pendamping: mobil milik kantor."
FINDING_READERS = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm",
                   "desa_operator"]
DECIDERS = ["province_admin", "kab_operator", "kab_admin"]
LOGGED_IN = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm",
             "desa_operator", "slrt_desk", "opd_api_client", "service_provider", "no_assignment"]


def make_finding(household, state: str = OPEN, kind: str = FindingKind.INCLUSION_DESIL, **fields) -> Finding:
    now = timezone.now()
    return Finding.objects.create(
        key=f"11.06:{kind}:PKH:-:{household.pk}:{fields.get('person').pk if fields.get('person') else ''}",
        kind=kind, state=state, household=household, desa_id=household.desa_id, first_seen_at=now,
        last_seen_at=now, evidence=fields.pop("evidence", {"kabupaten": "11.06", "desil": 7, "max_desil": 4}),
        amount_at_stake=fields.pop("amount_at_stake", 1_000_000), **fields)


OPERATIONS = {
    CONFIRMED: lambda actor, f: findings.confirm_finding(actor=actor, finding=f, note="Benar, desil 7."),
    DISMISSED: lambda actor, f: findings.dismiss_finding(actor=actor, finding=f, reason=GOOD_REASON),
    RESOLVED: lambda actor, f: findings.resolve_finding(actor=actor, finding=f, note="Dikeluarkan dari daftar."),
    OPEN: lambda actor, f: findings.reopen_finding(actor=actor, finding=f, reason="Data registri berubah lagi."),
}


# ------------------------------------------------------------------------------------------- operations


@pytest.mark.parametrize("start", FindingState.values)
@pytest.mark.parametrize("target", FindingState.values)
def test_every_transition_pair(world, personas, start, target):
    finding = make_finding(world.home, state=start)
    actor = personas["kab_operator"]
    if (start, target) in ALLOWED:
        result = OPERATIONS[target](actor, finding)
        assert result.state == target and result.decided_by == actor and result.decided_at is not None
        entry = AuditEntry.objects.filter(object_type="programs.finding", object_id=str(finding.pk)).latest("id")
        assert entry.changes["state"] == [start, target] and entry.household_id == world.home.pk
        assert entry.area_code == world.home.desa_id and entry.action == Action.UPDATE
    else:
        with pytest.raises(ValidationError) as raised:
            OPERATIONS[target](actor, finding)
        assert "tidak dapat diubah" in " ".join(raised.value.messages)
        finding.refresh_from_db()
        assert finding.state == start


@pytest.mark.parametrize("reason", ["", "   ", "ok", "bukan salah", "x y z", "a" * 40])
def test_dismissal_needs_a_sentence(world, reason):
    finding = make_finding(world.home)
    with pytest.raises(ValidationError) as raised:
        findings.dismiss_finding(actor=None, finding=finding, reason=reason)
    assert "reason" in raised.value.message_dict
    assert "alasan" in raised.value.message_dict["reason"][0]
    finding.refresh_from_db()
    assert finding.state == OPEN


def test_dismissal_keeps_the_reason_and_the_evidence_seen(world):
    finding = make_finding(world.home)
    findings.dismiss_finding(actor=None, finding=finding, reason="  Mobil   milik kantor, sudah dicek.  ")
    finding.refresh_from_db()
    assert finding.reason == "Mobil milik kantor, sudah dicek."
    entry = AuditEntry.objects.filter(object_type="programs.finding", object_id=str(finding.pk)).get()
    assert entry.changes["evidence"] == {"kabupaten": "11.06", "desil": 7, "max_desil": 4}


def test_resolve_and_reopen_need_text(world):
    finding = make_finding(world.home)
    with pytest.raises(ValidationError) as raised:
        findings.resolve_finding(actor=None, finding=finding, note=" ")
    assert "note" in raised.value.message_dict
    findings.resolve_finding(actor=None, finding=finding, note="Dikeluarkan dari daftar tahap berikutnya.")
    with pytest.raises(ValidationError) as raised:
        findings.reopen_finding(actor=None, finding=finding, reason="")
    assert "reason" in raised.value.message_dict


@pytest.mark.parametrize("persona", ["desa_operator", "psm", "kecamatan_tksk", "slrt_desk", "no_assignment"])
def test_only_deciders_of_the_desa_may_decide(world, personas, persona):
    finding = make_finding(world.home)
    for operation in (*OPERATIONS.values(), lambda a, f: findings.request_verification(actor=a, finding=f)):
        with pytest.raises(PermissionDenied):
            operation(personas[persona], finding)
    finding.refresh_from_db()
    assert finding.state == OPEN and finding.task is None


def test_deciders_outside_the_desa_may_not(world, personas):
    abroad = make_finding(world.abroad)
    with pytest.raises(PermissionDenied):
        findings.confirm_finding(actor=personas["kab_admin"], finding=abroad)
    findings.confirm_finding(actor=personas["province_admin"], finding=make_finding(world.far))


def test_verification_goes_to_the_worker_covering_the_desa_once(world, personas, slrt):
    finding = make_finding(world.home, kind=FindingKind.INCLUSION_ASSET, evidence={"program": "PKH"})
    actor = personas["kab_operator"]
    task = findings.request_verification(actor=actor, finding=finding)
    assert task.kind == TaskKind.VERIFICATION and task.desa_id == world.desa_x.code
    assert list(task.assignees.all()) == [slrt.psm_worker]
    assert task.source == f"temuan:{finding.pk}"
    assert task.source_url == reverse("programs:finding", args=[finding.pk])
    assert task.household == world.home and "Penerima memiliki aset" in task.title and "PKH" in task.title
    finding.refresh_from_db()
    assert finding.task == task
    assert findings.request_verification(actor=actor, finding=finding) == task
    assert Task.objects.filter(source=f"temuan:{finding.pk}").count() == 1
    entry = AuditEntry.objects.filter(object_type="programs.finding", object_id=str(finding.pk)).get()
    assert entry.changes["task"] == [None, task.pk]

    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)  # the pillar reported back
    again = findings.request_verification(actor=actor, finding=finding)
    assert again != task and Task.objects.filter(source=f"temuan:{finding.pk}").count() == 2


def test_a_decided_finding_is_not_sent_for_verification(world):
    finding = make_finding(world.home, state=DISMISSED)
    with pytest.raises(ValidationError):
        findings.request_verification(actor=None, finding=finding)
    assert not Task.objects.exists()


# ------------------------------------------------------------------------------------------------ pages


@pytest.fixture
def planted(world):
    planted = plant(world)
    checks.run_checks(actor=None, regency=planted.regency, today=TODAY)
    return planted


def _shown(response) -> set[int]:
    return {f.pk for f in response.context["findings"]}


def test_list_shows_open_findings_of_the_scope_with_counts(planted, personas, client_for):
    response = client_for(personas["kab_operator"]).get(reverse("programs:findings"))
    assert response.status_code == 200
    in_kab = Finding.objects.filter(key__startswith="11.06:")
    assert _shown(response) == set(in_kab.values_list("pk", flat=True))
    assert response.context["total"] == in_kab.count()
    assert response.context["amount"] == sum(in_kab.values_list("amount_at_stake", flat=True))
    counts = {row["kind"]: row["n"] for row in response.context["per_kind"]}
    assert counts[FindingKind.EXCLUSION_PPKS] == 4 and counts[FindingKind.INCLUSION_OCCUPATION] == 4
    content = response.content.decode()
    assert "Rp 3.600.000" in content and "Lampeuneurut Ujong Blang" in content
    assert 'id="download-xlsx"' in content and 'id="checks-link"' in content


def test_list_filters(planted, personas, client_for):
    client = client_for(personas["kab_operator"])
    url = reverse("programs:findings")
    desil = Finding.objects.get(kind=FindingKind.INCLUSION_DESIL)
    assert _shown(client.get(url, {"jenis": FindingKind.INCLUSION_DESIL})) == {desil.pk}
    pkh = planted.programs["PKH"]
    by_program = _shown(client.get(url, {"program": str(pkh.pk)}))
    assert by_program == set(Finding.objects.filter(program=pkh).values_list("pk", flat=True)) | set(
        Finding.objects.filter(other_program=pkh).values_list("pk", flat=True))
    desa_y = planted.households["g2"].desa_id
    assert _shown(client.get(url, {"wilayah": desa_y})) == set(
        Finding.objects.filter(desa_id=desa_y).values_list("pk", flat=True))
    kecamatan = _shown(client.get(url, {"wilayah": "11.06.01"}))
    assert kecamatan == set(Finding.objects.filter(desa__parent_id="11.06.01").values_list("pk", flat=True))
    assert kecamatan
    findings.confirm_finding(actor=None, finding=desil)
    assert desil.pk not in _shown(client.get(url))
    assert _shown(client.get(url, {"status": CONFIRMED})) == {desil.pk}
    assert desil.pk in _shown(client.get(url, {"status": "semua"}))
    by_value = client.get(url, {"urut": "nilai"}).context["findings"]
    assert [f.amount_at_stake for f in by_value] == sorted((f.amount_at_stake for f in by_value), reverse=True)


@pytest.mark.parametrize("params", [{"status": "xyz"}, {"urut": "DROP TABLE"}, {"page": "abc"}, {"page": "999"},
                                    {"program": "999999"}, {"program": "abc"}, {"jenis": "bukan"},
                                    {"wilayah": "99.99"}, {"wilayah": "'; --"}, {"wilayah": "x" * 500}])
def test_bad_parameters_never_break_the_list(planted, personas, client_for, params):
    client = client_for(personas["kab_operator"])
    assert client.get(reverse("programs:findings"), params).status_code == 200
    assert client.get(reverse("programs:findings_xlsx"), params).status_code == 200


def test_an_area_outside_the_scope_is_ignored_with_a_notice(planted, personas, client_for):
    client = client_for(personas["desa_operator"])
    response = client.get(reverse("programs:findings"), {"wilayah": "32.12"})
    assert response.status_code == 200 and response.context["notice"]
    assert _shown(response) == set(Finding.objects.filter(desa=planted.households["o1"].desa_id, state=OPEN)
                                   .values_list("pk", flat=True))


def test_desa_operator_sees_only_their_desa(planted, personas, client_for):
    client = client_for(personas["desa_operator"])
    desa_x = planted.households["o1"].desa_id
    shown = _shown(client.get(reverse("programs:findings"), {"status": "semua"}))
    assert shown == set(Finding.objects.filter(desa_id=desa_x).values_list("pk", flat=True))
    other = Finding.objects.exclude(desa_id=desa_x).first()
    assert client.get(reverse("programs:finding", args=[other.pk])).status_code == 404
    assert client.get(reverse("programs:finding", args=[999_999])).status_code == 404
    mine = Finding.objects.filter(desa_id=desa_x).first()
    assert client.get(reverse("programs:finding", args=[mine.pk])).status_code == 200


def test_a_viewer_posting_a_decision_gets_404(planted, personas, client_for):
    finding = Finding.objects.get(kind=FindingKind.INCLUSION_DESIL)
    client = client_for(personas["desa_operator"])
    for name, data in (("programs:finding_confirm", {"note": ""}),
                       ("programs:finding_dismiss", {"reason": GOOD_REASON}),
                       ("programs:finding_resolve", {"note": "selesai"}), ("programs:finding_reopen", {"reason": "x"}),
                       ("programs:finding_verify", {})):
        assert client.post(reverse(name, args=[finding.pk]), data).status_code == 404
    finding.refresh_from_db()
    assert finding.state == OPEN and finding.task is None
    stranger = client_for(personas["slrt_desk"])
    assert stranger.post(reverse("programs:finding_confirm", args=[finding.pk])).status_code == 404


def test_deciding_through_the_page(planted, personas, client_for):
    finding = Finding.objects.get(kind=FindingKind.INCLUSION_ASSET, household=planted.households["a1"])
    client = client_for(personas["kab_operator"])
    url = reverse("programs:finding", args=[finding.pk])
    page = client.get(url).content.decode()
    assert 'id="confirm-form"' in page and 'id="dismiss-form"' in page and 'id="verify-button"' in page
    assert 'id="reopen-form"' not in page

    response = client.post(reverse("programs:finding_dismiss", args=[finding.pk]), {"reason": "bukan"}, follow=True)
    assert "sedikitnya 3 kata" in response.content.decode()
    finding.refresh_from_db()
    assert finding.state == OPEN
    response = client.post(reverse("programs:finding_dismiss", args=[finding.pk]), {"reason": GOOD_REASON},
                           follow=True)
    assert response.redirect_chain[-1][0] == url
    finding.refresh_from_db()
    assert finding.state == DISMISSED and finding.reason == GOOD_REASON
    page = client.get(url).content.decode()
    assert 'id="reopen-form"' in page and 'id="dismiss-form"' not in page and 'id="verify-button"' not in page
    assert GOOD_REASON in page and "kab_operator" in page  # the history: who, and why
    client.post(reverse("programs:finding_reopen", args=[finding.pk]), {"reason": "Mobil ternyata milik sendiri."})
    client.post(reverse("programs:finding_confirm", args=[finding.pk]), {"note": ""})
    client.post(reverse("programs:finding_resolve", args=[finding.pk]), {"note": "Dikeluarkan dari daftar."})
    finding.refresh_from_db()
    assert finding.state == RESOLVED
    history = client.get(url).context["history"]
    assert [e["what"] for e in history][1:] == ["Terbuka → Dibatalkan (bukan kesalahan)",
                                                "Dibatalkan (bukan kesalahan) → Terbuka",
                                                "Terbuka → Dikonfirmasi", "Dikonfirmasi → Selesai"]


def test_verification_through_the_page(planted, personas, client_for, slrt):
    finding = Finding.objects.get(kind=FindingKind.INCLUSION_DESIL)
    client = client_for(personas["kab_operator"])
    response = client.post(reverse("programs:finding_verify", args=[finding.pk]), follow=True)
    assert "Tugas verifikasi dikirim" in response.content.decode()
    finding.refresh_from_db()
    assert finding.task.assignees.get() == slrt.psm_worker
    page = client.get(reverse("programs:finding", args=[finding.pk])).content.decode()
    assert reverse("pillars:task", args=[finding.task_id]) in page and 'id="verify-button"' not in page


def test_detail_renders_the_evidence_for_humans(planted, personas, client_for):
    client = client_for(personas["kab_operator"])
    overlap = Finding.objects.get(kind=FindingKind.OVERLAP, household=planted.households["o1"])
    page = client.get(reverse("programs:finding", args=[overlap.pk])).content.decode()
    assert "BLT Dana Desa" in page and "Program Keluarga Harapan" in page and "Rp 3.600.000" in page
    assert "tidak boleh diterima bersamaan" in page  # the kind explained
    assert reverse("registry:household", args=[overlap.household_id]) in page

    duplicate = Finding.objects.get(kind=FindingKind.DUPLICATE, program__code="PBI-JK")
    page = client.get(reverse("programs:finding", args=[duplicate.pk])).content.decode()
    nik = duplicate.evidence["nik"]
    assert nik not in page and f"{nik[:4]}**********{nik[-2:]}" in page
    assert "Rahmah" in page and reverse("registry:household", args=[planted.households["g1"].pk]) in page

    lonely = Finding.objects.get(kind=FindingKind.EXCLUSION_PPKS, household=planted.households["e3"])
    page = client.get(reverse("programs:finding", args=[lonely.pk])).content.decode()
    assert "Disabilitas intelektual" in page and "belum berperingkat" in page

    assert AuditEntry.objects.filter(action=Action.VIEW, object_type="programs.finding",
                                     object_id=str(lonely.pk)).exists()


def test_household_page_lists_its_findings(planted, personas, client_for):
    household = planted.households["o1"]
    url = reverse("registry:household", args=[household.pk])
    page = client_for(personas["psm"]).get(url).content.decode()
    assert "Temuan program" in page
    assert reverse("programs:finding", args=[Finding.objects.get(household=household).pk]) in page
    # The SLRT desk reads the registry but not the findings: no section.
    assert "Temuan program" not in client_for(personas["slrt_desk"]).get(url).content.decode()
    clean = planted.households["c1"]
    assert "household-findings" not in client_for(personas["psm"]).get(
        reverse("registry:household", args=[clean.pk])).content.decode()


def test_household_section_lists_open_findings_first(planted, personas, client_for):
    household = planted.households["e4"]  # desil 2 and alone: two findings
    poor = Finding.objects.get(household=household, kind=FindingKind.EXCLUSION_POOR)
    findings.dismiss_finding(actor=None, finding=poor, reason=GOOD_REASON)
    response = client_for(personas["kab_admin"]).get(reverse("registry:household", args=[household.pk]))
    context = dict((section.key, ctx) for section, ctx in response.context["sections"])["findings"]
    assert [f.state for f in context["findings"]] == [OPEN, DISMISSED]


def _workbook(response):
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                      else response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_excel_download_masks_nik_unless_revealing_and_neutralises_formulas(planted, personas, client_for, world):
    household, (person,) = family(world.desa_x, {"name": "=HYPERLINK(\"http://x\",\"klik\")"})
    rank(household, 8), enrol(planted.cycles["PKH"], household)
    checks.run_checks(actor=None, regency=planted.regency, today=TODAY)
    finding = Finding.objects.get(household=household)

    header, rows = _workbook(client_for(personas["psm"]).get(reverse("programs:findings_xlsx")))
    assert "NIK" in header and "Nilai terdampak per tahun (Rp)" in header
    mine = next(r for r in rows if r["Nomor temuan"] == finding.pk)
    assert mine["Nama"] == "'=HYPERLINK(\"http://x\",\"klik\")"
    assert mine["NIK"] == person.masked_nik and person.nik not in {r["NIK"] for r in rows}
    assert mine["Nilai terdampak per tahun (Rp)"] == 1_000_000
    assert mine["Jenis temuan"] == "Desil penerima di atas batas program"
    assert len(rows) == Finding.objects.filter(desa_id=world.desa_x.code, state=OPEN).count()
    entry = AuditEntry.objects.filter(action=Action.EXPORT, object_type="programs.finding").latest("id")
    assert entry.changes["nik_unmasked"] is False and finding.pk in entry.changes["findings"]

    _header, rows = _workbook(client_for(personas["kab_operator"]).get(reverse("programs:findings_xlsx"),
                                                                        {"jenis": FindingKind.INCLUSION_DESIL}))
    mine = next(r for r in rows if r["Nomor temuan"] == finding.pk)
    assert mine["NIK"] == person.nik and mine["No. KK"] == household.no_kk
    assert {r["Jenis temuan"] for r in rows} == {"Desil penerima di atas batas program"}
    entry = AuditEntry.objects.filter(action=Action.EXPORT, object_type="programs.finding").latest("id")
    assert entry.changes["nik_unmasked"] is True and entry.changes["filters"]["jenis"] == "inklusi-desil"


def test_list_queries_do_not_grow_with_findings(planted, personas, client_for, world, django_assert_max_num_queries):
    client = client_for(personas["kab_operator"])
    url = reverse("programs:findings")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"status": "semua"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for number in range(20):
        household, people = family(world.desa_y, {"name": f"Pegawai {number}", "occupation": "PNS"},
                                   {"name": f"Anak {number}", "born": dt.date(2012, 1, 1)}, has_car=True)
        rank(household, 9)
        enrol(planted.cycles["PKH"], household), enrol(planted.cycles["PBI-JK"], household, people[1])
    checks.run_checks(actor=None, regency=planted.regency, today=TODAY)
    assert Finding.objects.count() >= 40 + 20
    assert queries() == few
    with django_assert_max_num_queries(16):
        response = client.get(url, {"status": "semua"})
    assert len(response.context["findings"]) == 50 and response.context["page"].paginator.num_pages >= 2


# ------------------------------------------------------------------------------------------- check runs


def test_runs_page_starts_polls_and_cancels(planted, personas, client_for):
    client = client_for(personas["kab_admin"])
    page = client.get(reverse("programs:finding_checks"))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="start-11.06"' in content and "Kabupaten Aceh Besar" in content

    response = client.post(reverse("programs:finding_checks_run"), {"kabupaten": "11.06"})
    assert response.status_code == 302
    run = CheckRun.objects.filter(status=checks.RUN_RUNNING).get()
    assert run.started_by == personas["kab_admin"]
    content = client.get(reverse("programs:finding_checks")).content.decode()
    assert f'hx-get="{reverse("programs:finding_checks_progress", args=[run.pk])}"' in content
    assert 'id="start-11.06"' not in content  # one run at a time
    progress = client.get(reverse("programs:finding_checks_progress", args=[run.pk]))
    assert progress.status_code == 200 and "HX-Refresh" not in progress
    assert "Menunggu giliran" in progress.content.decode()

    assert client.post(reverse("programs:finding_checks_cancel", args=[run.pk])).status_code == 302
    assert progress_of(checks.progress_key(run)).cancel_requested
    checks.run_checks(actor=None, regency=planted.regency, run=run)
    run.refresh_from_db()
    assert run.status == checks.RUN_CANCELLED
    assert client.get(reverse("programs:finding_checks_progress", args=[run.pk]))["HX-Refresh"] == "true"

    client.post(reverse("programs:finding_checks_run"), {"kabupaten": "11.06"})
    run = CheckRun.objects.filter(status=checks.RUN_RUNNING).get()
    from sinergi.programs.tasks_checks import run_targeting_checks

    run_targeting_checks.call(run.pk)
    content = client.get(reverse("programs:finding_checks")).content.decode()
    assert 'id="run-status-11.06"' in content and "selesai" in content and 'id="start-11.06"' in content
    assert f"?wilayah=11.06&amp;jenis={FindingKind.INCLUSION_DESIL}" in content


def test_runs_page_is_for_programme_managers(planted, personas, client_for):
    run = checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    for persona in ["kecamatan_tksk", "desa_operator", "slrt_desk", "no_assignment"]:
        client = client_for(personas[persona])
        assert client.get(reverse("programs:finding_checks")).status_code == 404
        assert client.get(reverse("programs:finding_checks_progress", args=[run.pk])).status_code == 404
        assert client.post(reverse("programs:finding_checks_run"), {"kabupaten": "11.06"}).status_code == 404
        assert client.post(reverse("programs:finding_checks_cancel", args=[run.pk])).status_code == 404
    assert client_for(personas["kab_admin"]).post(reverse("programs:finding_checks_run"),
                                                  {"kabupaten": "32.12"}).status_code == 404
    assert client_for(personas["kab_admin"]).post(reverse("programs:finding_checks_run"),
                                                  {"kabupaten": "bukan"}).status_code == 404
    run.refresh_from_db()
    assert run.status == checks.RUN_RUNNING and not progress_of(checks.progress_key(run)).cancel_requested


def test_a_stale_run_can_be_closed(planted, personas, client_for):
    from sinergi.core.models import JobProgress

    run = checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    JobProgress.objects.filter(key=checks.progress_key(run)).update(
        updated_at=timezone.now() - dt.timedelta(hours=1))
    client = client_for(personas["kab_admin"])
    assert "tidak bergerak" in client.get(reverse("programs:finding_checks")).content.decode()
    client.post(reverse("programs:finding_checks_cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == checks.RUN_CANCELLED


# ------------------------------------------------------------------------------ statuses for the matrix


def test_get_status_per_persona(planted, personas, client_for):
    """What the permission matrix will list for these URLs (a finding in desa X, one in Lhoong)."""
    in_desa_x = Finding.objects.filter(desa_id=planted.households["o1"].desa_id).first()
    in_lhoong = Finding.objects.filter(desa__parent_id="11.06.01").first()
    run = checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    expected = {
        reverse("programs:findings"): FINDING_READERS,
        reverse("programs:findings_xlsx"): FINDING_READERS,
        reverse("programs:finding", args=[in_desa_x.pk]): FINDING_READERS,
        reverse("programs:finding", args=[in_lhoong.pk]): DECIDERS,
        reverse("programs:finding_checks"): DECIDERS,
        reverse("programs:finding_checks_progress", args=[run.pk]): DECIDERS,
    }
    wrong = []
    for url, allowed in expected.items():
        for persona in [*LOGGED_IN, "anonymous"]:
            status = client_for(personas[persona]).get(url).status_code
            want = 302 if persona == "anonymous" else 200 if persona in allowed else 404
            if status != want:
                wrong.append(f"{url} {persona}: {status} (expected {want})")
    assert not wrong, wrong


def test_person_names_in_the_list_come_from_the_registry(planted, personas, client_for):
    finding = Finding.objects.get(kind=FindingKind.INCLUSION_DECEASED, person__isnull=False)
    Person.objects.filter(pk=finding.person_id).update(name="Almarhum Diperbarui")
    content = client_for(personas["kab_admin"]).get(reverse("programs:findings"),
                                                    {"jenis": FindingKind.INCLUSION_DECEASED}).content.decode()
    assert "Almarhum Diperbarui" in content


def test_post_status_per_persona(planted, personas, client_for):
    """The POST rows of the permission matrix: deciders are redirected back to the page, everyone else 404."""
    from django.db import transaction

    finding = Finding.objects.filter(desa_id=planted.households["o1"].desa_id, state=OPEN).first()
    run = checks.start_checks(actor=None, regency=planted.regency, enqueue=False)
    posts = [
        (reverse("programs:finding_confirm", args=[finding.pk]), {}, DECIDERS),
        (reverse("programs:finding_dismiss", args=[finding.pk]), {"reason": GOOD_REASON}, DECIDERS),
        (reverse("programs:finding_resolve", args=[finding.pk]), {"note": "Dikeluarkan."}, DECIDERS),
        (reverse("programs:finding_reopen", args=[finding.pk]), {"reason": "Dibuka lagi."}, DECIDERS),
        (reverse("programs:finding_verify", args=[finding.pk]), {}, DECIDERS),
        (reverse("programs:finding_checks_run"), {"kabupaten": "11.06"}, DECIDERS),
        (reverse("programs:finding_checks_cancel", args=[run.pk]), {}, DECIDERS),
    ]
    wrong = []
    for url, data, allowed in posts:
        for persona in [*LOGGED_IN, "anonymous"]:
            with transaction.atomic():
                status = client_for(personas[persona]).post(url, data).status_code
                transaction.set_rollback(True)
            want = 302 if persona == "anonymous" or persona in allowed else 404
            if status != want:
                wrong.append(f"POST {url} {persona}: {status} (expected {want})")
    assert not wrong, wrong
