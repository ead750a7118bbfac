"""Telling users that something needs them: in-app notifications, plus e-mail and SMS/WhatsApp after commit.

Other contexts (referrals, imports) call :func:`notify` from inside their own write transaction. The rows are
part of that transaction; e-mails and messages go out only once it has committed, so a rolled-back referral
never sends "you have a new referral". Delivery failures are logged and swallowed: the caller's change is already
committed, and a broken mail server must not turn it into an error page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .backends import get_backend, mask_phone
from .models import Notification

logger = logging.getLogger("sinergi.notifications")

SUBJECT_PREFIX = "[Sinergi] "


def notify(
    *,
    users: Iterable[AbstractBaseUser],
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "",
    phones: Iterable[str] = (),
) -> list[Notification]:
    """One in-app notification per distinct active user; after commit, one e-mail per such user with an address
    and one message per distinct phone number. Returns the created notifications."""
    recipients: dict[int, AbstractBaseUser] = {}
    for user in users:
        if user is not None and user.is_active and user.pk is not None:
            recipients.setdefault(user.pk, user)
    created = Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, title=title, body=body, url=url) for user in recipients.values()]
    )
    # Addresses are read now, not at commit: the callback then needs no query and sees who was notified.
    addresses = [(user.pk, user.email) for user in recipients.values() if getattr(user, "email", "")]
    numbers = list(dict.fromkeys(p.strip() for p in phones if p and p.strip()))
    if addresses:
        transaction.on_commit(lambda: _send_emails(addresses, title=title, body=body, url=url))
    if numbers:
        transaction.on_commit(lambda: _send_messages(numbers, text=_message_text(title, body)))
    return created


def _email_body(body: str, url: str) -> str:
    # Relative on purpose: Sinergi does not know the address each office serves it under.
    lines = [body] if body else []
    if url:
        lines.append(_("Buka di Sinergi: %(url)s") % {"url": url})
    return "\n\n".join(lines)


def _message_text(title: str, body: str) -> str:
    return f"{title}\n{body}" if body else title


def _send_emails(addresses: list[tuple[int, str]], *, title: str, body: str, url: str) -> None:
    text = _email_body(body, url)
    for user_id, address in addresses:
        try:
            send_mail(SUBJECT_PREFIX + title, text, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            # The user id, not the address: the log must not collect personal data.
            logger.exception("notification e-mail to user %s failed", user_id)


def _send_messages(numbers: list[str], *, text: str) -> None:
    try:
        backend = get_backend()
    except Exception:
        logger.exception("message backend unavailable; %d message(s) not sent", len(numbers))
        return
    for phone in numbers:
        try:
            backend.send(phone=phone, text=text)
        except Exception:
            logger.exception("message to %s failed", mask_phone(phone))


def mark_read(*, user, notification_id: int) -> bool:
    """Mark one of the user's own notifications read. False when it is missing, someone else's, or was already
    read (the first read time is kept)."""
    if not _signed_in(user):
        return False
    return bool(
        Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications read; returns how many."""
    if not _signed_in(user):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user) -> int:
    """For the menu badge, which every page shows, signed in or not."""
    if not _signed_in(user):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated
