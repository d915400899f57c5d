"""Dedup's subscriber: an article with entities in, the event it joined (or started) out."""

from faststream.redis import RedisBroker

from services.dedup.geocode import Gazetteer
from services.dedup.service import Policy, assign
from services.dedup.store import EventStore
from shared.bus import consume
from shared.envelope import Envelope, utc_now, wrap
from shared.messages import EntitiesExtracted, EventAssembled
from shared.settings import CommonSettings
from shared.streams import ASSEMBLED, DEDUP_GROUP, ENRICHED


def register(
    broker: RedisBroker, settings: CommonSettings, store: EventStore, policy: Policy, gazetteer: Gazetteer
) -> None:
    @consume(broker, ENRICHED, DEDUP_GROUP, settings)
    @broker.publisher(stream=ASSEMBLED)
    async def assign_to_event(envelope: Envelope[EntitiesExtracted]) -> Envelope[EventAssembled]:
        event = await assign(envelope.payload, store, policy, gazetteer, utc_now())
        assembled = EventAssembled(event=event, article_id=envelope.payload.article.id)
        return wrap(assembled, envelope.correlation_id)
