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
