"""Generations of derived state, so the whole archive can be run through the pipeline again.

Everything the pipeline derives (duplicate fingerprints, dedup's events, the read model) belongs to
a generation, the number kept under GENERATION_KEY. A replay raises it and sends every archived
submission again, marked with the new number: ingest and dedup keep that generation's state apart
from the old one, and the read model starts afresh at the first message of a newer generation and
ignores anything older. Raw inputs (the submissions stream, feed GUIDs) have no generation.
"""

from redis.asyncio import Redis

GENERATION_KEY = "eventwire:generation"


async def current_generation(redis: Redis) -> int:
    return int(await redis.get(GENERATION_KEY) or 0)


async def start_generation(redis: Redis) -> int:
    return int(await redis.incr(GENERATION_KEY))


# Where each service keeps per-generation state: eventwire:{<service>}:g<n>:...
GENERATION_PREFIXES = ("eventwire:{ingest}:g", "eventwire:{extract}:g", "eventwire:{dedup}:g")
_UNLINK_BATCH = 500


def older_generation(key: str, generation: int) -> bool:
    """Whether `key` holds per-generation state of a generation before `generation`."""
    for prefix in GENERATION_PREFIXES:
        if key.startswith(prefix):
            number, _, _ = key[len(prefix) :].partition(":")
            return number.isdigit() and int(number) < generation
    return False


async def forget_generations_before(redis: Redis, generation: int) -> int:
    """Deletes the state of every older generation (a replay has replaced it); returns the number
    of keys removed. Messages of an old generation still in flight may write a few keys afterwards;
    the next replay removes those."""
    removed = 0
    for prefix in GENERATION_PREFIXES:
        batch: list[bytes] = []
        async for key in redis.scan_iter(match=f"{prefix}*", count=_UNLINK_BATCH):
            if older_generation(key.decode(), generation):
                batch.append(key)
            if len(batch) >= _UNLINK_BATCH:
                removed += await redis.unlink(*batch)
                batch = []
        if batch:
            removed += await redis.unlink(*batch)
    return removed
