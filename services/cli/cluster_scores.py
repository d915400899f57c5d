"""Scores of a clustering against gold clusters: BCubed and pairwise precision, recall and F1.

BCubed looks at each item: precision is the share of its predicted cluster that belongs with it in
gold, recall the share of its gold cluster that it was placed with; both are averaged over items.
Pairwise counts pairs of items placed together and pairs that belong together.
"""

from collections import Counter
from collections.abc import Hashable, Mapping


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _scores(precision: float, recall: float) -> dict[str, float]:
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(_f1(precision, recall), 4),
    }


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """`predicted` and `gold` map the same items to their cluster labels."""
    items = list(gold)
    if not items:
        return _scores(0.0, 0.0)
    together = Counter((predicted[i], gold[i]) for i in items)
    predicted_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    precision = sum(together[predicted[i], gold[i]] / predicted_size[predicted[i]] for i in items)
    recall = sum(together[predicted[i], gold[i]] / gold_size[gold[i]] for i in items)
    return _scores(precision / len(items), recall / len(items))


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def pairwise(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    items = list(gold)
    both = sum(_pairs(n) for n in Counter((predicted[i], gold[i]) for i in items).values())
    placed = sum(_pairs(n) for n in Counter(predicted[i] for i in items).values())
    belong = sum(_pairs(n) for n in Counter(gold[i] for i in items).values())
    # No pairs on a side means nothing could be wrong on that side.
    return _scores(both / placed if placed else 1.0, both / belong if belong else 1.0)
