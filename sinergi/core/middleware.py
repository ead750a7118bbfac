from django.conf import settings
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
