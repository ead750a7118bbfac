import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sinergi.accounts.models import Assignment, Role
from sinergi.registry import operations
from sinergi.registry.export import neutralise


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\",\"klik\")", "+62812", "-1+1", "@SUM(A1)", "\t=1"])
def test_formula_like_cells_are_neutralised(dangerous):
    assert neutralise(dangerous).startswith("'")


def test_plain_text_is_left_alone():
    assert neutralise("SITI AMINAH") == "SITI AMINAH"


@pytest.mark.django_db
def test_xlsx_keeps_nik_and_kk_as_text_and_neutralises_names(personas, world, client_for):
    operations.update_person(actor=None, person=world.head, changes={"name": '=HYPERLINK("http://x","y")'})
    response = client_for(personas["kab_admin"]).get(reverse("registry:export"), {"area": "11.06.07",
                                                                                 "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header[:3] == ("NO_KK", "NIK", "NAMA")
    by_nik = {r[1]: r for r in data}
    assert world.head.nik in by_nik
    assert isinstance(by_nik[world.head.nik][1], str) and len(by_nik[world.head.nik][1]) == 16
    assert by_nik[world.head.nik][2].startswith("'=HYPERLINK")
    cell = sheet.cell(row=2, column=2)
    assert cell.number_format == "@" and cell.data_type == "s"


@pytest.mark.django_db
def test_csv_is_semicolon_utf8_with_bom_and_dd_mm_yyyy(personas, world, client_for):
    response = client_for(personas["kab_admin"]).get(reverse("registry:export"), {"area": world.desa_x.code,
                                                                                 "format": "csv"})
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff")), delimiter=";"))
    head = next(r for r in rows if r[2] == "Teuku Muhammad Nasir")
    assert head[5] == "12/08/1975" and head[1] == world.head.nik


@pytest.mark.django_db
def test_export_without_reveal_permission_masks_numbers(personas, world, client_for, django_user_model):
    role = Role.objects.create(code="rekap", name="Rekap", usual_level=2)
    role.permissions.add(*Role.objects.get(code="psm").permissions.all(),
                         *Role.objects.get(code="operator-dinsos").permissions.filter(codename="export_household"))
    user = django_user_model.objects.create_user("rekap", password="Rekap#Sinergi2026")
    Assignment.objects.create(user=user, role=role, area_id="11.06")
    response = client_for(user).get(reverse("registry:export"), {"area": "11.06.07", "format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert world.head.nik not in body and world.head.masked_nik in body


@pytest.mark.django_db
def test_export_needs_an_area_or_a_query(personas, client_for):
    assert client_for(personas["kab_admin"]).get(reverse("registry:export"), {"format": "csv"}).status_code == 404
