"""The use case of dedup: place one article in an event, exactly once however often it arrives."""

from dataclasses import dataclass, replace
from datetime import datetime

from services.dedup.events import near_duplicates
from services.dedup.events.features import ArticleFeatures, features_of
from services.dedup.events.merging import merge, merge_partner
from services.dedup.events.model import (
    EventState,
    Seen,
    as_candidate,
    join_event,
    snapshot,
    start_event,
    window_day,
)
from services.dedup.events.scoring import Candidate, another_happening, best_event
from services.dedup.events.similarity import Vector, normalised, tfidf, top_terms
from services.dedup.store import Absorbed, EventStore, FirstLook, TextPrint
from services.dedup.stories.model import snapshot as story_snapshot
from services.dedup.storylines import keep_in_step
from shared.gazetteer import Gazetteer
from shared.messages import Article, EntitiesExtracted, EventSnapshot, StorySnapshot

INDEX_TERMS = 10  # strongest terms under which an event is indexed and an article looks


@dataclass(frozen=True)
class Policy:
    join_threshold: float
    window_days: int
    max_candidates: int


def article_probe(features: ArticleFeatures, vector: Vector) -> list[str]:
    # Sorted: set order changes from process to process, and candidate ties follow this order.
    return [f"ent:{k}" for k in sorted(features.entity_keys)] + [
        f"term:{t}" for t in top_terms(vector, INDEX_TERMS)
    ]


def event_index(state: EventState) -> list[str]:
    candidate = as_candidate(state)
    return [f"ent:{k}" for k in sorted(candidate.entity_keys)] + [
        f"term:{t}" for t in top_terms(normalised(state.term_sum), INDEX_TERMS)
    ]


async def find_copy(
    printed: TextPrint | None, mates: list[str], store: EventStore
) -> tuple[TextPrint | None, EventState | None]:
    """The article's text print, and the event of the story it copies, if it is a near-duplicate
    of one of `mates` (the articles sharing an LSH bucket with it)."""
    if printed is None:
        return None, None
    candidates, originals = await store.copies_among(mates)
    original = near_duplicates.copy_of(printed.signature, candidates, originals)
    event_id = await store.assigned_event(original) if original else None
    states = await store.load([event_id]) if event_id else []
    if not states:
        return printed, None
    return replace(printed, duplicate_of=original), states[0]


def text_print(article: Article) -> TextPrint | None:
    """The article's MinHash signature and LSH buckets (None for a text too short to have one)."""
    signature = near_duplicates.signature(article.text)
    return None if signature is None else TextPrint(signature, near_duplicates.bands(signature))


async def _choose(
    article: Article,
    features: ArticleFeatures,
    vector: Vector,
    printed: TextPrint | None,
    look: FirstLook,
    store: EventStore,
    policy: Policy,
) -> tuple[TextPrint | None, str | None, dict[str, EventState], list[Candidate]]:
    """The article's text print, the event it joins (None: a new one), and the candidate events
    weighed, as states and as scored (for the merge check after the join)."""
    text, copied = await find_copy(printed, look.bucket_mates, store)
    # The copied event as the candidate index sees it: an undated one on the day it arrived (a dated
    # article never meets undated events there, and its copies are held to the same).
    filed = replace(as_candidate(copied), day=window_day(copied)) if copied is not None else None
    if filed is not None and another_happening(features, filed, policy.window_days):
        # The same words years later or elsewhere (a template, a reprint) report another happening.
        text, copied = printed, None
    if copied is not None:
        # A copy goes where its story went: no scoring could do better than the text itself.
        return text, copied.id, {copied.id: copied}, []
    ids = await store.candidate_ids(
        article_probe(features, vector), features.day, policy.window_days, policy.max_candidates
    )
    states = {s.id: s for s in await store.load(ids)}
    candidates = [as_candidate(s) for s in states.values()]
    chosen, _ = best_event(features, vector, candidates, policy.join_threshold, policy.window_days)
    return text, chosen, states, candidates


@dataclass(frozen=True)
class Placement:
    """Where an article went: its event as it now stands, and the stories the change touched."""

    event: EventSnapshot
    stories: tuple[StorySnapshot, ...] = ()


async def assign(
    message: EntitiesExtracted, store: EventStore, policy: Policy, gazetteer: Gazetteer, now: datetime
) -> Placement:
    async with store.decision_lock():
        return await place(message, store, policy, gazetteer, now)


async def place(
    message: EntitiesExtracted, store: EventStore, policy: Policy, gazetteer: Gazetteer, now: datetime
) -> Placement:
    """`assign` for a caller that already holds the decision lock (one lock for a list of articles)."""
    article = message.article
    features = features_of(message, gazetteer)
    terms = list(features.term_counts)
    printed = text_print(article)
    look = await store.first_look(article.id, terms, printed.buckets if printed else [])
    if look.assigned is not None:
        # A redelivery: the decision stands; answer with the event and its story as they are now.
        (state,) = await store.load([look.assigned])
        stories = await store.stories.load([state.story_id])
        event = snapshot(state, gazetteer).model_copy(update={"story_id": state.story_id})
        return Placement(event, tuple(story_snapshot(s) for s in stories))
    vector = tfidf(features.term_counts, look.doc_freq, look.n_docs + 1)
    text, chosen, states, candidates = await _choose(article, features, vector, printed, look, store, policy)
    seen = Seen(features.place, features.lead_keys)
    if chosen is None:
        state = start_event(article, message.mentions, vector, now, message.happened_on, seen)
    else:
        state = join_event(
            states[chosen], article, message.mentions, vector, now, message.happened_on,
            duplicate_of=text.duplicate_of if text else None, seen=seen,
        )  # fmt: skip
    absorbed, gone = None, None
    if partner := merge_partner(state, candidates, policy.window_days):
        state, gone = merge(states[partner], state)  # on a tie, the event that was there first stays
        absorbed = Absorbed(gone.id, [m.id for m in gone.members], event_index(gone))
    event = snapshot(state, gazetteer)
    step = await keep_in_step(state, event, gone, store.stories, gazetteer)
    state = state.model_copy(update={"story_id": step.story_id})
    await store.commit(
        article.id, state, terms, event_index(state), window_day(state), text, absorbed, step.change
    )
    return Placement(event.model_copy(update={"story_id": step.story_id}), step.snapshots)
