"""Runs the whole archive through the pipeline again, in a new generation.

The submissions stream keeps every raw input as it arrived (it is never trimmed). A replay starts
a new generation, then sends each original submission up to that moment again, in order, marked
with the new generation and with `replay_of` naming the original, whose id the articles keep. Copies
sent by earlier replays are not sent again.
"""

from dataclasses import dataclass

from faststream.redis import RedisBroker
from pydantic import ValidationError
from redis.asyncio import Redis

from shared.envelope import Envelope, wrap
from shared.generation import start_generation
from shared.messages import SubmitArticle
from shared.streams import SUBMISSIONS, entry_body

BATCH = 500


@dataclass(frozen=True)
class ReplayStarted:
    generation: int
    submissions: int  # originals sent again
    unreadable: int  # archived entries that no longer parse, left out


async def replay_archive(redis: Redis, broker: RedisBroker) -> ReplayStarted:
    generation = await start_generation(redis)
    if not await redis.exists(SUBMISSIONS):
        return ReplayStarted(generation, 0, 0)
    cutoff = (await redis.xinfo_stream(SUBMISSIONS))["last-generated-id"]
    sent = unreadable = 0
    low = "-"
    while True:
        entries = await redis.xrange(SUBMISSIONS, min=low, max=cutoff, count=BATCH)
        for _, fields in entries:
            try:
                original = Envelope[SubmitArticle].model_validate_json(entry_body(fields))
            except (ValidationError, KeyError, ValueError):
                unreadable += 1
                continue
            if original.payload.replay_of is not None:
                continue
            again = original.payload.model_copy(update={"replay_of": original.message_id})
            await broker.publish(wrap(again, original.correlation_id, generation), stream=SUBMISSIONS)
            sent += 1
        if len(entries) < BATCH:
            return ReplayStarted(generation, sent, unreadable)
        low = "(" + entries[-1][0].decode()
