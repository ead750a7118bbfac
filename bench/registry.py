#!/usr/bin/env python
"""Registry benchmark (issue 3): a synthetic registry on PostgreSQL, then p50/p95 of the three daily operations.

    .venv/bin/python bench/registry.py [--persons 1000000] [--samples 200] [--seed 1] [--keep] [--reuse]

Steps: start a throwaway PostgreSQL cluster (tests/settings_postgresql.py; or use SINERGI_TEST_DATABASE_URL),
create and migrate the database, load the areas of a few kabupaten, generate about ``--persons`` persons with
``sinergi.registry.synth`` (the generator behind ``sinergi generate``), VACUUM ANALYZE, then time through the
app's own code paths:

* NIK lookup: ``search.search(user, nik)``, as the search page calls it;
* name search: ``search.search(user, name)`` with a real name from the database, one letter changed;
* household page: a logged-in test-client GET of the household page (views, sections, template, audit write).

Each operation is measured next to a reference in the same run: the minimal statements that answer the same
question, through the ORM and as raw SQL on the same connection, so the app's own overhead is visible. Figures
are printed (with a Markdown table); docs/benchmarks.md records them. Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Where the generated households go: (kabupaten/kota code, share of the households). A rural kabupaten, a city
# and a big Javanese kabupaten in two provinces, so NIK prefixes, names and desa sizes vary as in a real
# province-level registry. The shares keep every kabupaten at or below its real number of households.
KABUPATEN = [
    ("11.06", 0.30),  # Kabupaten Aceh Besar: 604 desa
    ("11.71", 0.15),  # Kota Banda Aceh: 90 gampong
    ("32.12", 0.55),  # Kabupaten Indramayu: 317 desa
]
PERSONS_PER_HOUSEHOLD = 3.7  # BPS average household size; the generator decides the actual members.

GOALS_MS = {"nik": 20.0, "name": 150.0, "household": 100.0}
LABELS = {"nik": "NIK lookup", "name": "Name search (1 typo)", "household": "Household page render"}
WARMUP = 5
MAX_CANDIDATES = 500  # sinergi.registry.search.MAX_CANDIDATES, for the report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000, help="about this many persons (default 1M)")
    parser.add_argument("--samples", type=int, default=200, help="timed calls per operation (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the generator and the samples")
    parser.add_argument("--keep", action="store_true",
                        help="leave the throwaway cluster running at exit (prints how to reach and stop it)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure an already generated database (SINERGI_TEST_DATABASE_URL) instead of refusing")
    return parser.parse_args(argv)


# --- setup ---------------------------------------------------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings_postgresql")
    # Production-like request handling: with DEBUG on, Django keeps every SQL statement in memory.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()


def create_database() -> None:
    """Create the settings' database on its server if it does not exist yet."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = {"dbname": "postgres", "user": db.get("USER") or None, "host": db.get("HOST") or None,
              "port": db.get("PORT") or None, "password": db.get("PASSWORD") or None}
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def plan(persons: int) -> list[tuple[str, int]]:
    households = max(len(KABUPATEN), round(persons / PERSONS_PER_HOUSEHOLD))
    return [(code, max(1, round(households * share))) for code, share in KABUPATEN]


def generate(kabupaten: list[tuple[str, int]], seed: int) -> dict[str, float]:
    from sinergi.registry import synth
    from sinergi.registry.models import Household, Person

    started = time.perf_counter()
    for i, (code, households) in enumerate(kabupaten):
        t0 = time.perf_counter()
        last = [t0]

        def progress(done: int, total: int, _code=code, _t0=t0, _last=last) -> None:
            now = time.perf_counter()
            if now - _last[0] >= 30:
                _last[0] = now
                print(f"    {_code}: {done:,}/{total:,} households ({done / (now - _t0):,.0f}/s)", flush=True)

        result = synth.generate(area_code=code, households=households, seed=seed + i, progress=progress)
        print(f"  {code}: {result.households:,} households, {result.persons:,} persons in {result.seconds:.1f} s "
              f"({result.households / result.seconds:,.0f} households/s, {result.persons / result.seconds:,.0f} "
              "persons/s)", flush=True)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "households": Household.objects.count(), "persons": Person.objects.count()}


