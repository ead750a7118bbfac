from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "sinergi.imports"
    verbose_name = _("Impor data")

    def ready(self):
        from . import household_sections  # noqa: F401  (the "asal data" section of the household page)
