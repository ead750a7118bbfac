"""The SLRT monthly report: exact figures for a known November 2025 in Aceh Besar, and the page and downloads.

November 2025 lies in the past, so every figure is "at the end of the month" whatever day the suite runs; the
running month is tested separately with a fixed ``now``.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zoneinfo

import openpyxl
import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.audit.models import Action, AuditEntry
from sinergi.referrals import report as reports
from sinergi.referrals.models import Case, Referral, ReferralEvent, ServiceProvider, ServiceType, State
from sinergi.registry.models import Person

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
URL = "referrals:report"
_serial = itertools.count(1)


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2025) -> dt.datetime:
    """A moment in Jakarta local time, as the desk sees it."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def make_case(household, desa, opened_at, *, ppks=(), needs=("kesehatan",)) -> Case:
    n = next(_serial)
    return Case.objects.create(
        number=f"SLRT-T-{n:05d}", person=Person.objects.filter(household=household).first(), household=household,
        desa=desa, complaint="Keluhan uji", needs=list(needs), ppks=list(ppks), opened_at=opened_at,
    )


def make_referral(case, provider, service, created_at, *, due_at, state=State.SUBMITTED, completed_at=None,
                  escalated_at=None, closed_at=None) -> Referral:
    n = next(_serial)
    referral = Referral.objects.create(
        case=case, provider=provider, service=service, reason="Alasan uji", tracking=f"RJK-T{n:05d}",
        created_at=created_at, updated_at=closed_at or completed_at or created_at, due_at=due_at, state=state,
        completed_at=completed_at, escalated_at=escalated_at,
    )
    if closed_at:
        ReferralEvent.objects.create(referral=referral, from_state=State.SUBMITTED, to_state=state, at=closed_at)
    return referral


@pytest.fixture
def services(db):
    return ServiceType.objects.get(code="ktp-kk"), ServiceType.objects.get(code="berobat")


@pytest.fixture
def november(world, services):
    """Cases and referrals around November 2025 (WIB). Expected figures for 11.06 in the comments."""
    ktp, berobat = services
    capil = ServiceProvider.objects.create(name="Disdukcapil Aceh Besar", kind="opd", area_id="11.06")
    puskesmas = ServiceProvider.objects.create(name="Puskesmas Darul Imarah", kind="puskesmas",
                                               area_id="11.06.07")
    indramayu = ServiceProvider.objects.create(name="Dinsos Indramayu", kind="opd", area_id="32.12")

    # Visitors in November: c1, c2, c3 (3). c3 at 00:10 WIB on the 1st is still 31 October in UTC.
    c1 = make_case(world.home, world.desa_x, at(11, 3), ppks=["24", "09"], needs=["kesehatan", "adminduk"])
    c2 = make_case(world.neighbour, world.desa_y, at(11, 10), ppks=["24", "24"], needs=["kesehatan"])
    c3 = make_case(world.far, world.desa_other_kec, at(11, 1, 0, 10), ppks=[], needs=["pangan"])
    # Not November: 00:30 WIB on 1 December is 30 November in UTC; and one from October.
    c4 = make_case(world.home, world.desa_x, at(12, 1, 0, 30), ppks=["24"])
    c5 = make_case(world.home, world.desa_x, at(10, 31), ppks=["24"])
    # Out of scope: Indramayu.
    abroad = make_case(world.abroad, world.desa_other_kab, at(11, 5), ppks=["24"], needs=["kesehatan"])

    # Completed in November after 1, 2, 3, 4 and 10 days.
    make_referral(c1, capil, ktp, at(11, 2), due_at=at(11, 16), state=State.COMPLETED, completed_at=at(11, 3))
    make_referral(c1, capil, ktp, at(11, 2), due_at=at(11, 16), state=State.COMPLETED, completed_at=at(11, 4))
    make_referral(c2, puskesmas, berobat, at(11, 3), due_at=at(11, 10), state=State.COMPLETED,
                  completed_at=at(11, 6))
    make_referral(c2, puskesmas, berobat, at(11, 4), due_at=at(11, 11), state=State.COMPLETED,
                  completed_at=at(11, 8))
    make_referral(c1, capil, ktp, at(11, 5), due_at=at(11, 19), state=State.COMPLETED, completed_at=at(11, 15))
    # Rejected on 7 November, before its deadline passed: closed at the end of the month, not overdue.
    make_referral(c3, puskesmas, berobat, at(11, 6), due_at=at(11, 13), state=State.REJECTED,
                  closed_at=at(11, 7))
    # Open at the end of November and overdue (escalated on the 26th).
    make_referral(c3, capil, ktp, at(11, 20), due_at=at(11, 25), state=State.IN_PROGRESS,
                  escalated_at=at(11, 26))
    # Open, deadline in December: not overdue.
    make_referral(c3, capil, ktp, at(11, 25), due_at=at(12, 9))
    # Returned only on 2 December: still open, and overdue, at the end of November.
    make_referral(c3, puskesmas, berobat, at(11, 28), due_at=at(11, 29), state=State.RETURNED,
                  closed_at=at(12, 2))
    # Made in October, overdue since the 24th, escalated, completed only in December: overdue at the end of
    # November, but neither made nor completed in November.
    make_referral(c5, capil, ktp, at(10, 10), due_at=at(10, 24), state=State.COMPLETED, completed_at=at(12, 5),
                  escalated_at=at(10, 25))
    # Entirely in October.
    make_referral(c5, capil, ktp, at(10, 1), due_at=at(10, 15), state=State.COMPLETED, completed_at=at(10, 5))
    # Made 1 December 01:00 WIB (30 November in UTC).
    make_referral(c4, capil, ktp, at(12, 1, 1), due_at=at(12, 15))
    # Indramayu: overdue and made in November, but out of scope.
    make_referral(abroad, indramayu, berobat, at(11, 5), due_at=at(11, 10), state=State.IN_PROGRESS)
    return {"capil": capil, "puskesmas": puskesmas}


