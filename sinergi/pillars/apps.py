from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PillarsConfig(AppConfig):
    name = "sinergi.pillars"
    verbose_name = _("Pilar sosial")

    def ready(self):
        # The household page's sections: pillar tasks, visits, aid handed over.
        from . import household_sections, visit_sections  # noqa: F401
