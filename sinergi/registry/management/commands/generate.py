from django.core.management.base import BaseCommand, CommandError

from sinergi.registry.synth import AlreadyGenerated, generate


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Bangkitkan keluarga sintetis (NIK/KK sintetis) untuk satu kabupaten, kecamatan atau desa. Hasilnya sama "
        "untuk wilayah, jumlah dan seed yang sama. Wilayah yang sudah berisi data dilewati kecuali --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="Kode wilayah, mis. 11.06 (wilayahnya harus sudah dimuat).")
        parser.add_argument("--households", type=int, default=1000, help="Jumlah keluarga (bawaan 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed acak (bawaan 1).")
        parser.add_argument(
            "--replace", action="store_true", help="Hapus dulu keluarga/jiwa yang ada di wilayah ini, lalu buat ulang."
        )

    def handle(self, *args, area: str, households: int, seed: int, replace: bool, **options):
        def progress(done: int, total: int) -> None:
            self.stderr.write(f"  {_number(done)}/{_number(total)} keluarga")

        try:
            result = generate(area_code=area, households=households, seed=seed, progress=progress, replace=replace)
        except AlreadyGenerated as exc:
            self.stdout.write(str(exc))
            return
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Selesai: {_number(result.households)} keluarga dan {_number(result.persons)} jiwa sintetis di "
            f"{area.strip()} (seed {seed}) dalam {result.seconds:.1f} detik."
        )
