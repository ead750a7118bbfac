from .context import current_ip


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy's address behind nginx; settings.SECURE_PROXY_SSL_HEADER already trusts the proxy,
    # so its X-Forwarded-For (leftmost = the client as the proxy saw it) is trusted in the same deployments.
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[0].strip() or None
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
