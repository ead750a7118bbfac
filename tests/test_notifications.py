"""Notifications: in-app rows, e-mail and SMS/WhatsApp after commit, and the user's own list."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sinergi.notifications import operations
from sinergi.notifications.backends import LoggingBackend, get_backend, mask_phone
from sinergi.notifications.models import Notification

HERE = __name__
PHONE = "0812-3456-7890"


class RecordingBackend:
    """Stands in for an office's SMS gateway. Instances are created per send batch, so calls live on the class."""

    calls: list[dict[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        RecordingBackend.calls.append({"phone": phone, "text": text})


class BrokenMessageBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise ConnectionError("gateway down")


class NoSendBackend:
    pass


class BrokenEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP down")


@pytest.fixture
def recording(settings):
    settings.SINERGI_MESSAGE_BACKEND = f"{HERE}.RecordingBackend"
    RecordingBackend.calls = []
    yield RecordingBackend.calls
    RecordingBackend.calls = []


def _notes(user, count, *, url="", read=False):
    from django.utils import timezone

    return Notification.objects.bulk_create([
        Notification(user=user, title=f"Rujukan baru {i}", body="Keluarga menunggu tindak lanjut.", url=url,
                     read_at=timezone.now() if read else None)
        for i in range(count)
    ])


# --- notify -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_creates_one_row_per_active_distinct_user(personas, django_user_model):
    psm, desa = personas["psm"], personas["desa_operator"]
    gone = django_user_model.objects.create_user(username="pensiun", is_active=False)
    created = operations.notify(users=[psm, desa, psm, gone, None], title="Rujukan baru", body="Isi",
                                url="/rujukan/1/", kind="referral-received")
    assert len(created) == 2
    rows = Notification.objects.order_by("user__username")
    assert [r.user for r in rows] == [desa, psm]
    assert {(r.title, r.body, r.url, r.kind, r.read_at) for r in rows} == {
        ("Rujukan baru", "Isi", "/rujukan/1/", "referral-received", None)
    }
    assert not gone.notifications.exists()


@pytest.mark.django_db
def test_emails_go_out_only_after_commit_and_only_to_users_with_an_address(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    psm, desa = personas["psm"], personas["desa_operator"]
    psm.email = "psm@example.org"
    psm.save()
    assert desa.email == ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        operations.notify(users=[psm, desa], title="Rujukan baru", body="Mohon ditindaklanjuti.",
                          url="/rujukan/7/")
        assert mailoutbox == []  # still inside the transaction
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["psm@example.org"]
    assert mail.subject == "[Sinergi] Rujukan baru"
    assert "Mohon ditindaklanjuti." in mail.body
    assert "/rujukan/7/" in mail.body


@pytest.mark.django_db
def test_rolled_back_notify_sends_nothing(personas, mailoutbox, recording, django_capture_on_commit_callbacks):
    psm = personas["psm"]
    psm.email = "psm@example.org"
    psm.save()
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        operations.notify(users=[psm], title="Rujukan baru", phones=[PHONE])
        raise RuntimeError("the referral failed")
    assert callbacks == []
    assert mailoutbox == [] and recording == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_phones_go_to_the_configured_backend_once_each(personas, recording, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        operations.notify(users=[personas["psm"]], title="Rujukan baru", body="Segera.",
                          phones=[PHONE, f" {PHONE} ", "", "0813 0000 1111"])
        assert recording == []
    assert [c["phone"] for c in recording] == [PHONE, "0813 0000 1111"]
    assert recording[0]["text"] == "Rujukan baru\nSegera."


@pytest.mark.django_db
def test_phones_are_sent_without_any_user(recording, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert operations.notify(users=[], title="Jadwal verifikasi", phones=[PHONE]) == []
    assert recording == [{"phone": PHONE, "text": "Jadwal verifikasi"}]


@pytest.mark.django_db
def test_a_failing_email_backend_is_logged_not_raised(personas, settings, caplog,
                                                      django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{HERE}.BrokenEmailBackend"
    psm, desa = personas["psm"], personas["desa_operator"]
    for user in (psm, desa):
        user.email = f"{user.username}@example.org"
        user.save()
    with caplog.at_level(logging.ERROR, logger="sinergi.notifications"), \
            django_capture_on_commit_callbacks(execute=True):
        created = operations.notify(users=[psm, desa], title="Rujukan baru")
    assert len(created) == 2
    failures = [r for r in caplog.records if "e-mail" in r.getMessage()]
    assert len(failures) == 2  # one user's failure does not stop the next e-mail
    assert "@example.org" not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(("backend", "logged"), [("BrokenMessageBackend", "*******7890"),
                                                 ("DoesNotExist", "1 message(s) not sent")])
def test_a_failing_or_missing_message_backend_is_logged_not_raised(personas, settings, caplog, backend, logged,
                                                                   django_capture_on_commit_callbacks):
    settings.SINERGI_MESSAGE_BACKEND = f"{HERE}.{backend}"
    with caplog.at_level(logging.ERROR, logger="sinergi.notifications"), \
            django_capture_on_commit_callbacks(execute=True):
        created = operations.notify(users=[personas["psm"]], title="Rujukan baru", phones=[PHONE])
    assert len(created) == 1
    assert logged in caplog.text
    assert "3456" not in caplog.text


# --- message backends ----------------------------------------------------------------------------------------


def test_logging_backend_masks_the_phone(caplog):
    with caplog.at_level(logging.INFO, logger="sinergi.notifications.messages"):
        LoggingBackend().send(phone=PHONE, text="Jadwal verifikasi besok")
    assert "Jadwal verifikasi besok" in caplog.text
    assert "*******7890" in caplog.text
    assert "0812" not in caplog.text and "3456" not in caplog.text


def test_mask_phone_hides_short_numbers_entirely():
    assert mask_phone("+62 812 3456 7890") == "*********7890"
    assert mask_phone("1234") == "****"
    assert mask_phone("") == ""


def test_get_backend_builds_the_configured_class(settings):
    assert isinstance(get_backend(), LoggingBackend)
    settings.SINERGI_MESSAGE_BACKEND = f"{HERE}.RecordingBackend"
    assert isinstance(get_backend(), RecordingBackend)


@pytest.mark.parametrize("path", ["sinergi.notifications.backends.Nope", "no_such_module.Backend", "nodots",
                                  f"{HERE}.NoSendBackend"])
def test_a_misconfigured_backend_path_is_improperly_configured(settings, path):
    settings.SINERGI_MESSAGE_BACKEND = path
    with pytest.raises(ImproperlyConfigured, match="SINERGI_MESSAGE_BACKEND"):
        get_backend()


# --- read state -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_read_only_touches_the_users_own_unread_notification(personas):
    psm, desa = personas["psm"], personas["desa_operator"]
    (mine,) = _notes(psm, 1)
    assert operations.unread_count(psm) == 1
    assert operations.mark_read(user=desa, notification_id=mine.pk) is False
    assert operations.mark_read(user=psm, notification_id=mine.pk) is True
    first = Notification.objects.get(pk=mine.pk).read_at
    assert first is not None
    assert operations.mark_read(user=psm, notification_id=mine.pk) is False  # the first read time stays
    assert Notification.objects.get(pk=mine.pk).read_at == first
    assert operations.mark_read(user=psm, notification_id=999999) is False
    assert operations.unread_count(psm) == 0


@pytest.mark.django_db
def test_mark_all_read_and_unread_count(personas):
    from django.contrib.auth.models import AnonymousUser

    psm, desa = personas["psm"], personas["desa_operator"]
    _notes(psm, 3)
    _notes(psm, 2, read=True)
    _notes(desa, 1)
    assert operations.unread_count(psm) == 3
    assert operations.mark_all_read(user=psm) == 3
    assert operations.unread_count(psm) == 0
    assert operations.unread_count(desa) == 1
    assert operations.unread_count(AnonymousUser()) == 0
    assert operations.unread_count(None) == 0
    assert operations.mark_all_read(user=AnonymousUser()) == 0


# --- views ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_only_the_users_own_notifications(personas, client_for):
    psm, desa = personas["psm"], personas["desa_operator"]
    Notification.objects.create(user=psm, title="Untuk PSM", url="/rujukan/3/")
    Notification.objects.create(user=desa, title="Untuk operator desa")
    response = client_for(psm).get(reverse("notifications:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Untuk PSM" in html
    assert "Untuk operator desa" not in html
    assert response.context["unread"] == 1


@pytest.mark.django_db
def test_list_marks_unread_and_shows_local_date_and_time(personas, client_for):
    import datetime as dt

    psm = personas["psm"]
    unread = Notification.objects.create(user=psm, title="Belum dibaca", url="/rujukan/3/")
    Notification.objects.create(user=psm, title="Sudah dibaca", url="/rujukan/4/", read_at=unread.created_at)
    # 20:30 UTC is already the next day in Jakarta: the date must follow the local clock, not UTC.
    Notification.objects.filter(pk=unread.pk).update(created_at=dt.datetime(2026, 1, 5, 20, 30, tzinfo=dt.UTC))
    html = client_for(psm).get(reverse("notifications:list")).content.decode()
    assert "06/01/2026 03:30" in html
    assert html.count('class="unread"') == 1
    assert reverse("notifications:read", args=[unread.pk]) in html  # opening an unread one marks it read
    assert 'href="/rujukan/4/"' in html
    assert reverse("notifications:read_all") in html


@pytest.mark.django_db
def test_list_is_paginated_by_thirty_newest_first(personas, client_for):
    psm = personas["psm"]
    notes = _notes(psm, 31)
    client = client_for(psm)
    first = client.get(reverse("notifications:list")).context["page"]
    assert len(first.object_list) == 30
    assert first.object_list[0].pk == notes[-1].pk  # same created_at within the batch: the id breaks the tie
    second = client.get(reverse("notifications:list"), {"page": 2}).context["page"]
    assert [n.pk for n in second.object_list] == [notes[0].pk]


@pytest.mark.django_db
def test_read_marks_it_read_and_follows_a_local_link(personas, client_for):
    psm = personas["psm"]
    note = Notification.objects.create(user=psm, title="Rujukan baru", url="/rujukan/3/")
    response = client_for(psm).post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/rujukan/3/"
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["https://evil.example", "//evil.example", "/\\evil.example", "rujukan/3/", ""])
def test_read_never_redirects_off_site(personas, client_for, url):
    psm = personas["psm"]
    note = Notification.objects.create(user=psm, title="Rujukan baru", url=url)
    response = client_for(psm).post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.django_db
def test_someone_elses_notification_is_a_404_like_a_missing_one(personas, client_for):
    psm, desa = personas["psm"], personas["desa_operator"]
    theirs = Notification.objects.create(user=desa, title="Untuk operator desa", url="/rujukan/3/")
    client = client_for(psm)
    other = client.post(reverse("notifications:read", args=[theirs.pk]))
    missing = client.post(reverse("notifications:read", args=[theirs.pk + 1000]))
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_read_and_read_all_refuse_get(personas, client_for):
    psm = personas["psm"]
    (note,) = _notes(psm, 1)
    client = client_for(psm)
    assert client.get(reverse("notifications:read", args=[note.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    assert client.post(reverse("notifications:list")).status_code == 405
    assert operations.unread_count(psm) == 1


@pytest.mark.django_db
def test_read_all_marks_only_the_users_own(personas, client_for):
    psm, desa = personas["psm"], personas["desa_operator"]
    _notes(psm, 3)
    _notes(desa, 2)
    response = client_for(psm).post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    assert operations.unread_count(psm) == 0
    assert operations.unread_count(desa) == 2


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(personas, client_for):
    (note,) = _notes(personas["psm"], 1)
    client = client_for(None)
    login = reverse("accounts:login")
    for method, url in [("get", reverse("notifications:list")),
                        ("post", reverse("notifications:read", args=[note.pk])),
                        ("post", reverse("notifications:read_all"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(login)
    assert operations.unread_count(personas["psm"]) == 1


@pytest.mark.django_db
def test_list_page_runs_a_fixed_number_of_queries(personas, client_for, django_assert_max_num_queries):
    from django.db import connection

    psm = personas["psm"]
    client = client_for(psm)
    url = reverse("notifications:list")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _notes(psm, 1)
    few = queries()
    _notes(psm, 15, url="/rujukan/3/")
    _notes(psm, 14, read=True)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 30
    # Equality, not an absolute bound: the menu in base.html runs queries of its own that other apps add to.
    assert queries() == few
