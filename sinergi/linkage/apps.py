from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "sinergi.linkage"
    verbose_name = _("Pencocokan data")

    def ready(self):
        from . import sections  # noqa: F401  (the household page's linkage section registers itself)
