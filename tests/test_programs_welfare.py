"""The welfare ranking against the database: the recompute (scores, desils per kabupaten and province, atomic
replacement, cancel, idempotence), the background job, the welfare page and the household section."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.areas.models import Area
from sinergi.audit.models import AuditEntry
from sinergi.core import jobs
from sinergi.programs import pmt, welfare
from sinergi.programs.models import PmtModel, WelfareScore
from sinergi.registry import operations
from sinergi.registry.models import Household, Person
from tests.conftest import first_village

DATABASES = ["default", "jobs"]
pytestmark = pytest.mark.django_db(databases=DATABASES)

_serial = itertools.count(1)
FLOORS = ["tanah", "bambu", "kayu", "semen", "ubin", "keramik"]
WALLS = ["bambu", "lainnya", "kayu", "plesteran", "tembok"]


def add_household(desa, wealth: int, *, members: int = 3, **fields) -> Household:
    """A household whose housing improves with ``wealth`` (0..29), so scores differ and order is known."""
    values = dict(floor=FLOORS[wealth % 6], wall=WALLS[wealth // 6 % 5], roof="seng",
                  has_motorcycle=wealth >= 10, has_refrigerator=wealth >= 20, has_car=wealth >= 25)
    values.update(fields)
    household = Household.objects.create(desa=desa, address=f"Lorong {next(_serial)}", **values)
    Person.objects.create(household=household, name="Kepala", sex="L", relation="1",
                          birth_date=dt.date(1980, 1, 1), education="1", occupation="Petani/pekebun")
    for i in range(members - 1):
        Person.objects.create(household=household, name=f"Anak {i}", sex="P", relation="4",
                              birth_date=dt.date(2015, 1, 1))
    return household


def stored() -> dict[int, tuple[float, int, int]]:
    return {pk: (score, desil, province) for pk, score, desil, province in
            WelfareScore.objects.values_list("household_id", "score", "desil", "desil_province")}


@pytest.fixture
def two_kabupaten(world):
    """Twenty households in Aceh Besar (11.06) besides the world's three, ten in Indramayu (32.12) besides one."""
    aceh = [add_household(first_village("11.06.07", i % 2), wealth) for i, wealth in enumerate(range(0, 30, 3))]
    aceh += [add_household(world.desa_other_kec, wealth) for wealth in range(1, 30, 3)]
    indramayu = [add_household(world.desa_other_kab, wealth) for wealth in range(2, 30, 3)]
    return aceh, indramayu


# ------------------------------------------------------------------------------------------------ the recompute


def test_default_model_is_seeded_once():
    model = PmtModel.objects.get()
    assert model.version == pmt.DEFAULT_VERSION and model.active and "BUKAN" in model.name
    assert pmt.ensure_default_model() == 0
    PmtModel.objects.all().delete()
    assert pmt.ensure_default_model() == 1 and PmtModel.objects.get().active


def test_recompute_scores_every_active_household_once(world, two_kabupaten):
    counts = welfare.recompute_welfare(actor=None)
    active = set(Household.objects.filter(status="aktif").values_list("pk", flat=True))
    assert set(stored()) == active and WelfareScore.objects.count() == len(active) == 34
    assert counts == {"11.06": 23, "32.12": 11}
    assert set(WelfareScore.objects.values_list("model__version", flat=True)) == {pmt.DEFAULT_VERSION}


def test_desils_are_ranked_within_each_kabupaten(world, two_kabupaten):
    aceh, indramayu = two_kabupaten
    welfare.recompute_welfare(actor=None)
    scores = stored()
    for households in ([h.pk for h in aceh] + [world.home.pk, world.neighbour.pk, world.far.pk],
                       [h.pk for h in indramayu] + [world.abroad.pk]):
        ordered = sorted(households, key=lambda pk: (scores[pk][0], pk))
        assert [scores[pk][1] for pk in ordered] == pmt.desils([scores[pk][0] for pk in ordered])
        assert [scores[pk][1] for pk in ordered] == sorted(scores[pk][1] for pk in ordered)
    # Aceh Besar is the only kabupaten of province 11 here, Indramayu the only one of 32: same desils.
    assert all(desil == province for _score, desil, province in scores.values())


