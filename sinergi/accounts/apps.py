from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_roles(sender, using, **kwargs):
    from .default_roles import ensure_default_roles

    ensure_default_roles(using=using)


class AccountsConfig(AppConfig):
    name = "sinergi.accounts"
    verbose_name = _("Akun dan peran")

    def ready(self):
        # Seed after the registry app's post_migrate: post_migrate goes out app by app in INSTALLED_APPS order and
        # auth creates each app's permissions on its own signal, so by then every permission a role needs exists.
        # Also runs after each test-database flush, which re-sends post_migrate.
        post_migrate.connect(_seed_roles, sender=apps.get_app_config("registry"), dispatch_uid="sinergi_seed_roles")
