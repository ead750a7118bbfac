import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from sinergi.accounts.models import ApiToken, Assignment
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_and_logout(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "psm", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("dashboards:home")
    assert client.get(reverse("dashboards:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboards:home")).status_code == 302


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("accounts:login"), {"username": "psm", "password": "keliru#Sandi123"})
        assert response.status_code == 200
        assert "salah" in response.content.decode()
    last_failure = client.post(reverse("accounts:login"), {"username": "psm", "password": "keliru#Sandi123"})
    assert last_failure.status_code == 429
    locked = client.post(reverse("accounts:login"), {"username": "psm", "password": PASSWORD})
    assert locked.status_code == 429
    assert "dikunci" in locked.content.decode()
    assert client.get(reverse("dashboards:home")).status_code == 302


@pytest.mark.django_db
def test_other_users_are_not_locked_by_someone_elses_failures(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("accounts:login"), {"username": "psm", "password": "keliru#Sandi123"})
    ok = client.post(reverse("accounts:login"), {"username": "kecamatan_tksk", "password": PASSWORD})
    assert ok.status_code == 302


@pytest.mark.parametrize("weak", ["pendek1!", "aaaaaaaaaaaaaaa", "123456789012345", "qwertyuiop12", "sinergisinergi1"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_strong_password_passes():
    validate_password("Bantuan#Tepat2026")


def test_sessions_expire_when_idle_and_when_the_browser_closes(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600


@pytest.mark.django_db
def test_idle_session_is_logged_out(client, personas, settings):
    client.force_login(personas["psm"])
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    assert client.get(reverse("dashboards:home")).status_code == 302


@pytest.mark.django_db
def test_profile_shows_assignments(personas, client_for):
    page = client_for(personas["pkh_facilitator"]).get(reverse("accounts:profile")).content.decode()
    assert "Pendamping PKH" in page
    nobody = client_for(personas["no_assignment"]).get(reverse("accounts:profile")).content.decode()
    assert "Belum ada penugasan" in nobody


@pytest.mark.django_db
def test_demo_users_are_created_once_and_print_their_logins(areas, capsys, django_user_model):
    from sinergi.areas.models import Area

    Area.objects.get_or_create(code="11.06", defaults={"level": 2, "name": "Kabupaten Aceh Besar", "parent_id": "11"})
    call_command("demo_users")
    out = capsys.readouterr().out
    call_command("demo_users")
    for username in ("admin.kabupaten", "tksk", "pendamping.pkh", "psm", "operator.desa", "slrt", "opd"):
        assert username in out
        user = django_user_model.objects.get(username=username)
        assert user.check_password("Sinergi#Demo2026")
    assert Assignment.objects.filter(user__username="tksk", area_id="11.06.07").count() == 1
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db
def test_demo_users_refused_in_production(areas, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo_users")
