"""Installations created before the SLRT desk existed already have their default roles, and default roles are only
seeded when missing: give the new permissions to the roles that have them by default, once. On a new database the
roles do not exist yet at this point and are seeded with them after migrate (the new "penyedia-layanan" role too)."""

from django.db import migrations

DESK = [
    "referrals.view_case",
    "referrals.add_case",
    "referrals.view_grievance",
    "referrals.change_grievance",
    "registry.add_changerequest",
]
SUPERVISION = [
    "referrals.view_case",
    "referrals.supervise_referral",
    "referrals.view_grievance",
    "registry.approve_changerequest",
    "pillars.view_task",
    "pillars.change_task",
    "pillars.view_pillarworker",
]
GRANTS = {
    "admin-provinsi": DESK + SUPERVISION,
    "admin-kabupaten": DESK + SUPERVISION,
    "operator-dinsos": [
        "referrals.view_grievance",
        "referrals.change_grievance",
        "registry.add_changerequest",
        "pillars.view_task",
    ],
    "supervisor": SUPERVISION,
    "slrt": DESK,
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    alias = schema_editor.connection.alias
    Role = apps.get_model("accounts", "Role")
    roles = {role.code: role for role in Role.objects.using(alias).filter(code__in=GRANTS)}
    if not roles:
        return
    for app_label in ("referrals", "registry", "pillars"):
        create_permissions(apps.get_app_config(app_label), verbosity=0, apps=apps, using=alias)
    Permission = apps.get_model("auth", "Permission")
    for code, perms in GRANTS.items():
        if code not in roles:
            continue
        for perm in perms:
            app_label, codename = perm.split(".")
            roles[code].permissions.add(
                *Permission.objects.using(alias).filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("registry", "0003_changerequest"),
        ("pillars", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
