"""``sinergi import FILE --kind dtks|program``: the same import as the web, run in the foreground.

Exit codes: 0 every row imported (or, with --dry-run, would be), 1 some rows rejected (listed on stderr),
2 the file cannot be read (or the command line is wrong). One summary line on stdout.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from sinergi.areas.models import Area, Level
from sinergi.imports import columns, pipeline
from sinergi.imports.models import Kind, Outcome, Status
from sinergi.imports.reader import UnreadableFile, open_table

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2
LISTED_REJECTIONS = 200
SAMPLE_FOR_REGENCY = 500


class Command(BaseCommand):
    help = "Impor file DTKS/SIKS-NG atau daftar penerima program (CSV/XLSX) ke registri."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", choices=Kind.values, required=True)
        parser.add_argument("--program", default="", help="PKH, BPNT, PBI-JK, BLT-DD, ... (untuk --kind program)")
        parser.add_argument("--cycle", default="", help="periode/tahap, mis. 2026-T1")
        parser.add_argument("--area", default="", help="kode kabupaten/kota (mis. 11.06); default: dari isi file")
        parser.add_argument("--sheet", default="")
        parser.add_argument("--header-row", type=int, default=None)
        parser.add_argument("--map", action="append", default=[], metavar="ISIAN=JUDUL",
                            help="pemetaan kolom, mis. --map nik='No. NIK' (boleh berulang)")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan ubah registri")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        try:
            code = self._run(path, opts)
        except UnreadableFile as exc:
            self.stderr.write(str(exc))
            self.stdout.write(f"{path.name}: tidak terbaca")
            code = EXIT_UNREADABLE
        except (CommandError, ValidationError) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.stderr.write(message)
            self.stdout.write(f"{path.name}: gagal — {message}")
            code = EXIT_UNREADABLE
        sys.exit(code)

    def _run(self, path: Path, opts) -> int:
        if not path.is_file():
            raise UnreadableFile(f"File '{path}' tidak ditemukan.", code="missing")
        regency = self._regency(path, opts)
        with open(path, "rb") as fh:
            batch = pipeline.receive_file(actor=None, content=File(fh), original_name=path.name, kind=opts["kind"],
                                          regency=regency, program=opts["program"], cycle=opts["cycle"])
        if batch.status == Status.UNREADABLE:
            raise UnreadableFile(batch.error, code="unreadable")
        if batch.duplicate_of_id:
            self.stderr.write(f"Catatan: file yang sama sudah diimpor sebagai #{batch.duplicate_of_id}.")
        mapping = dict(batch.mapping)
        for item in opts["map"]:
            target, _sep, header = item.partition("=")
            mapping[target.strip()] = header.strip()
        batch = pipeline.set_mapping(actor=None, batch=batch, mapping=mapping, sheet=opts["sheet"],
                                     header_row=opts["header_row"])
        if batch.status == Status.UNREADABLE:
            raise UnreadableFile(batch.error, code="unreadable")
        shown = ", ".join(f"{k}={v!r}" for k, v in batch.mapping.items())
        self.stderr.write(f"Impor #{batch.pk}, {regency.name} ({regency.code}); kolom: {shown}")
        pipeline.start_check(actor=None, batch=batch, enqueue=False)
        batch = pipeline.run_check(batch.pk, on_progress=lambda n: self._progress("diperiksa", n))
        self.stderr.write("")
        if batch.status == Status.UNREADABLE:
            raise UnreadableFile(batch.error, code="unreadable")
        if batch.status != Status.CHECKED:
            raise CommandError(batch.error or f"pemeriksaan berakhir dengan status {batch.status}")
        if not opts["dry_run"]:
            pipeline.start_commit(actor=None, batch=batch, enqueue=False)
            batch = pipeline.run_commit(batch.pk, on_progress=lambda n: self._progress("diterapkan", n))
            self.stderr.write("")
            if batch.status != Status.COMMITTED:
                raise CommandError(batch.error or "penerapan gagal")
        self._list_rejections(batch)
        verb = "akan" if opts["dry_run"] else "sudah"
        counts = Counter(batch.rows.values_list("outcome", flat=True))
        self.stdout.write(
            f"{path.name}: {batch.rows_total} baris; {counts[Outcome.NEW]} baru, {counts[Outcome.UPDATED]} berubah, "
            f"{counts[Outcome.UNCHANGED]} tetap, {counts[Outcome.REJECTED]} ditolak "
            f"({verb} diterapkan; impor #{batch.pk})")
        return EXIT_REJECTED if counts[Outcome.REJECTED] else EXIT_OK

    def _progress(self, verb: str, done: int) -> None:
        self.stderr.write(f"\r{done} baris {verb}", ending="")
        self.stderr.flush()

    def _list_rejections(self, batch) -> None:
        rejected = batch.rows.filter(outcome=Outcome.REJECTED).order_by("number")
        for row in rejected[:LISTED_REJECTIONS]:
            self.stderr.write(f"baris {row.number}: {row.problem_text}")
        more = rejected.count() - LISTED_REJECTIONS
        if more > 0:
            self.stderr.write(f"... dan {more} baris lain; unduh daftar lengkapnya dari halaman impor #{batch.pk}.")

    def _regency(self, path: Path, opts) -> Area:
        if opts["area"]:
            area = Area.objects.filter(code=opts["area"]).first()
            if area is None or area.level != Level.REGENCY:
                raise CommandError(f"--area {opts['area']!r} bukan kode kabupaten/kota yang dikenal (mis. 11.06).")
            return area
        code = _regency_from_file(path, opts)
        area = Area.objects.filter(code=code, level=Level.REGENCY).first() if code else None
        if area is None:
            raise CommandError("Kabupaten/kota tidak bisa ditentukan dari isi file; sebutkan dengan --area (mis. 11.06).")
        return area


def _regency_from_file(path: Path, opts) -> str | None:
    """The kabupaten most desa codes (or else NIK/KK numbers) of the first rows point to, if clear (>= 80%)."""
    votes: Counter[str] = Counter()
    with open_table(path, sheet=opts["sheet"] or None, header_row=opts["header_row"]) as table:
        mapping = columns.suggest_mapping(table.info.headers)
        for n, row in enumerate(table):
            if n >= SAMPLE_FOR_REGENCY:
                break
            values = columns.apply_mapping(mapping, row.values)
            desa = "".join(ch for ch in values.get("desa", "") if ch.isdigit())
            number = "".join(ch for ch in (values.get("no_kk") or values.get("nik") or "") if ch.isdigit())
            digits = desa if len(desa) == 10 else number if len(number) == 16 else ""
            if digits:
                votes[f"{digits[:2]}.{digits[2:4]}"] += 1
    if not votes:
        return None
    code, count = votes.most_common(1)[0]
    return code if count >= 0.8 * sum(votes.values()) else None
