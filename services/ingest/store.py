"""The exact-duplicate registry in Redis, shared by every ingest replica.

A Lua script claims an article's text fingerprint (its text from its outlet) and canonical URL
atomically, so two replicas taking the same article at once agree on one id. The claimed article
is kept in a pending hash until it is published, and the mark that clears it is written only
after the message: if the process dies in between, the redelivered submission (or a client retry)
finds it there and publishes it again, which downstream handlers take as the same article. Each
generation (see shared/generation.py) has registries of its own, so a replay meets every article
afresh. All keys share the `{ingest}` hash tag so the script stays legal on Redis Cluster, where
a script may only touch keys of one slot.
"""

from dataclasses import dataclass

from redis.asyncio import Redis

from shared.messages import Article


@dataclass(frozen=True)
class Claim:
    """Who owns an article's text: its id, and the article itself while it is unpublished (a new
    claim, or one whose claimer died before publishing)."""

    owner: str
    unpublished: Article | None


# KEYS: pending hash, url-of-article hash, text key, [url key]; ARGV: new id, article json, its
# canonical URL (empty for none).
# Returns the id that owns these keys (the new one if it claimed them) and, while that article is
# still unpublished, its json. The same canonical URL is the same article. The same text from the
# same outlet is too, unless both name their URLs and the URLs differ: the outlet ran it twice.
_CLAIM = """
if #KEYS == 4 then
    local owner = redis.call('GET', KEYS[4])
    if owner then return {owner, redis.call('HGET', KEYS[1], owner)} end
end
local owner = redis.call('GET', KEYS[3])
if owner then
    local held = redis.call('HGET', KEYS[2], owner)
    if ARGV[3] == '' or not held or held == ARGV[3] then
        return {owner, redis.call('HGET', KEYS[1], owner)}
    end
else
    redis.call('SET', KEYS[3], ARGV[1])
end
if #KEYS == 4 then
    redis.call('SET', KEYS[4], ARGV[1])
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {ARGV[1], ARGV[2]}
"""


def _key(generation: int, name: str) -> str:
    return f"eventwire:{{ingest}}:g{generation}:{name}"


class DuplicateRegistry:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._claim = redis.register_script(_CLAIM)

    async def claim(self, article: Article, fingerprint: str, generation: int = 0) -> Claim:
        """`fingerprint` is the article's text from its outlet (logic.text_fingerprint)."""
        keys = [
            _key(generation, "pending"),
            _key(generation, "url_of"),
            _key(generation, f"text:{fingerprint}"),
        ]
        if article.canonical_url:
            keys.append(_key(generation, f"url:{article.canonical_url}"))
        args = [article.id, article.model_dump_json(), article.canonical_url or ""]
        owner, pending = await self._claim(keys=keys, args=args)
        return Claim(owner.decode(), Article.model_validate_json(pending) if pending else None)

    async def mark_published(self, article_id: str, generation: int = 0) -> None:
        """Once its message is on the stream. Not in one transaction with the publish: the stream
        and the registry live in different slots of a cluster."""
        await self._redis.hdel(_key(generation, "pending"), article_id)
