"""The overlap reports: the programme × programme matrix, its drill-down by area down to households, the XLSX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sinergi.areas.models import Area
from sinergi.audit.models import Action, AuditEntry
from sinergi.core.nik import make_kk, make_nik
from sinergi.programs import reports
from sinergi.programs.models import (
    Cycle,
    CycleState,
    Enrolment,
    EnrolmentStatus,
    Finding,
    FindingKind,
    Program,
    StackingRule,
)
from tests.conftest import make_household

BLT = 3_600_000
SEMBAKO = 2_400_000
PBI = 504_000


class ProgrammeWorld:
    """Known overlaps in Aceh Besar (11.06) and one family in Indramayu (32.12), current cycle 2026-T2.

    ===========  =====================  =================================================
    household    desa                   current enrolments (Rp/year)
    ===========  =====================  =================================================
    h1           desa X (11.06.07)      BLT-DD 3.6M, PKH 2.0M, SEMBAKO 2.4M
    h2           desa X                 BLT-DD 3.6M, PKH 3.0M
    h3           desa X                 PKH 0.9M, SEMBAKO 2.4M, PBI-JK two members 2 × 504k
    h4           desa X                 BLT-DD 3.6M (and PKH in the older 2026-T1 only)
    h5           desa Y (11.06.07)      BLT-DD 3.6M, PKH 1.5M
    h6           desa Y                 SEMBAKO 2.4M (PKH removed)
    h7           Lhoong (11.06.01)      BLT-DD 3.6M, SEMBAKO 2.4M
    abroad       Indramayu (32.12.01)   BLT-DD 3.6M, PKH 2.0M
    ===========  =====================  =================================================
    """

    def __init__(self, world):
        self.world = world
        self.programs = {p.code: p for p in Program.objects.all()}
        regency = Area.objects.get(code="11.06")
        self.cycles = {code: self._cycle(code, regency, "2026-T2", dt.date(2026, 7, 1))
                       for code in ("PKH", "SEMBAKO", "PBI-JK", "BLT-DD")}
        older = self._cycle("PKH", regency, "2026-T1", dt.date(2026, 1, 1), CycleState.FROZEN)
        abroad = {code: self._cycle(code, Area.objects.get(code="32.12"), "2026-T2", dt.date(2026, 7, 1))
                  for code in ("PKH", "BLT-DD")}
        x, y, lhoong = world.desa_x, world.desa_y, world.desa_other_kec
        self.h1 = self.household(x, 31, [("BLT-DD", BLT), ("PKH", 2_000_000), ("SEMBAKO", SEMBAKO)])
        self.h2 = self.household(x, 32, [("BLT-DD", BLT), ("PKH", 3_000_000)])
        self.h3 = self.household(x, 33, [("PKH", 900_000), ("SEMBAKO", SEMBAKO)], members=2)
        for person in self.h3.members.all():
            self.enrol("PBI-JK", self.h3, PBI, person=person)
        self.h4 = self.household(x, 34, [("BLT-DD", BLT)])
        Enrolment.objects.create(cycle=older, program=self.programs["PKH"], household=self.h4,
                                 annual_amount=2_000_000)
        self.h5 = self.household(y, 35, [("BLT-DD", BLT), ("PKH", 1_500_000)])
        self.h6 = self.household(y, 36, [("SEMBAKO", SEMBAKO)])
        Enrolment.objects.create(cycle=self.cycles["PKH"], program=self.programs["PKH"], household=self.h6,
                                 annual_amount=900_000, status=EnrolmentStatus.REMOVED)
        self.h7 = self.household(lhoong, 37, [("BLT-DD", BLT), ("SEMBAKO", SEMBAKO)])
        for code, amount in (("BLT-DD", BLT), ("PKH", 2_000_000)):
            Enrolment.objects.create(cycle=abroad[code], program=self.programs[code], household=world.abroad,
                                     annual_amount=amount)

    def _cycle(self, code, regency, cycle_code, starts_on, state=CycleState.OPEN):
        return Cycle.objects.create(program=self.programs[code], regency=regency, code=cycle_code,
                                    starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=180), state=state)

    def household(self, desa, serial, enrolments, members=1):
        kecamatan = desa.parent_id
        household, _people = make_household(desa, no_kk=make_kk(kecamatan_code=kecamatan, issued=dt.date(2016, 1, 1),
                                                                 serial=serial),
                                            address=f"Dusun Lamreung {serial}", members=[
            dict(nik=make_nik(kecamatan_code=kecamatan, birth_date=dt.date(1970 + i, 1, 1), sex="L",
                              serial=serial), name=f"Kepala {serial}" if i == 0 else f"Anggota {serial}-{i}",
                 sex="L", relation="1" if i == 0 else "4")
            for i in range(members)])
        for code, amount in enrolments:
            self.enrol(code, household, amount)
        return household

    def enrol(self, code, household, amount, person=None):
        return Enrolment.objects.create(cycle=self.cycles[code], program=self.programs[code], household=household,
                                        person=person, annual_amount=amount, source="test")


@pytest.fixture
def programmes(world):
    return ProgrammeWorld(world)


def _cell(matrix, a, b):
    programs = {p.code: p for p in matrix.programs}
    return matrix.cell(programs[a], programs[b])


# ------------------------------------------------------------------------------------------------- the matrix


@pytest.mark.django_db
def test_matrix_counts_households_in_both_programmes_and_the_rupiah_at_stake(programmes, personas):
    matrix = reports.overlap_matrix(user=personas["kab_admin"], area_code="11.06")

    forbidden = _cell(matrix, "BLT-DD", "PKH")
    assert forbidden.households == 3  # h1, h2, h5; not h4 (PKH only in the older cycle), not Indramayu
    assert forbidden.pair.forbidden
    assert forbidden.pair.yielding.code == "BLT-DD"
    assert forbidden.at_stake == 3 * BLT
    # The same pair read the other way round: same households, same Rupiah at stake (BLT-DD's).
    mirrored = _cell(matrix, "PKH", "BLT-DD")
    assert (mirrored.households, mirrored.at_stake, mirrored.pair.forbidden) == (3, 3 * BLT, True)
    assert mirrored.amount == 2_000_000 + 3_000_000 + 1_500_000  # PKH's own money in those households
    assert _cell(matrix, "BLT-DD", "SEMBAKO").households == 2  # h1 and h7 in Lhoong
    assert _cell(matrix, "BLT-DD", "SEMBAKO").at_stake == 2 * BLT

    complementary = _cell(matrix, "PKH", "SEMBAKO")
    assert complementary.households == 2  # h1, h3
    assert complementary.pair.stacking == reports.Stacking.ALLOWED
    assert complementary.at_stake == 0
    assert _cell(matrix, "PKH", "PBI-JK").households == 1  # a person programme counts the household once
    assert _cell(matrix, "PBI-JK", "PKH").amount == 2 * PBI  # ... with both members' premiums
    assert _cell(matrix, "SEMBAKO", "PBI-JK").pair.stacking == reports.Stacking.UNREGULATED

    assert _cell(matrix, "BLT-DD", "BLT-DD").households == 5
    assert _cell(matrix, "BLT-DD", "BLT-DD").amount == 5 * BLT
    assert _cell(matrix, "PKH", "PKH").households == 4  # the removed PKH enrolment of h6 does not count
    assert _cell(matrix, "SEMBAKO", "SEMBAKO").households == 4
    assert _cell(matrix, "PBI-JK", "PBI-JK").households == 1
    assert _cell(matrix, "PKH", "PKH").pair.same
    assert matrix.at_stake == 3 * BLT + 2 * BLT
    assert [c.pair.program_a.code for c in matrix.forbidden] == ["BLT-DD", "BLT-DD"]


@pytest.mark.django_db
def test_a_rule_written_the_other_way_round_still_names_its_program_a_as_yielding(programmes, personas):
    rule = StackingRule.objects.get(program_a__code="PKH", program_b__code="SEMBAKO")
    rule.program_a, rule.program_b, rule.allowed = rule.program_b, rule.program_a, False
    rule.save()
    matrix = reports.overlap_matrix(user=personas["kab_admin"], area_code="11.06")
    cell = _cell(matrix, "PKH", "SEMBAKO")
    assert cell.pair.forbidden and cell.pair.yielding.code == "SEMBAKO"
    assert cell.at_stake == 2 * SEMBAKO  # h1 and h3's Sembako


@pytest.mark.django_db
def test_a_kecamatan_persona_counts_only_its_kecamatan(programmes, personas):
    matrix = reports.overlap_matrix(user=personas["kecamatan_tksk"], area_code="11.06")
    assert _cell(matrix, "BLT-DD", "SEMBAKO").households == 1  # h1 only: h7 lies in Lhoong
    assert _cell(matrix, "BLT-DD", "BLT-DD").households == 4
    facilitator = reports.overlap_matrix(user=personas["pkh_facilitator"], area_code="11.06.07")
    assert _cell(facilitator, "BLT-DD", "PKH").households == 3
    psm = reports.overlap_matrix(user=personas["psm"], area_code="11.06")  # desa X only
    assert _cell(psm, "BLT-DD", "PKH").households == 2
    assert _cell(psm, "BLT-DD", "PKH").at_stake == 2 * BLT


@pytest.mark.django_db
def test_no_programme_permission_gives_an_empty_matrix(programmes, personas):
    matrix = reports.overlap_matrix(user=personas["service_provider"], area_code="11.06")
    assert all(cell.households == 0 for _row, cells in matrix.rows for cell in cells)


@pytest.mark.django_db
def test_local_programmes_of_other_regions_are_not_listed(programmes, personas):
    Program.objects.create(code="JABAR-SEJAHTERA", name="Jabar Sejahtera", funding="apbd-provinsi",
                           unit="keluarga", area=Area.objects.get(code="32"))
    Program.objects.create(code="PRO-ABES", name="Pro Abes", funding="apbd-kabkota", unit="keluarga",
                           area=Area.objects.get(code="11.06"))
    codes = [p.code for p in reports.overlap_matrix(user=personas["kab_admin"], area_code="11.06").programs]
    assert "PRO-ABES" in codes and "JABAR-SEJAHTERA" not in codes
    assert codes.index("PKH") < codes.index("SEMBAKO")  # catalogue order


# ------------------------------------------------------------------------------------------------ drill-down


@pytest.mark.django_db
@pytest.mark.parametrize("a, b", [("BLT-DD", "PKH"), ("PKH", "BLT-DD"), ("BLT-DD", "SEMBAKO"), ("PKH", "PKH")])
def test_each_level_of_the_drill_down_sums_to_its_parent(programmes, personas, a, b):
    user = personas["province_admin"]
    first, second = programmes.programs[a], programmes.programs[b]
    for code in ("11", "11.06", "11.06.07"):
        matrix = reports.overlap_matrix(user=user, area_code=code)
        rows = reports.overlap_breakdown(user=user, area_code=code, program_a=first, program_b=second)
        cell = _cell(matrix, a, b)
        assert sum(r.households for r in rows) == cell.households
        assert sum(r.amount_a for r in rows) == cell.amount
        assert sum(r.at_stake for r in rows) == cell.at_stake
        for row in rows:
            assert row.households == _cell(reports.overlap_matrix(user=user, area_code=row.area.code),
                                           a, b).households


@pytest.mark.django_db
def test_breakdown_lists_the_child_areas_in_scope_with_the_pair(programmes, personas):
    blt, pkh = programmes.programs["BLT-DD"], programmes.programs["PKH"]
    rows = reports.overlap_breakdown(user=personas["kab_admin"], area_code="11.06", program_a=blt, program_b=pkh)
    assert [(r.area.code, r.households, r.amount_a, r.amount_b, r.at_stake) for r in rows] == [
        ("11.06.01", 0, 0, 0, 0), ("11.06.07", 3, 3 * BLT, 6_500_000, 3 * BLT)]
    by_desa = reports.overlap_breakdown(user=personas["kecamatan_tksk"], area_code="11.06.07", program_a=blt,
                                        program_b=pkh)
    counts = {r.area.code: r.households for r in by_desa}
    assert counts[programmes.world.desa_x.code] == 2 and counts[programmes.world.desa_y.code] == 1
    tksk_kab = reports.overlap_breakdown(user=personas["kecamatan_tksk"], area_code="11.06", program_a=blt,
                                         program_b=pkh)
    assert [r.area.code for r in tksk_kab] == ["11.06.07"]  # Lhoong is outside the TKSK's scope


@pytest.mark.django_db
def test_desa_households_carry_both_amounts_masked_numbers_and_open_findings(programmes, personas):
    blt, pkh = programmes.programs["BLT-DD"], programmes.programs["PKH"]
    now = timezone.now()
    Finding.objects.create(key="test:h1", kind=FindingKind.OVERLAP, program=blt, other_program=pkh,
                           household=programmes.h1, desa=programmes.world.desa_x, first_seen_at=now,
                           last_seen_at=now)
    households = list(reports.overlap_households(user=personas["psm"], desa_code=programmes.world.desa_x.code,
                                                 program_a=blt, program_b=pkh))
    assert [h.pk for h in households] == [programmes.h1.pk, programmes.h2.pk]
    first = households[0]
    assert (first.head_name, first.amount_a, first.amount_b, first.open_findings) == ("Kepala 31", BLT, 2_000_000,
                                                                                        1)
    assert households[1].open_findings is None or households[1].open_findings == 0
    outside = reports.overlap_households(user=personas["psm"], desa_code=programmes.world.desa_y.code,
                                         program_a=blt, program_b=pkh)
    assert not outside.exists()


def test_default_area_is_the_one_scope_area_or_the_area_containing_them():
    assert reports.default_area_code(["11.06"]) == "11.06"
    assert reports.default_area_code(["11.06.07.2001", "11.06.07.2002"]) == "11.06.07"
    assert reports.default_area_code(["11.06.07.2001", "11.71.01.1001"]) == "11"
    assert reports.default_area_code(["11", "32"]) == "11"


# ----------------------------------------------------------------------------------------------------- pages


@pytest.mark.django_db
def test_matrix_page_shows_the_default_area_with_linked_cells(programmes, personas, client_for):
    response = client_for(personas["kab_admin"]).get(reverse("programs:overlap"))
    assert response.status_code == 200
    assert response.context["area"].code == "11.06"
    html = response.content.decode()
    pair_url = reverse("programs:overlap_pair", args=["BLT-DD", "PKH"]) + "?wilayah=11.06"
    assert f'href="{pair_url}"' in html
    assert "Rp 10.800.000" in html  # BLT-DD + PKH at stake
    assert 'class="forbidden"' in html
    assert 'class="matrix-scroll"' in html


@pytest.mark.django_db
def test_matrix_page_follows_the_chosen_area_and_refuses_others(programmes, personas, client_for):
    client = client_for(personas["kecamatan_tksk"])
    url = reverse("programs:overlap")
    assert client.get(url).context["area"].code == "11.06.07"
    # A containing area opens (limited to the scope); a sibling, another province, nonsense: 404.
    assert client.get(url, {"wilayah": "11.06"}).status_code == 200
    for code in ("11.06.01", "32.12", "99.99", "<script>", "1" * 40):
        assert client.get(url, {"wilayah": code}).status_code == 404, code
    assert client_for(personas["no_assignment"]).get(url).status_code == 404
    assert client_for(personas["service_provider"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


@pytest.mark.django_db
def test_pair_page_drills_down_to_the_households_of_a_desa(programmes, personas, client_for):
    client = client_for(personas["kab_operator"])
    url = reverse("programs:overlap_pair", args=["BLT-DD", "PKH"])
    kab = client.get(url, {"wilayah": "11.06"})
    assert kab.status_code == 200
    assert [(r.area.code, r.households) for r in kab.context["rows"]] == [("11.06.01", 0), ("11.06.07", 3)]
    assert f'href="{url}?wilayah=11.06.07"' in kab.content.decode()
    kec = client.get(url, {"wilayah": "11.06.07"})
    desa_x = programmes.world.desa_x.code
    assert f'href="{url}?wilayah={desa_x}"' in kec.content.decode()
    desa = client.get(url, {"wilayah": desa_x})
    html = desa.content.decode()
    assert [h.pk for h in desa.context["page"]] == [programmes.h1.pk, programmes.h2.pk]
    assert reverse("registry:household", args=[programmes.h1.pk]) in html
    assert programmes.h1.members.get().nik not in html and programmes.h1.no_kk not in html
    assert programmes.h1.members.get().masked_nik in html
    entry = AuditEntry.objects.filter(action=Action.VIEW, object_type="programs.overlap_households").get()
    assert entry.changes["households"] == [str(programmes.h1.pk), str(programmes.h2.pk)]
    assert client.get(reverse("programs:overlap_pair", args=["BLT-DD", "NOPE"]), {"wilayah": "11.06"}
                      ).status_code == 404
    assert client.get(url, {"wilayah": "32.12"}).status_code == 404
    assert client.get(url, {"wilayah": desa_x, "page": "abc"}).status_code == 200


@pytest.mark.django_db
def test_desa_list_shows_findings_only_to_those_who_may_see_them(programmes, personas, client_for):
    url = reverse("programs:overlap_pair", args=["BLT-DD", "PKH"])
    params = {"wilayah": programmes.world.desa_x.code}
    psm = client_for(personas["psm"]).get(url, params).content.decode()
    findings_url = reverse("programs:findings")
    assert "Temuan terbuka" in psm
    assert (f'href="{findings_url}?wilayah={params["wilayah"]}&amp;jenis=tumpang-tindih'
            f'&amp;program={programmes.programs["BLT-DD"].pk}"') in psm
    desk = client_for(personas["slrt_desk"]).get(url, params)  # programmes yes, findings no
    assert desk.status_code == 200 and len(desk.context["page"].object_list) == 2
    assert "Temuan terbuka" not in desk.content.decode() and findings_url not in desk.content.decode()


@pytest.mark.django_db
def test_psm_cannot_open_the_neighbouring_desa(programmes, personas, client_for):
    client = client_for(personas["psm"])
    url = reverse("programs:overlap_pair", args=["BLT-DD", "PKH"])
    assert client.get(url, {"wilayah": programmes.world.desa_x.code}).status_code == 200
    assert client.get(url, {"wilayah": programmes.world.desa_y.code}).status_code == 404


# ------------------------------------------------------------------------------------------------------ XLSX


def _workbook(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"] == reports.XLSX_CONTENT_TYPE
    return load_workbook(io.BytesIO(response.content))


def _find(sheet, value):
    """The first cell below the column headers holding ``value``."""
    for row in sheet.iter_rows(min_row=reports.HEADER_ROW + 1):
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in sheet {sheet.title}")


@pytest.mark.django_db
def test_xlsx_contains_the_counts_and_is_audited(programmes, personas, client_for):
    response = client_for(personas["kab_admin"]).get(reverse("programs:overlap_xlsx"), {"wilayah": "11.06"})
    workbook = _workbook(response)
    matrix = workbook.worksheets[0]
    header = {cell.value: cell.column for cell in matrix[reports.HEADER_ROW]}
    row = _find(matrix, "BLT-DD").row
    assert matrix.cell(row=row, column=header["PKH"]).value == 3
    assert matrix.cell(row=row, column=header["BLT-DD"]).value == 5
    assert workbook.worksheets[1].cell(row=row, column=header["BLT-DD"]).value == 5 * BLT
    pairs = workbook.worksheets[2]
    pair_row = next(r for r in pairs.iter_rows(min_row=reports.HEADER_ROW + 1, values_only=True)
                    if r[:2] == ("BLT-DD", "PKH"))
    assert pair_row[3:6] == (3, "BLT-DD", 3 * BLT)
    entry = AuditEntry.objects.get(action=Action.EXPORT, object_type="programs.overlap")
    assert (entry.area_code, entry.changes["format"]) == ("11.06", "xlsx")


@pytest.mark.django_db
def test_xlsx_of_a_pair_adds_its_breakdown(programmes, personas, client_for):
    client = client_for(personas["kab_admin"])
    response = client.get(reverse("programs:overlap_xlsx"), {"wilayah": "11.06", "a": "BLT-DD", "b": "PKH"})
    sheet = _workbook(response).worksheets[-1]
    row = _find(sheet, "11.06.07").row
    assert [sheet.cell(row=row, column=c).value for c in range(3, 7)] == [3, 3 * BLT, 6_500_000, 3 * BLT]
    total = _find(sheet, "Jumlah").row
    assert sheet.cell(row=total, column=3).value == 3
    assert client.get(reverse("programs:overlap_xlsx"), {"wilayah": "11.06", "a": "BLT-DD", "b": "X"}
                      ).status_code == 404
    assert client.get(reverse("programs:overlap_xlsx"), {"wilayah": "32.12"}).status_code == 404


@pytest.mark.django_db
def test_xlsx_neutralises_a_formula_looking_programme_name(programmes, personas, client_for):
    local = Program.objects.create(code="+LOKAL", name='=HYPERLINK("http://example.invalid","klik")',
                                   funding="apbd-kabkota", unit="keluarga", area=Area.objects.get(code="11.06"))
    cycle = Cycle.objects.create(program=local, regency=Area.objects.get(code="11.06"), code="2026-T2",
                                 starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 12, 31))
    Enrolment.objects.create(cycle=cycle, program=local, household=programmes.h1, annual_amount=1)
    response = client_for(personas["kab_admin"]).get(reverse("programs:overlap_xlsx"), {"wilayah": "11.06"})
    workbook = _workbook(response)
    texts = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)]
    assert "'" + local.name in texts and "'+LOKAL" in texts
    assert not any(text.startswith(("=", "+", "-", "@")) for text in texts)


# ----------------------------------------------------------------------------------------------- query counts


def _more_overlaps(programmes, start, count):
    desa_x = programmes.world.desa_x
    for i in range(start, start + count):
        programmes.household(desa_x, 100 + i, [("BLT-DD", BLT), ("PKH", 900_000), ("SEMBAKO", SEMBAKO)])


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_matrix_page_queries_do_not_grow_with_households_or_programmes(programmes, personas, client_for):
    client = client_for(personas["kab_admin"])
    url = reverse("programs:overlap")
    assert client.get(url).status_code == 200  # the first request also saves the new session
    few = _queries(client, url)
    _more_overlaps(programmes, 0, 10)
    Program.objects.create(code="PRO-ABES", name="Pro Abes", funding="apbd-kabkota", unit="keluarga",
                           area=Area.objects.get(code="11.06"))
    many = _queries(client, url)
    assert many == few
    # session, user, grants, area (view and report), current cycles, the aggregate (in a savepoint, on
    # PostgreSQL with JIT off), programmes, rules, ancestors, area choices, the menu's notifications, the
    # session's save (savepoint, update, release)
    assert many <= 18
    assert _cell(client.get(url).context["matrix"], "BLT-DD", "PKH").households == 13


@pytest.mark.django_db
def test_desa_household_list_queries_do_not_grow_with_households(programmes, personas, client_for,
                                                                 django_assert_max_num_queries):
    client = client_for(personas["kab_admin"])
    url = reverse("programs:overlap_pair", args=["BLT-DD", "PKH"])
    params = {"wilayah": programmes.world.desa_x.code}
    assert client.get(url, params).status_code == 200
    # session, user, grants, area, two programmes, the rule, ancestors, current cycles, count, the page, the audit
    # entry, the menu's notifications, the session's save
    with django_assert_max_num_queries(16):
        assert client.get(url, params).status_code == 200
    _more_overlaps(programmes, 0, 60)
    with django_assert_max_num_queries(16):
        response = client.get(url, params)
    assert response.context["page"].paginator.count == 62
    assert len(response.context["page"].object_list) == 50
