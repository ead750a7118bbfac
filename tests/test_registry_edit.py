import pytest
from django.urls import reverse

from sinergi.audit.models import Action, AuditEntry
from sinergi.registry.models import Person


@pytest.mark.django_db
def test_desa_operator_edits_household_and_history_shows_it(personas, world, client_for):
    client = client_for(personas["desa_operator"])
    url = reverse("registry:household_edit", args=[world.home.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update({"address": "Dusun Mesjid Raya", "has_car": "on", "floor": "tanah"})
    response = client.post(url, data)
    assert response.status_code == 302
    world.home.refresh_from_db()
    assert world.home.address == "Dusun Mesjid Raya" and world.home.has_car and world.home.floor == "tanah"
    entry = AuditEntry.objects.get(action=Action.UPDATE, household_id=world.home.pk)
    assert entry.actor == personas["desa_operator"]
    assert set(entry.changes) == {"address", "has_car", "floor"}
    page = client.get(reverse("registry:household", args=[world.home.pk])).content.decode()
    assert "Dusun Mesjid Raya" in page and "desa_operator" in page


@pytest.mark.django_db
def test_person_edit_with_bad_nik_and_date_explains_without_saving(personas, world, client_for):
    client = client_for(personas["desa_operator"])
    url = reverse("registry:person_edit", args=[world.head.pk])
    base = {"name": world.head.name, "sex": "L", "relation": "1", "status": "aktif"}
    response = client.post(url, {**base, "nik": "3.20101E+15", "birth_date": "31/02/1975"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "birth_date" in errors
    response = client.post(url, {**base, "nik": "3.20101E+15", "birth_date": "12/08/1975"})
    assert "nik" in response.context["form"].errors
    world.head.refresh_from_db()
    assert world.head.nik != "3.20101E+15"


@pytest.mark.django_db
def test_add_member_and_move_them_to_another_kk(personas, world, client_for):
    client = client_for(personas["kab_operator"])
    response = client.post(reverse("registry:person_add", args=[world.home.pk]),
                           {"name": "BY NY SITI AMINAH", "sex": "P", "relation": "4", "status": "aktif",
                            "birth_date": "01/10/2026"})
    assert response.status_code == 302
    baby = Person.objects.get(name="BY NY SITI AMINAH")
    assert baby.household == world.home and baby.nik == ""
    response = client.post(reverse("registry:person_move", args=[baby.pk]),
                           {"no_kk": world.neighbour.no_kk, "relation": "6", "reason": "Ikut nenek"})
    assert response.status_code == 302
    baby.refresh_from_db()
    assert baby.household == world.neighbour


@pytest.mark.django_db
def test_move_to_a_kk_outside_the_users_area_is_refused_like_a_missing_one(personas, world, client_for):
    client = client_for(personas["desa_operator"])
    response = client.post(reverse("registry:person_move", args=[world.head.pk]),
                           {"no_kk": world.far.no_kk, "relation": "1", "reason": "Pindah"})
    assert response.status_code == 200
    assert "tidak ditemukan" in str(response.context["form"].errors)
    world.head.refresh_from_db()
    assert world.head.household == world.home


@pytest.mark.django_db
def test_viewers_see_no_edit_links(personas, world, client_for):
    page = client_for(personas["kecamatan_tksk"]).get(reverse("registry:household", args=[world.home.pk]))
    assert reverse("registry:household_edit", args=[world.home.pk]) not in page.content.decode()
