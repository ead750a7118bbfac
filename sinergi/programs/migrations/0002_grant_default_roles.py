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


PERMISSIONS = {
    VIEW: ("programs", "program", "Can view program"),
    MANAGE: ("programs", "program", "Can change program"),
    FINDINGS_VIEW: ("programs", "finding", "Can view temuan"),
    FINDINGS_DECIDE: ("programs", "finding", "Can change temuan"),
}


def grant(apps, schema_editor):
    from sinergi.accounts.migration_grants import grant_to_roles

    grant_to_roles(apps, schema_editor, permissions=PERMISSIONS, grants=GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
