"""Dedup's story state in Redis, beside the events': each story's state, the story each event is
part of, and the candidate index of stories by the names of the entities they are much about.

Writes are queued on the pipeline of the event's own commit (store.EventStore.commit), so an
article's event and its story land in one MULTI/EXEC or not at all. Keys carry the `{dedup}` hash
tag and the generation, like the events'.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from services.dedup.bulk_ops import BulkOps
from services.dedup.stories.linking import ANCHOR_SALIENCE
from services.dedup.stories.model import StoryState, name_key

INDEX_KEEP = 2000  # per entity, the stories with the latest chapters kept as candidates

# KEYS: the story_of hash; ARGV: the story key prefix, then event ids. Returns, for each event, its
# story id and that story's state (false where there is none).
_STORIES_OF = """
local found = {}
for i = 2, #ARGV do
    local story = redis.call('HGET', KEYS[1], ARGV[i])
    found[#found + 1] = story
    found[#found + 1] = story and redis.call('GET', ARGV[1] .. story) or false
end
return found
"""


def _triples(ids: list[str], found: list) -> list[tuple[str, bytes | None, bytes | None]]:
    return [(event_id, found[2 * n], found[2 * n + 1]) for n, event_id in enumerate(ids)]


@dataclass(frozen=True)
class StoryChange:
    """What one article did to stories: stories saved (new or changed), stories that ended (their
    only event went on in another), and the story each changed event is now part of."""

    saved: list[StoryState] = field(default_factory=list)
    ended: list[StoryState] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # event id -> story id
    gone: list[str] = field(default_factory=list)  # events merged away


def _features(story: StoryState) -> list[str]:
    """Every name a chapter is much about, whatever its type: a new event's anchor may meet it
    there under another type (linking.anchored)."""
    return sorted({name_key(e) for c in story.chapters for e in c.entities if e.salience >= ANCHOR_SALIENCE})


class StoryStore:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._bulk = BulkOps(redis)
        self._stories_of = redis.register_script(_STORIES_OF)

    def _key(self, name: str) -> str:
        return self._prefix + name

    async def stories_of(self, event_ids: Iterable[str]) -> tuple[dict[str, str], list[StoryState]]:
        """The story each event is part of, and those stories' states, in one round trip."""
        ids = list(event_ids)
        if not ids:
            return {}, []
        found = await self._stories_of(keys=[self._key("story_of")], args=[self._key("story:"), *ids])
        held = {event_id: story_id.decode() for event_id, story_id, _ in _triples(ids, found) if story_id}
        states = {raw for _, story_id, raw in _triples(ids, found) if raw}
        return held, [StoryState.model_validate_json(raw) for raw in sorted(states)]

    async def load(self, story_ids: Iterable[str]) -> list[StoryState]:
        ids = list(story_ids)
        raws = await self._redis.mget([self._key(f"story:{i}") for i in ids]) if ids else []
        return [StoryState.model_validate_json(raw) for raw in raws if raw]

    async def candidates(self, names: Iterable[str], day: date, max_gap_days: int, limit: int) -> list[str]:
        """Stories much about any of these entity names (linking.anchors) whose latest chapter is
        at most `max_gap_days` before `day` (or after it), the ones sharing most names first."""
        keys = [self._key(f"sidx:{name}") for name in sorted(set(names))]
        found = await self._bulk.members_between(keys, day.toordinal() - max_gap_days, "+inf")
        hits: Counter[str] = Counter(raw.decode() for raw in found)
        return [story_id for story_id, _ in hits.most_common(limit)]

    async def ending_with(self, event_ids: set[str], event_key) -> list[StoryState]:
        """The stories of these events that have no other event left in dedup's state: retention
        lets them go with their events (`event_key` names an event's state key)."""
        _, states = await self.stories_of(sorted(event_ids))
        others = sorted({c.event_id for s in states for c in s.chapters} - event_ids)
        found = await self._redis.mget([event_key(e) for e in others]) if others else []
        alive = {event_id for event_id, raw in zip(others, found, strict=True) if raw}
        return [s for s in states if not any(c.event_id in alive for c in s.chapters)]

    def queue_forget(self, pipe: Pipeline, stories: list[StoryState]) -> None:
        for story in stories:
            pipe.delete(self._key(f"story:{story.id}"))
            for feature in _features(story):
                pipe.zrem(self._key(f"sidx:{feature}"), story.id)
            pipe.hdel(self._key("story_of"), *(c.event_id for c in story.chapters))

    async def queue(self, pipe: Pipeline, change: StoryChange) -> None:
        for story in change.ended:
            pipe.delete(self._key(f"story:{story.id}"))
            for feature in _features(story):
                pipe.zrem(self._key(f"sidx:{feature}"), story.id)
        for story in change.saved:
            pipe.set(self._key(f"story:{story.id}"), story.model_dump_json())
            latest = max(c.day for c in story.chapters).toordinal()
            keys = [self._key(f"sidx:{feature}") for feature in _features(story)]
            await self._bulk.file_under(pipe, keys, story.id, latest, INDEX_KEEP)
        if change.links:
            pipe.hset(self._key("story_of"), mapping=change.links)
        if change.gone:
            pipe.hdel(self._key("story_of"), *change.gone)
