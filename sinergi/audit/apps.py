from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sinergi.audit"
    verbose_name = _("Jejak audit")

    def ready(self):
        from . import signals  # noqa: F401  (login/logout/lockout entries)
