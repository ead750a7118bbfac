"""Pairwise and B-cubed scores of a linkage result (no database)."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sinergi.linkage.metrics import Scores, bcubed, pairwise_scores


def clusters(*groups: str) -> dict[str, str]:
    """``clusters("ab", "c")`` -> {"a": "0", "b": "0", "c": "1"}: one string of record ids per cluster."""
    return {record: str(i) for i, group in enumerate(groups) for record in group}


def approx(scores: Scores, precision: float, recall: float, f1: float) -> None:
    assert (scores.precision, scores.recall, scores.f1) == pytest.approx((precision, recall, f1))


# --- Hand-computed examples ----------------------------------------------------------------------------


def test_perfect_clustering_scores_one_whatever_the_labels():
    truth = clusters("abc", "de", "f")
    predicted = {"a": "x", "b": "x", "c": "x", "d": "P1", "e": "P1", "f": "0"}  # other labels, same sets
    pairwise = pairwise_scores(predicted, truth)
    approx(pairwise, 1.0, 1.0, 1.0)
    assert (pairwise.true_positives, pairwise.predicted_pairs, pairwise.true_pairs) == (4, 4, 4)
    assert (pairwise.false_positives, pairwise.false_negatives) == (0, 0)
    approx(bcubed(predicted, truth), 1.0, 1.0, 1.0)


def test_all_singletons_links_nothing():
    truth = clusters("abc", "de", "f")
    predicted = clusters("a", "b", "c", "d", "e", "f")
    pairwise = pairwise_scores(predicted, truth)
    # Nothing linked, so nothing linked wrongly: precision 1 by definition; all 4 true pairs missed.
    approx(pairwise, 1.0, 0.0, 0.0)
    assert (pairwise.predicted_pairs, pairwise.false_negatives) == (0, 4)
    # B-cubed recall: each record found only itself of its person: (3 x 1/3 + 2 x 1/2 + 1) / 6.
    approx(bcubed(predicted, truth), 1.0, 0.5, 2 / 3)


def test_all_in_one_cluster_finds_everything_and_merges_everything():
    truth = clusters("abc", "de", "f")
    predicted = clusters("abcdef")
    pairwise = pairwise_scores(predicted, truth)
    approx(pairwise, 4 / 15, 1.0, 2 * (4 / 15) / (4 / 15 + 1))
    assert (pairwise.predicted_pairs, pairwise.false_positives) == (15, 11)
    # B-cubed precision: each record's cluster is 6 records, of which its person's: (3 x 3 + 2 x 2 + 1) / 36.
    precision = 14 / 36
    approx(bcubed(predicted, truth), precision, 1.0, 2 * precision / (precision + 1))


def test_one_wrong_merge():
    truth = clusters("ab", "c", "d")
    predicted = clusters("abc", "d")
    # Linked pairs ab, ac, bc; only ab is right.
    approx(pairwise_scores(predicted, truth), 1 / 3, 1.0, 0.5)
    # Per record precision a 2/3, b 2/3, c 1/3, d 1; recall all 1.
    approx(bcubed(predicted, truth), 2 / 3, 1.0, 0.8)


def test_one_missed_link():
    truth = clusters("abc", "d")
    predicted = clusters("ab", "c", "d")
    # True pairs ab, ac, bc; only ab linked.
    approx(pairwise_scores(predicted, truth), 1.0, 1 / 3, 0.5)
    # Per record recall a 2/3, b 2/3, c 1/3, d 1.
    approx(bcubed(predicted, truth), 1.0, 2 / 3, 0.8)


def test_crossed_clusters():
    truth = clusters("abc", "de")
    predicted = clusters("ab", "cde")
    pairwise = pairwise_scores(predicted, truth)
    assert (pairwise.true_positives, pairwise.predicted_pairs, pairwise.true_pairs) == (2, 4, 4)
    approx(pairwise, 0.5, 0.5, 0.5)
    # Precision a 1, b 1, c 1/3, d 2/3, e 2/3 = 11/15; recall a 2/3, b 2/3, c 1/3, d 1, e 1 = 11/15.
    approx(bcubed(predicted, truth), 11 / 15, 11 / 15, 11 / 15)


def test_no_true_pairs():
    truth = clusters("a", "b", "c")
    approx(pairwise_scores(clusters("a", "b", "c"), truth), 1.0, 1.0, 1.0)
    # Recall stays 1 (nothing to find); the wrong merge costs precision.
    approx(pairwise_scores(clusters("ab", "c"), truth), 0.0, 1.0, 0.0)


def test_empty_input_is_perfect():
    for score in (pairwise_scores({}, {}), bcubed({}, {})):
        approx(score, 1.0, 1.0, 1.0)
        assert score.records == 0


def test_bcubed_has_no_pair_counts():
    score = bcubed(clusters("ab"), clusters("ab"))
    assert score.true_positives is score.predicted_pairs is score.true_pairs is None
    assert score.false_positives is score.false_negatives is None
    assert score.records == 2


# --- Amigó et al. (2009): the four formal constraints that B-cubed satisfies ---------------------------


def test_bcubed_cluster_homogeneity():
    # Splitting a cluster into its two categories must improve the score.
    truth = clusters("abc", "de")
    mixed = clusters("abcde")
    split = clusters("abc", "de")
    assert bcubed(split, truth).precision > bcubed(mixed, truth).precision
    assert bcubed(split, truth).f1 > bcubed(mixed, truth).f1


def test_bcubed_cluster_completeness():
    # Merging two clusters of one category must improve the score.
    truth = clusters("abcd", "e")
    apart = clusters("ab", "cd", "e")
    together = clusters("abcd", "e")
    assert bcubed(together, truth).recall > bcubed(apart, truth).recall
    assert bcubed(together, truth).f1 > bcubed(apart, truth).f1


def test_bcubed_rag_bag():
    # A clean cluster {a1..a4}, a rag bag {b, c, d, e} of four categories, and a new item f of its own
    # category: putting f in the rag bag must score better than putting it in the clean cluster.
    truth = {"a1": "A", "a2": "A", "a3": "A", "a4": "A", "b": "B", "c": "C", "d": "D", "e": "E", "f": "F"}
    into_clean = {
        "a1": "1",
        "a2": "1",
        "a3": "1",
        "a4": "1",
        "f": "1",
        "b": "2",
        "c": "2",
        "d": "2",
        "e": "2",
    }
    into_bag = {"a1": "1", "a2": "1", "a3": "1", "a4": "1", "f": "2", "b": "2", "c": "2", "d": "2", "e": "2"}
    clean, bag = bcubed(into_clean, truth), bcubed(into_bag, truth)
    assert clean.precision == pytest.approx((4 * 4 / 5 + 1 / 5 + 4 / 4) / 9)
    assert bag.precision == pytest.approx((4 + 5 / 5) / 9)
    assert bag.f1 > clean.f1


def test_bcubed_size_versus_quantity():
    # One item split off a big cluster is a smaller error than splitting n small clusters in two.
    n = 4
    big = [f"a{i}" for i in range(n + 1)]
    small = [(f"b{i}", f"c{i}") for i in range(n)]
    truth = {a: "A" for a in big} | {x: f"S{i}" for i, pair in enumerate(small) for x in pair}
    one_big_error = (
        {a: "A" for a in big[:-1]} | {big[-1]: "A2"} | {x: f"S{i}" for i, p in enumerate(small) for x in p}
    )
    many_small_errors = {a: "A" for a in big} | {x: x for pair in small for x in pair}
    assert bcubed(one_big_error, truth).f1 > bcubed(many_small_errors, truth).f1
    # Pairwise counting cannot tell them apart: both miss exactly n pairs.
    assert pairwise_scores(one_big_error, truth).false_negatives == n
    assert pairwise_scores(many_small_errors, truth).false_negatives == n


# --- The counting method equals brute force ------------------------------------------------------------


def brute_force_pairs(predicted: dict[str, str], truth: dict[str, str]) -> tuple[int, int, int]:
    tp = linked = same = 0
    for x, y in combinations(sorted(predicted), 2):
        p = predicted[x] == predicted[y]
        t = truth[x] == truth[y]
        linked += p
        same += t
        tp += p and t
    return tp, linked, same


def brute_force_bcubed(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    precision = recall = 0.0
    for record in predicted:
        cluster = {r for r in predicted if predicted[r] == predicted[record]}
        person = {r for r in truth if truth[r] == truth[record]}
        precision += len(cluster & person) / len(cluster)
        recall += len(cluster & person) / len(person)
    return precision / len(predicted), recall / len(predicted)


labelled = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=0, max_size=30)


@given(labelled)
def test_pair_counts_equal_brute_force(labels):
    predicted = {f"r{i}": f"c{p}" for i, (p, _) in enumerate(labels)}
    truth = {f"r{i}": f"c{t}" for i, (_, t) in enumerate(labels)}  # same label space on purpose
    score = pairwise_scores(predicted, truth)
    tp, linked, same = brute_force_pairs(predicted, truth)
    assert (score.true_positives, score.predicted_pairs, score.true_pairs) == (tp, linked, same)
    assert score.precision == pytest.approx(tp / linked if linked else 1.0)
    assert score.recall == pytest.approx(tp / same if same else 1.0)
    assert 0.0 <= score.f1 <= 1.0


@given(labelled.filter(bool))
def test_bcubed_equals_brute_force(labels):
    predicted = {f"r{i}": str(p) for i, (p, _) in enumerate(labels)}
    truth = {f"r{i}": str(t) for i, (_, t) in enumerate(labels)}
    precision, recall = brute_force_bcubed(predicted, truth)
    score = bcubed(predicted, truth)
    assert (score.precision, score.recall) == pytest.approx((precision, recall))
    # Swapping the roles swaps precision and recall.
    swapped = bcubed(truth, predicted)
    assert (swapped.precision, swapped.recall) == pytest.approx((recall, precision))


# --- Mismatched ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [pairwise_scores, bcubed])
def test_ids_must_match(score):
    truth = clusters("ab", "c")
    with pytest.raises(ValueError, match="only in predicted"):
        score(clusters("ab", "cd"), truth)
    with pytest.raises(ValueError, match="only in truth"):
        score(clusters("ab"), truth)
    with pytest.raises(ValueError, match="only in predicted.*only in truth"):
        score(clusters("ab", "x"), truth)
