"""Fixed-window counters in Django's cache, for the public pages (grievance form, status lookup).

The cache is per process by default (LocMemCache); a deployment with several web processes points every process at one
cache (``SINERGI_CACHE_BACKEND``, see settings) so the limit holds across them."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def client_key(request) -> str:
    """The client address (as the audit log reads it, behind the proxy too), hashed: the cache never holds an
    IP in clear (it is personal data)."""
    from sinergi.audit.middleware import client_ip

    ip = client_ip(request) or ""
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
