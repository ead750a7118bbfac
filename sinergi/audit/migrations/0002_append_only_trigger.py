"""The database itself refuses to change an audit entry, whatever code (or SQL console) tries.

DELETE is refused by the model and queryset (and the admin), not by a trigger: test-database flushes delete
every table's rows, and an old entry's removal under a retention policy is a deliberate, separate job.
"""

from django.db import migrations

from sinergi.core.vendor_sql import run_for_vendor

FORWARD = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_refuse_update() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit_auditentry is append-only'; END; $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_update()",
    ],
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
    ],
}
BACKWARD = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_auditentry_no_update ON audit_auditentry",
        "DROP FUNCTION IF EXISTS audit_refuse_update()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS audit_auditentry_no_update"],
}


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(run_for_vendor(FORWARD), run_for_vendor(BACKWARD))]
