"""The data migrations that give new apps' permissions to existing default roles, run as an upgrade runs them:
with the migration's own models (a state's app configs are stubs), on a database that has the roles."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sinergi.accounts.models import Role

MIGRATIONS = [
    ("imports", "0002_grant_import_to_existing_roles"),
    ("programs", "0002_grant_default_roles"),
    ("linkage", "0002_grant_default_roles"),
]


class Editor:  # what RunPython hands over: only the connection is used
    def __init__(self):
        self.connection = connection


@pytest.mark.django_db
@pytest.mark.parametrize(("app_label", "name"), MIGRATIONS)
def test_existing_default_roles_get_the_new_permissions(app_label, name):
    module = importlib.import_module(f"sinergi.{app_label}.migrations.{name}")
    grants = getattr(module, "GRANTS", None) or {
        code: list(module.PERMISSIONS) for code in module.ROLES_THAT_IMPORT
    }
    roles = {role.code: role for role in Role.objects.filter(code__in=grants)}
    assert roles, "the test database has the default roles"
    codenames = {key.split(".")[1] for key in module.PERMISSIONS}
    # As before the upgrade: neither the grants nor the permission rows exist.
    Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames).delete()

    state = MigrationExecutor(connection).loader.project_state((app_label, name))
    module.grant(state.apps, Editor())
    module.grant(state.apps, Editor())  # twice: an idempotent data migration

    for code, keys in grants.items():
        held = set(
            roles[code]
            .permissions.filter(content_type__app_label=app_label)
            .values_list("codename", flat=True)
        )
        assert held == {key.split(".")[1] for key in keys}, code
    others = Role.objects.exclude(code__in=grants).filter(permissions__codename__in=codenames)
    assert not others.filter(permissions__content_type__app_label=app_label).exists()
    assert Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    ).count() == len(codenames)
