"""Query's subscribers: project articles, entities and events into the read model, then announce
each stored event revision on the stored-events stream for live clients."""

from faststream.redis import RedisBroker, StreamSub

from services.query.store import ReadModel
from shared.bus import consume
from shared.envelope import Envelope
from shared.messages import ArticleIngested, EntitiesExtracted, EventAssembled, EventStored
from shared.settings import CommonSettings
from shared.streams import ASSEMBLED, ENRICHED, INGESTED, STORED, STORED_MAXLEN

READS = (INGESTED, ENRICHED, ASSEMBLED)


def register(broker: RedisBroker, settings: CommonSettings, model: ReadModel, group: str) -> None:
    stored = broker.publisher(stream=StreamSub(STORED, maxlen=STORED_MAXLEN))

    @consume(broker, INGESTED, group, settings)
    async def keep_article(envelope: Envelope[ArticleIngested]) -> None:
        await model.add_article(envelope.payload.article, envelope.generation)

    @consume(broker, ENRICHED, group, settings)
    async def keep_entities(envelope: Envelope[EntitiesExtracted]) -> None:
        await model.set_entities(envelope.payload.article, envelope.payload.mentions, envelope.generation)

    @consume(broker, ASSEMBLED, group, settings)
    async def keep_event(envelope: Envelope[EventAssembled]) -> None:
        event = envelope.payload.event
        current, created = await model.put_event(event, envelope.generation)
        # A redelivered revision is announced again; clients tell repeats by (id, revision).
        # An out-of-date revision is not announced at all.
        if current:
            await stored.publish(envelope.followed_by(EventStored(event=event, created=created)))
