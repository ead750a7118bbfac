import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.audit.models import Action, AuditEntry
from sinergi.core.nik import make_nik
from sinergi.registry import operations
from sinergi.registry.models import Membership


@pytest.mark.django_db
def test_history_of_a_household_lists_each_change_with_who_and_when(personas, world, client_for):
    operator = personas["kab_operator"]
    operations.update_household(actor=operator, household=world.home, changes={"roof": "seng"})
    operations.update_person(actor=operator, person=world.head, changes={"occupation": "Nelayan"})
    page = client_for(operator).get(reverse("registry:household", args=[world.home.pk])).content.decode()
    assert "kab_operator" in page
    assert "Nelayan" in page and "Seng" in page.replace("seng", "Seng")
    history = list(AuditEntry.objects.history_of_household(world.home.pk))
    assert [e.action for e in history[:2]] == [Action.UPDATE, Action.UPDATE]


@pytest.mark.django_db
def test_applying_the_same_values_again_writes_nothing(personas, world):
    operator = personas["kab_operator"]
    before = AuditEntry.objects.count()
    assert operations.update_household(actor=operator, household=world.home, changes={"address": "Dusun Mesjid"}) == {}
    assert operations.update_person(actor=operator, person=world.head, changes={"name": world.head.name}) == {}
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_person_moves_household_on_marriage_keeping_history_on_both(personas, world, client_for):
    operator = personas["kab_operator"]
    daughter = world.home.members.get(relation="4")
    operations.move_person(actor=operator, person=daughter, to_household=world.neighbour, relation="5",
                           reason="Menikah")
    daughter.refresh_from_db()
    assert daughter.household == world.neighbour and daughter.relation == "5"
    stays = list(Membership.objects.filter(person=daughter).order_by("joined_at", "id"))
    assert [(m.household_id, m.left_reason) for m in stays] == [(world.home.pk, "Menikah"), (world.neighbour.pk, "")]
    assert stays[0].left_at is not None and stays[1].left_at is None
    for household in (world.home, world.neighbour):
        assert AuditEntry.objects.filter(action=Action.MOVE, household_id=household.pk).exists()
    old_page = client_for(operator).get(reverse("registry:household", args=[world.home.pk])).content.decode()
    assert "Pernah menjadi anggota" in old_page and "Menikah" in old_page


@pytest.mark.django_db
def test_move_needs_a_reason_and_a_different_household(personas, world):
    operator = personas["kab_operator"]
    with pytest.raises(ValidationError):
        operations.move_person(actor=operator, person=world.head, to_household=world.neighbour, relation="1",
                               reason=" ")
    with pytest.raises(ValidationError):
        operations.move_person(actor=operator, person=world.head, to_household=world.home, relation="1",
                               reason="x")


@pytest.mark.django_db
def test_writes_outside_the_actors_area_are_refused(personas, world):
    with pytest.raises(PermissionDenied):
        operations.update_household(actor=personas["desa_operator"], household=world.far, changes={"rt": "1"})
    with pytest.raises(PermissionDenied):
        operations.update_household(actor=personas["kecamatan_tksk"], household=world.home, changes={"rt": "1"})


@pytest.mark.django_db
def test_invalid_nik_is_refused_with_a_specific_message(world):
    with pytest.raises(ValidationError) as excinfo:
        operations.add_person(actor=None, household=world.home, nik="3.20101E+15", name="X", sex="L",
                              relation="4")
    assert "nik" in excinfo.value.message_dict


@pytest.mark.django_db
def test_nik_inconsistencies_are_warnings_not_fixes(world):
    nik = make_nik(kecamatan_code="11.06.07", birth_date=dt.date(1990, 1, 1), sex="P", serial=9)
    person = operations.add_person(actor=None, household=world.home, nik=nik, name="Rahmah", sex="L",
                                   birth_date=dt.date(1991, 2, 2), relation="4")
    warnings = operations.nik_warnings(person)
    assert len(warnings) == 2
    person.refresh_from_db()
    assert person.nik == nik


@pytest.mark.django_db
def test_unknown_fields_are_refused(world):
    with pytest.raises(ValidationError):
        operations.update_household(actor=None, household=world.home, changes={"desil": 1})