def test_another_kabupatens_households_do_not_move_a_desil(world, two_kabupaten):
    aceh, _indramayu = two_kabupaten
    welfare.recompute_welfare(actor=None)
    before = {pk: v for pk, v in stored().items() if Household.objects.get(pk=pk).desa_id.startswith("11.06")}
    for _i in range(15):  # very poor families in Indramayu only
        add_household(world.desa_other_kab, 0, members=8)
    welfare.recompute_welfare(actor=None)
    after = stored()
    assert {pk: after[pk] for pk in before} == before


def test_province_desil_ranks_across_the_provinces_kabupaten(world, two_kabupaten):
    """Banda Aceh (11.71) in province 11 next to Aceh Besar: kabupaten desils differ from province desils."""
    from sinergi.areas.models import Level

    Area.objects.create(code="11.71", level=Level.REGENCY, name="KOTA BANDA ACEH", parent_id="11")
    Area.objects.create(code="11.71.01", level=Level.DISTRICT, name="MEURAXA", parent_id="11.71")
    desa = Area.objects.create(code="11.71.01.2001", level=Level.VILLAGE, name="ULEE LHEUE", parent_id="11.71.01")
    city = [add_household(desa, 29, has_ac=True, has_computer=True) for _i in range(10)]
    welfare.recompute_welfare(actor=None)
    scores = stored()
    assert sorted(scores[h.pk][1] for h in city) == list(range(1, 11))  # ranked among the city's own
    # ...and the ten richest of the province's 33: its top ranks.
    assert sorted(scores[h.pk][2] for h in city) == pmt.desils([float(i) for i in range(33)])[23:]
    province = [pk for pk in scores if Household.objects.get(pk=pk).desa_id.startswith("11.")]
    ordered = sorted(province, key=lambda pk: (scores[pk][0], pk))
    assert [scores[pk][2] for pk in ordered] == pmt.desils([scores[pk][0] for pk in ordered])


def test_recompute_is_idempotent(world, two_kabupaten):
    welfare.recompute_welfare(actor=None)
    first = stored()
    welfare.recompute_welfare(actor=None)
    assert stored() == first


def test_dissolved_and_moved_households_get_no_score(world, two_kabupaten):
    welfare.recompute_welfare(actor=None)
    operations.update_household(actor=None, household=world.neighbour, changes={"status": "bubar"})
    operations.update_household(actor=None, household=world.far, changes={"status": "pindah"})
    counts = welfare.recompute_welfare(actor=None)
    scores = stored()
    assert world.neighbour.pk not in scores and world.far.pk not in scores and world.home.pk in scores
    assert counts["11.06"] == 21
    assert sorted(s[1] for pk, s in scores.items() if pk in {h.pk for h in two_kabupaten[0]} | {world.home.pk}) \
        == sorted(pmt.desils([0.0] * 21))


def test_inactive_members_do_not_count(world):
    child = world.home.members.get(relation="4")
    welfare.recompute_welfare(actor=None)
    with_child = stored()[world.home.pk][0]
    operations.update_person(actor=None, person=child, changes={"status": "meninggal"})
    welfare.recompute_welfare(actor=None)
    assert stored()[world.home.pk][0] > with_child  # one dependant fewer


