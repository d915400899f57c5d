"""Sparse TF-IDF vectors, cosine similarity and event centroids, on plain dicts.

The vocabulary and document frequencies grow as articles arrive, which a fitted vectorizer
(scikit-learn's TfidfVectorizer) cannot do without refitting; with sparse dicts the online update
is a few lines.
"""

import math
from collections import Counter
from collections.abc import Mapping

Vector = dict[str, float]
CENTROID_TERMS = 300  # an event keeps its strongest terms; the tail adds noise and memory


def tfidf(term_counts: Counter[str], doc_freq: Mapping[str, int], n_docs: int) -> Vector:
    weights = {
        term: (1.0 + math.log(count)) * math.log((1 + n_docs) / (1 + doc_freq.get(term, 0)) + 1.0)
        for term, count in term_counts.items()
    }
    return normalised(weights)


def normalised(vector: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two vectors; both are taken to be normalised already."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def add_vectors(total: Mapping[str, float], vector: Mapping[str, float]) -> Vector:
    """The running sum of an event's article vectors, plus one; normalised, it is the centroid."""
    summed = dict(total)
    for term, weight in vector.items():
        summed[term] = summed.get(term, 0.0) + weight
    return dict(sorted(summed.items(), key=lambda kv: kv[1], reverse=True)[:CENTROID_TERMS])


def top_terms(vector: Mapping[str, float], k: int) -> list[str]:
    return [t for t, _ in sorted(vector.items(), key=lambda kv: kv[1], reverse=True)[:k]]
