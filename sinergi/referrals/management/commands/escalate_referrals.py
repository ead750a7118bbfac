from django.core.management.base import BaseCommand

from sinergi.referrals.operations import escalate_overdue


class Command(BaseCommand):
    help = ("Eskalasi harian: rujukan yang lewat batas waktu diberitahukan sekali ke supervisor wilayahnya. "
            "Aman dijalankan berulang (cron/systemd timer, sekali sehari).")

    def handle(self, *args, **options):
        count = escalate_overdue()
        self.stdout.write(f"{count} rujukan dieskalasi.")
