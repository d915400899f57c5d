"""Dedup's state in Redis, shared by all dedup replicas.

Holds each event's state, which event each article joined, document frequencies for TF-IDF, and
the candidate index: for every entity key and top term, the events that have it, scored by the
event's day so a time window is one range query; and for near-duplicates, each text's MinHash
signature, its LSH buckets, and which first copy each copy repeats. Decisions are serialised by one lock (online
clustering is a sequence: each article must see the events made before it), and every write for
one article lands in one MULTI/EXEC, so a crash leaves either all of it or none. Each generation
(see shared/generation.py) has its own keys. All keys carry the `{dedup}` hash tag so transactions
stay legal on Redis Cluster.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from redis.asyncio import Redis
from redis.asyncio.lock import Lock

from services.dedup.bulk_ops import BulkOps
from services.dedup.events.model import EventState, publication_day
from services.dedup.events.near_duplicates import bands
from services.dedup.stories.model import StoryState
from services.dedup.story_store import StoryChange, StoryStore

LOCK = "eventwire:{dedup}:lock"


def index_score(day: date, state: EventState) -> float:
    """The event's day, and within the day the moment it was first seen: events of one day then
    have a fixed order (ids are random), so "the most recent" and ties between candidates come out
    the same on every run of the same articles."""
    midnight = state.first_seen.replace(hour=0, minute=0, second=0, microsecond=0)
    return day.toordinal() + (state.first_seen - midnight).total_seconds() / 86_401


@dataclass(frozen=True)
class Absorbed:
    """An event merged into another: what must move or go with it."""

    event_id: str
    article_ids: list[str]
    features: list[str]  # the index entries it was filed under


@dataclass(frozen=True)
class TextPrint:
    """What dedup files about an article's text for finding its copies later."""

    signature: bytes
    buckets: list[str]
    duplicate_of: str | None = None


@dataclass(frozen=True)
class FirstLook:
    assigned: str | None
    doc_freq: dict[str, int]
    n_docs: int
    bucket_mates: list[str]


INDEX_KEEP = 2000  # per index key, the most recent events kept as candidates
UNDATED_RECENT = 200  # candidates per key for an article with no date of its own


