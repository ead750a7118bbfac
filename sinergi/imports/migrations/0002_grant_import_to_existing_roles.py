"""Installations created before imports existed already have their default roles, and default roles are only
seeded when missing: give the import permission to the roles that have it by default, once. On a new database
the roles do not exist yet at this point and are seeded with it after migrate."""

from django.db import migrations

ROLES_THAT_IMPORT = ["admin-provinsi", "admin-kabupaten", "operator-dinsos"]
PERMISSIONS = {"imports.add_importbatch": ("imports", "importbatch", "Can add impor")}


def grant(apps, schema_editor):
    from sinergi.accounts.migration_grants import grant_to_roles

    grant_to_roles(
        apps,
        schema_editor,
        permissions=PERMISSIONS,
        grants={code: list(PERMISSIONS) for code in ROLES_THAT_IMPORT},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
