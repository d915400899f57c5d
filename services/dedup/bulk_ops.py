"""Redis commands applied to many keys (or fields) in one call and one reply.

Placing an article touches some 40 document-frequency counters, 25 LSH buckets and 20 index keys.
Sent one command each, that was about 170 commands an article, and packing and parsing their
replies in redis-py cost dedup more CPU than the clustering itself (measured: 9.3 ms an article in
all, 6 of them in the Redis client). Each script here does one command's work across many keys.
Every key carries dedup's hash tag, so the scripts stay legal on Redis Cluster, and they run inside
the placement's MULTI like any other command (shared/redis_clients.queue_script).
"""

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.redis_clients import queue_script

_COUNT_FIELDS = """
for _, field in ipairs(ARGV) do redis.call('HINCRBY', KEYS[1], field, 1) end
return #ARGV
"""

_ADD_TO_SETS = """
for _, key in ipairs(KEYS) do redis.call('SADD', key, ARGV[1]) end
return #KEYS
"""

# ARGV: member, score, how many of the highest scores each key keeps.
_FILE_UNDER = """
local keep = tonumber(ARGV[3])
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, ARGV[2], ARGV[1])
  redis.call('ZREMRANGEBYRANK', key, 0, -keep - 1)
end
return #KEYS
"""

# ARGV: 'recent', n (the n highest of each key) or 'between', low, high (a score range).
# Returns the members of every key one after another, repeats included: the caller counts them.
_MEMBERS_OF_ALL = """
local found = {}
for _, key in ipairs(KEYS) do
  local ids
  if ARGV[1] == 'recent' then
    ids = redis.call('ZREVRANGE', key, 0, tonumber(ARGV[2]) - 1)
  else
    ids = redis.call('ZRANGEBYSCORE', key, ARGV[2], ARGV[3])
  end
  for _, id in ipairs(ids) do found[#found + 1] = id end
end
return found
"""


class BulkOps:
    def __init__(self, redis: Redis) -> None:
        self._count_fields = redis.register_script(_COUNT_FIELDS)
        self._add_to_sets = redis.register_script(_ADD_TO_SETS)
        self._file_under = redis.register_script(_FILE_UNDER)
        self._members_of_all = redis.register_script(_MEMBERS_OF_ALL)

    # Queued on a pipeline: awaiting only queues the call; the pipeline's execute runs it.
    async def count_fields(self, pipe: Pipeline, key: str, fields: list[str]) -> None:
        """Adds one to each field of the hash `key`."""
        if fields:
            await queue_script(pipe, self._count_fields, [key], fields)

    async def add_to_sets(self, pipe: Pipeline, keys: list[str], member: str) -> None:
        if keys:
            await queue_script(pipe, self._add_to_sets, keys, [member])

    async def file_under(self, pipe: Pipeline, keys: list[str], member: str, score: float, keep: int) -> None:
        """Adds `member` at `score` to each sorted set, which then keeps only its `keep` highest."""
        if keys:
            await queue_script(pipe, self._file_under, keys, [member, repr(score), keep])

    async def recent_members(self, keys: list[str], per_key: int) -> list[bytes]:
        return await self._members_of_all(keys=keys, args=["recent", per_key]) if keys else []

    async def members_between(self, keys: list[str], low: float, high: str) -> list[bytes]:
        """Members scored from `low` up to `high` (Redis range syntax: "(5" excludes 5)."""
        return await self._members_of_all(keys=keys, args=["between", low, high]) if keys else []
