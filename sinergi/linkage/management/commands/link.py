"""``sinergi link INPUT.csv --out OUT.csv``: find the records of one person across lists (issue 5).

Runs without the database: the engine (:mod:`sinergi.linkage.engine`) reads the CSV, links it with Splink on
DuckDB and the interaction model, and writes ``id,cluster_id``. Progress goes to stderr.

Exit codes: 0 done, 2 a malformed input or model file, or a backend that is not available.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from sinergi.linkage import engine

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 < value < 1.0:
        raise CommandError(f"--threshold harus peluang antara 0 dan 1, bukan {text!r}.")
    return value


class Command(BaseCommand):
    help = "Cari catatan orang yang sama di beberapa daftar (CSV) dan tulis id,cluster_id."
    requires_system_checks = []  # no database, no models: usable on a machine with only the package

    def add_arguments(self, parser):
        parser.add_argument(
            "input",
            help="CSV: id,nik,no_kk,nama,jenis_kelamin,tempat_lahir,tanggal_lahir,"
            "alamat,rt,rw,kode_desa[,sumber]",
        )
        parser.add_argument("--out", required=True, help="CSV hasil: id,cluster_id")
        parser.add_argument(
            "--threshold",
            type=_probability,
            default=engine.DEFAULT_THRESHOLD,
            help=f"peluang cocok minimum untuk menautkan (bawaan {engine.DEFAULT_THRESHOLD})",
        )
        parser.add_argument(
            "--model",
            default=None,
            help="model terlatih (JSON): dipakai bila ada, bila tidak dilatih dan disimpan di sana; "
            "tanpa opsi ini dipakai model bawaan Sinergi",
        )
        parser.add_argument(
            "--backend",
            choices=engine.BACKENDS,
            default="duckdb",
            help="tempat perbandingan dihitung: duckdb (bawaan, dalam proses) atau spark (pyspark, skala nasional)",
        )

    def handle(self, *args, **opts):
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.perf_counter() - started:6.1f} s] {message}")
            self.stderr.flush()

        try:
            result = engine.link_file(
                opts["input"],
                opts["out"],
                model_path=opts["model"],
                threshold=opts["threshold"],
                progress=progress,
                backend=opts["backend"],
            )
        except engine.InputError as exc:
            self.stderr.write(f"sinergi link: {exc}")
            sys.exit(EXIT_BAD_INPUT)
        clusters = len(set(result.clusters))
        self.stderr.write(
            f"sinergi link: {len(result.ids):,} catatan, {clusters:,} klaster, ditulis ke {opts['out']}"
        )
        sys.exit(EXIT_OK)
