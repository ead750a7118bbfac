"""List pages and the household page run a fixed number of queries, however many rows they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.core.nik import make_kk, make_nik
from tests.conftest import make_household


def _add_households(world, count, start):
    for i in range(start, start + count):
        make_household(world.desa_x, no_kk=make_kk(kecamatan_code="11.06.07", issued=dt.date(2016, 1, 1), serial=i),
                       address=f"Dusun Rahmat {i}", members=[
                           dict(nik=make_nik(kecamatan_code="11.06.07", birth_date=dt.date(1970, 1, 1), sex="L",
                                             serial=100 + i),
                                name=f"Rahmat Hidayat {i}", sex="L", relation="1"),
                           dict(name=f"Rahmawati {i}", sex="P", relation="3"),
                       ])


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_search_results_page_does_not_grow_with_results(personas, world, client_for):
    client = client_for(personas["kab_operator"])
    url = reverse("registry:search")
    _add_households(world, 2, start=10)
    few = _queries(client, url, {"q": "rahmat hidayat"})
    _add_households(world, 15, start=20)
    many = _queries(client, url, {"q": "rahmat hidayat"})
    assert len(client.get(url, {"q": "rahmat hidayat"}).context["outcome"].hits) == 17
    assert many == few
    assert many <= 14  # session + grants + candidates (+ threshold on PostgreSQL) + one page of rows


@pytest.mark.django_db
def test_household_page_does_not_grow_with_members(personas, world, client_for):
    import datetime as dt

    from sinergi.areas.models import Area
    from sinergi.programs import operations as programs
    from sinergi.programs.models import Program
    from sinergi.registry import operations

    # Every member on this tahap's PBI-JK list: the programmes section lists them all in one query.
    cycle = programs.create_cycle(actor=None, program=Program.objects.get(code="PBI-JK"),
                                  regency=Area.objects.get(code="11.06"), code="2026-T1",
                                  starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30))
    programs.enrol(actor=None, cycle=cycle, household=world.home, person=world.head)
    client = client_for(personas["kab_operator"])
    url = reverse("registry:household", args=[world.home.pk])
    small = _queries(client, url)
    for i in range(8):
        child = operations.add_person(actor=None, household=world.home, name=f"Anak {i}", sex="L", relation="4")
        operations.update_household(actor=None, household=world.home, changes={"rt": f"{i:03d}"})
        programs.enrol(actor=None, cycle=cycle, household=world.home, person=child)
    large = _queries(client, url)
    assert large == small
    # 15 for the registry's own sections, imports and SLRT; 10 for the programmes' three: enrolments with their
    # payments, components and (for a manager) the open tahap and members to add; the welfare ranking, its
    # model, the members' facts and the estimate of a stale desil; the findings; 2 for linkage: the merges of the
    # members and (for a reviewer) their pairs waiting for review.
    assert large <= 27


@pytest.mark.django_db
def test_home_and_area_pages_are_one_group_by_per_table(personas, world, client_for):
    client = client_for(personas["province_admin"])
    home_small = _queries(client, reverse("dashboards:home"))
    area_small = _queries(client, reverse("areas:detail", args=["11.06.07"]))
    _add_households(world, 10, start=40)
    assert _queries(client, reverse("dashboards:home")) == home_small
    assert _queries(client, reverse("areas:detail", args=["11.06.07"])) == area_small


@pytest.mark.django_db
def test_desa_page_household_list_does_not_grow_with_households(personas, world, client_for):
    client = client_for(personas["desa_operator"])
    url = reverse("areas:detail", args=[world.desa_x.code])
    small = _queries(client, url)
    _add_households(world, 12, start=80)
    assert _queries(client, url) == small
    listed = client.get(url).context["households"]
    assert len(listed.object_list) == 13
    assert {h.head_name for h in listed} >= {"Teuku Muhammad Nasir", "Rahmat Hidayat 80"}
    assert next(h for h in listed if h.pk == world.home.pk).member_count == 3
    from sinergi.audit.models import AuditEntry

    logged = AuditEntry.objects.filter(object_type="registry.household_list").last()
    assert str(world.home.pk) in logged.changes["households"]


@pytest.mark.django_db
def test_audit_list_does_not_grow_with_entries(personas, world, client_for):
    client = client_for(personas["kab_admin"])
    small = _queries(client, reverse("audit:list"))
    _add_households(world, 10, start=60)
    assert _queries(client, reverse("audit:list")) == small
