from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_service_types(sender, using, **kwargs):
    from django.db import router

    from .catalogue import ensure_service_types
    from .models import ServiceType

    if router.allow_migrate_model(using, ServiceType):  # not on the jobs database (sinergi.core.dbrouter)
        ensure_service_types(using=using)


class ReferralsConfig(AppConfig):
    name = "sinergi.referrals"
    verbose_name = _("SLRT, rujukan dan pengaduan")

    def ready(self):
        from sinergi.registry.operations import change_request_decided

        from . import household_sections  # noqa: F401  (the SLRT section of the household page)
        from .operations import on_change_request_decided

        change_request_decided.connect(on_change_request_decided, dispatch_uid="referrals_change_decided")
        post_migrate.connect(_seed_service_types, sender=self, dispatch_uid="sinergi_seed_service_types")