def counts(rows) -> dict[str, int]:
    return {row.code: row.count for row in rows}


# ------------------------------------------------------------------------------------------------ figures


def test_percentile_is_linear_interpolation():
    values = [10, 1, 4, 2, 3]
    assert reports.percentile(values, 0.5) == 3
    assert reports.percentile(values, 0.9) == pytest.approx(7.6)  # 4 + 0.6 × (10 − 4), as numpy's default
    assert reports.percentile([5], 0.9) == 5
    assert reports.percentile([3, 4], 0.5) == 3.5
    assert reports.percentile([], 0.5) is None


def test_month_bounds_are_local_time():
    start, end = reports.month_bounds(2025, 12)
    assert start == at(12, 1, 0) and end == dt.datetime(2026, 1, 1, tzinfo=WIB)
    assert start.astimezone(dt.UTC) == dt.datetime(2025, 11, 30, 17, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_visitors_in_total_by_ppks_and_by_need(personas, november):
    result = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06", year=2025, month=11)
    assert result.visitors == 3
    ppks = counts(result.by_ppks)
    # c1 has two categories and counts in both; c2 lists "24" twice and counts once; c3 has none.
    assert ppks["24"] == 2 and ppks["09"] == 1 and ppks["-"] == 1
    assert sum(ppks.values()) == 4
    assert len(result.by_ppks) == 27  # the 26 categories of Permensos 8/2012 and "tanpa kategori"
    assert result.by_ppks[23].label == "Fakir miskin" and result.by_ppks[-1].label == "Tanpa kategori PPKS"
    needs = counts(result.by_need)
    assert needs["kesehatan"] == 2 and needs["adminduk"] == 1 and needs["pangan"] == 1
    assert sum(needs.values()) == 4
    assert {r.code: r.label for r in result.by_need}["adminduk"] == "Administrasi kependudukan"


@pytest.mark.django_db
def test_referrals_by_provider_and_outcome(personas, november):
    result = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06", year=2025, month=11)
    assert [(r.label, r.total, r.completed, r.rejected, r.returned, r.open) for r in result.providers] == [
        ("Disdukcapil Aceh Besar", 5, 3, 0, 0, 2),
        ("Puskesmas Darul Imarah", 4, 2, 1, 1, 0),
    ]
    t = result.provider_total
    assert (t.total, t.completed, t.rejected, t.returned, t.open) == (9, 5, 1, 1, 2)


@pytest.mark.django_db
def test_time_to_completion_median_and_p90(personas, november):
    result = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06", year=2025, month=11)
    total = result.duration_total
    assert (total.count, total.median_days, total.p90_days) == (5, 3.0, 7.6)
    by_service = {r.label: (r.count, r.median_days, r.p90_days) for r in result.durations}
    assert by_service == {
        "Perekaman/perbaikan KTP-el dan KK": (3, 2.0, 8.4),  # 1, 2, 10 days: 2 + 0.8 × 8
        "Layanan kesehatan dan rujukan berobat": (2, 3.5, 3.9),  # 3, 4 days
    }


@pytest.mark.django_db
def test_overdue_at_the_end_of_the_month(personas, november):
    result = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06", year=2025, month=11)
    # In progress since the 20th, returned only in December, and October's referral completed in December.
    assert (result.overdue, result.overdue_escalated) == (3, 2)
    assert not result.is_running


@pytest.mark.django_db
def test_running_month_counts_overdue_as_of_now(personas, november):
    now = at(11, 27)
    result = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06", year=2025, month=11, now=now)
    assert result.as_of == now and result.is_running
    # The referral due on the 29th is not late yet on the 27th.
    assert (result.overdue, result.overdue_escalated) == (2, 2)


@pytest.mark.django_db
def test_a_kecamatan_reports_only_its_own_desa(personas, world, november):
    result = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06.07", year=2025, month=11)
    assert result.visitors == 2
    assert counts(result.by_ppks)["-"] == 0
    assert [(r.label, r.total) for r in result.providers] == [("Disdukcapil Aceh Besar", 3),
                                                              ("Puskesmas Darul Imarah", 2)]
    assert (result.overdue, result.overdue_escalated) == (1, 1)
    assert result.area_label == "Kecamatan Darul Imarah"


@pytest.mark.django_db
def test_other_months_and_areas(personas, november):
    october = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06", year=2025, month=10)
    assert october.visitors == 1
    assert october.provider_total.total == 2
    assert october.duration_total.count == 1 and october.duration_total.median_days == 4.0
    assert october.overdue == 1  # made on 10 October, due on the 24th

    with pytest.raises(PermissionDenied):
        reports.monthly_report(user=personas["slrt_desk"], area_code="32.12", year=2025, month=11)
    with pytest.raises(PermissionDenied):
        reports.monthly_report(user=personas["psm"], area_code="11.06", year=2025, month=11)


@pytest.mark.django_db
def test_sections_share_the_tables(personas, november):
    result = reports.monthly_report(user=personas["slrt_desk"], area_code="11.06", year=2025, month=11)
    sections = reports.as_sections(result)
    assert [s.heading for s in sections] == [
        "Ringkasan", "Pengunjung per kategori PPKS", "Pengunjung per kebutuhan", "Rujukan per penyedia layanan",
        "Waktu penyelesaian rujukan",
    ]
    summary = dict(sections[0].rows)
    assert summary["Median waktu penyelesaian (hari)"] == "3,0"
    assert summary["Persentil ke-90 waktu penyelesaian (hari)"] == "7,6"
    assert sections[3].columns == ["Penyedia layanan", "Jumlah", "Selesai", "Ditolak", "Dikembalikan",
                                   "Masih berjalan"]
    assert sections[3].rows[-1] == ["Jumlah", "9", "5", "1", "1", "2"]
    for section in sections:
        assert all(len(row) == len(section.columns) for row in section.rows)


# ------------------------------------------------------------------------------------------------ the page


@pytest.mark.django_db
def test_page_shows_the_tables(personas, november, client_for):
    response = client_for(personas["slrt_desk"]).get(reverse(URL), {"bulan": "2025-11", "wilayah": "11.06"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Laporan Bulanan SLRT November 2025" in html
    assert 'data-label="Masih berjalan"' in html
    assert "Disdukcapil Aceh Besar" in html and "7,6" in html
    assert "format=xlsx" in html and "format=pdf" in html
    assert not AuditEntry.objects.filter(object_type="referrals.report").exists()


@pytest.mark.django_db
def test_page_defaults_to_this_month_and_the_users_area(personas, world, client_for):
    from django.utils import formats, timezone

    response = client_for(personas["slrt_desk"]).get(reverse(URL))
    assert response.status_code == 200
    report = response.context["report"]
    today = timezone.localdate()
    assert (report.area_code, report.year, report.month) == ("11.06", today.year, today.month)
    assert formats.date_format(today, "F Y") in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("bulan", ["2025-13", "November", "2025-1", "1999-12", "2025-11-01", "9999-12"])
def test_malformed_month_is_a_form_error(personas, world, client_for, bulan):
    for fmt in ("", "xlsx"):
        response = client_for(personas["slrt_desk"]).get(reverse(URL), {"bulan": bulan, "format": fmt})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert response.context["form"].errors["bulan"]
        assert 'class="error"' in response.content.decode()
        assert "report" not in response.context


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["psm", "no_assignment", "pkh_facilitator"])
def test_users_without_case_permission_get_404(personas, world, client_for, persona):
    assert client_for(personas[persona]).get(reverse(URL)).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(personas, world, client_for):
    assert client_for(None).get(reverse(URL)).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("wilayah", ["32.12", "32.12.01", "11.01", "99.99", "nonsense"])
def test_out_of_scope_or_unknown_area_is_404(personas, world, client_for, wilayah):
    response = client_for(personas["slrt_desk"]).get(reverse(URL), {"wilayah": wilayah, "format": "pdf"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(object_type="referrals.report").exists()


@pytest.mark.django_db
def test_unknown_format_is_404(personas, world, client_for):
    assert client_for(personas["slrt_desk"]).get(reverse(URL), {"format": "exe"}).status_code == 404


@pytest.mark.django_db
def test_xlsx_download(personas, november, client_for):
    response = client_for(personas["slrt_desk"]).get(
        reverse(URL), {"bulan": "2025-11", "wilayah": "11.06", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == reports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="laporan-slrt-11.06-2025-11.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ringkasan", "Pengunjung per kategori PPKS", "Pengunjung per kebutuhan",
                                   "Rujukan per penyedia layanan", "Waktu penyelesaian rujukan"]
    providers = workbook["Rujukan per penyedia layanan"]
    assert providers["A1"].value == "Laporan Bulanan SLRT November 2025"
    assert "Kabupaten Aceh Besar (11.06)" in providers["A2"].value
    assert [c.value for c in providers[4]] == ["Penyedia layanan", "Jumlah", "Selesai", "Ditolak",
                                               "Dikembalikan", "Masih berjalan"]
    assert all(c.font.bold for c in providers[4])
    assert [c.value for c in providers[5]] == ["Disdukcapil Aceh Besar", 5, 3, 0, 0, 2]
    durations = workbook["Waktu penyelesaian rujukan"]
    assert [c.value for c in durations[7]] == ["Semua layanan", 5, 3.0, 7.6]
    ppks = workbook["Pengunjung per kategori PPKS"]
    assert ppks["A28"].value == "Fakir miskin" and ppks["B28"].value == 2

    entry = AuditEntry.objects.get(object_type="referrals.report")
    assert entry.action == Action.EXPORT and entry.object_id == "11.06:2025-11" and entry.area_code == "11.06"
    assert entry.actor == personas["slrt_desk"]


@pytest.mark.django_db
def test_xlsx_keeps_formula_like_provider_names_as_text(personas, world, services, client_for):
    ktp, _berobat = services
    provider = ServiceProvider.objects.create(name="=HYPERLINK(\"http://x\")", kind="lks", area_id="11.06")
    case = make_case(world.home, world.desa_x, at(11, 3))
    make_referral(case, provider, ktp, at(11, 4), due_at=at(11, 18))
    response = client_for(personas["slrt_desk"]).get(reverse(URL), {"bulan": "2025-11", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Rujukan per penyedia layanan"]
    assert sheet["A5"].value == "'=HYPERLINK(\"http://x\")"
    assert sheet["A5"].data_type == "s"


@pytest.mark.django_db
def test_pdf_download(personas, november, client_for):
    response = client_for(personas["slrt_desk"]).get(
        reverse(URL), {"bulan": "2025-11", "wilayah": "11.06.07", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-slrt-11.06.07-2025-11.pdf"'
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Laporan" in text and "November 2025" in text
    assert "DINAS SOSIAL KABUPATEN ACEH BESAR" in text
    assert "Sistem Layanan dan Rujukan Terpadu (SLRT)" in text
    assert "Kecamatan Darul Imarah" in text and "Puskesmas Darul Imarah" in text
    entry = AuditEntry.objects.get(object_type="referrals.report")
    assert entry.object_id == "11.06.07:2025-11" and entry.area_code == "11.06.07"


@pytest.mark.django_db
def test_month_names_follow_the_language(personas, world, client_for):
    indonesian = client_for(personas["slrt_desk"])
    assert "Agustus 2025" in indonesian.get(reverse(URL), {"bulan": "2025-08"}).content.decode()
    english = client_for(personas["slrt_desk"])
    english.cookies["django_language"] = "en"
    assert "August 2025" in english.get(reverse(URL), {"bulan": "2025-08"}).content.decode()


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_cases(personas, world, services, client_for):
    ktp, berobat = services
    provider = ServiceProvider.objects.create(name="Dinas Sosial Aceh Besar", kind="opd", area_id="11.06")
    client = client_for(personas["slrt_desk"])
    params = {"bulan": "2025-11", "wilayah": "11.06"}

    def add(count: int, day: int) -> None:
        for i in range(count):
            case = make_case(world.home, world.desa_x, at(11, day), ppks=["24", "09"][: i % 3],
                             needs=["kesehatan", "pangan"])
            make_referral(case, provider, ktp if i % 2 else berobat, at(11, day), due_at=at(11, day + 1),
                          state=State.COMPLETED, completed_at=at(11, day + 1 + i % 5))
            make_referral(case, provider, ktp, at(11, day), due_at=at(11, day + 2), state=State.IN_PROGRESS)

    add(2, 3)
    few = _queries(client, params)
    add(25, 10)
    many = _queries(client, params)
    assert client.get(reverse(URL), params).context["report"].visitors == 27
    assert many == few


@pytest.mark.django_db
def test_province_report_has_the_province_letterhead(personas, november, client_for):
    client = client_for(personas["province_admin"])
    page = client.get(reverse(URL), {"bulan": "2025-11"})
    assert page.status_code == 200
    assert page.context["report"].area_code == "11" and page.context["report"].visitors == 3
    pdf = client.get(reverse(URL), {"bulan": "2025-11", "format": "pdf"})
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "DINAS SOSIAL PROVINSI ACEH" in text
