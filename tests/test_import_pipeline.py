"""The import's rules: upsert by NIK/KK with history, traceability, atomic commit, cancel, background jobs, web."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from sinergi.audit.models import Action, AuditEntry
from sinergi.core import jobs
from sinergi.core.nik import make_kk, make_nik
from sinergi.imports import pipeline
from sinergi.imports.models import ImportBatch, ImportRow, MappingTemplate, Status
from sinergi.imports.planner import Planner
from sinergi.registry.models import Household, Membership, Person
from tests.importing import DATABASES, check, commit, import_file, receive, row_outcomes, row_problems

pytestmark = pytest.mark.django_db(databases=DATABASES)

HEADER = "NO KK;NIK;NAMA;JENIS KELAMIN;TGL LAHIR;HUB KRT;ALAMAT;RT;RW;KODE DESA"


def write(path, *rows: tuple, header: str = HEADER):
    path.write_text(header + "\n" + "\n".join(";".join(str(v) for v in r) for r in rows) + "\n", encoding="utf-8")
    return path


def nik(serial, born=dt.date(1990, 5, 17), sex="L", kec="11.06.07"):
    return make_nik(kecamatan_code=kec, birth_date=born, sex=sex, serial=serial)


def kk(serial, kec="11.06.07"):
    return make_kk(kecamatan_code=kec, issued=dt.date(2019, 7, 1), serial=serial)


def registry_state():
    """Everything an import may write, for "exactly as it was" comparisons."""
    return (
        list(Household.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        AuditEntry.objects.filter(action__in=[Action.CREATE, Action.UPDATE, Action.MOVE]).exclude(
            object_type="imports.importbatch").count(),
    )


@pytest.fixture
def family(world, tmp_path):
    """A new family of three in desa X, as a DTKS file."""
    desa = world.desa_x.code
    rows = [
        (kk(50), nik(50), "RAHMAT HIDAYAT", "L", "17/05/1990", "1", "Dusun Baro", "1", "2", desa),
        (kk(50), nik(51, dt.date(1992, 3, 1), "P"), "NURUL AINI", "P", "01/03/1992", "3", "Dusun Baro", "1", "2", desa),
        (kk(50), "", "BY NY NURUL AINI", "P", "02/11/2026", "4", "Dusun Baro", "1", "2", desa),
    ]
    return write(tmp_path / "keluarga.csv", *rows), rows


def test_new_family_is_created_with_history_pointing_at_the_import(family):
    path, _rows = family
    batch = import_file(path)
    assert batch.status == Status.COMMITTED
    assert (batch.rows_new, batch.rows_updated, batch.rows_unchanged, batch.rows_rejected) == (3, 0, 0, 0)
    household = Household.objects.get(no_kk=kk(50))
    assert (household.address, household.rt, household.rw) == ("Dusun Baro", "001", "002")
    members = {p.name: p for p in household.members.all()}
    assert set(members) == {"RAHMAT HIDAYAT", "NURUL AINI", "BY NY NURUL AINI"}
    assert members["BY NY NURUL AINI"].nik == "" and members["BY NY NURUL AINI"].birth_date == dt.date(2026, 11, 2)
    assert Membership.objects.filter(household=household, left_at=None).count() == 3
    created = AuditEntry.objects.filter(source=batch.source, action=Action.CREATE)
    assert created.filter(object_type="registry.household").count() == 1
    assert created.filter(object_type="registry.person").count() == 3
    rows = {r.number: r for r in batch.rows.all()}
    assert rows[2].person == members["RAHMAT HIDAYAT"] and rows[2].household == household


def test_reimporting_the_same_file_changes_nothing_and_is_flagged(family):
    path, _rows = family
    first = import_file(path)
    before = registry_state()
    second = import_file(path)
    assert second.duplicate_of == first
    assert (second.rows_new, second.rows_updated, second.rows_unchanged) == (0, 0, 3)
    assert registry_state() == before


def test_a_changed_value_becomes_a_history_entry_with_the_import_as_source(family, tmp_path):
    path, rows = family
    import_file(path)
    changed = list(rows)
    changed[0] = (*rows[0][:2], "RAHMAT HIDAYATULLAH", *rows[0][3:])
    batch = import_file(write(tmp_path / "perbaikan.csv", *changed))
    assert row_outcomes(batch) == {2: "updated", 3: "unchanged", 4: "unchanged"}
    person = Person.objects.get(nik=nik(50))
    assert person.name == "RAHMAT HIDAYATULLAH" and person.name_key == "RAHMAT HIDAYATULLAH"
    entry = AuditEntry.objects.get(source=batch.source, action=Action.UPDATE, object_type="registry.person")
    assert entry.changes == {"name": ["RAHMAT HIDAYAT", "RAHMAT HIDAYATULLAH"]}
    assert entry.household_id == person.household_id
    row = batch.rows.get(number=2)
    assert row.changes == {"person": {"name": ["RAHMAT HIDAYAT", "RAHMAT HIDAYATULLAH"]}}
    assert row.change_text == "nama lengkap: RAHMAT HIDAYAT → RAHMAT HIDAYATULLAH"
    assert batch.rows.get(number=3).change_text == ""


def test_empty_cells_never_erase_registry_values(family, tmp_path):
    path, rows = family
    import_file(path)
    blanked = [(r[0], r[1], r[2], r[3], "", r[5], "", "", "", r[9]) for r in rows]
    batch = import_file(write(tmp_path / "kosong.csv", *blanked))
    assert set(row_outcomes(batch).values()) == {"unchanged"}
    household = Household.objects.get(no_kk=kk(50))
    assert household.address == "Dusun Baro"
    assert Person.objects.get(nik=nik(50)).birth_date == dt.date(1990, 5, 17)


def test_a_nik_under_another_kk_moves_the_person_with_membership_history(world, tmp_path):
    head = world.head
    old_household = head.household
    desa = world.desa_y.code
    batch = import_file(write(tmp_path / "pecah-kk.csv",
                              (kk(60), head.nik, head.name, "L", "12/08/1975", "1", "Lorong Baru", "3", "1", desa)))
    assert row_outcomes(batch) == {2: "updated"}
    head.refresh_from_db()
    new_household = Household.objects.get(no_kk=kk(60))
    assert head.household == new_household and new_household.desa_id == desa
    left = Membership.objects.get(person=head, household=old_household)
    assert left.left_at is not None and "impor" in left.left_reason
    assert Membership.objects.get(person=head, left_at=None).household == new_household
    moves = AuditEntry.objects.filter(source=batch.source, action=Action.MOVE, object_id=str(head.pk))
    assert {m.household_id for m in moves} == {old_household.pk, new_household.pk}


def test_in_file_duplicates_and_a_kk_in_two_desa_are_rejected(world, tmp_path):
    x, y = world.desa_x.code, world.desa_y.code
    batch = import_file(write(
        tmp_path / "ganda.csv",
        (kk(70), nik(70), "ANI", "P", "", "1", "", "", "", x),
        (kk(71), nik(70), "ANI JUGA", "P", "", "1", "", "", "", x),
        (kk(70), nik(72), "BUDI", "L", "", "4", "", "", "", y),
    ))
    assert row_outcomes(batch) == {2: "new", 3: "rejected", 4: "rejected"}
    problems = row_problems(batch)
    assert problems[3] == ["NIK ini sudah ada di baris 2 dalam file yang sama. Hapus salah satunya."]
    assert problems[4][0].startswith("KK ini tertulis di desa ") and "baris 2" in problems[4][0]
    assert not Person.objects.filter(name__in=["ANI JUGA", "BUDI"]).exists()


def test_people_registered_in_another_kabupaten_are_not_touched(world, tmp_path):
    abroad_head = world.abroad.members.get()
    batch = import_file(write(tmp_path / "luar.csv", (kk(80), abroad_head.nik, "ASEP", "L", "", "1", "", "", "",
                                                       world.desa_x.code)))
    assert row_outcomes(batch) == {2: "rejected"}
    assert "di luar Kabupaten Aceh Besar" in row_problems(batch)[2][0]
    abroad_head.refresh_from_db()
    assert abroad_head.name == "Asep Sunandar"


def test_programme_list_matches_by_nik_and_refuses_unknown_people_without_kk(world, tmp_path):
    header = "NIK;NAMA PENERIMA;NOMINAL"
    batch = import_file(write(tmp_path / "pkh.csv", (world.head.nik, world.head.name, "750000"),
                              (nik(90), "ORANG BARU", "750000"), header=header),
                        kind="program", program="pkh", cycle="2026-T1")
    assert (batch.program, batch.cycle) == ("PKH", "2026-T1")
    assert row_outcomes(batch) == {2: "unchanged", 3: "rejected"}
    assert row_problems(batch)[3] == [
        "Jiwa ini belum ada di registri. Untuk menambahkannya, isi No. KK dan desa/kelurahan."]
    assert batch.rows.get(number=2).person == world.head


def test_mapping_template_is_offered_for_the_next_file_with_the_same_headers(world, tmp_path):
    header = "KARTU;IDENTITAS;NAMA;JK;KODE DESA"
    row = (kk(95), nik(95), "SITI", "P", world.desa_x.code)
    first = receive(write(tmp_path / "a.csv", row, header=header))
    assert "nik" not in first.mapping and "no_kk" not in first.mapping
    pipeline.set_mapping(actor=None, batch=first, mapping={**first.mapping, "nik": "IDENTITAS", "no_kk": "KARTU"},
                         template_name="Format Dinsos Kab")
    assert MappingTemplate.objects.get(name="Format Dinsos Kab").mapping["nik"] == "IDENTITAS"
    second = receive(write(tmp_path / "b.csv", row, header=header))
    assert second.mapping["nik"] == "IDENTITAS" and second.mapping["no_kk"] == "KARTU"


def test_mapping_must_name_the_required_columns(world, tmp_path):
    batch = receive(write(tmp_path / "a.csv", ("x", "y"), header="KOLOM1;KOLOM2"))
    with pytest.raises(pipeline.ValidationError) as excinfo:
        pipeline.set_mapping(actor=None, batch=batch, mapping={})
    assert "Kolom wajib belum dipetakan" in str(excinfo.value)


# ----------------------------------------------------------------------------------------------------------
# Atomicity: a failed or cancelled commit leaves the registry exactly as it was
# ----------------------------------------------------------------------------------------------------------


def _many_rows(tmp_path, world, count=9):
    return write(tmp_path / "banyak.csv", *[
        (kk(200 + i), nik(200 + i), f"WARGA {i}", "L", "", "1", "", "", "", world.desa_x.code) for i in range(count)])


def test_cancelled_commit_leaves_the_registry_exactly_as_it_was(world, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    batch = check(receive(_many_rows(tmp_path, world)))
    before = registry_state()
    pipeline.start_commit(actor=None, batch=batch, enqueue=False)

    def cancel_after_first_chunk(done):
        assert Person.objects.filter(name="WARGA 0").exists()  # the first chunk really was written...
        jobs.request_cancel(batch.progress_key)

    batch = pipeline.run_commit(batch.pk, on_progress=cancel_after_first_chunk)
    assert batch.status == Status.CHECKED and "dibatalkan" in batch.error
    assert registry_state() == before  # ...and rolled back
    assert set(row_outcomes(batch).values()) == {"new"}  # the preview is still there; it can be committed later
    assert commit(batch).status == Status.COMMITTED


def test_failed_commit_leaves_the_registry_exactly_as_it_was(world, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    batch = check(receive(_many_rows(tmp_path, world)))
    before = registry_state()
    calls = []
    real_plan = Planner.plan

    def plan_then_break(self, items):
        calls.append(len(items))
        if len(calls) == 2:
            raise RuntimeError("disk penuh")
        return real_plan(self, items)

    monkeypatch.setattr(Planner, "plan", plan_then_break)
    pipeline.start_commit(actor=None, batch=batch, enqueue=False)
    batch = pipeline.run_commit(batch.pk)
    assert batch.status == Status.CHECKED and f"#{batch.pk}" in batch.error and "registri tidak berubah" in batch.error
    assert registry_state() == before


def test_cancelled_check_stages_nothing(world, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    batch = receive(_many_rows(tmp_path, world))
    pipeline.start_check(actor=None, batch=batch, enqueue=False)
    batch = pipeline.run_check(batch.pk, on_progress=lambda done: jobs.request_cancel(batch.progress_key))
    assert batch.status == Status.CANCELLED
    assert not ImportRow.objects.filter(batch=batch).exists()


def test_progress_is_recorded_per_chunk(world, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK", 4)
    batch = check(receive(_many_rows(tmp_path, world)))
    seen = []
    pipeline.start_commit(actor=None, batch=batch, enqueue=False)
    pipeline.run_commit(batch.pk, on_progress=lambda done: seen.append(
        (jobs.progress_of(batch.progress_key).done, jobs.progress_of(batch.progress_key).total)))
    assert seen == [(4, 9), (8, 9), (9, 9)]


# ----------------------------------------------------------------------------------------------------------
# Background worker (django-tasks database backend) and the web pages
# ----------------------------------------------------------------------------------------------------------


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0.01, verbosity=0)


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_check_and_commit_run_in_the_background_worker(personas, world, family, client_for):
    path, _rows = family
    client = client_for(personas["kab_operator"])
    with open(path, "rb") as fh:
        response = client.post(reverse("imports:list"), {"file": fh, "kind": "dtks", "regency": "11.06"})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:detail", args=[batch.pk])
    assert batch.uploaded_by == personas["kab_operator"] and len(batch.sha256) == 64
    page = client.get(response.url)
    assert page.status_code == 200 and "Pemetaan kolom" in page.content.decode()
    form = {f"map_{k}": v for k, v in batch.mapping.items()}
    client.post(reverse("imports:mapping", args=[batch.pk]), form)
    batch.refresh_from_db()
    assert batch.status == Status.CHECKING and batch.task_id
    progress = client.get(reverse("imports:progress", args=[batch.pk]))
    assert "HX-Refresh" not in progress and 'hx-trigger="every 1s"' in progress.content.decode()
    run_worker()
    batch.refresh_from_db()
    assert batch.status == Status.CHECKED and batch.rows_new == 3
    assert client.get(reverse("imports:progress", args=[batch.pk]))["HX-Refresh"] == "true"
    preview = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert 'id="count-new">3<' in preview and "Terapkan ke registri" in preview
    assert not Household.objects.filter(no_kk=kk(50)).exists()  # nothing written before the commit
    client.post(reverse("imports:commit", args=[batch.pk]))
    run_worker()
    batch.refresh_from_db()
    assert batch.status == Status.COMMITTED and batch.committed_by == personas["kab_operator"]
    household = Household.objects.get(no_kk=kk(50))
    # The household page traces its data back to the file and row.
    page = client.get(reverse("registry:household", args=[household.pk])).content.decode()
    assert "keluarga.csv" in page and "?baris=2#baris" in page


def test_unreadable_upload_gets_a_plain_message_not_an_error(personas, world, client_for):
    client = client_for(personas["kab_operator"])
    upload = io.BytesIO(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20)
    upload.name = "daftar-pkh.xlsx"
    response = client.post(reverse("imports:list"), {"file": upload, "kind": "dtks", "regency": "11.06"}, follow=True)
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert batch.status == Status.UNREADABLE and "PDF" in batch.error
    assert escape(batch.error) in response.content.decode()


def test_empty_upload_is_refused_on_the_form(personas, world, client_for):
    client = client_for(personas["kab_operator"])
    upload = io.BytesIO(b"")
    upload.name = "kosong.csv"
    response = client.post(reverse("imports:list"), {"file": upload, "kind": "dtks", "regency": "11.06"})
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "kosong" in response.content.decode()


def test_an_operator_cannot_import_into_another_kabupaten(personas, world, client_for, tmp_path):
    client = client_for(personas["kab_operator"])
    path = write(tmp_path / "x.csv", ("1", "2"), header="A;B")
    with open(path, "rb") as fh:
        response = client.post(reverse("imports:list"), {"file": fh, "kind": "dtks", "regency": "32.12"})
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "regency" in response.context["form"].errors


def test_rejected_rows_download_is_an_audited_xlsx(personas, world, client_for, tmp_path):
    batch = import_file(write(tmp_path / "salah.csv",
                              (kk(300), "3.20101E+15", "RUSAK", "L", "", "1", "", "", "", world.desa_x.code)))
    client = client_for(personas["kab_admin"])
    response = client.get(reverse("imports:rejected", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == (pipeline.PROBLEM_COLUMN, pipeline.ROW_COLUMN)
    assert rows[1][1] == "3.20101E+15" and "notasi ilmiah" in rows[1][-2] and rows[1][-1] == 2
    assert AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(batch.pk)).exists()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_import_pages_do_not_grow_with_batches_or_rows(personas, world, client_for, tmp_path):
    client = client_for(personas["kab_admin"])
    first = import_file(_many_rows(tmp_path, world, count=2))
    few_list = _queries(client, reverse("imports:list"))
    few_rows = _queries(client, reverse("imports:detail", args=[first.pk]))
    for i in range(4):
        import_file(write(tmp_path / f"f{i}.csv", (kk(400 + i), nik(400 + i), "X", "L", "", "1", "", "", "",
                                                   world.desa_x.code)))
    big = import_file(write(tmp_path / "big.csv", *[
        (kk(500 + i), nik(500 + i), f"WARGA {i}", "L", "", "1", "", "", "", world.desa_x.code) for i in range(30)]))
    assert _queries(client, reverse("imports:list")) == few_list
    assert _queries(client, reverse("imports:detail", args=[big.pk])) == few_rows