def test_stored_score_equals_the_live_explanation(world, two_kabupaten):
    """The recompute counts members in SQL, the household page in Python: both must give the very same score."""
    today = dt.date.today()
    rich = add_household(world.desa_x, 27, members=1, land_area_m2=30_000, has_land=True, water_source="kemasan",
                         cooking_fuel="gas_besar", toilet="sendiri", lighting="pln_meteran",
                         land_ownership="milik_sendiri")
    Person.objects.filter(household=rich).update(education="5", occupation="Pegawai negeri sipil")
    Person.objects.create(household=rich, name="Nenek", sex="P", relation="7", birth_date=dt.date(1950, 1, 1),
                          disability="netra", occupation="Pensiunan")
    Person.objects.create(household=rich, name="Bayi", sex="L", relation="4",
                          birth_date=today - dt.timedelta(days=100))
    Person.objects.create(household=rich, name="Pindahan", sex="L", relation="4", status="pindah",
                          birth_date=dt.date(2010, 1, 1))
    welfare.recompute_welfare(actor=None)
    for household in Household.objects.filter(status="aktif"):
        explanation = welfare.household_explanation(household)
        assert explanation["score"] == stored()[household.pk][0]
        assert not explanation["stale"] and explanation["desil"] == stored()[household.pk][1]
    facts = welfare.household_facts(rich)
    assert (facts.size, facts.children, facts.elderly, facts.disabled) == (3, 1, 1, 1)
    assert facts.head_education == "5" and facts.head_works and facts.formal_worker


def test_unknown_variable_in_the_weights_is_refused_before_anything_changes(world, personas, client_for):
    welfare.recompute_welfare(actor=None)
    before = stored()
    model = PmtModel.objects.get(active=True)
    model.weights = {**model.weights, "punya_kulkas": 0.1, "has_tv": "banyak"}
    model.save()
    with pytest.raises(ValidationError) as caught:
        welfare.recompute_welfare(actor=None)
    assert "punya_kulkas" in str(caught.value) and "has_tv" in str(caught.value)
    with pytest.raises(ValidationError):
        welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    assert stored() == before
    assert "punya_kulkas" in welfare.household_explanation(world.home)["error"]
    page = client_for(personas["kab_admin"]).get(reverse("programs:welfare")).content.decode()
    assert 'id="model-problem"' in page and "punya_kulkas" in page and 'id="welfare-recompute"' not in page


def test_recompute_needs_the_manage_permission(world, personas):
    for name in ("kecamatan_tksk", "psm", "slrt_desk", "no_assignment"):
        with pytest.raises(PermissionDenied):
            welfare.recompute_welfare(actor=personas[name])
    assert not WelfareScore.objects.exists()
    welfare.recompute_welfare(actor=personas["kab_admin"])
    assert WelfareScore.objects.count() == 4


def test_one_summarising_audit_entry(world, personas):
    entries = AuditEntry.objects.filter(object_type=welfare.AUDIT_OBJECT_TYPE)
    welfare.recompute_welfare(actor=personas["kab_operator"])
    entry = entries.get()
    assert entry.actor == personas["kab_operator"] and entry.object_label == pmt.DEFAULT_VERSION
    assert entry.changes["households"] == 4 and entry.changes["regencies"] == {"11.06": 3, "32.12": 1}
    assert welfare.last_recompute() == entry


def test_progress_goes_through_the_three_phases(world, two_kabupaten, monkeypatch):
    monkeypatch.setattr(welfare, "READ_CHUNK", 10)
    monkeypatch.setattr(welfare, "WRITE_CHUNK", 20)
    seen = []

    def watch(phase, done, total):
        row = jobs.progress_of(welfare.WELFARE_JOB)
        seen.append((phase, done, total, row.phase, row.done))

    welfare.recompute_welfare(actor=None, on_progress=watch)
    assert [s[0] for s in seen] == ["membaca"] * 4 + ["menghitung"] * 4 + ["menyimpan"] * 3
    assert [s[1] for s in seen if s[0] == "membaca"] == [10, 20, 30, 34]
    assert [s[1] for s in seen if s[0] == "menyimpan"] == [0, 20, 34]
    assert all(total == 34 and (row_phase, row_done) == (phase, done)
               for phase, done, total, row_phase, row_done in seen)


