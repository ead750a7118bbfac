"""Scores of a record-linkage result against the truth: pairwise precision/recall/F1 and B-cubed.

Both functions take two mappings, record id -> cluster id: the linker's clusters (``predicted``) and the true
persons (``truth``). Cluster ids are opaque labels; only which records share one matters.

Pairwise scores count pairs of records placed in one cluster. They are computed from cluster sizes, never by
enumerating pairs, because one cluster of a common name can hold thousands of records and a million-record
benchmark has billions of candidate pairs:

* true positives = sum over (predicted cluster, true cluster) of C(n, 2), n the records they share;
* predicted pairs = sum over predicted clusters of C(size, 2); true pairs likewise over true clusters.

B-cubed (Bagga and Baldwin 1998; recommended by Amigó et al. 2009 because it alone satisfies their four
formal constraints) scores each record: precision is the share of its predicted cluster that is truly the
same person, recall the share of its true person's records that it was clustered with; both are averaged
over records. Per (predicted, true) intersection of n records, those n records each contribute n / |cluster|,
so this is O(records) as well.

Edge cases, defined so that an empty side is neither rewarded nor punished beyond what it deserves:

* No predicted pairs: pairwise precision is 1.0 (no wrong link was made); recall is then 0.0 if true pairs
  exist. No true pairs: pairwise recall is 1.0 (nothing to find). F1 is 0.0 when precision + recall is 0.
* No records at all: every score is 1.0 (nothing was done wrong), with zero counts.
* A record id in one mapping and not the other is a caller error (:class:`ValueError`): silently scoring the
  intersection would hide a linker that dropped records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Scores", "bcubed", "pairwise_scores"]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 (harmonic mean), all in [0, 1].

    ``records`` is the number of records scored. The pair counts are set by :func:`pairwise_scores` only
    (``None`` for B-cubed, which does not count pairs): ``true_positives`` pairs linked and truly one person,
    ``predicted_pairs`` all linked pairs, ``true_pairs`` all pairs that are one person.
    """

    precision: float
    recall: float
    f1: float
    records: int = 0
    true_positives: int | None = None
    predicted_pairs: int | None = None
    true_pairs: int | None = None

    @property
    def false_positives(self) -> int | None:
        """Linked pairs that are two persons (wrong merges), or ``None`` for B-cubed."""
        if self.predicted_pairs is None or self.true_positives is None:
            return None
        return self.predicted_pairs - self.true_positives

    @property
    def false_negatives(self) -> int | None:
        """Pairs of one person left unlinked (missed links), or ``None`` for B-cubed."""
        if self.true_pairs is None or self.true_positives is None:
            return None
        return self.true_pairs - self.true_positives


def pairwise_scores(predicted: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Pairwise precision, recall and F1 of ``predicted`` clusters against ``truth`` (see the module doc)."""
    _check_same_ids(predicted, truth)
    true_positives = _pairs(Counter(zip(predicted.values(), (truth[r] for r in predicted), strict=True)))
    predicted_pairs = _pairs(Counter(predicted.values()))
    true_pairs = _pairs(Counter(truth.values()))
    precision = true_positives / predicted_pairs if predicted_pairs else 1.0
    recall = true_positives / true_pairs if true_pairs else 1.0
    return Scores(
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        records=len(predicted),
        true_positives=true_positives,
        predicted_pairs=predicted_pairs,
        true_pairs=true_pairs,
    )


def bcubed(predicted: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """B-cubed precision, recall and F1 of ``predicted`` clusters against ``truth`` (see the module doc)."""
    _check_same_ids(predicted, truth)
    if not predicted:
        return Scores(precision=1.0, recall=1.0, f1=1.0, records=0)
    predicted_sizes = Counter(predicted.values())
    true_sizes = Counter(truth.values())
    shared = Counter(zip(predicted.values(), (truth[r] for r in predicted), strict=True))
    precision_sum = 0.0
    recall_sum = 0.0
    for (cluster, person), n in shared.items():
        precision_sum += n * n / predicted_sizes[cluster]
        recall_sum += n * n / true_sizes[person]
    records = len(predicted)
    precision = precision_sum / records
    recall = recall_sum / records
    return Scores(precision=precision, recall=recall, f1=_f1(precision, recall), records=records)


def _pairs(sizes: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _check_same_ids(predicted: Mapping[str, str], truth: Mapping[str, str]) -> None:
    if len(predicted) == len(truth) and all(record in truth for record in predicted):
        return
    only_predicted = sorted(set(predicted) - set(truth))
    only_truth = sorted(set(truth) - set(predicted))
    parts = []
    if only_predicted:
        parts.append(f"{len(only_predicted)} only in predicted (e.g. {', '.join(only_predicted[:5])})")
    if only_truth:
        parts.append(f"{len(only_truth)} only in truth (e.g. {', '.join(only_truth[:5])})")
    raise ValueError("predicted and truth must cover the same record ids: " + "; ".join(parts))
