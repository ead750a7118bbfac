"""Installations created before the programmes existed already have their default roles, and default roles are only
seeded when missing: give the programme permissions to the roles that have them by default, once. On a new
database the roles do not exist yet at this point and are seeded with them after migrate."""

from django.db import migrations

VIEW, MANAGE = "programs.view_program", "programs.change_program"
FINDINGS_VIEW, FINDINGS_DECIDE = "programs.view_finding", "programs.change_finding"
ALL = [VIEW, MANAGE, FINDINGS_VIEW, FINDINGS_DECIDE]
READ = [VIEW, FINDINGS_VIEW]
GRANTS = {
    "admin-provinsi": ALL,
    "admin-kabupaten": ALL,
    "operator-dinsos": ALL,
    "supervisor": [*READ, FINDINGS_DECIDE],
    "tksk": READ,
    "pendamping-pkh": READ,
    "psm": READ,
    "operator-desa": READ,
    "slrt": [VIEW],
    "opd": [VIEW],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    alias = schema_editor.connection.alias
    Role = apps.get_model("accounts", "Role")
    roles = {role.code: role for role in Role.objects.using(alias).filter(code__in=GRANTS)}
    if not roles:
        return
    create_permissions(apps.get_app_config("programs"), verbosity=0, apps=apps, using=alias)
    Permission = apps.get_model("auth", "Permission")
    for code, perms in GRANTS.items():
        if code not in roles:
            continue
        for perm in perms:
            app_label, codename = perm.split(".")
            roles[code].permissions.add(*Permission.objects.using(alias).filter(
                content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
