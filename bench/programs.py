#!/usr/bin/env python
"""Programmes benchmark (issue 6): overlap matrix, targeting checks and the welfare recompute at 1M persons.

    .venv/bin/python bench/programs.py [--persons 1000000] [--households 300000] [--seed 1] [--keep] [--reuse]

Steps: start a throwaway PostgreSQL cluster (tests/settings_postgresql.py; or SINERGI_TEST_DATABASE_URL), migrate,
load Aceh Besar's areas (11.06: 23 kecamatan, 604 desa), then generate directly in SQL (``INSERT … SELECT`` over
``generate_series``, timed separately and not part of any goal):

* ``--households`` households spread over the 604 desa, each with a hidden wealth ``w`` that drives its housing,
  assets and size; ``--persons`` persons with valid synthetic NIKs (kecamatan, birth date, sex, serial), ages
  that give pupils and elderly, a few civil servants, deceased, moved and disabled persons, a few NIKs shared by
  two persons (duplicates for the checks);
* a welfare ranking (``WelfareScore``: desil from ``w``) so the checks have desils to compare;
* 10 programmes: the 6 of the national catalogue, PRO-ABES and three more local ones (JKA, Aceh's provincial
  health cover, per person and without desil limit; two per household), each with a frozen 2026-T1 and a
  current, open 2026-T2 in 11.06;
* about ``--persons`` active enrolments in the current tahap: recipients mostly from the poor end of ``w`` with
  noise and 2 % random picks (inclusion errors), every 50th household on no list (exclusion errors), BLT-DD kept off PKH and Sembako except for a planted 4 %, Pro
  Abes off BLT-DD except 5 %, person programmes over household members (PBI-JK, JKA for those without PBI-JK,
  PIP pupils, …).

Then ``VACUUM ANALYZE`` and, in the same run, through the app's own code:

(a) reference: one plain ``SELECT program_id, count(*) FROM programs_enrolment GROUP BY program_id``;
(b) ``reports.overlap_matrix`` for the kabupaten, as a user holding ``admin-provinsi`` over province 11 (scoped);
(c) ``checks.run_checks`` for the kabupaten (time per kind of finding from its progress callback);
(d) ``welfare.recompute_welfare`` over all households.

Goals (issue 6): (b) + (c) < 15 s; (d) < 60 s. Exit status 1 when a goal is missed; then (and with
``--explain``) the matrix's SQL is printed with ``EXPLAIN (ANALYZE, BUFFERS)``.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REGENCY = "11.06"
GOALS = {"matrix_and_checks": 15.0, "welfare": 60.0}
SOURCE = "bench"

# code, name, funding, area, unit, benefit per year, max desil, exclusions: PRO-ABES and three more local
# programmes (values are benchmark data, not regulations). JKA, Aceh's provincial health cover for residents
# outside JKN, has no desil limit: it carries the bulk of the person enrolments, as it does in Aceh.
LOCAL_PROGRAMS = [
    ("PRO-ABES", "Pro Abes", "apbd-kabkota", "11.06", "keluarga", 1_200_000, 3,
     ["asn-tni-polri", "mobil", "meninggal", "pindah"]),
    ("JKA", "Jaminan Kesehatan Aceh", "apbd-provinsi", "11", "jiwa", 504_000, None, ["meninggal", "pindah"]),
    ("LANSIA-ABES", "Santunan lansia Aceh Besar", "apbd-kabkota", "11.06", "keluarga", 1_800_000, 4,
     ["asn-tni-polri", "meninggal"]),
    ("RTLH-ABES", "Bedah rumah tidak layak huni", "apbd-kabkota", "11.06", "keluarga", 15_000_000, 3,
     ["asn-tni-polri", "mobil"]),
]
# Share of the enrolments per programme. Household programmes cover realistic shares of the households (Sembako a
# quarter, PKH 15 %, …); person programmes (PBI-JK, JKA, PIP, ATENSI-YAPI) make up the rest.
SHARES = {
    "PBI-JK": 0.40, "JKA": 0.36, "SEMBAKO": 0.075, "PIP": 0.06, "PKH": 0.045, "BLT-DD": 0.024, "PRO-ABES": 0.015,
    "LANSIA-ABES": 0.015, "RTLH-ABES": 0.003, "ATENSI-YAPI": 0.003,
}
# Who a person programme may enrol: (condition on registry_person p, as SQL; {pbi} is PBI-JK's cycle id).
PERSON_POOLS = {
    "PBI-JK": "p.status = 'aktif'",
    "JKA": ("p.status = 'aktif' AND NOT EXISTS (SELECT 1 FROM programs_enrolment e WHERE e.person_id = p.id "
            "AND e.cycle_id = {pbi})"),
    "PIP": "p.birth_date > date '2007-07-01' AND p.birth_date <= date '2019-07-01'",
    "ATENSI-YAPI": "p.relation = '4' AND p.birth_date > date '2008-07-01'",
}
# Recipients' order: the poor first with noise, and 2 % picked at random (inclusion errors of old lists).
TARGETING = "CASE WHEN random() < 0.015 THEN random() ELSE h.w + random() * 0.08 END"
# Every 50th household is on no list whatever its desil (exclusion errors: the poor ones among them are found).
LEFT_OUT = "h.id % 50 <> 3"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000, help="persons, and enrolments (default 1M)")
    parser.add_argument("--households", type=int, default=300_000, help="households (default 300k)")
    parser.add_argument("--seed", type=int, default=1, help="seed of PostgreSQL's random() for the generator")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the matrix's SQL")
    parser.add_argument("--keep", action="store_true",
                        help="leave the throwaway cluster running at exit (prints how to reach and stop it)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure an already generated database (SINERGI_TEST_DATABASE_URL) instead of refusing")
    return parser.parse_args(argv)


# --- generation ----------------------------------------------------------------------------------------------


def _execute(sql: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _step(label: str, sql: str, params=None) -> int:
    t0 = time.perf_counter()
    rows = _execute(sql, params)
    print(f"  {label}: {max(rows, 0):,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
    return rows


def generate_registry(households: int, persons: int, seed: int) -> None:
    """Households and persons of 11.06 (no memberships: nothing measured here reads them)."""
    from sinergi.areas.models import Area

    desa = list(Area.objects.villages_under(REGENCY).order_by("code").values_list("code", flat=True))
    _execute("SELECT setseed(%s)", [((seed * 7919) % 10_000) / 10_000])
    _execute("DROP TABLE IF EXISTS bench_household")
    # The plan of each household: its hidden wealth and its size (mean persons/households, 1 to 2×mean−1).
    mean = persons / households
    _step("plan", "CREATE UNLOGGED TABLE bench_household AS SELECT g, random() AS w, "
          "(%s::text[])[1 + (g %% %s)] AS desa, "
          "1 + floor(random() * (2 * %s - 1))::int AS size, 0::bigint AS id FROM generate_series(1, %s) g",
          [desa, len(desa), mean, households])
    poor = "CASE WHEN b.w < 0.25 THEN %s WHEN b.w < 0.6 THEN %s ELSE %s END"
    _step("households", f"""
        INSERT INTO registry_household (no_kk, desa_id, address, rt, rw, address_key, status, floor, wall, roof,
            water_source, lighting, cooking_fuel, toilet, land_ownership, has_lpg_5_5kg, has_refrigerator, has_ac,
            has_water_heater, has_phone, has_tv, has_gold_10g, has_computer, has_bicycle, has_motorcycle, has_car,
            has_boat, has_land, land_area_m2, created_at, updated_at)
        SELECT replace(substr(b.desa, 1, 8), '.', '') || lpad(b.g::text, 10, '0'), b.desa,
            'DUSUN ' || (b.g %% 7), lpad((1 + b.g %% 9)::text, 3, '0'), lpad((1 + b.g %% 5)::text, 3, '0'),
            'DUSUN ' || (b.g %% 7), 'aktif',
            {poor}, {poor}, {poor}, {poor}, {poor}, {poor}, {poor}, 'milik_sendiri',
            b.w > 0.7, b.w > 0.45, b.w > 0.9, b.w > 0.92, b.w > 0.15, b.w > 0.3, b.w > 0.75, b.w > 0.85,
            random() < 0.2, b.w > 0.35, b.w > 0.88 OR (b.w < 0.3 AND random() < 0.006), random() < 0.03,
            b.w > 0.5, CASE WHEN b.w > 0.5 THEN (800 + 30000 * b.w ^ 3)::int END, now(), now()
        FROM bench_household b ORDER BY b.g""",
          ["tanah", "semen", "keramik", "bambu", "kayu", "tembok", "ijuk", "seng", "genteng",
           "sungai", "sumur_tak_terlindung", "ledeng", "bukan_listrik", "pln_numpang", "pln_meteran",
           "kayu", "lpg_3kg", "gas_besar", "tidak_ada", "bersama", "sendiri"])
    _execute("UPDATE bench_household b SET id = h.id FROM registry_household h "
             "WHERE h.no_kk = replace(substr(b.desa, 1, 8), '.', '') || lpad(b.g::text, 10, '0')")
    _execute("CREATE INDEX ON bench_household (id)")
    # Members: the head, a wife, then children 0-20 years (pupils for PIP); ages on 1 July 2026.
    _step("persons", """
        INSERT INTO registry_person (household_id, nik, name, name_key, sex, birth_place, birth_date, relation,
            marital_status, religion, education, occupation, disability, chronic_illness, status, created_at,
            updated_at)
        SELECT m.id, replace(substr(m.desa, 1, 8), '.', '')
                || lpad((extract(day FROM m.born)::int + CASE WHEN m.sex = 'P' THEN 40 ELSE 0 END)::text, 2, '0')
                || to_char(m.born, 'MMYY')
                || lpad(row_number() OVER (PARTITION BY substr(m.desa, 1, 8), m.born, m.sex
                                            ORDER BY m.id, m.k)::text, 4, '0'),
            'WARGA ' || m.id || '-' || m.k, 'WARGA ' || m.id || ' ' || m.k, m.sex, 'ACEH BESAR', m.born,
            CASE m.k WHEN 1 THEN '1' WHEN 2 THEN '3' ELSE '4' END, CASE WHEN m.k <= 2 THEN '2' ELSE '1' END, '1',
            CASE WHEN m.w > 0.7 THEN '5' WHEN m.w > 0.3 THEN '3' ELSE '1' END,
            CASE WHEN m.k > 2 THEN 'Pelajar/mahasiswa'
                 WHEN m.k = 1 AND (m.w > 0.8 AND random() < 0.2 OR random() < 0.004) THEN 'Pegawai negeri sipil'
                 WHEN m.k = 1 THEN 'Petani/pekebun' ELSE 'Mengurus rumah tangga' END,
            CASE WHEN random() < 0.02 THEN 'fisik' ELSE '' END, '',
            CASE WHEN random() < 0.003 THEN 'meninggal' WHEN random() < 0.002 THEN 'pindah' ELSE 'aktif' END,
            now(), now()
        FROM (SELECT b.id, b.desa, b.w, k,
                     CASE WHEN k = 1 THEN 'L' WHEN k = 2 THEN 'P' WHEN random() < 0.5 THEN 'L' ELSE 'P' END AS sex,
                     date '2026-07-01' - (CASE WHEN k <= 2 THEN 25 * 365 + floor(random() * 50 * 365)
                                              ELSE 1 + floor(random() * 20 * 365) END)::int AS born
              FROM bench_household b CROSS JOIN LATERAL generate_series(1, b.size) k) m""")
    # The same NIK on two persons of different households (0.05 %): the duplicate check's cases.
    _step("duplicate NIKs", "UPDATE registry_person p SET nik = q.nik FROM registry_person q "
          "WHERE p.id % 2000 = 7 AND q.id = p.id - 1000")


def generate_programmes(enrolments: int) -> dict[str, int]:
    """Local programmes, cycles, the welfare ranking from ``w``, and the current tahap's enrolments."""
    from django.db import connection

    from sinergi.areas.models import Area
    from sinergi.programs.models import Cycle, CycleState, PmtModel, Program

    regency = Area.objects.get(code=REGENCY)
    for order, (code, name, funding, area, unit, benefit, max_desil, exclusions) in enumerate(LOCAL_PROGRAMS,
                                                                                              start=70):
        Program.objects.get_or_create(code=code, defaults=dict(
            name=name, funding=funding, unit=unit, area_id=area, benefit_per_year=benefit, max_desil=max_desil,
            exclusions=exclusions, order=order))
    programs = {p.code: p for p in Program.objects.filter(code__in=SHARES)}
    assert len(programs) == len(SHARES), sorted(set(SHARES) - set(programs))
    cycles = {}
    for code, program in programs.items():
        Cycle.objects.get_or_create(program=program, regency=regency, code="2026-T1", defaults=dict(
            starts_on="2026-01-01", ends_on="2026-06-30", state=CycleState.FROZEN))
        cycles[code], _ = Cycle.objects.get_or_create(program=program, regency=regency, code="2026-T2",
                                                      defaults=dict(starts_on="2026-07-01", ends_on="2026-12-31"))
    model = PmtModel.objects.filter(active=True).first() or PmtModel.objects.create(
        version="bench", name="bench", weights={}, active=True)
    _step("welfare scores", "INSERT INTO programs_welfarescore (household_id, model_id, score, desil, "
          "desil_province, computed_at) SELECT id, %s, w, LEAST(10, 1 + floor(w * 10))::int, "
          "LEAST(10, 1 + floor(w * 10))::int, now() FROM bench_household", [model.pk])

    columns = ("cycle_id, program_id, household_id, person_id, components, annual_amount, status, source, "
               "import_batch_id, import_row, created_at, created_by_id, removed_at, removed_by_id, removed_reason")
    counts: dict[str, int] = {}
    pkh_amounts = "(ARRAY[900000, 1500000, 2000000, 3000000, 2400000])[1 + (h.id %% 5)::int]"
    pkh_components = ("""('{"' || (ARRAY['sd', 'smp', 'sma', 'anak-usia-dini', 'lansia'])[1 + (h.id %% 5)::int] """
                      """|| '": 1}')::jsonb""")
    order = ["PKH", "SEMBAKO", "BLT-DD", "PRO-ABES", "RTLH-ABES", "LANSIA-ABES", "PBI-JK", "JKA", "PIP",
             "ATENSI-YAPI"]
    for code in order:
        program, cycle = programs[code], cycles[code]
        n = round(SHARES[code] * enrolments)
        params: list = [cycle.pk, program.pk]
        if program.per_person:
            amount = {"PIP": "(CASE WHEN p.birth_date > date '2013-07-01' THEN 450000 "
                             "WHEN p.birth_date > date '2010-07-01' THEN 750000 ELSE 1800000 END)"}.get(
                code, str(program.benefit_per_year))
            components = {"PIP": """(CASE WHEN p.birth_date > date '2013-07-01' THEN '{"sd": 1}' """
                                 """WHEN p.birth_date > date '2010-07-01' THEN '{"smp": 1}' """
                                 """ELSE '{"sma": 1}' END)::jsonb"""}.get(code, "'{}'::jsonb")
            sql = (f"INSERT INTO programs_enrolment ({columns}) "  # noqa: S608 (fixed text and ids)
                   f"SELECT %s, %s, p.household_id, p.id, {components}, {amount}, 'aktif', '{SOURCE}', NULL, NULL, "
                   "now(), NULL, NULL, NULL, '' FROM registry_person p "
                   f"JOIN (SELECT h.id, {TARGETING} AS k FROM bench_household h WHERE {LEFT_OUT.replace('%', '%%')}) t "
                   "ON t.id = p.household_id "
                   f"WHERE {PERSON_POOLS[code].format(pbi=cycles['PBI-JK'].pk)} ORDER BY t.k, p.id LIMIT %s")
        else:
            amount = pkh_amounts if code == "PKH" else str(program.benefit_per_year)
            components = pkh_components if code == "PKH" else "'{}'::jsonb"
            # BLT-DD is for families without PKH or Sembako, Pro Abes for those without BLT-DD: the planted
            # exceptions (every 25th / 20th household) are the overlaps the checks must find.
            exclude = {
                "BLT-DD": (f"AND (h.id %% 25 = 0 OR NOT EXISTS (SELECT 1 FROM programs_enrolment e WHERE "
                           f"e.household_id = h.id AND e.cycle_id IN ({cycles['PKH'].pk}, "
                           f"{cycles['SEMBAKO'].pk})))"),
                "PRO-ABES": (f"AND (h.id %% 20 = 0 OR NOT EXISTS (SELECT 1 FROM programs_enrolment e WHERE "
                             f"e.household_id = h.id AND e.cycle_id = {cycles['BLT-DD'].pk}))"),
            }.get(code, "")
            sql = (f"INSERT INTO programs_enrolment ({columns}) "  # noqa: S608 (fixed text and ids)
                   f"SELECT %s, %s, h.id, NULL, {components}, {amount}, 'aktif', '{SOURCE}', NULL, NULL, now(), "
                   f"NULL, NULL, NULL, '' FROM bench_household h WHERE {LEFT_OUT.replace('%', '%%')} {exclude} "
                   f"ORDER BY {TARGETING} LIMIT %s")
        counts[code] = _step(f"enrolments {code}", sql, [*params, n])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_household")
    return counts


