"""Installations created before imports existed already have their default roles, and default roles are only
seeded when missing: give the import permission to the roles that have it by default, once. On a new database
the roles do not exist yet at this point and are seeded with it after migrate."""

from django.db import migrations

ROLES_THAT_IMPORT = ["admin-provinsi", "admin-kabupaten", "operator-dinsos"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Role = apps.get_model("accounts", "Role")
    roles = list(Role.objects.using(schema_editor.connection.alias).filter(code__in=ROLES_THAT_IMPORT))
    if not roles:
        return
    create_permissions(apps.get_app_config("imports"), verbosity=0, apps=apps,
                       using=schema_editor.connection.alias)
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.using(schema_editor.connection.alias).get(
        content_type__app_label="imports", codename="add_importbatch")
    for role in roles:
        role.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
