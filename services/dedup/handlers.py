"""Dedup's subscriber: articles with entities in, the events they joined (or started) out."""

from collections.abc import Awaitable, Callable

from faststream.redis import RedisBroker
from redis.asyncio import Redis

from services.dedup.service import Policy, place
from services.dedup.store import EventStore
from shared.bus import consume_batches, publish_all
from shared.envelope import Envelope, utc_now
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted, EventAssembled
from shared.settings import CommonSettings
from shared.streams import ASSEMBLED, DEDUP_GROUP, ENRICHED


def register(
    broker: RedisBroker,
    settings: CommonSettings,
    redis: Redis,
    store: EventStore,
    policy: Policy,
    gazetteer: Gazetteer,
    generation: Callable[[], Awaitable[int]],
) -> None:
    assembled = broker.publisher(stream=ASSEMBLED)

    @consume_batches(broker, ENRICHED, DEDUP_GROUP, settings)
    async def assign_to_events(envelopes: list[Envelope[EntitiesExtracted]]) -> None:
        current = await generation()
        out: list[Envelope[EventAssembled]] = []
        # One decision lock for the list: placements stay a sequence in arrival order.
        async with store.decision_lock():
            for envelope in envelopes:
                if envelope.generation < current:
                    continue  # a replay has started since: this article's old generation is being replaced
                scoped = store.in_generation(envelope.generation)
                placed = await place(envelope.payload, scoped, policy, gazetteer, utc_now())
                payload = envelope.payload
                assembled_event = EventAssembled(
                    event=placed.event,
                    article=payload.article,
                    mentions=payload.mentions,
                    stories=placed.stories,
                )
                out.append(envelope.followed_by(assembled_event))
        await publish_all(redis, assembled, out)