def vacuum_analyze() -> float:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return time.perf_counter() - t0


def bench_user():
    from django.contrib.auth import get_user_model

    from sinergi.accounts.models import Assignment, Role

    user, _ = get_user_model().objects.get_or_create(username="bench-admin-provinsi")
    role = Role.objects.get(code="admin-provinsi")
    for province in sorted({code.split(".")[0] for code, _share in KABUPATEN}):
        Assignment.objects.get_or_create(user=user, role=role, area_id=province)
    return user


# --- samples -------------------------------------------------------------------------------------------------


def pick_ids(model, n: int, rng: random.Random, **filters) -> list[int]:
    """n random primary keys of rows matching filters (seeded; ids are dense after generation)."""
    from django.db.models import Max, Min

    bounds = model.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    picked: list[int] = []
    seen: set[int] = set()
    while len(picked) < n:
        batch = [rng.randint(bounds["lo"], bounds["hi"]) for _ in range(n * 2)]
        found = set(model.objects.filter(pk__in=batch, **filters).values_list("pk", flat=True))
        for pk in batch:
            if pk in found and pk not in seen and len(picked) < n:
                seen.add(pk)
                picked.append(pk)
    return picked


def with_typo(name: str, rng: random.Random) -> str:
    """Change one letter (never the first of the name) to another letter, keeping its case."""
    positions = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0]
    if not positions:
        return name
    i = rng.choice(positions)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    new = rng.choice([c for c in letters if c != name[i].upper()])
    return name[:i] + (new if name[i].isupper() else new.lower()) + name[i + 1:]


# --- timing --------------------------------------------------------------------------------------------------


@dataclass
class Operation:
    """One measured operation: the app's call and the raw-SQL reference for each sample, and a check of the
    app's answer (so a fast wrong answer cannot pass)."""

    key: str
    app: list[Callable[[], object]]
    orm: list[Callable[[], object]]  # the same minimal statements as ``ref``, through the ORM
    ref: list[Callable[[], object]]
    check: Callable[[int, object], None]
    ref_sql: str
    labels: list[str] = field(default_factory=list)  # what sample i was, for the slowest-samples line
    queries: int = 0
    app_ms: list[float] = field(default_factory=list)
    app_cpu_ms: list[float] = field(default_factory=list)
    orm_ms: list[float] = field(default_factory=list)
    ref_ms: list[float] = field(default_factory=list)
    notes: dict = field(default_factory=dict)


def run_interleaved(operations: list[Operation]) -> None:
    """Sample i of every operation in turn: the app's call, then the ORM and raw-SQL references (so all see the
    same cache and the same background load); the first WARMUP samples are not recorded (template loading)."""
    n = len(operations[0].app)
    for i in range(n):
        for op in operations:
            t0, c0 = time.perf_counter(), time.process_time()
            result = op.app[i]()
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            t0 = time.perf_counter()
            op.orm[i]()
            orm = time.perf_counter() - t0
            t0 = time.perf_counter()
            op.ref[i]()
            ref = time.perf_counter() - t0
            if i >= WARMUP:
                op.app_ms.append(wall * 1000)
                op.app_cpu_ms.append(cpu * 1000)
                op.orm_ms.append(orm * 1000)
                op.ref_ms.append(ref * 1000)
                op.check(i, result)


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values)}


