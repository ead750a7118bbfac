"""The catalogue, programme and cycle pages, their actions and the household page's programme section: who gets
what, scoping of the recipient list, a fixed number of queries, and the actions end to end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
)
from tests.conftest import PERSONAS, make_household
from tests.importing import DATABASES
from tests.test_programs_cycles import T1, T2, planted, score  # noqa: F401  (planted: a fixture)

pytestmark = pytest.mark.django_db(databases=DATABASES)

VIEWERS = ["province_admin", "kab_operator", "kab_admin", "kecamatan_tksk", "pkh_facilitator", "psm",
           "desa_operator", "slrt_desk", "opd_api_client"]
MANAGERS = ["province_admin", "kab_operator", "kab_admin"]
OUTSIDERS = ["service_provider", "no_assignment"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def cycle_of(program: str, code: str = "2026-T1", dates=T1, regency: str = "11.06") -> Cycle:
    return operations.create_cycle(actor=None, program=Program.objects.get(code=program),
                                   regency=Area.objects.get(code=regency), code=code, starts_on=dates[0],
                                   ends_on=dates[1])


@pytest.fixture
def sembako(world):
    """Sembako 2026-T1 in Aceh Besar with three households (two desa of Darul Imarah, one of Lhoong), frozen,
    paid, one payment returned; and a tahap in Indramayu nobody here may see."""
    cycle = cycle_of("SEMBAKO")
    for home in (world.home, world.neighbour, world.far):
        operations.enrol(actor=None, cycle=cycle, household=home)
    operations.freeze_cycle(actor=None, cycle=cycle)
    operations.plan_distributions(actor=None, cycle=cycle, planned_on=dt.date(2026, 2, 1), channel="PT Pos")
    returned = Distribution.objects.get(enrolment__household=world.home)
    operations.record_returned(actor=None, distribution=returned, reason="Rekening tidak aktif")
    abroad = cycle_of("SEMBAKO", regency="32.12")
    operations.enrol(actor=None, cycle=abroad, household=world.abroad)
    cycle.refresh_from_db()
    return {"cycle": cycle, "abroad": abroad}


def expected(status_for_viewers: int = 200) -> dict[str, int]:
    return {**{p: status_for_viewers for p in VIEWERS}, **{p: 404 for p in OUTSIDERS}, "anonymous": 302}


# ---------------------------------------------------------------------------------------------------- access


def test_pages_answer_each_persona(personas, client_for, sembako):
    cycle = sembako["cycle"]
    urls = [reverse("programs:list"), reverse("programs:detail", args=["SEMBAKO"]),
            reverse("programs:cycle", args=[cycle.pk]),
            reverse("programs:cycle_progress", args=[cycle.pk, tasks_enrolment.ENROL])]
    assert set(PERSONAS) | {"anonymous"} == set(expected())
    for url in urls:
        got = {name: client_for(user).get(url).status_code for name, user in personas.items()}
        assert got == expected(), url


def test_a_cycle_of_another_kabupaten_is_not_found(personas, client_for, sembako):
    abroad = sembako["abroad"]
    for name in VIEWERS:
        assert client_for(personas[name]).get(reverse("programs:cycle", args=[abroad.pk])).status_code == 404
    assert client_for(personas["kab_admin"]).get(reverse("programs:detail", args=["TIDAK-ADA"])).status_code == 404


def test_a_desa_operator_sees_only_their_desa_on_the_cycle_page(personas, client_for, sembako, world):
    cycle = sembako["cycle"]
    page = client_for(personas["desa_operator"]).get(reverse("programs:cycle", args=[cycle.pk]))
    assert [e.household_id for e in page.context["page"].object_list] == [world.home.pk]
    assert page.context["counts"]["active"] == 1
    assert not page.context["can_manage"]
    html = page.content.decode()
    assert "Nurhayati" not in html and "Zulkifli" not in html
    assert "freeze-button" not in html and "plan-form" not in html and "distribution_return" not in html
    every = client_for(personas["kab_operator"]).get(reverse("programs:cycle", args=[cycle.pk]))
    assert every.context["counts"]["active"] == 3 and every.context["can_manage"]
    assert every.context["money"]["dikembalikan"] == {"n": 1, "total": 600_000}


def test_cycle_page_shows_masked_nik_and_links_to_the_household(personas, client_for, sembako, world):
    html = client_for(personas["kab_operator"]).get(reverse("programs:cycle", args=[sembako["cycle"].pk])
                                                    ).content.decode()
    assert world.head.nik not in html
    assert world.head.masked_nik in html
    assert reverse("registry:household", args=[world.home.pk]) in html
    assert "Rekening tidak aktif" in html


def test_list_shows_the_current_cycle_with_counts_in_scope(personas, client_for, sembako):
    page = client_for(personas["psm"]).get(reverse("programs:list"))
    programs = {p.code: p for p in page.context["programs"]}
    (current,) = programs["SEMBAKO"].current_cycles
    assert (current.pk, current.recipients, current.total) == (sembako["cycle"].pk, 1, 2_400_000)
    assert programs["PKH"].current_cycles == []
    html = page.content.decode()
    assert "Keluarga desil 1–4" in html and "memiliki mobil" in html
    detail = client_for(personas["psm"]).get(reverse("programs:detail", args=["PKH"])).content.decode()
    assert "umur 7–12 tahun" in detail and "BLT-DD" in detail and "tidak boleh" in detail


def test_invalid_query_parameters_are_ignored_or_explained(personas, client_for, sembako):
    client = client_for(personas["kab_admin"])
    url = reverse("programs:cycle", args=[sembako["cycle"].pk])
    page = client.get(url, {"page": "xyz", "wilayah": "99.99", "status": "hilang", "q": "%%%"})
    assert page.status_code == 200
    assert "saringan wilayah diabaikan" in page.content.decode()
    assert client.get(url, {"page": "999"}).status_code == 200
    progress = reverse("programs:cycle_progress", args=[sembako["cycle"].pk, "lain"])
    assert client.get(progress).status_code == 404


def test_filters_by_area_and_name(personas, client_for, sembako, world):
    client = client_for(personas["kab_admin"])
    url = reverse("programs:cycle", args=[sembako["cycle"].pk])
    in_lhoong = client.get(url, {"wilayah": "11.06.01"}).context["page"].object_list
    assert [e.household_id for e in in_lhoong] == [world.far.pk]
    by_member_name = client.get(url, {"q": "siti aminah"}).context["page"].object_list
    assert [e.household_id for e in by_member_name] == [world.home.pk]
    by_nik = client.get(url, {"q": world.head.nik}).context["page"].object_list
    assert [e.household_id for e in by_nik] == [world.home.pk]


# ------------------------------------------------------------------------------------------------ query counts


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_households(world, count: int, start: int) -> list:
    return [make_household(world.desa_x, no_kk=make_kk(kecamatan_code="11.06.07", issued=dt.date(2016, 1, 1),
                                                       serial=300 + i),
                           address=f"Dusun Rame {i}", members=[
        dict(nik=make_nik(kecamatan_code="11.06.07", birth_date=dt.date(1970, 1, 1), sex="L", serial=300 + i),
             name=f"Penerima {i}", sex="L", relation="1"),
        dict(name=f"Istri Penerima {i}", sex="P", relation="3")])[0] for i in range(start, start + count)]


def test_cycle_page_does_not_grow_with_recipients(personas, client_for, world):
    cycle = cycle_of("SEMBAKO")
    for home in _add_households(world, 5, 0):
        operations.enrol(actor=None, cycle=cycle, household=home)
    client = client_for(personas["kab_operator"])
    url = reverse("programs:cycle", args=[cycle.pk])
    few = _queries(client, url)
    for home in _add_households(world, 32, 10):
        operations.enrol(actor=None, cycle=cycle, household=home)
    operations.freeze_cycle(actor=None, cycle=cycle)
    operations.plan_distributions(actor=None, cycle=cycle, planned_on=T1[0])
    many = _queries(client, url)
    assert len(client.get(url).context["page"].object_list) == 37
    assert many <= few + 1  # a frozen tahap also looks up the next open one
    assert many <= 18


def test_programme_list_does_not_grow_with_cycles(personas, client_for, world):
    client = client_for(personas["province_admin"])
    url = reverse("programs:list")
    cycle_of("SEMBAKO")
    few = _queries(client, url)
    for program in ("PKH", "PBI-JK", "PIP", "BLT-DD"):
        cycle = cycle_of(program)
        operations.enrol(actor=None, cycle=cycle, household=world.home,
                         person=world.head if cycle.program.per_person else None)
    cycle_of("SEMBAKO", code="2026-T2", dates=T2)
    many = _queries(client, url)
    assert many == few
    assert many <= 12  # session, user, grants, notifications, session save: 7; the page: 4


# ------------------------------------------------------------------------------------------ POSTs by viewers


def _post_urls(cycle: Cycle, distribution: Distribution, household_id: int) -> list[tuple[str, dict]]:
    return [
        (reverse("programs:cycle_create", args=[cycle.program.code]),
         {"regency": cycle.regency_id, "code": "2026-T9", "starts_on": "01/07/2026", "ends_on": "30/09/2026"}),
        (reverse("programs:cycle_freeze", args=[cycle.pk]), {}),
        (reverse("programs:cycle_close", args=[cycle.pk]), {}),
        (reverse("programs:cycle_add", args=[cycle.pk]), {"identifier": str(household_id)}),
        (reverse("programs:cycle_import", args=[cycle.pk]), {"batch": "1"}),
        (reverse("programs:cycle_enrol_eligible", args=[cycle.pk]), {}),
        (reverse("programs:cycle_remove", args=[cycle.pk]), {"ids": ["1"], "reason": "x"}),
        (reverse("programs:cycle_plan", args=[cycle.pk]), {"planned_on": "01/02/2026"}),
        (reverse("programs:cycle_disburse", args=[cycle.pk]), {"all_planned": "on", "disbursed_on": "02/02/2026"}),
        (reverse("programs:cycle_cancel", args=[cycle.pk, tasks_enrolment.ENROL]), {}),
        (reverse("programs:distribution_return", args=[distribution.pk]), {"reason": "x"}),
        (reverse("programs:household_enrol", args=[household_id]), {"cycle": str(cycle.pk)}),
    ]


def test_posts_by_viewers_are_not_found_and_change_nothing(personas, client_for, sembako, world):
    cycle = sembako["cycle"]
    open_cycle = cycle_of("PKH")
    distribution = Distribution.objects.get(enrolment__household=world.neighbour)
    before = (Cycle.objects.count(), Enrolment.objects.count(),
              list(Distribution.objects.order_by("pk").values_list("state", flat=True)))
    urls = _post_urls(cycle, distribution, world.neighbour.pk) + _post_urls(open_cycle, distribution,
                                                                           world.neighbour.pk)
    for name in ["desa_operator", "pkh_facilitator", "psm", "kecamatan_tksk", "slrt_desk", "opd_api_client",
                 "no_assignment"]:
        client = client_for(personas[name])
        for url, data in urls:
            assert client.post(url, data).status_code == 404, (name, url)
    for url, data in urls:
        assert client_for(None).post(url, data).status_code == 302
    after = (Cycle.objects.count(), Enrolment.objects.count(),
             list(Distribution.objects.order_by("pk").values_list("state", flat=True)))
    assert after == before


def test_a_manager_of_another_kabupaten_gets_404_on_its_cycle(personas, client_for, sembako):
    freeze = reverse("programs:cycle_freeze", args=[sembako["abroad"].pk])
    response = client_for(personas["kab_admin"]).post(freeze)
    assert response.status_code == 404
    sembako["abroad"].refresh_from_db()
    assert sembako["abroad"].state == CycleState.OPEN


# ------------------------------------------------------------------------------------------ manager actions


def test_a_manager_runs_a_tahap_from_the_pages(personas, client_for, planted, world, settings):  # noqa: F811
    settings.TASKS = IMMEDIATE
    client = client_for(personas["kab_operator"])
    created = client.post(reverse("programs:cycle_create", args=["SEMBAKO"]), {
        "regency": "11.06", "code": "2026-T1", "name": "Triwulan I", "starts_on": "01/01/2026",
        "ends_on": "31/03/2026"})
    cycle = Cycle.objects.get(program__code="SEMBAKO", regency_id="11.06", code="2026-T1")
    assert created.status_code == 302 and created["Location"] == reverse("programs:cycle", args=[cycle.pk])
    url = reverse("programs:cycle", args=[cycle.pk])

    client.post(reverse("programs:cycle_enrol_eligible", args=[cycle.pk]), {"wilayah": ""})
    assert set(cycle.enrolments.values_list("household_id", flat=True)) == planted["eligible"]
    page = client.get(url)
    assert "3 penerima baru dari 7 keluarga diperiksa." in page.content.decode()

    # One more by NIK: the car owner, whom the Dinas decided to include anyway.
    car_head = planted["car"].members.get()
    client.post(reverse("programs:cycle_add", args=[cycle.pk]), {"identifier": car_head.nik})
    assert cycle.enrolments.filter(household=planted["car"], source="manual").exists()
    duplicate = client.post(reverse("programs:cycle_add", args=[cycle.pk]), {"identifier": str(planted["car"].pk)},
                            follow=True)
    assert "sudah terdaftar di tahap 2026-T1" in duplicate.content.decode()

    removed = cycle.enrolments.get(household=planted["car"])
    client.post(reverse("programs:cycle_remove", args=[cycle.pk]), {"ids": [str(removed.pk)],
                                                                     "reason": "Memiliki mobil"})
    removed.refresh_from_db()
    assert (removed.status, removed.removed_reason) == (EnrolmentStatus.REMOVED, "Memiliki mobil")

    client.post(reverse("programs:cycle_freeze", args=[cycle.pk]))
    cycle.refresh_from_db()
    assert cycle.state == CycleState.FROZEN
    refused = client.post(reverse("programs:cycle_add", args=[cycle.pk]), {"identifier": str(world.home.pk)},
                          follow=True)
    assert "Tahap 2026-T1 sudah dibekukan" in refused.content.decode()

    client.post(reverse("programs:cycle_plan", args=[cycle.pk]), {"planned_on": "01/02/2026",
                                                                   "channel": "Bank Himbara"})
    assert Distribution.objects.filter(enrolment__cycle=cycle, amount=600_000).count() == 3
    one = Distribution.objects.get(enrolment__cycle=cycle, enrolment__household=world.neighbour)
    client.post(reverse("programs:cycle_disburse", args=[cycle.pk]), {"ids": [str(one.pk)],
                                                                       "disbursed_on": "03/02/2026",
                                                                       "reference": "BNI-01"})
    one.refresh_from_db()
    assert (one.state, one.reference) == (DistributionState.DISBURSED, "BNI-01")
    client.post(reverse("programs:cycle_disburse", args=[cycle.pk]), {"all_planned": "on",
                                                                       "disbursed_on": "04/02/2026"})
    assert not Distribution.objects.filter(enrolment__cycle=cycle, state=DistributionState.PLANNED).exists()
    client.post(reverse("programs:distribution_return", args=[one.pk]), {"reason": "KPM meninggal"})
    one.refresh_from_db()
    assert (one.state, one.returned_reason) == (DistributionState.RETURNED, "KPM meninggal")
    client.post(reverse("programs:cycle_close", args=[cycle.pk]))
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED

    client.post(reverse("programs:cycle_create", args=["SEMBAKO"]), {
        "regency": "11.06", "code": "2026-T2", "starts_on": "01/04/2026", "ends_on": "30/06/2026",
        "copy_from": str(cycle.pk)})
    following = Cycle.objects.get(code="2026-T2", program__code="SEMBAKO")
    assert set(following.enrolments.values_list("household_id", flat=True)) == planted["eligible"]
    assert set(following.enrolments.values_list("source", flat=True)) == {"tahap 2026-T1"}


def test_remove_all_matching_the_filter(personas, client_for, world):
    cycle = cycle_of("SEMBAKO")
    for home in (world.home, world.neighbour, world.far):
        operations.enrol(actor=None, cycle=cycle, household=home)
    client = client_for(personas["kab_admin"])
    client.post(reverse("programs:cycle_remove", args=[cycle.pk]), {
        "all_matching": "on", "wilayah": "11.06.07", "reason": "Verifikasi ulang"})
    assert set(cycle.enrolments.filter(status=EnrolmentStatus.ACTIVE).values_list("household_id", flat=True)
               ) == {world.far.pk}
    missing_reason = client.post(reverse("programs:cycle_remove", args=[cycle.pk]), {"all_matching": "on"},
                                 follow=True)
    assert "Alasan dikeluarkan" in missing_reason.content.decode()


def test_a_running_job_shows_a_progress_bar_that_survives_reload(personas, client_for, world):
    cycle = cycle_of("SEMBAKO")
    key = tasks_enrolment.progress_key(cycle.pk, tasks_enrolment.ENROL)
    jobs.Progress(key, phase=tasks_enrolment.RUNNING, total=40).advance(10)
    client = client_for(personas["kab_operator"])
    page = client.get(reverse("programs:cycle", args=[cycle.pk])).content.decode()
    progress_url = reverse("programs:cycle_progress", args=[cycle.pk, tasks_enrolment.ENROL])
    assert f'hx-get="{progress_url}"' in page and 'max="40"' in page
    assert reverse("programs:cycle_cancel", args=[cycle.pk, tasks_enrolment.ENROL]) in page
    polled = client.get(progress_url)
    assert polled.status_code == 200 and "HX-Refresh" not in polled
    client.post(reverse("programs:cycle_cancel", args=[cycle.pk, tasks_enrolment.ENROL]))
    assert jobs.progress_of(key).cancel_requested
    viewer_page = client_for(personas["psm"]).get(reverse("programs:cycle", args=[cycle.pk])).content.decode()
    assert f'hx-get="{progress_url}"' in viewer_page and "cancel-kelayakan" not in viewer_page
    jobs.JobProgress.objects.filter(key=key).update(phase="selesai|Selesai diperiksa.")
    assert client.get(progress_url)["HX-Refresh"] == "true"


# ------------------------------------------------------------------------------------------ household page


def test_household_section_lists_programmes_and_a_returned_payment_with_its_reason(personas, client_for, sembako,
                                                                                   world):
    pbi = cycle_of("PBI-JK")
    operations.enrol(actor=None, cycle=pbi, household=world.home, person=world.head)
    page = client_for(personas["desa_operator"]).get(reverse("registry:household", args=[world.home.pk]))
    (section_context,) = [ctx for section, ctx in page.context["sections"] if section.key == "programs"]
    assert {e.cycle.program.code for e in section_context["enrolments"]} == {"SEMBAKO", "PBI-JK"}
    html = page.content.decode()
    assert "Program dan bantuan" in html and "Rekening tidak aktif" in html and "Dikembalikan" in html
    assert world.head.name in html
    assert section_context["enrol_form"] is None  # a desa operator may not enrol


def test_household_section_is_hidden_without_programme_rights(personas, client_for, sembako, world):
    reader = personas["no_assignment"]
    role = Role.objects.create(code="baca-registri", name="Baca registri", usual_level=Level.REGENCY)
    role.permissions.add(Permission.objects.get(content_type__app_label="registry", codename="view_household"))
    Assignment.objects.create(user=reader, role=role, area_id="11.06")
    page = client_for(reader).get(reverse("registry:household", args=[world.home.pk]))
    assert page.status_code == 200
    assert "programs" not in [section.key for section, _ctx in page.context["sections"]]


def test_household_section_links_the_import_row(personas, client_for, world):
    cycle = cycle_of("SEMBAKO")
    enrolment = operations.enrol(actor=None, cycle=cycle, household=world.home)
    from sinergi.imports.models import ImportBatch

    batch = ImportBatch.objects.create(kind="program", program="SEMBAKO", cycle="2026-T1", regency_id="11.06",
                                       original_name="sembako.csv", size=1, sha256="0" * 64, status="committed")
    Enrolment.objects.filter(pk=enrolment.pk).update(import_batch=batch, import_row=7, source="impor")
    html = client_for(personas["kab_operator"]).get(reverse("registry:household", args=[world.home.pk])
                                                    ).content.decode()
    assert reverse("imports:detail", args=[batch.pk]) + "?baris=7#baris" in html
    household_url = reverse("registry:household", args=[world.home.pk])
    psm_html = client_for(personas["psm"]).get(household_url).content.decode()
    assert f"impor #{batch.pk} baris 7" in psm_html
    assert reverse("imports:detail", args=[batch.pk]) not in psm_html


def test_a_manager_adds_a_member_from_the_household_page(personas, client_for, world):
    pbi = cycle_of("PBI-JK")
    client = client_for(personas["kab_admin"])
    page = client.get(reverse("registry:household", args=[world.home.pk]))
    (ctx,) = [c for section, c in page.context["sections"] if section.key == "programs"]
    assert ctx["enrol_form"] is not None
    response = client.post(reverse("programs:household_enrol", args=[world.home.pk]),
                           {"cycle": str(pbi.pk), "person": str(world.head.pk)})
    assert response["Location"].endswith("#programs")
    assert pbi.enrolments.get().person == world.head
    missing = client.post(reverse("programs:household_enrol", args=[world.home.pk]), {"cycle": str(pbi.pk)},
                          follow=True)
    assert "per jiwa" in missing.content.decode()
    entry = AuditEntry.objects.filter(object_type="programs.enrolment").latest("created_at")
    assert entry.household_id == world.home.pk


# ---------------------------------------------------------------------------------------------------- admin


def test_activating_a_pmt_model_in_the_admin_deactivates_the_others(admin_client):
    old = PmtModel.objects.create(version="uji-lama", name="Lama", weights={}, active=False)
    PmtModel.objects.exclude(pk=old.pk).update(active=False)
    PmtModel.objects.filter(pk=old.pk).update(active=True)
    response = admin_client.post(reverse("admin:programs_pmtmodel_add"), {
        "version": "uji-baru", "name": "Baru", "description": "", "intercept": "0", "weights": '{"has_car": 0.5}',
        "active": "on"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(PmtModel.objects.filter(active=True).values_list("version", flat=True)) == ["uji-baru"]
    refused = admin_client.post(reverse("admin:programs_pmtmodel_add"), {
        "version": "uji-salah", "name": "Salah", "intercept": "0", "weights": '{"tidak_ada": 1}'})
    assert refused.status_code == 200 and not PmtModel.objects.filter(version="uji-salah").exists()
    for name in ("program", "component", "stackingrule", "cycle", "finding"):
        url = reverse(f"admin:programs_{name}_changelist") if name != "component" else None
        if url:
            assert admin_client.get(url).status_code == 200, name
