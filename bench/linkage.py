"""Linkage benchmark (issue 5): Sinergi's engine against a generic Splink configuration, same data, same run.

    .venv/bin/python bench/linkage.py                       # 100,000 records
    .venv/bin/python bench/linkage.py --records 300000      # or 1000000

Generates a seeded synthetic kabupaten with :mod:`sinergi.linkage.synthetic` (the engine's interaction model
is trained on another seed), then runs and scores against the truth:

* Sinergi: :func:`sinergi.linkage.engine.link_file`, exactly what ``sinergi link`` runs, with the model
  Sinergi ships (trained on lists of another seed; ``make linkage-model``);
* generic: Splink on DuckDB with what a first configuration would use: names (Jaro-Winkler levels), birth
  date and NIK (exact), blocking on NIK, on name and on birth date, u by random sampling, m by EM,
  clusters at match probability 0.9.

Prints pairwise precision/recall/F1 and B-cubed for both, wall time and peak RSS (each linker runs in a
child process, so each RSS is its own), and the goals with PASS/FAIL. Needs no database.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_F1 = 0.99
GOAL_MARGIN = 0.02
GOAL_SECONDS_1M = 90.0
GOAL_RSS_GB = 8.0


def _child(kind: str, records: str, out: str, model: str) -> None:
    """Run one linker in this (child) process and print its timing as JSON on stdout."""
    started = time.perf_counter()
    if kind == "sinergi":
        from sinergi.linkage import engine

        engine.link_file(records, out, model_path=model, progress=lambda m: print(m, file=sys.stderr))
    else:
        _generic(records, out)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": time.perf_counter() - started, "rss": rss}))


def _generic(records: str, out: str) -> None:
    import logging

    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from sinergi.core.dates import DateParseError, parse_date

    logging.getLogger("splink").setLevel(logging.ERROR)
    ids, names, dobs, niks, firsts = [], [], [], [], []
    with open(records, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ids.append(row["id"])
            name = " ".join(row["nama"].upper().split())
            names.append(name or None)
            firsts.append(name.split()[0] if name else None)
            try:
                parsed = parse_date(row["tanggal_lahir"], today=date(2026, 7, 1))
            except DateParseError:
                parsed = None
            dobs.append(parsed.value.isoformat() if parsed and parsed.value else None)
            niks.append(row["nik"].strip() or None)
    table = pa.table(
        {"unique_id": list(range(len(ids))), "nama": names, "first_name": firsts, "dob": dobs, "nik": niks}
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("nama", [0.95, 0.88, 0.7]),
            cl.ExactMatch("dob"),
            cl.ExactMatch("nik"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("nama"),
            block_on("dob", "first_name"),
        ],
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match([block_on("nik", "dob")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    found = {row[0]: row[1] for row in db_api._con.sql(
        f"SELECT unique_id, cluster_id FROM {clusters.physical_name}"  # noqa: S608 - Splink's table name
    ).fetchall()}  # fmt: skip
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("id", "cluster_id"))
        for i, record_id in enumerate(ids):
            writer.writerow((record_id, f"G{found.get(i, i)}"))


def _run(kind: str, records: Path, out: Path, model: Path) -> dict:
    command = [sys.executable, __file__, "--child", kind, str(records), str(out), str(model)]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _read(path: Path, column: str) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["id"]: row[column] for row in csv.DictReader(fh)}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:6])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated files and print where")
    parser.add_argument(
        "--skip-generic", action="store_true", help="run Sinergi only (the generic run is slow at 1M)"
    )
    args = parser.parse_args()

    from sinergi.linkage import engine
    from sinergi.linkage.metrics import bcubed, pairwise_scores
    from sinergi.linkage.synthetic import generate_files, persons_for_records

    tmp = Path(tempfile.mkdtemp(prefix="sinergi-bench-linkage-"))
    records, truth_path, model = tmp / "records.csv", tmp / "truth.csv", tmp / "model.json"
    started = time.perf_counter()
    count = generate_files(records, truth_path, persons=persons_for_records(args.records), seed=args.seed)
    print(f"generated {count:,} records in {time.perf_counter() - started:.1f} s ({records})")
    engine.default_model().save(model)
    print(f"the shipped model: {engine.default_model().trained_on}")

    truth = _read(truth_path, "person_id")
    results = {}
    for kind in ("sinergi",) if args.skip_generic else ("sinergi", "generic"):
        out = tmp / f"{kind}.csv"
        timing = _run(kind, records, out, model)
        predicted = _read(out, "cluster_id")
        results[kind] = (pairwise_scores(predicted, truth), bcubed(predicted, truth), timing)

    print(f"\nLinkage, {count:,} records, seed {args.seed}, {date.today()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")  # fmt: skip
    print(
        "| linker | pairwise P | pairwise R | pairwise F1 | B-cubed P | B-cubed R | B-cubed F1 | wall s | peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for kind, (pairwise, b3, timing) in results.items():
        print(f"| {kind} | {pairwise.precision:.4f} | {pairwise.recall:.4f} | {pairwise.f1:.4f} | "
              f"{b3.precision:.4f} | {b3.recall:.4f} | {b3.f1:.4f} | {timing['seconds']:.1f} | "
              f"{timing['rss'] / 2**30:.2f} GiB |")  # fmt: skip
    ours = results["sinergi"]
    f1 = ours[0].f1
    goals = [(f"pairwise F1 >= {GOAL_F1}", f"{f1:.4f}", f1 >= GOAL_F1)]
    if "generic" in results:
        margin = f1 - results["generic"][0].f1
        goals.append((f"F1 >= generic + {GOAL_MARGIN}", f"{margin:+.4f}", margin >= GOAL_MARGIN))
    goals += [
        (
            f"peak RSS <= {GOAL_RSS_GB} GB",
            f"{ours[2]['rss'] / 1e9:.2f} GB",
            ours[2]["rss"] <= GOAL_RSS_GB * 1e9,
        ),
    ]
    if count >= 900_000:
        seconds = ours[2]["seconds"]
        goals.append(
            (f"1M records <= {GOAL_SECONDS_1M:.0f} s", f"{seconds:.1f} s", seconds <= GOAL_SECONDS_1M)
        )
    for goal, value, passed in goals:
        print(f"{goal}: {value} {'PASS' if passed else 'FAIL'}")
    if args.keep:
        print(f"files kept in {tmp}")
    else:
        for path in tmp.iterdir():
            path.unlink()
        tmp.rmdir()
    return 0 if all(passed for _, _, passed in goals) else 1


if __name__ == "__main__":
    raise SystemExit(main())
