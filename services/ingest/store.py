"""The exact-duplicate registry in Redis, shared by every ingest replica.

A Lua script claims an article's text fingerprint (and canonical URL) atomically, so two replicas
taking the same text at once agree on one id. The claimed article is kept in a pending hash until
it is published: if the process dies in between, the redelivered submission (or a client retry)
finds it there and publishes it then. Each generation (see shared/generation.py) has registries of
its own, so a replay meets every article afresh. All keys share the `{ingest}` hash tag so the
script stays legal on Redis Cluster, where a script may only touch keys of one slot.
"""

from redis.asyncio import Redis

from shared.messages import Article

# KEYS: pending hash, text key, [url key]; ARGV: new id, article json.
# Returns the id that owns these keys (the new one if it claimed them).
_CLAIM = """
for i = 2, #KEYS do
    local owner = redis.call('GET', KEYS[i])
    if owner then return owner end
end
for i = 2, #KEYS do
    redis.call('SET', KEYS[i], ARGV[1])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return ARGV[1]
"""


def _key(generation: int, name: str) -> str:
    return f"eventwire:{{ingest}}:g{generation}:{name}"


class DuplicateRegistry:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._claim = redis.register_script(_CLAIM)

    async def claim(self, article: Article, fingerprint: str, generation: int = 0) -> str:
        keys = [_key(generation, "pending"), _key(generation, f"text:{fingerprint}")]
        if article.canonical_url:
            keys.append(_key(generation, f"url:{article.canonical_url}"))
        owner = await self._claim(keys=keys, args=[article.id, article.model_dump_json()])
        return owner.decode() if isinstance(owner, bytes) else str(owner)

    async def unpublished(self, article_id: str, generation: int = 0) -> Article | None:
        raw = await self._redis.hget(_key(generation, "pending"), article_id)
        return Article.model_validate_json(raw) if raw else None

    async def mark_published(self, article_id: str, generation: int = 0) -> None:
        await self._redis.hdel(_key(generation, "pending"), article_id)
