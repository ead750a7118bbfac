import pytest
from django.urls import reverse

from sinergi.accounts.models import ApiToken
from sinergi.audit.models import Action, AuditEntry


@pytest.fixture
def opd_client(personas, client):
    _token, raw = ApiToken.issue(user=personas["opd_api_client"], label="Bappeda")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.mark.django_db
def test_household_by_kk_masks_nik_for_a_viewer_and_is_audited(opd_client, world):
    response = opd_client.get(reverse("api:list_households"), {"no_kk": world.home.no_kk})
    assert response.status_code == 200
    [household] = response.json()
    assert household["id"] == world.home.pk
    assert household["no_kk"] == world.home.masked_kk
    assert {m["nik"] for m in household["members"]} == {p.masked_nik for p in world.home.members.all()}
    entry = AuditEntry.objects.get(action=Action.API)
    assert entry.source == "api" and str(world.home.pk) in entry.changes["households"]


@pytest.mark.django_db
def test_out_of_scope_household_is_404(opd_client, world):
    assert opd_client.get(reverse("api:get_household", args=[world.abroad.pk])).status_code == 404
    assert opd_client.get(reverse("api:get_household", args=[world.far.pk])).status_code == 200


@pytest.mark.django_db
def test_person_by_nik(opd_client, world):
    found = opd_client.get(reverse("api:find_person"), {"nik": world.head.nik}).json()
    assert [p["id"] for p in found] == [world.head.pk]
    assert opd_client.get(reverse("api:find_person"), {"nik": "12345"}).status_code == 404


@pytest.mark.django_db
def test_revoked_and_unknown_tokens_are_refused(personas, world, client):
    token, raw = ApiToken.issue(user=personas["opd_api_client"], label="old")
    token.revoked_at = token.created_at
    token.save()
    url = reverse("api:get_household", args=[world.home.pk])
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer sng_tebakan").status_code == 401


@pytest.mark.django_db
def test_only_the_hash_of_a_token_is_stored(personas):
    token, raw = ApiToken.issue(user=personas["opd_api_client"], label="x")
    assert raw not in (token.digest, token.prefix) and len(token.digest) == 64


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get(reverse("api:openapi-json")).json()
    assert {"/api/v1/households", "/api/v1/households/{household_id}", "/api/v1/persons"} <= set(schema["paths"])


@pytest.mark.django_db
def test_api_docs_page_uses_no_cdn(client):
    html = client.get(reverse("api:openapi-view")).content.decode()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
