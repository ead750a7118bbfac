"""Installations created before record linkage had its pages already have their default roles, and default roles
are only seeded when missing: give the linkage permissions to the roles that have them by default, once. On a new
database the roles do not exist yet at this point and are seeded with them after migrate."""

from django.db import migrations

PERMISSIONS = {
    "linkage.view_candidatepair": ("linkage", "candidatepair", "Can view pasangan kandidat"),
    "linkage.review_pair": (
        "linkage",
        "candidatepair",
        "Boleh menerima atau menolak pasangan dan membatalkan penggabungan",
    ),
    "linkage.run_linkage": ("linkage", "linkrun", "Boleh menjalankan pencocokan data satu kabupaten/kota"),
}
GRANTS = {
    "admin-provinsi": list(PERMISSIONS),
    "admin-kabupaten": list(PERMISSIONS),
    "operator-dinsos": list(PERMISSIONS),
}


def grant(apps, schema_editor):
    from sinergi.accounts.migration_grants import grant_to_roles

    grant_to_roles(apps, schema_editor, permissions=PERMISSIONS, grants=GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("linkage", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
