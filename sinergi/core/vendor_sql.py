"""Raw SQL that differs per database, for migrations (indexes, triggers, extensions)."""


def run_for_vendor(statements: dict[str, list[str]]):
    """A RunPython function executing ``statements[connection.vendor]`` (nothing for other vendors)."""

    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run
