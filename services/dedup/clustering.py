"""The online decision: which existing event, if any, an article belongs to.

Score = CONTENT_WEIGHT * cosine(article TF-IDF, event centroid)
      + ENTITY_WEIGHT * (share of the article's entity keys that the event has seen).
Two dated things further apart than the time window never meet, whatever their words: the same
leader visiting the same capital five years later is another event. Undated articles are judged by
content and entities alone. The best candidate at or above the threshold wins; otherwise the
article starts a new event.
"""

from dataclasses import dataclass
from datetime import date

from services.dedup.features import ArticleFeatures
from services.dedup.similarity import Vector, cosine

CONTENT_WEIGHT = 0.7
ENTITY_WEIGHT = 0.3


@dataclass(frozen=True)
class Candidate:
    event_id: str
    centroid: Vector
    entity_keys: frozenset[str]
    day: date | None


def within_window(a: date | None, b: date | None, window_days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= window_days


def entity_overlap(article_keys: frozenset[str], event_keys: frozenset[str]) -> float:
    if not article_keys:
        return 0.0
    return len(article_keys & event_keys) / len(article_keys)


def score(article: ArticleFeatures, vector: Vector, candidate: Candidate) -> float:
    return CONTENT_WEIGHT * cosine(vector, candidate.centroid) + ENTITY_WEIGHT * entity_overlap(
        article.entity_keys, candidate.entity_keys
    )


def best_event(
    article: ArticleFeatures,
    vector: Vector,
    candidates: list[Candidate],
    threshold: float,
    window_days: int,
) -> tuple[str | None, float]:
    """The event the article joins (None for a new one) and the winning score."""
    best_id, best_score = None, 0.0
    for candidate in candidates:
        if not within_window(article.day, candidate.day, window_days):
            continue
        value = score(article, vector, candidate)
        if value > best_score:
            best_id, best_score = candidate.event_id, value
    return (best_id, best_score) if best_score >= threshold else (None, best_score)
