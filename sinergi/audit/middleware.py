from .context import current_ip


def client_ip(request) -> str | None:
    """The client's address. Behind the TLS proxy (which settings.SECURE_PROXY_SSL_HEADER already trusts),
    REMOTE_ADDR is the proxy, so the address is X-Forwarded-For's rightmost entry: the one nginx appended
    ($proxy_add_x_forwarded_for). Entries further left are whatever the client sent, and would let anyone write
    any address into the audit log (or dodge the public pages' rate limits, which use this too)."""
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
