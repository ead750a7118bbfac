"""Give the field-work permissions (visits, meetings, their approval, the workers' registry, task rounds, aid
hand-overs) to the existing default roles that have them by default; see accounts/default_roles.py. New databases
seed the roles with them after migrate."""

from django.db import migrations

SUPERVISION = ["pillars.add_visit", "pillars.add_meeting", "pillars.approve_meeting", "pillars.add_pillarworker",
               "pillars.change_pillarworker", "pillars.add_task", "pillars.add_handover"]
FIELD = ["pillars.add_visit", "pillars.add_meeting", "registry.add_changerequest"]
GRANTS = {
    "admin-provinsi": SUPERVISION,
    "admin-kabupaten": SUPERVISION,
    "supervisor": SUPERVISION,
    "operator-dinsos": ["pillars.add_task", "pillars.add_meeting", "pillars.add_handover"],
    "tksk": [*FIELD, "pillars.add_handover"],
    "pendamping-pkh": FIELD,
    "psm": FIELD,
    "operator-desa": ["pillars.add_meeting"],
    "slrt": ["pillars.add_visit"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    alias = schema_editor.connection.alias
    Role = apps.get_model("accounts", "Role")
    roles = {role.code: role for role in Role.objects.using(alias).filter(code__in=GRANTS)}
    if not roles:
        return
    for app_label in ("pillars", "registry"):
        create_permissions(apps.get_app_config(app_label), verbosity=0, apps=apps, using=alias)
    Permission = apps.get_model("auth", "Permission")
    for code, perms in GRANTS.items():
        for perm in perms if code in roles else []:
            app_label, codename = perm.split(".")
            roles[code].permissions.add(*Permission.objects.using(alias).filter(
                content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("pillars", "0002_field_work"),
        ("registry", "0003_changerequest"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
