"""Upgrading an installation that had its roles before imports existed."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Permission
from django.db import connection

from sinergi.accounts import scoping
from sinergi.accounts.models import Role

grant = importlib.import_module("sinergi.imports.migrations.0002_grant_import_to_existing_roles").grant


@pytest.mark.django_db
def test_existing_default_roles_get_the_import_permission():
    importer = Role.objects.get(code="operator-dinsos")
    permission = Permission.objects.get(content_type__app_label="imports", codename="add_importbatch")
    importer.permissions.remove(permission)
    tksk = Role.objects.get(code="tksk")

    class Editor:  # what RunPython hands over: only the connection is used
        pass

    editor = Editor()
    editor.connection = connection
    grant(global_apps, editor)
    assert importer.permissions.filter(pk=permission.pk).exists()
    assert not tksk.permissions.filter(pk=permission.pk).exists()
    assert scoping.IMPORT_DATA == "imports.add_importbatch"