def test_cancel_while_saving_leaves_the_previous_ranking_untouched(world, two_kabupaten):
    welfare.recompute_welfare(actor=None)
    before = stored()
    operations.update_household(actor=None, household=world.home, changes={"has_car": True, "floor": "keramik"})

    def cancel_after_delete(phase, done, total):
        if phase == welfare.SAVING and done == 0:
            assert not WelfareScore.objects.exists()  # the old rows really were deleted...
            jobs.request_cancel(welfare.WELFARE_JOB)

    with pytest.raises(jobs.Cancelled):
        welfare.recompute_welfare(actor=None, on_progress=cancel_after_delete)
    assert stored() == before  # ...and are back
    assert not AuditEntry.objects.filter(object_type=welfare.AUDIT_OBJECT_TYPE).exclude(
        pk=welfare.last_recompute().pk).exists()


def test_cancel_while_reading_changes_nothing(world, two_kabupaten, monkeypatch):
    monkeypatch.setattr(welfare, "READ_CHUNK", 5)
    welfare.recompute_welfare(actor=None)
    before = stored()
    with pytest.raises(jobs.Cancelled):
        welfare.recompute_welfare(actor=None, on_progress=lambda *a: jobs.request_cancel(welfare.WELFARE_JOB))
    assert stored() == before


# ------------------------------------------------------------------------------------------- the job around it


def test_queued_job_runs_once_and_records_its_end(world, personas):
    welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    assert welfare.job_progress().phase == welfare.QUEUED and welfare.is_running(welfare.job_progress())
    with pytest.raises(ValidationError):  # one at a time
        welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    model = PmtModel.objects.get(active=True)
    assert welfare.run_recompute(actor_id=personas["kab_admin"].pk, model_id=model.pk) == welfare.DONE
    assert WelfareScore.objects.count() == 4 and welfare.last_recompute().actor == personas["kab_admin"]
    # Delivered twice: the second delivery finds nothing queued and does nothing.
    assert welfare.run_recompute(actor_id=personas["kab_admin"].pk, model_id=model.pk) == welfare.DONE
    assert AuditEntry.objects.filter(object_type=welfare.AUDIT_OBJECT_TYPE).count() == 1


def test_cancelling_a_queued_job_stops_it_before_it_starts(world, personas):
    welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    assert welfare.cancel_recompute(actor=personas["kab_admin"])
    assert welfare.job_progress().phase == welfare.CANCELLED and not welfare.job_progress().cancel_requested
    assert welfare.run_recompute(actor_id=personas["kab_admin"].pk, model_id=None) == welfare.CANCELLED
    assert not WelfareScore.objects.exists()
    assert not welfare.cancel_recompute(actor=personas["kab_admin"])  # nothing running any more


def test_a_job_cancelled_while_running_ends_cancelled(world, personas, monkeypatch):
    welfare.recompute_welfare(actor=None)
    before = stored()
    welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    real = welfare.recompute_welfare

    def cancelled_midway(**kwargs):
        return real(**kwargs, on_progress=lambda *a: welfare.cancel_recompute(actor=personas["kab_admin"]))

    monkeypatch.setattr(welfare, "recompute_welfare", cancelled_midway)
    assert welfare.run_recompute(actor_id=personas["kab_admin"].pk, model_id=None) == welfare.CANCELLED
    progress = welfare.job_progress()
    assert progress.phase == welfare.CANCELLED and not progress.cancel_requested
    assert stored() == before


def test_a_job_whose_actor_lost_the_permission_fails_without_changes(world, personas):
    welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    assert welfare.run_recompute(actor_id=personas["psm"].pk, model_id=None) == welfare.FAILED
    welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    assert welfare.run_recompute(actor_id=987654, model_id=None) == welfare.FAILED
    assert not WelfareScore.objects.exists()


