"""Sending short messages (SMS, WhatsApp) to phone numbers: the one seam between Sinergi and a gateway.

Sinergi ships no gateway of its own: offices use different providers (an operator's SMS API, a WhatsApp
Business provider, a modem on the office PC), and none should be called from a test or a demo. The default
``LoggingBackend`` only writes a log line.

Plugging in a gateway
---------------------
1. Write a class with a no-argument constructor and one method, ``send(self, *, phone: str, text: str) -> None``
   (the :class:`MessageBackend` protocol). Read the gateway's address and key from the environment in the
   constructor, never from code. Raise on failure: the caller logs it and carries on, so a dead gateway never
   breaks the action that triggered the message.
2. Put the module on the Python path of the server (a small package installed into the same virtualenv).
3. Point ``SINERGI_MESSAGE_BACKEND`` at it, e.g.
   ``SINERGI_MESSAGE_BACKEND=kantor_sms.backends.GatewayBackend``, and restart.

``send`` is called after the database transaction committed, inside the request (no background job yet), so a
gateway should use a short timeout.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger("sinergi.notifications.messages")


@runtime_checkable
class MessageBackend(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


def mask_phone(phone: str) -> str:
    """Every digit but the last four hidden: a log line must not hand out a person's number. A number of four
    digits or fewer is hidden entirely (its "last four" would be all of it)."""
    digits = [c for c in phone if c.isdigit()]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + "".join(digits[-4:])


class LoggingBackend:
    """Writes what would have been sent to the log; makes no network call."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("message to %s: %s", mask_phone(phone), text)


def get_backend() -> MessageBackend:
    """A fresh instance of the class named by ``settings.SINERGI_MESSAGE_BACKEND``."""
    path = settings.SINERGI_MESSAGE_BACKEND
    try:
        backend_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"SINERGI_MESSAGE_BACKEND={path!r} cannot be imported ({exc}). Give the dotted path of a class with "
            f"send(*, phone, text), e.g. 'sinergi.notifications.backends.LoggingBackend'."
        ) from exc
    backend = backend_class()
    if not isinstance(backend, MessageBackend):
        raise ImproperlyConfigured(f"SINERGI_MESSAGE_BACKEND={path!r} has no send(*, phone, text) method.")
    return backend
