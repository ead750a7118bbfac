"""The ``sinergi`` console script: Django's manage.py with the project's settings, and command names written
with dashes as in the docs (``sinergi load-areas`` runs the ``load_areas`` command)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    # The command name, and the one after `help`, may be written with dashes; options keep theirs.
    for position in (1, 2) if len(argv) > 2 and argv[1] == "help" else (1,):
        if len(argv) > position and not argv[position].startswith("-"):
            argv[position] = argv[position].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
