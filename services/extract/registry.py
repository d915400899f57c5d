"""The person registry in Redis, shared by every extract replica: for each surname, the full names
registered so far and how many articles named each (see people.py for how a name is matched).

Recording is one Lua script, so an article is counted once however often it is redelivered: the
script adds the article to a set of counted ones and only then raises its names' counts. Each
generation (see shared/generation.py) has a registry of its own, so a replay resolves names in the
same arrival order as before. All keys carry the `{extract}` hash tag so the script stays legal on
Redis Cluster.
"""

from redis.asyncio import Redis

from services.extract.people import resolve_person, surname, surnames, worth_registering
from shared.messages import EntityMention

# KEYS: counted set, then one sorted set per name; ARGV: article id, then the names.
_RECORD = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
for i = 2, #KEYS do
    redis.call('ZINCRBY', KEYS[i], 1, ARGV[i])
end
return 1
"""


def _key(generation: int, name: str) -> str:
    return f"eventwire:{{extract}}:g{generation}:{name}"


class PeopleRegistry:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._record = redis.register_script(_RECORD)

    async def known(self, names: set[str], generation: int) -> dict[str, dict[str, float]]:
        """For each surname, the registered full names and their article counts."""
        wanted = sorted(names)
        async with self._redis.pipeline(transaction=False) as pipe:
            for name in wanted:
                pipe.zrange(_key(generation, f"people:{name}"), 0, -1, withscores=True)
            found = await pipe.execute()
        return {name: {m.decode(): s for m, s in pairs} for name, pairs in zip(wanted, found, strict=True)}

    async def record(self, article_id: str, names: set[str], generation: int) -> None:
        if not names:
            return
        ordered = sorted(names)
        keys = [_key(generation, "counted")] + [_key(generation, f"people:{surname(n)}") for n in ordered]
        await self._record(keys=keys, args=[article_id, *ordered])

    async def resolve(
        self, mentions: tuple[EntityMention, ...], article_id: str, generation: int = 0
    ) -> tuple[EntityMention, ...]:
        """The mentions with every person's name set to the registered person it stands for, and
        the article's people registered."""
        names = {m.canonical or m.text for m in mentions if m.type == "person"}
        if not names:
            return mentions
        known = await self.known(surnames(names), generation)
        resolved = {n: resolve_person(n, known.get(surname(n), {})) for n in names}
        await self.record(article_id, {r for r in resolved.values() if worth_registering(r)}, generation)
        return tuple(
            m.model_copy(update={"canonical": resolved[m.canonical or m.text]}) if m.type == "person" else m
            for m in mentions
        )
