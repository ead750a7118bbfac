"""Fixed-window counters in Django's cache, for the public pages (grievance form, status lookup).

The cache is per process by default (LocMemCache); a deployment with several web processes points every process at one
cache (``SINERGI_CACHE_BACKEND``, see settings) so the limit holds across them."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def client_key(request) -> str:
    """The client address, hashed: the cache never holds an IP in clear (it is personal data).

    Behind the TLS proxy (settings trust it through SECURE_PROXY_SSL_HEADER), REMOTE_ADDR is the proxy for every
    resident, so the address comes from X-Forwarded-For: its rightmost entry, the one the proxy appended itself;
    entries further left are whatever the client chose to send and would let anyone dodge the limit."""
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        ip = forwarded.split(",")[-1].strip()
    else:
        ip = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(ip.encode()).hexdigest()[:24]


def hit(scope: str, who: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one request; False once ``who`` made more than ``limit`` requests to ``scope`` in this window."""
    bucket = int((now if now is not None else time.time()) // window)
    key = f"rl:{scope}:{who}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit
