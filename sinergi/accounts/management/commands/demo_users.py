from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sinergi.accounts.models import ApiToken, Assignment, Role
from sinergi.areas.models import Area, Level

DEMO_PASSWORD = "Sinergi#Demo2026"  # noqa: S105  (printed to the demo user on purpose; refused in production)
DEMO_API_TOKEN = "sng_demo_opd_token_not_for_production"  # noqa: S105


class Command(BaseCommand):
    help = "Buat satu pengguna demo per peran di kabupaten demo dan cetak loginnya (hanya mode development)."

    def add_arguments(self, parser):
        parser.add_argument("--area", default="11.06", help="Kabupaten/kota demo (default 11.06 Aceh Besar).")
        parser.add_argument("--kecamatan", default="Darul Imarah",
                            help="Nama kecamatan untuk TKSK dan pilar desa (default Darul Imarah).")

    @transaction.atomic
    def handle(self, *args, area: str, kecamatan: str, **options):
        if settings.PRODUCTION:
            raise CommandError("Pengguna demo tidak dibuat dalam mode production.")
        regency = Area.objects.filter(code=area, level=Level.REGENCY).select_related("parent").first()
        if regency is None:
            raise CommandError(f"Kabupaten/kota {area} belum dimuat: jalankan `sinergi load-areas` dahulu.")
        district = (Area.objects.filter(parent=regency, name__iexact=kecamatan).first()
                    or Area.objects.filter(parent=regency).order_by("code").first())
        villages = list(Area.objects.filter(parent=district).order_by("code")[:3])
        if not villages:
            raise CommandError(f"Kecamatan {district} tidak punya desa.")
        plan = [
            ("admin.provinsi", "admin-provinsi", [regency.parent]),
            ("admin.kabupaten", "admin-kabupaten", [regency]),
            ("operator.dinsos", "operator-dinsos", [regency]),
            ("supervisor", "supervisor", [regency]),
            ("tksk", "tksk", [district]),
            ("pendamping.pkh", "pendamping-pkh", villages),
            ("psm", "psm", villages[:1]),
            ("operator.desa", "operator-desa", villages[:1]),
            ("slrt", "slrt", [regency]),
            ("opd", "opd", [regency]),
            ("disdukcapil", "penyedia-layanan", [regency]),
        ]
        User = get_user_model()
        lines = []
        for username, role_code, areas in plan:
            role = Role.objects.get(code=role_code)
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": role.name})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            for area_obj in areas:
                Assignment.objects.get_or_create(user=user, role=role, area=area_obj)
            where = ", ".join(a.name for a in areas)
            lines.append(f"  {username:<17} {role.name:<34} {where}")
        opd = User.objects.get(username="opd")
        if not ApiToken.objects.filter(digest=ApiToken.hash_token(DEMO_API_TOKEN)).exists():
            ApiToken.issue(user=opd, label="Demo OPD", raw=DEMO_API_TOKEN)
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD})\n" + "\n".join(lines))
        self.stdout.write(f"  Token API OPD: {DEMO_API_TOKEN}  (curl -H 'Authorization: Bearer …' /api/v1/...)")
