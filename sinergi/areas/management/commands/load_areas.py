import time

from django.core.management.base import BaseCommand, CommandError

from sinergi.areas.loader import load_areas


class Command(BaseCommand):
    help = "Muat pohon wilayah Kemendagri (idn-area-data 4.0.1). Aman dijalankan berulang kali."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            default="",
            help="Kode wilayah dipisah koma, mis. 11.06,32.12: hanya subpohon ini (beserta induknya).",
        )

    def handle(self, *args, only: str, **options):
        started = time.monotonic()
        try:
            result = load_areas(only.split(",") if only else None)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wilayah: {result.created} baru, {result.updated} diperbarui, {result.unchanged} tetap "
            f"({result.total} total, {time.monotonic() - started:.1f} d)"
        )
