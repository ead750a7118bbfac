import pytest
from django.urls import reverse

from sinergi.accounts import scoping
from sinergi.accounts.models import Assignment, Role
from sinergi.audit.models import AuditEntry
from sinergi.registry.models import Household, Person


@pytest.mark.django_db
def test_user_without_assignment_sees_nothing(personas, world):
    nobody = personas["no_assignment"]
    assert Household.objects.for_user(nobody).count() == 0
    assert Person.objects.for_user(nobody).count() == 0
    assert AuditEntry.objects.for_user(nobody).count() == 0


@pytest.mark.django_db
def test_superuser_without_assignment_sees_no_personal_data(world, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="Root#Sinergi2026")
    assert Household.objects.for_user(root).count() == 0


@pytest.mark.django_db
def test_kecamatan_scope_covers_exactly_its_desa(personas, world):
    tksk = personas["kecamatan_tksk"]
    visible = set(Household.objects.for_user(tksk))
    assert visible == {world.home, world.neighbour}


@pytest.mark.django_db
def test_inactive_assignment_grants_nothing(personas, world):
    tksk = personas["kecamatan_tksk"]
    Assignment.objects.filter(user=tksk).update(active=False)
    scoping.forget(tksk)
    assert Household.objects.for_user(tksk).count() == 0


@pytest.mark.django_db
def test_role_permissions_are_data_not_code(personas, world):
    # Taking "reveal" away from the TKSK role takes it from every TKSK, with no code change.
    tksk = personas["kecamatan_tksk"]
    assert scoping.has_perm_for(tksk, scoping.REVEAL_NIK, world.desa_x.code)
    role = Role.objects.get(code="tksk")
    role.permissions.remove(role.permissions.get(codename="reveal_nik"))
    scoping.forget(tksk)
    assert not scoping.has_perm_for(tksk, scoping.REVEAL_NIK, world.desa_x.code)


@pytest.mark.django_db
def test_nested_assignments_collapse_to_the_outermost_area(personas, world):
    tksk = personas["kecamatan_tksk"]
    Assignment.objects.create(user=tksk, role=Role.objects.get(code="tksk"), area=world.desa_x)
    scoping.forget(tksk)
    assert scoping.areas_for(tksk, scoping.VIEW_REGISTRY) == ["11.06.07"]


@pytest.mark.django_db
class TestKecamatanUserCannotReachAnotherKecamatan:
    """The acceptance case: by URL, by search, by export, by area page, by API."""

    def test_by_url(self, personas, world, client_for):
        client = client_for(personas["kecamatan_tksk"])
        assert client.get(reverse("registry:household", args=[world.far.pk])).status_code == 404
        far_person = world.far.members.get()
        assert client.post(reverse("registry:reveal_nik", args=[far_person.pk])).status_code == 404

    def test_not_found_and_not_allowed_look_the_same(self, personas, world, client_for):
        client = client_for(personas["kecamatan_tksk"])
        forbidden = client.get(reverse("registry:household", args=[world.far.pk]))
        missing = client.get(reverse("registry:household", args=[10**9]))
        assert forbidden.status_code == missing.status_code == 404
        assert forbidden.content == missing.content

    def test_by_search(self, personas, world, client_for):
        client = client_for(personas["kecamatan_tksk"])
        far_person = world.far.members.get()
        for query in (far_person.nik, world.far.no_kk, "Zulkifli Ahmad", "Dusun Pantai"):
            hits = client.get(reverse("registry:search"), {"q": query}).context["outcome"].hits
            assert world.far not in [h.household for h in hits], query
        kab = client_for(personas["kab_operator"])
        for query in (far_person.nik, world.far.no_kk, "Zulkifli Ahmad", "Dusun Pantai"):
            hits = kab.get(reverse("registry:search"), {"q": query}).context["outcome"].hits
            assert [h.household for h in hits] == [world.far], query

    def test_by_search_area_filter_outside_scope(self, personas, world, client_for):
        client = client_for(personas["kecamatan_tksk"])
        response = client.get(reverse("registry:search"), {"q": "zulkifli", "area": "11.06.01"})
        assert response.context["outcome"].hits == []

    def test_by_export(self, personas, world, client_for):
        # A kabupaten operator exports; scoped to a kecamatan they export only that kecamatan.
        operator = personas["kab_operator"]
        Assignment.objects.filter(user=operator).delete()
        Assignment.objects.create(user=operator, role=Role.objects.get(code="operator-dinsos"), area_id="11.06.07")
        scoping.forget(operator)
        client = client_for(operator)
        for params in ({"area": "11.06.01"}, {"area": "11.06"}, {"q": "zulkifli"}, {"q": world.far.no_kk}):
            response = client.get(reverse("registry:export"), {**params, "format": "csv"})
            body = b"".join(response.streaming_content).decode() if response.status_code == 200 else ""
            assert "Zulkifli" not in body, params
        whole = client.get(reverse("registry:export"), {"area": "11.06", "format": "csv"})
        body = b"".join(whole.streaming_content).decode()
        assert "Teuku Muhammad Nasir" in body and "Zulkifli" not in body

    def test_by_area_page(self, personas, world, client_for):
        client = client_for(personas["kecamatan_tksk"])
        assert client.get(reverse("areas:detail", args=["11.06.01"])).status_code == 404
        kab_page = client.get(reverse("areas:detail", args=["11.06"]))
        assert kab_page.status_code == 200  # overlaps the scope, but counts only the TKSK's part
        rows = {r.area.code: r.households for r in kab_page.context["rows"]}
        assert rows["11.06.07"] == 2 and rows["11.06.01"] == 0
