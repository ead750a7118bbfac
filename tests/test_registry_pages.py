import pytest
from django.urls import reverse

from sinergi.audit.models import Action, AuditEntry


@pytest.mark.django_db
def test_household_page_shows_members_masked_and_logs_the_view(personas, world, client_for):
    client = client_for(personas["kecamatan_tksk"])
    response = client.get(reverse("registry:household", args=[world.home.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Teuku Muhammad Nasir" in html
    assert world.head.nik not in html
    assert world.head.masked_nik in html
    entry = AuditEntry.objects.filter(action=Action.VIEW, household_id=world.home.pk).get()
    assert entry.actor == personas["kecamatan_tksk"]
    assert str(world.head.pk) in entry.changes["persons"]


@pytest.mark.django_db
def test_search_by_name_is_typo_tolerant_and_scoped(personas, world, client_for):
    client = client_for(personas["kecamatan_tksk"])
    response = client.get(reverse("registry:search"), {"q": "siti aminan"})
    assert response.status_code == 200
    assert "SITI aminah" in response.content.decode()
    # Zulkifli lives in another kecamatan: invisible to the Darul Imarah TKSK, visible to the kabupaten.
    assert "Zulkifli" not in client.get(reverse("registry:search"), {"q": "zulkifli"}).content.decode()
    kab = client_for(personas["kab_operator"])
    assert "Zulkifli Ahmad" in kab.get(reverse("registry:search"), {"q": "zulkifli"}).content.decode()
