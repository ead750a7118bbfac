from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Framework-free helpers (NIK, names, env) plus the shared template tags and formats."""

    name = "sinergi.core"
    verbose_name = "Sinergi"
