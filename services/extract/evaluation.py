"""Scores predicted entity spans against gold spans: exact start, end and label, as CoNLL does."""

from collections import Counter
from collections.abc import Iterable

Span = tuple[int, int, str]  # start, end (exclusive), label


def _ratios(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": tp + fn,
    }


def score(documents: Iterable[tuple[set[Span], set[Span]]]) -> dict:
    """`documents` are (gold, predicted) span sets. Per label and overall (micro) P, R, F1."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    count = 0
    for gold, predicted in documents:
        count += 1
        for span in predicted & gold:
            tp[span[2]] += 1
        for span in predicted - gold:
            fp[span[2]] += 1
        for span in gold - predicted:
            fn[span[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    return {
        "documents": count,
        "labels": {label: _ratios(tp[label], fp[label], fn[label]) for label in labels},
        "overall": _ratios(sum(tp.values()), sum(fp.values()), sum(fn.values())),
    }
