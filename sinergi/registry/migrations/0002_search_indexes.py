"""Typo-tolerant search indexes, one kind per database (see sinergi.registry.search).

PostgreSQL: pg_trgm GIN indexes on the normalised name and address (word-similarity operator %> uses them).
SQLite: FTS5 external-content tables with the trigram tokenizer, kept in sync by triggers.
"""

from django.db import migrations

from sinergi.core.vendor_sql import run_for_vendor

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_person_name_trgm ON registry_person USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_household_address_trgm ON registry_household "
    "USING gin (address_key gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS registry_person_name_trgm",
    "DROP INDEX IF EXISTS registry_household_address_trgm",
]


def _fts(table: str, column: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, content='{table}', content_rowid='id', "
        "tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_au AFTER UPDATE OF {column} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


SQLITE_FORWARD = _fts("registry_person", "name_key") + _fts("registry_household", "address_key")
SQLITE_BACKWARD = [
    f"DROP {kind} IF EXISTS {name}"
    for table in ("registry_person", "registry_household")
    for kind, name in (("TRIGGER", f"{table}_fts_ai"), ("TRIGGER", f"{table}_fts_ad"), ("TRIGGER", f"{table}_fts_au"),
                       ("TABLE", f"{table}_fts"))
]


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            run_for_vendor({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
