from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_catalogue(sender, using, **kwargs):
    from django.db import router

    from .catalogue import ensure_catalogue
    from .models import Program
    from .pmt import ensure_default_model

    if router.allow_migrate_model(using, Program):  # not on the jobs database (sinergi.core.dbrouter)
        ensure_catalogue(using=using)
        ensure_default_model(using=using)


class ProgramsConfig(AppConfig):
    name = "sinergi.programs"
    verbose_name = _("Program, peringkat kesejahteraan dan temuan")

    def ready(self):
        from . import household_sections  # noqa: F401  (programmes, welfare and findings on the household page)

        post_migrate.connect(_seed_catalogue, sender=self, dispatch_uid="sinergi_seed_programs")

        from sinergi.imports.pipeline import import_committed

        from .operations import on_import_committed

        # A committed programme list goes onto its tahap's recipient list (or the import page says why not).
        import_committed.connect(on_import_committed, dispatch_uid="sinergi_programs_enrol_import")
