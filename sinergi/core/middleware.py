from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import translation


class LocaleMiddleware:
    """Bahasa Indonesia unless the user chose another language (the language cookie set by the switcher).

    Django's own middleware follows the browser's Accept-Language, and many phones in Indonesian offices are set
    to English: the default must not depend on that.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except that a view can mark a request as read-only for the session.

    Sessions are saved on every request (idle expiry), which is a database write. Progress polls during an
    import must not write: on SQLite the import's commit holds the only write lock, and a poll waiting for it
    would time out. A poll is not user activity either, so not extending the idle timer is right.
    """

    def process_response(self, request, response):
        if getattr(request, "sinergi_skip_session_save", False):
            return response
        return super().process_response(request, response)