def test_a_job_silent_for_long_is_not_running_any_more(world, personas):
    from django.utils import timezone

    from sinergi.core.models import JobProgress

    welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)
    JobProgress.objects.filter(key=welfare.WELFARE_JOB).update(
        phase=welfare.READING, updated_at=timezone.now() - welfare.STALE_AFTER - dt.timedelta(seconds=1))
    assert not welfare.is_running(welfare.job_progress())
    welfare.start_recompute(actor=personas["kab_admin"], enqueue=False)  # may start again


# ---------------------------------------------------------------------------------------------- desil table


def test_desil_table_counts_only_the_users_scope(world, personas, two_kabupaten):
    welfare.recompute_welfare(actor=None)
    kab = welfare.desil_table(personas["kab_admin"], "11.06")
    assert [row.code for row in kab] == list(Area.objects.filter(parent_id="11.06").values_list("code", flat=True))
    assert sum(row.total for row in kab) == 23
    darul_imarah = next(row for row in kab if row.code == "11.06.07")
    assert darul_imarah.total == 12 and darul_imarah.drillable
    # The desa operator of desa X sees desa X only, even when looking at the kecamatan.
    rows = welfare.desil_table(personas["desa_operator"], "11.06.07")
    assert [(row.code, row.total) for row in rows] == [(world.desa_x.code, 6)]
    assert rows[0].counts == tuple(
        WelfareScore.objects.filter(household__desa=world.desa_x, desil=d).count() for d in range(1, 11))
    assert welfare.desil_table(personas["desa_operator"], "11.06.01") == []
    assert welfare.desil_table(personas["kab_admin"], "32.12") == []
    assert welfare.desil_table(personas["kab_admin"], "99.99") == []
    # A desa has no children: its own row.
    assert [r.code for r in welfare.desil_table(personas["psm"], world.desa_x.code)] == [world.desa_x.code]
    # Across kabupaten only the province desil compares.
    province = welfare.desil_table(personas["province_admin"], "11")
    assert [(row.code, row.total) for row in province] == [("11.06", 23)]
    assert province[0].counts == tuple(WelfareScore.objects.filter(household__desa__code__startswith="11.",
                                                                   desil_province=d).count() for d in range(1, 11))


# ------------------------------------------------------------------------------------------------- the pages


def test_welfare_page_for_a_viewer(world, personas, client_for, two_kabupaten):
    welfare.recompute_welfare(actor=personas["kab_admin"])
    response = client_for(personas["kecamatan_tksk"]).get(reverse("programs:welfare"))
    assert response.status_code == 200
    html = response.content.decode()
    assert pmt.DEFAULT_VERSION in html and "Punya mobil" in html and "BUKAN bobot resmi" in html
    assert "kab_admin" in html and 'id="welfare-recompute"' not in html
    assert [row.code for row in response.context["rows"]] == [d.code for d in
                                                             Area.objects.filter(parent_id="11.06.07")]
    weights = response.context["weights"]
    assert len(weights) == len(pmt.DEFAULT_WEIGHTS) and weights[0]["code"] == "floor.keramik"  # largest housing
    assert [(w["order"], -w["weight"]) for w in weights] == sorted((w["order"], -w["weight"]) for w in weights)
    assert "Lantai: marmer/granit/keramik" in html and "+0,140" in html and "−0,400" in html


def test_welfare_page_for_a_manager_has_the_button_and_drills_down(world, personas, client_for, two_kabupaten):
    welfare.recompute_welfare(actor=None)
    client = client_for(personas["kab_operator"])
    html = client.get(reverse("programs:welfare")).content.decode()
    assert 'id="welfare-recompute"' in html and 'href="?wilayah=11.06.07"' in html
    drilled = client.get(reverse("programs:welfare"), {"wilayah": "11.06.07"})
    assert drilled.context["area"].code == "11.06.07"
    assert {row.code for row in drilled.context["rows"]} == set(
        Area.objects.filter(parent_id="11.06.07").values_list("code", flat=True))
    for bad in ("32.12", "xx'; drop", "1" * 40, "11.06.07.9999"):
        response = client.get(reverse("programs:welfare"), {"wilayah": bad})
        assert response.status_code == 200 and response.context["area"].code == "11.06"
        assert response.context["area_note"]


