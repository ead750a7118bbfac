"""The Spark backend of ``sinergi link``: the same saved model gives the same clusters as DuckDB.

Spark runs in local mode (Java 17 and pyspark are installed by ``make test``); its session takes ~10 s to
start, so everything Spark does here happens in one module-scoped run."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from sinergi.linkage import engine, synthetic

from .linkage_model import saved_model
from .test_cli_link import run

JARO_WINKLER_FEATURES = {"mw_name", "mw_tempat", "mw_alamat"}


def test_spark_sql_quotes_identifiers_and_renames_jaro_winkler():
    condition = 'jaro_winkler_similarity("alamat_l", "alamat_r") >= 0.9 AND "src_l" = \'DTKS\''
    assert engine.spark_sql(condition) == "jaro_winkler(`alamat_l`, `alamat_r`) >= 0.9 AND `src_l` = 'DTKS'"


def test_every_model_condition_has_a_spark_form_without_double_quotes():
    for comparison in engine.comparisons():
        for level in comparison["comparison_levels"]:
            assert '"' not in engine.spark_sql(level["sql_condition"])


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A generated kabupaten of 300 people (about 500 records over five lists) with twins, namesakes,
    damaged NIKs and heaped dates, written as the CLI's input."""
    directory = tmp_path_factory.mktemp("spark")
    generated = synthetic.generate(persons=300, seed=11)
    path = directory / "in.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(synthetic.COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(generated.records)
    yield directory, path, saved_model(directory)
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:  # the JVM holds ~1 GB; the rest of the suite does not need it
        session.stop()


def test_saved_model_gives_identical_clusters_on_duckdb_and_spark(sample):
    directory, source, model = sample
    on_duckdb, on_spark = directory / "duckdb.csv", directory / "spark.csv"
    assert run(str(source), "--out", str(on_duckdb), "--model", str(model)) == 0
    assert run(str(source), "--out", str(on_spark), "--model", str(model), "--backend", "spark") == 0
    assert on_spark.read_bytes() == on_duckdb.read_bytes()
    with open(on_duckdb, encoding="utf-8") as fh:
        clusters = {row["cluster_id"] for row in csv.DictReader(fh)}
    records = len(source.read_text(encoding="utf-8").splitlines()) - 1
    assert 1 < len(clusters) < records  # a real clustering, not everyone alone or one blob


def test_both_backends_compare_the_same_pairs_and_differ_only_in_jaro_winkler_levels(sample):
    _, source, model_path = sample
    model = engine.Model.load(model_path)
    prepared = engine.read_records(source)
    names = engine._feature_names()[:-1]

    def vectors(backend):
        table = engine._comparison_vectors(prepared, model.splink, lambda _m: None, backend)
        return {(row["unique_id_l"], row["unique_id_r"]): row for row in table.to_pylist()}

    duck, spark = vectors("duckdb"), vectors("spark")
    assert duck.keys() == spark.keys()
    assert len(duck) > len(prepared)
    differing = {name for pair in duck for name in names if duck[pair][name] != spark[pair][name]}
    assert differing <= JARO_WINKLER_FEATURES


def test_spark_without_pyspark_exits_2_with_a_plain_message(tmp_path, capsys, monkeypatch):
    from .test_cli_link import sample_file

    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import fails as if pyspark were not installed
    source = sample_file(tmp_path / "in.csv")
    model = saved_model(tmp_path)
    assert (
        run(str(source), "--out", str(tmp_path / "o.csv"), "--model", str(model), "--backend", "spark") == 2
    )
    assert "pyspark" in capsys.readouterr().err
    assert not Path(tmp_path / "o.csv").exists()


def test_review_evidence_is_the_same_on_both_backends_apart_from_jaro_winkler_levels(sample):
    _, source, model_path = sample
    model = engine.Model.load(model_path)
    with open(source, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    def evidence(backend):
        result = engine.link_for_review(rows, model, at_least=0.0, backend=backend)
        return {(p.left, p.right): {e.comparison: e.level for e in p.evidence} for p in result.pairs}

    duck, spark = evidence("duckdb"), evidence("spark")
    assert duck.keys() == spark.keys() and len(duck) > len(rows)
    differing = {name for pair in duck for name in duck[pair] if duck[pair][name] != spark[pair][name]}
    assert differing <= {name.removeprefix("mw_") for name in JARO_WINKLER_FEATURES}
    assert any(levels["nik"] == "missing" for levels in duck.values())
