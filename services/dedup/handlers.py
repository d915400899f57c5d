"""Dedup's subscriber: an article with entities in, the event it joined (or started) out."""

from collections.abc import Awaitable, Callable

from faststream.redis import RedisBroker

from services.dedup.service import Policy, assign
from services.dedup.store import EventStore
from shared.bus import consume
from shared.envelope import Envelope, utc_now
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted, EventAssembled
from shared.settings import CommonSettings
from shared.streams import ASSEMBLED, DEDUP_GROUP, ENRICHED


def register(
    broker: RedisBroker,
    settings: CommonSettings,
    store: EventStore,
    policy: Policy,
    gazetteer: Gazetteer,
    generation: Callable[[], Awaitable[int]],
) -> None:
    assembled = broker.publisher(stream=ASSEMBLED)

    @consume(broker, ENRICHED, DEDUP_GROUP, settings)
    async def assign_to_event(envelope: Envelope[EntitiesExtracted]) -> None:
        if envelope.generation < await generation():
            return  # a replay has started since: this article's old generation is being replaced
        scoped = store.in_generation(envelope.generation)
        event = await assign(envelope.payload, scoped, policy, gazetteer, utc_now())
        await assembled.publish(
            envelope.followed_by(
                EventAssembled(
                    event=event, article=envelope.payload.article, mentions=envelope.payload.mentions
                )
            )
        )
