from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

pytest_plugins = ["tests.browser"]

# The sync Playwright API keeps an event loop in the test thread; Django's async-safety check would refuse ORM
# calls from it (stack notes: verified with pytest-django's live_server).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Small real subtrees: Darul Imarah (11.06.07) and Lhoong (11.06.01) of Aceh Besar, and one kecamatan of
# Indramayu (32.12.01) for "another kabupaten in another province".
TEST_AREAS = ["11.06.07", "11.06.01", "32.12.01"]
_AREA_CACHE: list = []


@pytest.fixture(autouse=True)
def _indonesian():
    """Each test starts in the default language (a request in English must not leak into the next test)."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path_factory):
    """Imports keep their files under MEDIA_ROOT: in tests, a temporary directory, never the repo's var/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, plus: close the jobs alias's connection before the test database is dropped (on
    PostgreSQL it is a second session on that database, and DROP DATABASE refuses while it is open)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        connections["jobs"].close()


@pytest.fixture
def areas(db):
    """Load the test subtrees (cached in memory: parsing the country's CSV once per session, not per test)."""
    from sinergi.areas.loader import read_areas
    from sinergi.areas.models import Area

    if not _AREA_CACHE:
        _AREA_CACHE.extend(read_areas(TEST_AREAS))
    if not Area.objects.filter(code="11.06.07").exists():
        Area.objects.bulk_create([Area(code=a.code, level=a.level, name=a.name, parent_id=a.parent_id,
                                       lat=a.lat, lng=a.lng) for a in _AREA_CACHE])
    return {a.code: a for a in Area.objects.filter(code__in=["11", "11.06", "11.06.07", "11.06.01", "32.12.01"])}


def first_village(district_code: str, index: int = 0):
    from sinergi.areas.models import Area

    return Area.objects.filter(parent_id=district_code).order_by("code")[index]


@dataclass
class World:
    """A small registry: households in two desa of Darul Imarah, one in Lhoong, one in Indramayu."""

    desa_x: object
    desa_y: object
    desa_other_kec: object
    desa_other_kab: object
    home: object  # household in desa X (Darul Imarah)
    neighbour: object  # household in desa Y (Darul Imarah)
    far: object  # household in Lhoong (another kecamatan)
    abroad: object  # household in Indramayu (another province)
    head: object  # head of ``home``


def make_household(desa, *, no_kk: str, address: str, members: list[dict]):
    from sinergi.registry import operations

    household = operations.create_household(actor=None, desa=desa, no_kk=no_kk, address=address, rt="001",
                                            rw="002", source="test")
    people = [operations.add_person(actor=None, household=household, source="test", **m) for m in members]
    return household, people


@pytest.fixture
def world(areas):
    import datetime as dt

    from sinergi.core.nik import make_kk, make_nik

    def nik(kec, born, sex, serial):
        return make_nik(kecamatan_code=kec, birth_date=born, sex=sex, serial=serial)

    def kk(kec, serial):
        return make_kk(kecamatan_code=kec, issued=dt.date(2015, 3, 2), serial=serial)

    desa_x, desa_y = first_village("11.06.07", 0), first_village("11.06.07", 1)
    desa_other_kec, desa_other_kab = first_village("11.06.01"), first_village("32.12.01")
    home, (head, *_rest) = make_household(desa_x, no_kk=kk("11.06.07", 1), address="Dusun Mesjid", members=[
        dict(nik=nik("11.06.07", dt.date(1975, 8, 12), "L", 1), name="Teuku Muhammad Nasir", sex="L",
             birth_date=dt.date(1975, 8, 12), relation="1", birth_place="Aceh Besar"),
        dict(nik=nik("11.06.07", dt.date(1980, 1, 5), "P", 1), name="Hj. SITI aminah, S.Pd", sex="P",
             birth_date=dt.date(1980, 1, 5), relation="3"),
        dict(nik=nik("11.06.07", dt.date(2008, 6, 1), "P", 1), name="Cut Nyak Fitriani", sex="P",
             birth_date=dt.date(2008, 6, 1), relation="4"),
    ])
    neighbour, _ = make_household(desa_y, no_kk=kk("11.06.07", 2), address="Lorong Sawah", members=[
        dict(nik=nik("11.06.07", dt.date(1960, 1, 1), "P", 2), name="Nurhayati", sex="P",
             birth_date=dt.date(1960, 1, 1), relation="1"),
    ])
    far, _ = make_household(desa_other_kec, no_kk=kk("11.06.01", 3), address="Dusun Pantai", members=[
        dict(nik=nik("11.06.01", dt.date(1970, 2, 3), "L", 1), name="Zulkifli Ahmad", sex="L",
             birth_date=dt.date(1970, 2, 3), relation="1"),
    ])
    abroad, _ = make_household(desa_other_kab, no_kk=kk("32.12.01", 4), address="Blok Karang", members=[
        dict(nik=nik("32.12.01", dt.date(1985, 4, 4), "L", 1), name="Asep Sunandar", sex="L",
             birth_date=dt.date(1985, 4, 4), relation="1"),
    ])
    return World(desa_x, desa_y, desa_other_kec, desa_other_kab, home, neighbour, far, abroad, head)


