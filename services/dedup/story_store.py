"""Dedup's story state in Redis, beside the events': each story's state, and the candidate index
of stories by the names of the entities they are much about. Which story an event is part of is
kept in the event's own state (`EventState.story_id`).

Writes are queued on the pipeline of the event's own commit (store.EventStore.commit), so an
article's event and its story land in one MULTI/EXEC or not at all. Reads take one round trip:
the stories of the events at hand, or the candidates for a new event with their states. Keys carry
the `{dedup}` hash tag and the generation, like the events'.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from services.dedup.bulk_ops import BulkOps
from services.dedup.stories.linking import ANCHOR_SALIENCE
from services.dedup.stories.model import StoryHead, StoryState, name_key

INDEX_KEEP = 2000  # per entity, the stories with the latest chapters kept as candidates

# KEYS: the index keys of the names; ARGV: the story head key prefix, the lowest latest day, how
# many. Returns the heads of the stories filed under most of the keys at or after that day.
_CANDIDATES = """
local hits, order = {}, {}
for _, key in ipairs(KEYS) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, ARGV[2], '+inf')) do
    if not hits[id] then hits[id] = 0; order[#order + 1] = id end
    hits[id] = hits[id] + 1
  end
end
table.sort(order, function(a, b) if hits[a] ~= hits[b] then return hits[a] > hits[b] end return a < b end)
local found = {}
for i = 1, math.min(#order, tonumber(ARGV[3])) do
  local state = redis.call('GET', ARGV[1] .. order[i])
  if state then found[#found + 1] = state end
end
return found
"""


@dataclass(frozen=True)
class StoryChange:
    """What one article did to stories: stories saved (new or changed, each with its head), and
    stories that ended (their only event went on in another, or merged into one)."""

    saved: list[tuple[StoryState, StoryHead]] = field(default_factory=list)
    ended: list[StoryState] = field(default_factory=list)


def _features(story: StoryState) -> list[str]:
    """Every name a chapter is much about, whatever its type: a new event's anchor may meet it
    there under another type (linking.anchored)."""
    return sorted({name_key(e) for c in story.chapters for e in c.entities if e.salience >= ANCHOR_SALIENCE})


class StoryStore:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix
        self._bulk = BulkOps(redis)
        self._candidates = redis.register_script(_CANDIDATES)

    def _key(self, name: str) -> str:
        return self._prefix + name

    async def load(self, story_ids: Iterable[str | None]) -> list[StoryState]:
        ids = sorted({i for i in story_ids if i})
        raws = await self._redis.mget([self._key(f"story:{i}") for i in ids]) if ids else []
        return [StoryState.model_validate_json(raw) for raw in raws if raw]

    async def candidates(
        self, names: Iterable[str], day: date, max_gap_days: int, limit: int
    ) -> list[StoryHead]:
        """The heads of the stories much about any of these entity names (linking.anchors) whose
        latest chapter is at most `max_gap_days` before `day` (or after it), the ones sharing most
        names first."""
        keys = [self._key(f"sidx:{name}") for name in sorted(set(names))]
        if not keys:
            return []
        args = [self._key("shead:"), day.toordinal() - max_gap_days, limit]
        return [StoryHead.model_validate_json(raw) for raw in await self._candidates(keys=keys, args=args)]

    def queue_forget(self, pipe: Pipeline, stories: list[StoryState]) -> None:
        for story in stories:
            pipe.delete(self._key(f"story:{story.id}"), self._key(f"shead:{story.id}"))
            for feature in _features(story):
                pipe.zrem(self._key(f"sidx:{feature}"), story.id)

    async def queue(self, pipe: Pipeline, change: StoryChange) -> None:
        self.queue_forget(pipe, change.ended)
        for story, head in change.saved:
            pipe.set(self._key(f"story:{story.id}"), story.model_dump_json())
            pipe.set(self._key(f"shead:{story.id}"), head.model_dump_json())
            latest = max(c.day for c in story.chapters).toordinal()
            keys = [self._key(f"sidx:{feature}") for feature in _features(story)]
            await self._bulk.file_under(pipe, keys, story.id, latest, INDEX_KEEP)
