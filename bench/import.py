#!/usr/bin/env python
"""Import benchmark (issue 4): a DTKS-style CSV of ``--rows`` rows imported into PostgreSQL, next to a raw COPY.

    .venv/bin/python bench/import.py [--rows 1000000] [--seed 1] [--keep-file]

Steps: start a throwaway PostgreSQL cluster (tests/settings_postgresql.py; or SINERGI_TEST_DATABASE_URL), migrate,
load Aceh Besar's areas, write a semicolon-separated DTKS-style CSV (households of 1-7 members in Aceh Besar's 604
desa, NIK and KK consistent with area and dates, a few dirty rows: damaged NIKs, unknown desa), then in one run:

* reference: ``COPY`` of the same file into a bare table of text columns (what PostgreSQL itself needs to read
  and store the bytes);
* Sinergi: the import exactly as ``sinergi import FILE --kind dtks`` runs it (receive + keep the file, check every
  row into the staging table, commit in one transaction), timed per phase;
* floor: what PostgreSQL alone needs to store the rows the import stored (households, persons, memberships,
  history entries, staged rows), COPYed into empty tables with the same indexes. No import that keeps the
  registry's indexes, its history and the staged rows can be faster than this.

Goals (issue 4): >= 20,000 rows/s, at most 3x the COPY time, peak RSS < 1 GiB (this process's high-water mark,
read before and after the import). Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REGENCY = "11.06"
GOALS = {"rows_per_second": 20_000, "copy_ratio": 3.0, "rss_mib": 1024}
HEADER = ["NO_KK", "NIK", "NAMA", "JENIS_KELAMIN", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "HUB_KRT", "ALAMAT", "RT", "RW",
          "KODE_DESA", "DESA_KELURAHAN", "KECAMATAN"]
FIRST = ["MUHAMMAD", "AHMAD", "SITI", "NUR", "ZAINAL", "RAHMAT", "FITRI", "DEDI", "YUSUF", "SAFRIZAL", "NAJMI",
         "CUT", "TEUKU", "RINA", "AGUS", "BUDI", "DEWI", "FAUZIAH", "HASAN", "ISKANDAR", "JAMALUDDIN", "KHAIRUL",
         "MARDHIAH", "NURHAYATI", "RAHMAWATI", "SAIFUL", "ULFA", "WAHYUNI", "ZULKIFLI", "AMINAH"]
LAST = ["HIDAYAT", "AINI", "ABIDIN", "YUSUF", "IBRAHIM", "HASAN", "ISMAIL", "MAHMUD", "SAPUTRA", "SARI", "WATI",
        "RIZKI", "FADLI", "HUSEN", "ALI", "UMAR", "USMAN", "DAUD", "SULAIMAN", "RAMLI"]
PLACES = ["ACEH BESAR", "BANDA ACEH", "PIDIE", "ACEH UTARA", "BIREUEN", "MEDAN"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep-file", action="store_true", help="keep the generated CSV (its path is printed)")
    return parser.parse_args(argv)


def write_csv(path: Path, rows: int, seed: int) -> dict[str, int]:
    """Stream a DTKS-style file; returns counts of the deliberately dirty rows."""
    from sinergi.areas.loader import read_areas
    from sinergi.core.nik import make_kk, make_nik

    rng = random.Random(seed)
    areas = list(read_areas([REGENCY]))
    districts = {a.code: a.name for a in areas if a.level == 3}
    villages = [(a.code, a.name, districts[a.parent_id]) for a in areas if a.level == 4]
    serial_nik: dict[tuple, int] = {}
    serial_kk: dict[tuple, int] = {}
    dirty = {"damaged_nik": 0, "unknown_desa": 0}
    written = 0
    today = dt.date(2026, 11, 25)

    def next_serial(table, key):
        table[key] = table.get(key, 0) + 1
        return table[key]

    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADER) + "\n")
        while written < rows:
            code, desa, kecamatan = rng.choice(villages)
            kec = code[:8]
            issued = today - dt.timedelta(days=rng.randint(30, 7000))
            kk = make_kk(kecamatan_code=kec, issued=issued, serial=next_serial(serial_kk, (kec, issued)))
            address = f"DUSUN {rng.choice(['BARO', 'TUNONG', 'TEUNGOH', 'MESJID', 'KRUENG'])}"
            rt, rw = f"{rng.randint(1, 9):03d}", f"{rng.randint(1, 5):03d}"
            members = min(rows - written, rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7]))
            head_born = today - dt.timedelta(days=rng.randint(22 * 365, 80 * 365))
            family = rng.choice(LAST)
            for m in range(members):
                relation = "1" if m == 0 else ("3" if m == 1 else "4")
                sex = "L" if m == 0 else ("P" if m == 1 else rng.choice("LP"))
                born = head_born + dt.timedelta(days=rng.randint(-2000, 2000)) if m < 2 else \
                    today - dt.timedelta(days=rng.randint(1, 20 * 365))
                born = min(born, today - dt.timedelta(days=1))
                nik = make_nik(kecamatan_code=kec, birth_date=born, sex=sex,
                               serial=next_serial(serial_nik, (kec, born, sex)))
                if rng.random() < 0.002:
                    nik = f"{int(nik[:6]) / 10**5:.5f}E+15"
                    dirty["damaged_nik"] += 1
                village = desa
                if rng.random() < 0.001:
                    code_out, village = "", desa + " LAMA"
                    dirty["unknown_desa"] += 1
                else:
                    code_out = code
                name = f"{rng.choice(FIRST)} {family if m != 1 else rng.choice(LAST)}"
                out.write(";".join([kk, nik, name, sex, rng.choice(PLACES), born.strftime("%d/%m/%Y"), relation,
                                    address, rt, rw, code_out, village, kecamatan]) + "\n")
                written += 1
    return dirty


def copy_reference(path: Path) -> float:
    from django.db import connection

    columns = ", ".join(f'"{h.lower()}" text' for h in HEADER)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(f"CREATE TABLE bench_copy ({columns})")
    t0 = time.perf_counter()
    with connection.cursor() as cursor, cursor.copy(
        "COPY bench_copy FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')"
    ) as copy, open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            copy.write(block)
    seconds = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copy")
        assert cursor.fetchone()[0] > 0
        cursor.execute("DROP TABLE bench_copy")
    return seconds


# What an import of new households must store, table by table (the benchmark's database holds nothing else).
FLOOR_TABLES = ["registry_household", "registry_person", "registry_membership", "audit_auditentry",
                "imports_importrow"]


def floor_reference(work: Path) -> tuple[float, dict[str, tuple[int, float]]]:
    """Seconds PostgreSQL alone needs to store what the import stored: the rows of each table above, dumped
    after the import and COPYed (timed) into empty tables with the same columns and indexes (``LIKE ...
    INCLUDING ALL``: b-trees, the trigram indexes on names and addresses; no foreign keys, so a lower bound).
    """
    from django.db import connection

    stored: dict[str, tuple[int, float]] = {}
    for table in FLOOR_TABLES:
        dump = work / f"{table}.copy"
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} TO STDOUT") as copy, open(dump, "wb") as out:  # noqa: S608
                for block in copy:
                    out.write(block)
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            count = cursor.fetchone()[0]
            cursor.execute(f"DROP TABLE IF EXISTS floor_{table}")
            cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
            t0 = time.perf_counter()
            with cursor.copy(f"COPY floor_{table} FROM STDIN") as copy, open(dump, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    copy.write(block)
            stored[table] = (count, time.perf_counter() - t0)
            cursor.execute(f"DROP TABLE floor_{table}")
        dump.unlink()
    return sum(seconds for _count, seconds in stored.values()), stored


def run_import(path: Path) -> dict[str, float]:
    from django.core.files import File

    from sinergi.areas.models import Area
    from sinergi.imports import pipeline
    from sinergi.imports.models import Status

    times: dict[str, float] = {}
    t0 = time.perf_counter()
    with open(path, "rb") as fh:
        batch = pipeline.receive_file(actor=None, content=File(fh), original_name=path.name, kind="dtks",
                                      regency=Area.objects.get(code=REGENCY))
    times["receive"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    pipeline.start_check(actor=None, batch=batch, enqueue=False)
    last = [t1]

    def report(phase):
        def progress(done):
            now = time.perf_counter()
            if now - last[0] >= 15:
                last[0] = now
                print(f"    {phase}: {done:,} rows", flush=True)
        return progress

    batch = pipeline.run_check(batch.pk, on_progress=report("check"))
    assert batch.status == Status.CHECKED, batch.error
    times["check"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    pipeline.start_commit(actor=None, batch=batch, enqueue=False)
    batch = pipeline.run_commit(batch.pk, on_progress=report("commit"))
    assert batch.status == Status.COMMITTED, batch.error
    times["commit"] = time.perf_counter() - t2
    times["total"] = time.perf_counter() - t0
    times.update(rows=batch.rows_total, new=batch.rows_new, rejected=batch.rows_rejected)
    return times


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings_postgresql")
    os.environ.setdefault("DEBUG", "false")
    work = Path(tempfile.mkdtemp(prefix="sinergi-bench-import-"))
    os.environ.setdefault("SINERGI_VAR_DIR", str(work / "var"))
    from registry import code_version, create_database, machine  # bench/registry.py

    code = code_version()
    print(f"code: {code}", flush=True)
    import django

    django.setup()
    from django.core.management import call_command

    from sinergi.areas.loader import load_areas

    create_database()
    call_command("migrate", verbosity=0, interactive=False)
    load_areas(only=[REGENCY])
    path = work / "dtks-bench.csv"
    t0 = time.perf_counter()
    dirty = write_csv(path, args.rows, args.seed)
    size = path.stat().st_size
    print(f"generated {args.rows:,} rows ({size / 2**20:.0f} MiB) in {time.perf_counter() - t0:.1f} s; dirty rows: "
          f"{dirty}", flush=True)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    copy_seconds = copy_reference(path)
    print(f"COPY reference: {copy_seconds:.1f} s ({args.rows / copy_seconds:,.0f} rows/s)", flush=True)
    times = run_import(path)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor_seconds, stored = floor_reference(work)
    print(f"floor reference: {floor_seconds:.1f} s to COPY what the import stored:", flush=True)
    for table, (count, seconds) in stored.items():
        print(f"    {table}: {count:,} rows in {seconds:.1f} s", flush=True)
    rate = times["rows"] / times["total"]
    ratio = times["total"] / copy_seconds
    print()
    print("| measure | value | goal | |")
    print("|---|---|---|---|")
    print(f"| rows | {times['rows']:,} ({times['new']:,} new, {times['rejected']:,} rejected) | | |")
    print(f"| raw COPY into a bare table | {copy_seconds:.1f} s | | reference |")
    print(f"| Sinergi import: keep file + read header | {times['receive']:.1f} s | | |")
    print(f"| Sinergi import: check (stage every row) | {times['check']:.1f} s | | |")
    print(f"| Sinergi import: commit (one transaction) | {times['commit']:.1f} s | | |")
    checks = {
        "rows_per_second": (rate, rate >= GOALS["rows_per_second"], f">= {GOALS['rows_per_second']:,}"),
        "copy_ratio": (ratio, ratio <= GOALS["copy_ratio"], f"<= {GOALS['copy_ratio']}x"),
        "rss_mib": (rss, rss < GOALS["rss_mib"], f"< {GOALS['rss_mib']} MiB"),
    }
    print(f"| floor: COPY of what the import stored into empty tables with the same indexes "
          f"({sum(count for count, _s in stored.values()):,} rows in {len(stored)} tables) | {floor_seconds:.1f} s "
          f"({floor_seconds / copy_seconds:.1f}x COPY) | | reference |")
    print(f"| Sinergi import total | {times['total']:.1f} s | | |")
    print(f"| rows/s | {rate:,.0f} | {checks['rows_per_second'][2]} | "
          f"{'PASS' if checks['rows_per_second'][1] else 'FAIL'} |")
    print(f"| time / COPY time | {ratio:.1f}x | {checks['copy_ratio'][2]} | "
          f"{'PASS' if checks['copy_ratio'][1] else 'FAIL'} |")
    print(f"| peak RSS (before import: {rss_before:.0f} MiB) | {rss:.0f} MiB | {checks['rss_mib'][2]} | "
          f"{'PASS' if checks['rss_mib'][1] else 'FAIL'} |")
    print()
    for key, value in machine(code).items():
        print(f"{key}: {value}")
    if args.keep_file:
        print(f"file kept: {path}")
    else:
        path.unlink()
    ok = all(passed for _v, passed, _g in checks.values())
    print("RESULT:", "all goals met" if ok else "goal(s) missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