def vacuum_analyze() -> float:
    t0 = time.perf_counter()
    _execute("VACUUM (ANALYZE)")
    return time.perf_counter() - t0


# --- measurement ---------------------------------------------------------------------------------------------


def bench_user():
    from django.contrib.auth import get_user_model

    from sinergi.accounts.models import Assignment, Role

    user, _ = get_user_model().objects.get_or_create(username="bench-admin-provinsi")
    Assignment.objects.get_or_create(user=user, role=Role.objects.get(code="admin-provinsi"), area_id="11")
    return user


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def reference_group_by() -> tuple[int, float]:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute("SELECT program_id, count(*) FROM programs_enrolment GROUP BY program_id")
            return cursor.fetchall()

    rows, seconds = timed(run)
    return sum(n for _p, n in rows), seconds


def matrix_sql(user) -> str:
    """The SQL that overlap_matrix runs for the kabupaten, captured from the app itself."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sinergi.programs import reports

    with CaptureQueriesContext(connection) as captured:
        reports.overlap_matrix(user=user, area_code=REGENCY)
    return next(q["sql"] for q in captured.captured_queries if q["sql"].startswith("WITH hp"))


def explain(sql: str, params=None) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(row[0] for row in cursor.fetchall()))


class SqlTimer:
    """Every statement an operation runs, with its time (``connection.execute_wrapper``): how much of the wall
    time is the database, and which statements are the slow ones."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str, object, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append((time.perf_counter() - t0, sql, params, many))

    @property
    def total(self) -> float:
        return sum(call[0] for call in self.calls)

    def report(self, label: str, wall: float, top: int = 5) -> None:
        print(f"      {label}: {len(self.calls):,} statements, {self.total:.2f} s in the database, "
              f"{wall - self.total:.2f} s in Python", flush=True)
        for seconds, sql, _params, many in sorted(self.calls, key=lambda c: -c[0])[:top]:
            text = " ".join(sql.split())
            print(f"        {seconds:6.2f} s {'(executemany) ' if many else ''}{text[:220]}", flush=True)

    def slowest_select(self):
        selects = [c for c in self.calls if not c[3] and c[1].lstrip().upper().startswith(("SELECT", "WITH"))]
        return max(selects, key=lambda c: c[0], default=None)