def queries_per_call(call: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def raw(*statements: tuple[str, list]) -> Callable[[], list]:
    """Run SQL statements on Django's own connection and fetch every row."""
    from django.db import connection

    def run() -> list:
        rows = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows.extend(cursor.fetchall())
        return rows

    return run


def measure(user, samples: int, seed: int) -> list[Operation]:
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.test import Client
    from django.urls import reverse

    from sinergi.accounts import scoping
    from sinergi.core.names import search_key
    from sinergi.core.nik import mask_nik
    from sinergi.registry import search
    from sinergi.registry.models import Household, Person

    rng = random.Random(seed)
    n = samples + WARMUP

    def app_search(query: str):
        # A request loads its user afresh, so the user's grants are read once per search, as in the view.
        scoping.forget(user)
        return search.search(user, query)

    # (a) NIK lookup, typed or scanned at the front desk.
    people = Person.objects.in_bulk(pick_ids(Person, n, rng, nik__regex=r"^[0-9]{16}$"))
    niks = [people[pk].nik for pk in sorted(people)]
    rng.shuffle(niks)
    nik_sql = "SELECT id, household_id FROM registry_person WHERE nik = %s"

    def nik_found(i, outcome):
        if not any(h.person is not None and h.person.nik == niks[i] for h in outcome.hits):
            raise AssertionError(f"NIK lookup did not find sample {i}")

    def orm_nik(q):
        return lambda: list(Person.objects.filter(nik=q).values_list("pk", "household_id"))

    nik = Operation("nik", [lambda q=q: app_search(q) for q in niks], [orm_nik(q) for q in niks],
                    [raw((nik_sql, [q])) for q in niks], nik_found, nik_sql, labels=[mask_nik(q) for q in niks],
                    queries=queries_per_call(lambda: app_search(niks[0])))

    # (b) Name search: a real name with one letter changed, as typed at the front desk.
    people = Person.objects.in_bulk(pick_ids(Person, n, rng))
    sampled = [people[pk] for pk in sorted(people)]
    rng.shuffle(sampled)
    typos = [(p.pk, with_typo(p.name, rng)) for p in sampled]
    name_sql = ("SELECT id, household_id, word_similarity(%s, name_key) AS score FROM registry_person "
                "WHERE name_key %%> %s ORDER BY score DESC, id LIMIT 20")
    stats = {"first_page": 0, "anywhere": 0, "truncated": 0, "candidates": []}

    def name_found(i, outcome):
        found = outcome.page.paginator.object_list if outcome.page is not None else []
        stats["candidates"].append(len(found))
        stats["truncated"] += outcome.truncated
        stats["first_page"] += any(h.person is not None and h.person.pk == typos[i][0] for h in outcome.hits)
        stats["anywhere"] += any(person_id == typos[i][0] for _h, person_id, *_rest in found)

    def orm_name(q):
        key = search_key(q)
        return lambda: list(
            Person.objects.filter(name_key__trigram_word_similar=key)
            .annotate(score=TrigramWordSimilarity(key, "name_key")).order_by("-score", "pk")
            .values_list("pk", "household_id", "score")[:20]
        )

    name = Operation("name", [lambda q=q: app_search(q) for _pk, q in typos], [orm_name(q) for _pk, q in typos],
                     [raw((name_sql, [search_key(q), search_key(q)])) for _pk, q in typos], name_found,
                     name_sql.replace("%%", "%"), labels=[repr(q) for _pk, q in typos], queries=queries_per_call(lambda: app_search(typos[0][1])),
                     notes=stats)
    stats["examples"] = [q for _pk, q in typos[WARMUP:WARMUP + 5]]

    # (c) Household page: the whole request through the test client (middleware, session, view, sections,
    # template, and the audit entry every view writes).
    households = pick_ids(Household, n, rng)
    client = Client()
    client.force_login(user)
    members_sql = "SELECT * FROM registry_person WHERE household_id = %s ORDER BY relation, birth_date, id"
    household_sql = "SELECT * FROM registry_household WHERE id = %s"

    def page_ok(i, response):
        if response.status_code != 200:
            raise AssertionError(f"household {households[i]}: HTTP {response.status_code}")

    def page(pk):
        return lambda: client.get(reverse("registry:household", args=[pk]))

    def orm_household(pk):
        return lambda: (Household.objects.get(pk=pk),
                        list(Person.objects.filter(household_id=pk).order_by("relation", "birth_date", "id")))

    household = Operation("household", [page(pk) for pk in households], [orm_household(pk) for pk in households],
                          [raw((household_sql, [pk]), (members_sql, [pk])) for pk in households], page_ok,
                          f"{household_sql}; {members_sql}",
                          labels=[f"household {pk}" for pk in households], queries=queries_per_call(page(households[0])))

    operations = [nik, name, household]
    run_interleaved(operations)
    return operations


class CpuMeter:
    """CPU used by processes other than this one and its PostgreSQL backend since creation, in CPUs (so a
    benchmark on a shared machine says whether it had the machine to itself)."""

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.backend = cursor.fetchone()[0]
        self.start = self._sample()

    def _sample(self) -> tuple[int, int, int]:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        values = [int(v) for v in fields]
        total = sum(values[:8])
        busy = total - values[3] - values[4]  # minus idle and iowait
        own = 0
        for pid in (os.getpid(), self.backend):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                own += int(stat[11]) + int(stat[12])  # utime + stime
            except (OSError, IndexError, ValueError):  # backend on another host: count it as "others"
                pass
        return busy, total, own

    def others(self) -> float:
        busy, total, own = self._sample()
        spent = total - self.start[1]
        if not Path("/proc/stat").exists() or spent <= 0:
            return 0.0
        return max(0.0, (busy - self.start[0]) - (own - self.start[2])) / spent * len(os.sched_getaffinity(0))

    def others_after(self, seconds: float) -> float:
        time.sleep(seconds)
        return self.others()


# --- report --------------------------------------------------------------------------------------------------


def code_version() -> str:
    """Git commit plus a digest of the app's sources as they are on disk (uncommitted edits included), so
    figures can be tied to the code they measured."""
    import hashlib
    import subprocess

    digest = hashlib.sha256()
    for path in sorted((ROOT / "sinergi").rglob("*")):
        if path.suffix in {".py", ".html"} and path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head = "unknown"
    return f"git {head}, sinergi/ sources sha256 {digest.hexdigest()[:12]}"


def machine(code: str) -> dict[str, str]:
    from django.db import connection

    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")), 0)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT current_setting('shared_buffers'), current_setting('work_mem'), "
                       "current_setting('pg_trgm.word_similarity_threshold', true), "
                       "pg_size_pretty(pg_database_size(current_database()))")
        shared_buffers, work_mem, threshold, size = cursor.fetchone()
    return {
        "code": code,
        "cpus": str(len(os.sched_getaffinity(0))),
        "cpu": model,
        "memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "postgresql": version,
        "settings": f"shared_buffers={shared_buffers}, work_mem={work_mem}, "
                    f"pg_trgm.word_similarity_threshold={threshold or '0.6 (default)'}",
        "database size": size,
    }


