"""The targeting checks in the browser: the kabupaten opens the overlap matrix, drills down from the forbidden
BLT Dana Desa + PKH cell to the desa, opens the household, and dismisses its finding with a reason."""

import datetime as dt
import re

import pytest

from sinergi.programs import checks, operations
from sinergi.programs.models import Finding, FindingKind, FindingState, Program, WelfareScore
from tests.browser import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "jobs"])]


def kabupaten():
    from sinergi.areas.models import Area

    return Area.objects.get(code="11.06")


@pytest.fixture
def overlap(world, personas):
    """The family in desa X receives both BLT Dana Desa and PKH this tahap; the village fund rules say it may
    not. It is poor (desil 1), so nothing else is wrong with it."""
    from sinergi.programs.models import PmtModel

    WelfareScore.objects.create(household=world.home, model=PmtModel.objects.get(active=True), score=10.0,
                                desil=1, desil_province=1, computed_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    for code in ("BLT-DD", "PKH"):
        cycle = operations.create_cycle(actor=None, program=Program.objects.get(code=code),
                                        regency=kabupaten(), code="2026-T1",
                                        starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31))
        operations.enrol(actor=None, cycle=cycle, household=world.home)
    checks.run_checks(actor=None, regency=kabupaten())
    return Finding.objects.get(kind=FindingKind.OVERLAP, household=world.home)


def test_matrix_drill_down_to_the_household_and_dismiss_its_finding(page, live_server, personas, world, overlap):
    base = live_server.url
    log_in(page, base, "kab_admin", PASSWORD)
    page.goto(f"{base}/program/tumpang-tindih/")
    # The forbidden pair's cell links to its breakdown; the matrix is symmetric, either order will do.
    page.locator("a[aria-label^='BLT-DD + PKH'], a[aria-label^='PKH + BLT-DD']").first.click()
    page.wait_for_url(re.compile(r"/program/tumpang-tindih/[\w-]+/[\w-]+/"))
    kecamatan = world.desa_x.parent
    page.click(f"td a >> text={kecamatan.name}")
    page.wait_for_url(re.compile(rf"wilayah={re.escape(kecamatan.code)}"))
    page.click(f"td a >> text={world.desa_x.name}")
    page.wait_for_url(re.compile(rf"wilayah={re.escape(world.desa_x.code)}"))
    page.click("td a >> text=Teuku Muhammad Nasir")
    page.wait_for_url(re.compile(rf"/keluarga/{world.home.pk}/"))

    page.click("#household-findings a >> text=Program yang tidak boleh diterima bersamaan")
    page.wait_for_url(re.compile(rf"/program/temuan/{overlap.pk}/"))
    page.click("#decide summary >> text=Batalkan")
    page.fill("#dismiss-form textarea", "Hasil musdes: BLT DD tahap ini diganti, KPM sudah keluar dari PKH.")
    page.click("#dismiss-form button[type=submit]")
    page.wait_for_selector("#finding-state >> text=Dibatalkan")
    page.wait_for_selector("#finding-reason >> text=KPM sudah keluar dari PKH")

    overlap.refresh_from_db()
    assert overlap.state == FindingState.DISMISSED
    assert overlap.decided_by == personas["kab_admin"]
    assert "musdes" in overlap.reason
    # A new run of the checks finds the same overlap and leaves the decision alone.
    checks.run_checks(actor=None, regency=kabupaten())
    overlap.refresh_from_db()
    assert overlap.state == FindingState.DISMISSED
