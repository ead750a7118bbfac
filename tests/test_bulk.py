"""sinergi.core.bulk: the fast instance builder and the tuple inserter used by the importer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models

from sinergi.audit.log import ENTRY_COLUMNS, entry, entry_row
from sinergi.audit.models import Action, AuditEntry
from sinergi.core import bulk
from sinergi.registry.models import Household, Membership, Person


def field_values(obj: models.Model) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.parametrize(("model", "values"), [
    (Person, {"nik": "1106071208750001", "name": "Hj. SITI aminah", "sex": "P", "birth_date": dt.date(1975, 8, 12),
              "relation": "3"}),
    (Household, {"no_kk": "1106071208750001", "desa_id": "11.06.07.2001", "rt": "001"}),
    (Membership, {"person_id": 5, "household_id": 7, "relation": "1"}),
])
def test_new_instance_equals_the_model_constructor(model, values):
    fast = bulk.new_instance(model, **values)
    assert field_values(fast) == field_values(model(**values))
    assert fast._state.adding and fast.pk is None
    # Each instance is its own: setting a value on one leaves the next untouched.
    fast.pk = 99
    assert bulk.new_instance(model, **values).pk is None


def test_new_instance_refuses_unknown_names_and_relation_objects():
    with pytest.raises(TypeError, match="desa"):
        bulk.new_instance(Household, desa="11.06.07.2001")
    with pytest.raises(TypeError, match="tidak_ada"):
        bulk.new_instance(Person, tidak_ada=1)


@pytest.mark.django_db
def test_insert_rows_stores_what_an_instance_save_stores(areas):
    now = dt.datetime(2026, 11, 25, 8, 30, tzinfo=dt.UTC)
    kwargs = {"actor": None, "action": Action.CREATE, "object_type": "registry.person", "object_id": "12",
              "object_label": "tab\there\nnew line \\ backslash", "household_id": 3, "area_code": "11.06.07.2001",
              "changes": {"name": [None, "SITI"], "birth_date": dt.date(1975, 8, 12)}, "source": "import:1"}
    saved = entry(**kwargs)
    saved.save()
    assert bulk.insert_rows(AuditEntry, ENTRY_COLUMNS, [entry_row(now, **kwargs)]) == 1
    inserted = AuditEntry.objects.exclude(pk=saved.pk).get(source="import:1")
    for name in ENTRY_COLUMNS:
        if name != "created_at":
            assert getattr(inserted, name) == getattr(saved, name), name
    assert inserted.created_at == now
    assert AuditEntry.objects.filter(created_at__lt=now + dt.timedelta(seconds=1), source="import:1").count() == 1


def test_fewer_gc_pauses_restores_the_thresholds_even_after_an_error():
    import gc

    before = gc.get_threshold()
    with pytest.raises(RuntimeError), bulk.fewer_gc_pauses(first_generation=12_345):
        assert gc.get_threshold()[0] == 12_345
        raise RuntimeError
    assert gc.get_threshold() == before
