"""Giving new permissions to the default roles of an installation that already had them, from a data migration.

Default roles are seeded only where missing (after migrate), so an installation created before an app existed
keeps its roles without the app's permissions; each app's data migration grants them once. The permission rows
may not exist yet at that point (Django creates them after migrate), and ``create_permissions`` cannot create
them from inside a migration: it needs a real app config, and a migration's state has only stubs. So they are
written here with the migration's own models, under the names Django would give them; Django's own pass after
migrate then finds them present and leaves them."""

from __future__ import annotations


def grant_to_roles(
    apps, schema_editor, *, permissions: dict[str, tuple[str, str, str]], grants: dict[str, list[str]]
):
    """``permissions``: "app_label.codename" -> (app_label, model, name); ``grants``: role code -> permission
    keys. Roles that do not exist (a new database) are skipped; granting twice changes nothing."""
    alias = schema_editor.connection.alias
    Role = apps.get_model("accounts", "Role")
    roles = {role.code: role for role in Role.objects.using(alias).filter(code__in=grants)}
    if not roles:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    rows = {}
    for key, (app_label, model, name) in permissions.items():
        content_type, _created = ContentType.objects.using(alias).get_or_create(
            app_label=app_label, model=model
        )
        rows[key], _created = Permission.objects.using(alias).get_or_create(
            content_type=content_type, codename=key.split(".", 1)[1], defaults={"name": name}
        )
    for code, keys in grants.items():
        if code in roles:
            roles[code].permissions.add(*(rows[key] for key in keys))
