"""The request's client address, available to domain operations without threading ``request`` through them."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("sinergi_current_ip", default=None)
