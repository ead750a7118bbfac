from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_roles(sender, using, **kwargs):
    from django.db import router

    from .default_roles import ensure_default_roles
    from .models import Role

    if router.allow_migrate_model(using, Role):  # not on the jobs database (sinergi.core.dbrouter)
        ensure_default_roles(using=using)


class AccountsConfig(AppConfig):
    name = "sinergi.accounts"
    verbose_name = _("Akun dan peran")

    def ready(self):
        # Seed after the last app's post_migrate: post_migrate goes out app by app in INSTALLED_APPS order and
        # auth creates each app's permissions on its own signal, so by then every permission a role needs exists.
        # Also runs after each test-database flush, which re-sends post_migrate.
        # (post_migrate skips apps without models, hence the filter.)
        last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(_seed_roles, sender=last, dispatch_uid="sinergi_seed_roles")