class EventStore:
    def __init__(self, redis: Redis, lock_timeout_s: float = 30.0, generation: int = 0) -> None:
        self._redis = redis
        self._lock_timeout_s = lock_timeout_s
        self.generation = generation
        self._prefix = f"eventwire:{{dedup}}:g{generation}:"
        self._bulk = BulkOps(redis)
        self.stories = StoryStore(redis, self._prefix)

    def in_generation(self, generation: int) -> "EventStore":
        return (
            self
            if generation == self.generation
            else EventStore(self._redis, self._lock_timeout_s, generation)
        )

    def _key(self, name: str) -> str:
        return self._prefix + name

    def decision_lock(self) -> Lock:
        # Expires on its own if the holder dies mid-decision, so a killed replica never wedges dedup.
        return self._redis.lock(LOCK, timeout=self._lock_timeout_s, blocking_timeout=2 * self._lock_timeout_s)

    async def assigned_event(self, article_id: str) -> str | None:
        value = await self._redis.hget(self._key("assigned"), article_id)
        return value.decode() if value else None

    async def load(self, event_ids: list[str]) -> list[EventState]:
        if not event_ids:
            return []
        raws = await self._redis.mget([self._key(f"event:{i}") for i in event_ids])
        return [EventState.model_validate_json(raw) for raw in raws if raw]

    async def candidate_ids(
        self, features: Iterable[str], day: date | None, window_days: int, limit: int
    ) -> list[str]:
        keys = [self._key(f"idx:{feature}") for feature in features]
        if day is None:
            found = await self._bulk.most_shared_recent(keys, UNDATED_RECENT, limit)
        else:
            low, high = day.toordinal() - window_days, day.toordinal() + window_days + 1
            found = await self._bulk.most_shared_between(keys, low, f"({high}", limit)
        return [raw.decode() for raw in found]

    async def add_document_frequencies(self, frequencies: Counter[str], documents: int) -> None:
        """Counts `documents` articles with these terms without placing them (the scale bench)."""
        items = list(frequencies.items())
        for start in range(0, len(items), 10_000):
            async with self._redis.pipeline(transaction=False) as pipe:
                for term, count in items[start : start + 10_000]:
                    pipe.hincrby(self._key("df"), term, count)
                await pipe.execute()
        await self._redis.incrby(self._key("docs"), documents)

    async def events_held(self) -> int:
        """How many events dedup's state holds (retention lets the old ones go)."""
        return await self._redis.zcard(self._key("dated")) + await self._redis.zcard(self._key("undated"))

    async def aged_events(self, kind: str, retention_days: int, skip: int, limit: int) -> list[str]:
        """Events of `kind` ("dated": by publication day; "undated": by arrival) more than
        `retention_days` older than the newest of that kind, oldest first, past the first `skip`.
        Measured against the data, not the clock, so replaying an old archive does not age out
        what it is rebuilding."""
        newest = await self._redis.zrange(self._key(kind), -1, -1, withscores=True)
        if not newest:
            return []
        cutoff = newest[0][1] - retention_days
        found = await self._redis.zrangebyscore(self._key(kind), "-inf", f"({cutoff}", start=skip, num=limit)
        return [raw.decode() for raw in found]

    async def forget(
        self, event_ids: list[str], states: list[EventState], features: dict[str, list[str]]
    ) -> None:
        """Removes events (`states`, loaded from `event_ids`) and everything filed for their
        articles: their decisions, index entries, text signatures and LSH bucket entries; and the
        stories left with no event. All or nothing."""
        members = [m.id for s in states for m in s.members]
        signatures = await self._redis.hmget(self._key("signature"), members) if members else []
        stories = await self._stories_ending_with(states, set(event_ids))
        async with self._redis.pipeline(transaction=True) as pipe:
            self.stories.queue_forget(pipe, stories)
            for event_id in event_ids:  # an id whose state is already gone leaves the age lists too
                pipe.delete(self._key(f"event:{event_id}"))
                pipe.zrem(self._key("dated"), event_id)
                pipe.zrem(self._key("undated"), event_id)
            for state in states:
                for feature in features[state.id]:
                    pipe.zrem(self._key(f"idx:{feature}"), state.id)
            for member, signature in zip(members, signatures, strict=True):
                for bucket in bands(signature) if signature else ():
                    pipe.srem(self._key(f"lsh:{bucket}"), member)
            if members:
                for name in ("assigned", "signature", "copy_of"):
                    pipe.hdel(self._key(name), *members)
            await pipe.execute()

    async def _stories_ending_with(self, states: list[EventState], leaving: set[str]) -> list[StoryState]:
        """The stories of these events that keep no other event in dedup's state: retention lets
        them go with their events."""
        stories = await self.stories.load(s.story_id for s in states)
        others = sorted({c.event_id for s in stories for c in s.chapters} - leaving)
        found = await self._redis.mget([self._key(f"event:{e}") for e in others]) if others else []
        alive = {event_id for event_id, raw in zip(others, found, strict=True) if raw}
        return [s for s in stories if not any(c.event_id in alive for c in s.chapters)]

    async def first_look(self, article_id: str, terms: list[str], buckets: list[str]) -> FirstLook:
        """Everything read about an article before weighing it, in one round trip: the event it
        already joined (a redelivery), its terms' document frequencies, and the articles sharing
        an LSH bucket with it."""
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hget(self._key("assigned"), article_id)
            pipe.get(self._key("docs"))
            if terms:
                pipe.hmget(self._key("df"), terms)
            if buckets:
                # By name, SUNION is refused in a cluster pipeline; its keys share dedup's slot.
                pipe.execute_command("SUNION", *(self._key(f"lsh:{bucket}") for bucket in buckets))
            assigned, total, *rest = await pipe.execute()
        counts = rest.pop(0) if terms else []
        mates = rest.pop(0) if buckets else set()
        return FirstLook(
            assigned=assigned.decode() if assigned else None,
            doc_freq={t: int(c) for t, c in zip(terms, counts, strict=True) if c},
            n_docs=int(total or 0),
            bucket_mates=sorted({raw.decode() for raw in mates} - {article_id}),
        )

    async def copies_among(self, ids: list[str]) -> tuple[dict[str, bytes], dict[str, str]]:
        """These articles' text signatures, and the first copy each of them was itself found to
        repeat."""
        if not ids:
            return {}, {}
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.hmget(self._key("signature"), ids)
            pipe.hmget(self._key("copy_of"), ids)
            signatures, originals = await pipe.execute()
        return (
            {i: s for i, s in zip(ids, signatures, strict=True) if s},
            {i: o.decode() for i, o in zip(ids, originals, strict=True) if o},
        )

    async def commit(
        self,
        article_id: str,
        state: EventState,
        article_terms: Iterable[str],
        features: Iterable[str],
        day: date,
        text: TextPrint | None = None,
        absorbed: Absorbed | None = None,
        stories: StoryChange | None = None,
    ) -> None:
        """Record the article's decision and the event's new state, all or nothing; with the text's
        signature filed under its LSH buckets, and the first copy it repeats; when the event
        absorbed another, that event's articles moved over and its index entries dropped; and what
        the change did to stories."""
        async with self._redis.pipeline(transaction=True) as pipe:
            if stories is not None:
                await self.stories.queue(pipe, stories)
            if absorbed is not None:
                pipe.delete(self._key(f"event:{absorbed.event_id}"))
                pipe.zrem(self._key("dated"), absorbed.event_id)
                pipe.zrem(self._key("undated"), absorbed.event_id)
                for member in absorbed.article_ids:
                    pipe.hset(self._key("assigned"), member, state.id)
                for feature in absorbed.features:
                    pipe.zrem(self._key(f"idx:{feature}"), absorbed.event_id)
            if text is not None:
                pipe.hset(self._key("signature"), article_id, text.signature)
                await self._bulk.add_to_sets(pipe, [self._key(f"lsh:{b}") for b in text.buckets], article_id)
                if text.duplicate_of:
                    pipe.hset(self._key("copy_of"), article_id, text.duplicate_of)
            await self._bulk.count_fields(pipe, self._key("df"), sorted(set(article_terms)))
            pipe.incr(self._key("docs"))
            pipe.set(self._key(f"event:{state.id}"), state.model_dump_json())
            pipe.hset(self._key("assigned"), article_id, state.id)
            # Events by age, for retention: dated ones by publication day, the others by arrival.
            dated = publication_day(state) is not None
            pipe.zadd(self._key("dated" if dated else "undated"), {state.id: day.toordinal()})
            pipe.zrem(self._key("undated" if dated else "dated"), state.id)
            keys = [self._key(f"idx:{feature}") for feature in features]
            await self._bulk.file_under(pipe, keys, state.id, index_score(day, state), INDEX_KEEP)
            await pipe.execute()