def test_older_model_versions_are_listed_read_only(world, personas, client_for):
    old = PmtModel.objects.get(active=True)
    old.active = False
    old.save()
    PmtModel.objects.create(version="resmi-2026", name="Bobot resmi", intercept=12.0, weights={"has_car": 0.5},
                            active=True)
    html = client_for(personas["psm"]).get(reverse("programs:welfare")).content.decode()
    assert 'id="model-version">resmi-2026<' in html
    assert f'id="model-{old.pk}"' in html and pmt.DEFAULT_VERSION in html


def test_recompute_post_by_a_viewer_is_404_and_by_a_manager_queues_the_job(world, personas, client_for):
    url = reverse("programs:welfare_recompute")
    for name in ("kecamatan_tksk", "psm", "desa_operator", "slrt_desk", "opd_api_client", "no_assignment"):
        assert client_for(personas[name]).post(url).status_code == 404
        assert client_for(personas[name]).post(reverse("programs:welfare_cancel")).status_code == 404
    assert welfare.job_progress() is None
    client = client_for(personas["kab_admin"])
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("programs:welfare"), 302)]
    html = response.content.decode()
    assert welfare.job_progress().phase == welfare.QUEUED
    assert 'hx-trigger="every 1s"' in html and 'id="welfare-cancel"' in html and 'id="welfare-recompute"' not in html
    # A second click while it runs: a message, no second job.
    again = client.post(url, follow=True)
    assert "sedang berjalan" in again.content.decode()
    # Cancel from the page.
    client.post(reverse("programs:welfare_cancel"))
    assert welfare.job_progress().phase == welfare.CANCELLED


def test_progress_fragment_polls_while_running_and_refreshes_at_the_end(world, personas, client_for):
    client = client_for(personas["kab_operator"])
    url = reverse("programs:welfare_progress")
    welfare.start_recompute(actor=personas["kab_operator"], enqueue=False)
    polling = client.get(url)
    assert polling.status_code == 200 and "HX-Refresh" not in polling
    assert 'hx-trigger="every 1s"' in polling.content.decode() and "Menunggu giliran" in polling.content.decode()
    viewer = client_for(personas["psm"]).get(url).content.decode()
    assert 'id="welfare-cancel"' not in viewer  # viewers see the job, managers may cancel it
    welfare.run_recompute(actor_id=personas["kab_operator"].pk, model_id=None)
    assert client.get(url)["HX-Refresh"] == "true"
    assert client_for(personas["no_assignment"]).get(url).status_code == 404


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_recompute_runs_in_the_background_worker(world, personas, client_for):
    client = client_for(personas["kab_admin"])
    client.post(reverse("programs:welfare_recompute"))
    assert welfare.job_progress().phase == welfare.QUEUED and not WelfareScore.objects.exists()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.01, verbosity=0)
    assert welfare.job_progress().phase == welfare.DONE
    assert WelfareScore.objects.count() == 4
    html = client.get(reverse("programs:welfare")).content.decode()
    assert 'id="welfare-recompute"' in html and "4 keluarga" in html


