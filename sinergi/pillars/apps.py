from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PillarsConfig(AppConfig):
    name = "sinergi.pillars"
    verbose_name = _("Pilar sosial")

    def ready(self):
        from . import household_sections  # noqa: F401  (the "tugas pilar" section of the household page)
