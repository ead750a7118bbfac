from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from sinergi.core.trigram import similarity, word_similarity

        connection.connection.create_function("sinergi_word_similarity", 2, word_similarity, deterministic=True)
        connection.connection.create_function("sinergi_similarity", 2, similarity, deterministic=True)


class RegistryConfig(AppConfig):
    name = "sinergi.registry"
    verbose_name = _("Registri keluarga")

    def ready(self):
        connection_created.connect(_register_sqlite_functions, dispatch_uid="sinergi_sqlite_functions")
        from . import household_sections  # noqa: F401  (registers the registry's own sections)