def test_welfare_page_queries_do_not_grow(world, personas, client_for, two_kabupaten):
    client = client_for(personas["province_admin"])
    url = reverse("programs:welfare")

    def queries(params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    welfare.recompute_welfare(actor=None)
    few = queries({"wilayah": "11.06"}), queries({"wilayah": "11.06.07"})
    for wealth in range(20):
        add_household(first_village("11.06.07", wealth % 5), wealth)
        add_household(first_village("11.06.01", wealth % 5), wealth)
    PmtModel.objects.filter(active=True).update(active=False)
    for version in ("lama-1", "lama-2", "lama-3"):
        PmtModel.objects.create(version=version, name=version, weights={"has_car": 0.2})
    PmtModel.objects.filter(version="lama-3").update(active=True)
    welfare.recompute_welfare(actor=None)
    many = queries({"wilayah": "11.06"}), queries({"wilayah": "11.06.07"})
    assert many == few
    assert max(many) <= 12


# ------------------------------------------------------------------------------------------- household section


def test_household_section_shows_desil_and_explanation(world, personas, client_for, two_kabupaten):
    welfare.recompute_welfare(actor=None)
    score = WelfareScore.objects.get(household=world.home)
    response = client_for(personas["pkh_facilitator"]).get(reverse("registry:household", args=[world.home.pk]))
    html = response.content.decode()
    assert "Peringkat kesejahteraan" in html
    assert f'id="welfare-desil">{score.desil}<' in html
    assert f'id="welfare-desil-province">{score.desil_province}<' in html
    assert 'id="welfare-explanation"' in html and "Jumlah anggota keluarga (logaritma)" in html
    assert "3 orang" in html and "−0,439" in html  # ln 3 × −0,40
    assert 'id="welfare-stale"' not in html
    context = dict((s.key, c) for s, c in response.context["sections"])["welfare"]
    total = context["intercept"] + sum(row[4] for row in context["rows"])
    assert total == pytest.approx(score.score)


def test_household_section_notes_data_changed_after_the_ranking(world, personas, client_for, two_kabupaten):
    welfare.recompute_welfare(actor=None)
    before = WelfareScore.objects.get(household=world.home)
    operations.update_household(actor=None, household=world.home,
                                changes={"has_car": True, "has_ac": True, "floor": "keramik"})
    client = client_for(personas["kab_admin"])
    html = client.get(reverse("registry:household", args=[world.home.pk])).content.decode()
    assert 'id="welfare-stale"' in html and f"desil {before.desil}" in html and "Punya mobil" in html
    section = welfare.household_explanation(Household.objects.get(pk=world.home.pk))
    assert section["stale"] and section["score"] > before.score and section["desil"] > before.desil
    # A household added after the ranking: an estimate, and said so.
    newcomer = add_household(world.desa_x, 5)
    html = client.get(reverse("registry:household", args=[newcomer.pk])).content.decode()
    assert 'id="welfare-stale"' in html and "belum masuk peringkat" in html


def test_household_section_is_hidden_without_the_programmes_permission(world, personas, client_for):
    from sinergi.accounts.models import Assignment, Role

    welfare.recompute_welfare(actor=None)
    role = Role.objects.create(code="baca-saja", name="Baca registri saja", usual_level=4)
    role.permissions.set(Role.objects.get(code="psm").permissions.exclude(content_type__app_label="programs"))
    reader = personas["no_assignment"]
    Assignment.objects.create(user=reader, role=role, area_id=world.desa_x.code)
    html = client_for(reader).get(reverse("registry:household", args=[world.home.pk])).content.decode()
    assert 'id="welfare-explanation"' not in html
    assert client_for(reader).get(reverse("programs:welfare")).status_code == 404


def test_household_section_for_a_dissolved_household(world, personas, client_for):
    welfare.recompute_welfare(actor=None)
    operations.update_household(actor=None, household=world.neighbour, changes={"status": "bubar"})
    welfare.recompute_welfare(actor=None)
    html = client_for(personas["kab_admin"]).get(reverse("registry:household", args=[world.neighbour.pk]))
    html = html.content.decode()
    assert 'id="welfare-not-ranked"' in html and 'id="welfare-stale"' not in html


def test_the_explanation_costs_two_queries_when_the_ranking_is_current(world, django_assert_num_queries):
    welfare.recompute_welfare(actor=None)
    household = Household.objects.get(pk=world.home.pk)
    with django_assert_num_queries(2):  # the stored score with its model, the members
        explanation = welfare.household_explanation(household)
    assert not explanation["stale"] and explanation["desil"] is not None
