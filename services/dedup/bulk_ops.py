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

# ARGV: limit, then 'recent', n (the n highest of each key) or 'between', low, high (a score
# range). Counts how many of the keys hold each member and returns the `limit` members held most
# often, ties in the order first met (keys in the order given, each in score order): what
# Python's Counter.most_common gives over the members listed one after another. Counting here
# sends back `limit` ids instead of every member of every key: on a dense feed, thousands.
_MOST_SHARED = """
local limit = tonumber(ARGV[1])
local hits, first, order = {}, {}, {}
for _, key in ipairs(KEYS) do
  local ids
  if ARGV[2] == 'recent' then
    ids = redis.call('ZREVRANGE', key, 0, tonumber(ARGV[3]) - 1)
  else
    ids = redis.call('ZRANGEBYSCORE', key, ARGV[3], ARGV[4])
  end
  for _, id in ipairs(ids) do
    local held = hits[id]
    if held then
      hits[id] = held + 1
    else
      hits[id] = 1
      order[#order + 1] = id
      first[id] = #order
    end
  end
end
table.sort(order, function(a, b)
  if hits[a] ~= hits[b] then return hits[a] > hits[b] end
  return first[a] < first[b]
end)
local top = {}
for i = 1, math.min(limit, #order) do top[i] = order[i] end
return top
"""


class BulkOps:
    def __init__(self, redis: Redis) -> None:
        self._count_fields = redis.register_script(_COUNT_FIELDS)
        self._add_to_sets = redis.register_script(_ADD_TO_SETS)
        self._file_under = redis.register_script(_FILE_UNDER)
        self._most_shared = redis.register_script(_MOST_SHARED)

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

    async def most_shared_recent(self, keys: list[str], per_key: int, limit: int) -> list[bytes]:
        """The `limit` members found in most of the keys, among each key's `per_key` highest."""
        return await self._most_shared(keys=keys, args=[limit, "recent", per_key]) if keys else []

    async def most_shared_between(self, keys: list[str], low: float, high: str, limit: int) -> list[bytes]:
        """The same among members scored from `low` up to `high` (Redis range syntax: "(5"
        excludes 5)."""
        return await self._most_shared(keys=keys, args=[limit, "between", low, high]) if keys else []