def report(operations: list[Operation]) -> bool:
    ok = True
    rows = []
    for op in operations:
        app, goal = summary(op.app_ms), GOALS_MS[op.key]
        passed = app["p95"] < goal
        ok &= passed
        rows.append((op, app, summary(op.orm_ms), summary(op.ref_ms), goal, passed, percentile(op.app_cpu_ms, 50)))
    print()
    print(f"{'operation':<24} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'goal p95':>9}  {'result':<6} "
          f"{'py CPU p50':>10} {'ORM p50/p95':>13} {'raw p50/p95':>13} {'queries':>7}")
    for op, app, orm, ref, goal, passed, cpu in rows:
        print(f"{LABELS[op.key]:<24} {app['p50']:7.1f} {app['p95']:7.1f} {app['max']:7.1f} {'< ' + str(int(goal)):>9}  "
              f"{'PASS' if passed else 'FAIL':<6} {cpu:10.1f} {orm['p50']:6.2f}/{orm['p95']:<6.2f} "
              f"{ref['p50']:6.2f}/{ref['p95']:<6.2f} {op.queries:7d}")
    print("py CPU: CPU time of this Python process during the app call (Django, ORM, template); the rest of the wall "
          "time is PostgreSQL and waiting. ORM and raw: the minimal statements below, through the ORM and as raw "
          "SQL on the same connection, run right after the app call with the same sample.")
    print()
    print("Markdown:")
    print("| Operation | p50 (ms) | p95 (ms) | max (ms) | Goal p95 | Result | Python CPU p50 (ms) "
          "| ORM minimal p50 / p95 (ms) | Raw SQL p50 / p95 (ms) | SQL statements |")
    print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    for op, app, orm, ref, goal, passed, cpu in rows:
        print(f"| {LABELS[op.key]} | {app['p50']:.1f} | {app['p95']:.1f} | {app['max']:.1f} | < {goal:.0f} "
              f"| {'PASS' if passed else '**FAIL**'} | {cpu:.1f} | {orm['p50']:.2f} / {orm['p95']:.2f} "
              f"| {ref['p50']:.2f} / {ref['p95']:.2f} | {op.queries} |")
    print()
    for op in operations:
        print(f"raw {op.key}: {op.ref_sql}")
    for op in operations:
        slowest = sorted(range(len(op.app_ms)), key=lambda j, op=op: -op.app_ms[j])[:3]
        print(f"slowest {op.key}: " + ", ".join(f"{op.labels[j + WARMUP]} {op.app_ms[j]:.1f} ms" for j in slowest))
    stats, n = operations[1].notes, len(operations[1].app_ms)
    print(f"name search: the sampled person is on the first result page for {stats['first_page'] / n:.0%} of the "
          f"typo queries and among the candidates for {stats['anywhere'] / n:.0%}; median "
          f"{statistics.median(stats['candidates']):.0f} candidates, max {max(stats['candidates'])}; "
          f"{stats['truncated'] / n:.0%} over the {MAX_CANDIDATES}-candidate cap; examples: "
          f"{', '.join(repr(e) for e in stats['examples'])}")
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wall = time.perf_counter()
    code = code_version()  # before Django imports the app: the code this run measures
    print(f"code: {code}", flush=True)
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    print(f"PostgreSQL {db.get('HOST')}:{db.get('PORT')} database {db['NAME']}", flush=True)
    create_database()
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - t0:.1f} s", flush=True)

    from sinergi.areas.loader import load_areas
    from sinergi.registry.models import Person

    kabupaten = plan(args.persons)
    t0 = time.perf_counter()
    loaded = load_areas(only=[code for code, _n in kabupaten])
    print(f"areas: {loaded.total:,} ({', '.join(code for code, _n in kabupaten)}) in {time.perf_counter() - t0:.1f} s",
          flush=True)

    if Person.objects.exists():
        if not args.reuse:
            print("The database already holds persons: point SINERGI_TEST_DATABASE_URL at an empty database, "
                  "or pass --reuse to measure the existing data.", file=sys.stderr)
            return 2
        gen = None
        print(f"reusing existing data: {Person.objects.count():,} persons", flush=True)
    else:
        print(f"generating {sum(n for _c, n in kabupaten):,} households in {len(kabupaten)} kabupaten/kota "
              f"(seed {args.seed}):", flush=True)
        gen = generate(kabupaten, args.seed)
        print(f"generated {gen['households']:,} households, {gen['persons']:,} persons in {gen['seconds']:.1f} s: "
              f"{gen['households'] / gen['seconds']:,.0f} households/s, {gen['persons'] / gen['seconds']:,.0f} "
              f"persons/s", flush=True)
    print(f"VACUUM ANALYZE: {vacuum_analyze():.1f} s", flush=True)

    user = bench_user()
    idle_others = CpuMeter().others_after(2.0)
    print(f"CPU use by other processes just before measuring: {idle_others:.2f} of {len(os.sched_getaffinity(0))} "
          "CPUs", flush=True)
    meter = CpuMeter()
    t0 = time.perf_counter()
    results = measure(user, args.samples, args.seed)
    others = meter.others()
    print(f"measured {args.samples} samples per operation (+{WARMUP} warm-up) in {time.perf_counter() - t0:.1f} s; "
          f"other processes used {others:.2f} of {len(os.sched_getaffinity(0))} CPUs meanwhile")
    if max(idle_others, others) > 0.25:
        print("WARNING: the machine was not quiet; the latencies include CPU contention with other processes.")
    ok = report(results)

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