def timed_sql(label: str, fn):
    from django.db import connection

    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        result, seconds = timed(fn)
    timer.report(label, seconds)
    return result, seconds, timer


def measure(user, args) -> bool:
    from sinergi.areas.models import Area
    from sinergi.programs import checks, reports, welfare
    from sinergi.programs.models import Enrolment, Finding

    regency = Area.objects.get(code=REGENCY)
    enrolments = Enrolment.objects.count()
    print(f"\ndata: {enrolments:,} enrolments", flush=True)

    reference_rows, reference_s = reference_group_by()
    print(f"(a) reference GROUP BY over programs_enrolment: {reference_s:.2f} s ({reference_rows:,} rows)", flush=True)

    matrix, matrix_s = timed(lambda: reports.overlap_matrix(user=user, area_code=REGENCY))
    cells = sum(1 for _row, row_cells in matrix.rows for cell in row_cells if cell.households)
    print(f"(b) overlap_matrix {REGENCY}: {matrix_s:.2f} s ({len(matrix.programs)} programmes, {cells} non-empty "
          f"cells, {matrix.forbidden_households:,} household-pairs in forbidden pairs, "
          f"Rp{matrix.at_stake:,} at stake a year)", flush=True)
    for cell in matrix.forbidden:
        print(f"      {cell.row.code} + {cell.column.code}: {cell.households:,} households, "
              f"Rp{cell.at_stake:,}", flush=True)

    per_kind: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(kind: str, done: int, total: int) -> None:
        now = time.perf_counter()
        per_kind[kind] = now - last[0]
        last[0] = now

    last[0] = time.perf_counter()
    run, checks_s, checks_sql = timed_sql("run_checks", lambda: checks.run_checks(actor=None, regency=regency,
                                                                                  on_progress=progress))
    findings = Finding.objects.count()
    print(f"(c) run_checks {REGENCY}: {checks_s:.2f} s (status {run.status}, {findings:,} findings)", flush=True)
    for kind, seconds in per_kind.items():
        print(f"      {kind:<20} {seconds:6.2f} s  {run.counts.get(kind, '')}", flush=True)

    ranked, welfare_s, _welfare_sql = timed_sql("recompute_welfare", lambda: welfare.recompute_welfare(actor=None))
    print(f"(d) recompute_welfare: {welfare_s:.2f} s ({sum(ranked.values()):,} households)", flush=True)

    both = matrix_s + checks_s
    results = [
        ("overlap matrix + checks", both, GOALS["matrix_and_checks"]),
        ("welfare recompute", welfare_s, GOALS["welfare"]),
    ]
    ok = all(value < goal for _label, value, goal in results)
    print()
    print("| Measure | Time (s) | Goal | Result |")
    print("|---|---:|---:|---|")
    print(f"| (a) reference: `SELECT program_id, count(*) FROM programs_enrolment GROUP BY program_id` "
          f"| {reference_s:.2f} | | reference |")
    print(f"| (b) `overlap_matrix` for {REGENCY} (province-scoped user) | {matrix_s:.2f} | | |")
    print(f"| (c) `run_checks` for {REGENCY} | {checks_s:.2f} | | |")
    for label, value, goal in results:
        print(f"| {label} | {value:.2f} | < {goal:.0f} | {'PASS' if value < goal else '**FAIL**'} |")
    print(f"| findings per kind | {', '.join(f'{k} {v:,}' for k, v in run.counts.items() if v)} | | |")
    if args.explain or not ok:
        print("\nEXPLAIN (ANALYZE, BUFFERS) of the matrix's SQL:")
        explain(matrix_sql(user))
        slowest = checks_sql.slowest_select()
        if slowest is not None:
            print(f"\nEXPLAIN (ANALYZE, BUFFERS) of run_checks' slowest SELECT ({slowest[0]:.2f} s in the run):")
            print(" ".join(slowest[1].split()))
            explain(slowest[1], slowest[2])
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wall = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings_postgresql")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("AXES_ENABLED", "false")
    from registry import CpuMeter, code_version, create_database, machine  # bench/registry.py

    code = code_version()
    print(f"code: {code}", flush=True)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from sinergi.areas.loader import load_areas
    from sinergi.programs.models import Enrolment

    db = settings.DATABASES["default"]
    print(f"PostgreSQL {db.get('HOST')}:{db.get('PORT')} database {db['NAME']}", flush=True)
    create_database()
    call_command("migrate", verbosity=0, interactive=False)
    load_areas(only=[REGENCY])

    if Enrolment.objects.exists():
        if not args.reuse:
            print("The database already holds enrolments: point SINERGI_TEST_DATABASE_URL at an empty database, "
                  "or pass --reuse to measure the existing data.", file=sys.stderr)
            return 2
        print("reusing existing data", flush=True)
    else:
        print(f"generating {args.households:,} households, {args.persons:,} persons, {args.persons:,} enrolments "
              f"in {REGENCY} (seed {args.seed}):", flush=True)
        t0 = time.perf_counter()
        generate_registry(args.households, args.persons, args.seed)
        counts = generate_programmes(args.persons)
        print(f"generated in {time.perf_counter() - t0:.1f} s (not part of any goal); enrolments per programme: "
              f"{counts}", flush=True)
    print(f"VACUUM ANALYZE: {vacuum_analyze():.1f} s", flush=True)

    from sinergi.registry.models import Household, Person

    print(f"registry: {Household.objects.count():,} households, {Person.objects.count():,} persons", flush=True)
    user = bench_user()
    cpus = len(os.sched_getaffinity(0))
    print(f"CPU use by other processes just before measuring: {CpuMeter().others_after(2.0):.2f} of {cpus} CPUs",
          flush=True)
    meter = CpuMeter()
    ok = measure(user, args)
    others = meter.others()
    print(f"other processes used {others:.2f} of {cpus} CPUs while it measured")
    if others > 0.25:
        print("WARNING: the machine was not quiet; the times include CPU contention with other processes.")

    print()
    if code_version() != code:
        print("WARNING: the app's sources changed on disk during the run; the figures are of the code at start.")
    for key, value in machine(code).items():
        print(f"{key}: {value}")
    print(f"peak RSS (this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"total wall time: {time.perf_counter() - wall:.0f} s")
    print("RESULT:", "all goals met" if ok else "goal(s) missed")

    if args.keep:
        cluster = getattr(sys.modules.get("tests.settings_postgresql"), "_cluster", None)
        if cluster is not None:
            from tests import pgcluster

            as_user = "runuser -u postgres -- " if os.geteuid() == 0 else ""
            print(f"--keep: cluster left running: SINERGI_TEST_DATABASE_URL=postgres://{cluster.user}@{cluster.host}:"
                  f"{cluster.port}/{db['NAME']}; stop with: {as_user}{pgcluster._bindir()}/pg_ctl "
                  f"-D {cluster.directory}/data stop && rm -rf {cluster.directory}")
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0 if ok else 1)  # skips the atexit hook that would stop and delete the cluster
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
