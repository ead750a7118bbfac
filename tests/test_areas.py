import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.areas.loader import load_areas
from sinergi.areas.models import Area, Level, subtree_q


@pytest.mark.django_db
def test_whole_country_loads_with_the_published_counts_and_reloads_without_changes():
    first = load_areas()
    counts = {level: Area.objects.filter(level=level).count() for level in Level}
    assert counts == {Level.PROVINCE: 38, Level.REGENCY: 514, Level.DISTRICT: 7285, Level.VILLAGE: 83762}
    assert first.created == sum(counts.values())
    again = load_areas()
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)


@pytest.mark.django_db
def test_only_loads_subtrees_with_their_ancestors(capsys):
    call_command("load_areas", only="11.06.07,32.12")
    assert Area.objects.filter(code__in=["11", "11.06", "11.06.07", "32", "32.12"]).count() == 5
    assert not Area.objects.filter(code="11.06.01").exists()
    assert Area.objects.filter(code__startswith="32.12.", level=Level.DISTRICT).count() == 31
    assert "baru" in capsys.readouterr().out


@pytest.mark.django_db
def test_unknown_code_is_refused_with_its_code():
    with pytest.raises(CommandError, match="99.99"):
        call_command("load_areas", only="99.99")
    with pytest.raises(CommandError, match="99.99"):
        call_command("load_areas", only="11.06,99.99")
    assert not Area.objects.exists()  # the valid half was not loaded either


@pytest.mark.django_db
def test_subtree_is_one_range_query_not_recursion(areas):
    with CaptureQueriesContext(connection) as queries:
        codes = list(Area.objects.subtree("11.06.07").values_list("code", flat=True))
    assert len(queries) == 1
    assert "LIKE" not in queries[0]["sql"].upper()
    assert "11.06.07" in codes and all(c == "11.06.07" or c.startswith("11.06.07.") for c in codes)
    assert len(codes) == 1 + Area.objects.filter(parent_id="11.06.07").count()


@pytest.mark.django_db
def test_subtree_range_does_not_leak_into_codes_that_merely_share_a_prefix(areas):
    # Codes that a naive startswith("11.06") would catch: a longer sibling and the "/" boundary itself.
    Area.objects.create(code="11.060", level=Level.REGENCY, name="bukan anak", parent_id="11")
    Area.objects.create(code="11.06/", level=Level.REGENCY, name="batas", parent_id="11")
    codes = set(Area.objects.filter(subtree_q("code", "11.06")).values_list("code", flat=True))
    assert "11.06" in codes and "11.06.07" in codes
    assert "11.060" not in codes and "11.06/" not in codes


@pytest.mark.django_db
def test_areas_have_centroids_for_maps(areas):
    desa = Area.objects.filter(parent_id="11.06.07").exclude(lat=None).first()
    assert desa is not None and 5.0 < desa.lat < 6.0 and 95.0 < desa.lng < 96.0