# Personas: (role code, area code or a callable picking the area from the world). Data, like the roles.
PERSONAS = {
    "province_admin": [("admin-provinsi", "11")],
    "kab_operator": [("operator-dinsos", "11.06")],
    "kab_admin": [("admin-kabupaten", "11.06")],
    "kecamatan_tksk": [("tksk", "11.06.07")],
    "pkh_facilitator": [("pendamping-pkh", "desa_x"), ("pendamping-pkh", "desa_y")],
    "psm": [("psm", "desa_x")],
    "desa_operator": [("operator-desa", "desa_x")],
    "slrt_desk": [("slrt", "11.06")],
    "opd_api_client": [("opd", "11.06")],
    # Disdukcapil Aceh Besar's officer: handles referrals to that office only (membership in the slrt fixture).
    "service_provider": [("penyedia-layanan", "11.06")],
    "no_assignment": [],
}
PASSWORD = "Uji#Sinergi2026"


@pytest.fixture
def personas(world, django_user_model):
    from sinergi.accounts.models import Assignment, Role

    users = {}
    for name, grants in PERSONAS.items():
        user = django_user_model.objects.create_user(username=name, password=PASSWORD)
        for role_code, where in grants:
            area = getattr(world, where) if where.startswith("desa") else where
            area_code = area if isinstance(area, str) else area.code
            Assignment.objects.create(user=user, role=Role.objects.get(code=role_code), area_id=area_code)
        users[name] = user
    users["anonymous"] = None
    return users


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


def pytest_configure(config):
    # PBKDF2's deliberate slowness is for attackers, not for the eleven personas every test logs in. Plain
    # modules' tests also run without Django (-p no:django), hence the check.
    if config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Slrt:
    """The SLRT desk's world: providers, a PSM covering desa X, a case with a referral, a grievance."""

    disdukcapil: object
    dinkes_other: object  # a provider whose staff is someone else
    psm_worker: object
    case: object
    referral: object
    grievance: object
    grievance_abroad: object
    case_abroad: object


@pytest.fixture
def slrt(world, personas):
    from sinergi.areas.models import Area
    from sinergi.pillars.models import PillarWorker, WorkArea
    from sinergi.referrals import operations
    from sinergi.referrals.models import ProviderKind, ServiceProvider, ServiceType

    regency = Area.objects.get(code="11.06")
    disdukcapil = ServiceProvider.objects.create(name="Disdukcapil Aceh Besar", kind=ProviderKind.OPD, area=regency,
                                                 address="Jl. Bandara SIM, Kota Jantho", phone="0651000111")
    disdukcapil.services.set(ServiceType.objects.filter(code__in=["ktp-kk", "akta-kelahiran"]))
    disdukcapil.staff.add(personas["service_provider"])
    dinkes = ServiceProvider.objects.create(name="Dinas Kesehatan Aceh Besar", kind=ProviderKind.OPD, area=regency)
    dinkes.services.set(ServiceType.objects.filter(code__in=["pbi-jk", "berobat"]))
    psm_worker = PillarWorker.objects.create(name="Rahmah PSM", pillar_type="psm", user=personas["psm"],
                                             home_area=regency, phone="081200000001")
    WorkArea.objects.create(worker=psm_worker, area=world.desa_x)
    desk = personas["slrt_desk"]
    case = operations.open_case(actor=desk, person=world.head, complaint="KTP-el hilang, tidak bisa urus PBI-JK",
                                needs=["adminduk", "kesehatan"], ppks=["24"])
    referral = operations.refer(actor=desk, case=case, provider=disdukcapil,
                                service=ServiceType.objects.get(code="ktp-kk"), reason="Perekaman ulang KTP-el")
    grievance = operations.submit_grievance(actor=None, category="tidak-menerima",
                                            description="Keluarga kami belum pernah menerima bantuan apa pun.",
                                            area=world.desa_x, reporter_name="Pelapor Rahasia",
                                            reporter_contact="081299990000")
    abroad_person = world.abroad.members.first()
    case_abroad = operations.open_case(actor=None, person=abroad_person, complaint="Warga Indramayu",
                                       needs=["pangan"])
    grievance_abroad = operations.submit_grievance(actor=None, category="data-salah",
                                                   description="Data keluarga di Indramayu salah.",
                                                   area=world.desa_other_kab)
    return Slrt(disdukcapil, dinkes, psm_worker, case, referral, grievance, grievance_abroad, case_abroad)
