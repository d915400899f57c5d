"""The use case of dedup: place one article in an event, exactly once however often it arrives."""

from dataclasses import dataclass
from datetime import datetime

from services.dedup.clustering import best_event
from services.dedup.events import (
    EventState,
    as_candidate,
    join_event,
    snapshot,
    start_event,
    window_day,
)
from services.dedup.features import ArticleFeatures, features_of
from services.dedup.similarity import Vector, normalised, tfidf, top_terms
from services.dedup.store import EventStore
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted, EventSnapshot

INDEX_TERMS = 10  # strongest terms under which an event is indexed and an article looks


@dataclass(frozen=True)
class Policy:
    join_threshold: float
    window_days: int
    max_candidates: int


def article_probe(features: ArticleFeatures, vector: Vector) -> list[str]:
    return [f"ent:{k}" for k in features.entity_keys] + [f"term:{t}" for t in top_terms(vector, INDEX_TERMS)]


def event_index(state: EventState) -> list[str]:
    candidate = as_candidate(state)
    return [f"ent:{k}" for k in candidate.entity_keys] + [
        f"term:{t}" for t in top_terms(normalised(state.term_sum), INDEX_TERMS)
    ]


async def assign(
    message: EntitiesExtracted, store: EventStore, policy: Policy, gazetteer: Gazetteer, now: datetime
) -> EventSnapshot:
    article = message.article
    async with store.decision_lock():
        already = await store.assigned_event(article.id)
        if already is not None:
            # A redelivery: the decision stands; answer with the event as it is now.
            (state,) = await store.load([already])
            return snapshot(state, gazetteer)
        features = features_of(message)
        terms = list(features.term_counts)
        doc_freq, n_docs = await store.doc_freq(terms)
        vector = tfidf(features.term_counts, doc_freq, n_docs + 1)
        ids = await store.candidate_ids(
            article_probe(features, vector), features.day, policy.window_days, policy.max_candidates
        )
        states = {s.id: s for s in await store.load(ids)}
        chosen, _ = best_event(
            features,
            vector,
            [as_candidate(s) for s in states.values()],
            policy.join_threshold,
            policy.window_days,
        )
        if chosen is None:
            state = start_event(article, message.mentions, vector, now, message.happened_on)
        else:
            state = join_event(states[chosen], article, message.mentions, vector, now, message.happened_on)
        await store.commit(article.id, state, terms, event_index(state), window_day(state))
    return snapshot(state, gazetteer)
