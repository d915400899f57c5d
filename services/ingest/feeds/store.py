"""The feed registry in Redis, shared by ingest replicas.

Feeds are JSON records in one hash; a sorted set orders them by next poll time. A poller takes due
feeds by pushing their time forward by a lease in the same script, so two replicas never poll one
feed at once, and a poller that dies mid-poll only delays the feed by the lease. Each feed has a
set of the item GUIDs it has handed on, so an item is never taken twice.
"""

from datetime import datetime

from redis.asyncio import Redis

from services.ingest.feeds.model import Feed

_PREFIX = "eventwire:{feeds}:"
FEEDS = _PREFIX + "all"
SCHEDULE = _PREFIX + "schedule"
LEASE_S = 120

# KEYS: schedule; ARGV: now, lease end, max count. Returns the ids taken.
_TAKE_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(due) do
    redis.call('ZADD', KEYS[1], ARGV[2], id)
end
return due
"""


def _seen_key(feed_id: str) -> str:
    return f"{_PREFIX}seen:{feed_id}"


class FeedStore:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._take_due = redis.register_script(_TAKE_DUE)

    async def add(self, feed: Feed) -> bool:
        """Register a feed; False if one with this id exists already."""
        created = await self._redis.hsetnx(FEEDS, feed.id, feed.model_dump_json())
        if created:
            await self._redis.zadd(SCHEDULE, {feed.id: feed.next_poll_at.timestamp()})
        return bool(created)

    async def get(self, feed_id: str) -> Feed | None:
        raw = await self._redis.hget(FEEDS, feed_id)
        return Feed.model_validate_json(raw) if raw else None

    async def all(self) -> list[Feed]:
        feeds = [Feed.model_validate_json(raw) for raw in (await self._redis.hgetall(FEEDS)).values()]
        return sorted(feeds, key=lambda f: f.created_at)

    async def delete(self, feed_id: str) -> bool:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hdel(FEEDS, feed_id)
            pipe.zrem(SCHEDULE, feed_id)
            pipe.delete(_seen_key(feed_id))
            removed, *_ = await pipe.execute()
        return bool(removed)

    async def take_due(self, now: datetime, limit: int) -> list[str]:
        ids = await self._take_due(keys=[SCHEDULE], args=[now.timestamp(), now.timestamp() + LEASE_S, limit])
        return [i.decode() for i in ids]

    async def save(self, feed: Feed) -> None:
        """Store a poll's outcome, unless the feed was deleted meanwhile."""
        if await self._redis.hexists(FEEDS, feed.id):
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(FEEDS, feed.id, feed.model_dump_json())
                pipe.zadd(SCHEDULE, {feed.id: feed.next_poll_at.timestamp()})
                await pipe.execute()

    async def unseen(self, feed_id: str, guids: list[str]) -> list[str]:
        if not guids:
            return []
        flags = await self._redis.smismember(_seen_key(feed_id), guids)
        return [guid for guid, seen in zip(guids, flags, strict=True) if not seen]

    async def mark_seen(self, feed_id: str, guid: str) -> None:
        await self._redis.sadd(_seen_key(feed_id), guid)
