"""Query's subscriber: project each assembled event, with the article that changed it and that
article's entities, into the read model; then announce the stored revision on the stored-events
stream for live clients. One message per article (reading the ingested and enriched streams as
well cost two more of each, measured at over half of query's CPU); messages waiting together are
taken as a list (shared.bus.consume_batches) and written in one transaction."""

from faststream.redis import RedisBroker, StreamSub
from redis.asyncio import Redis

from services.query.store import Change, ReadModel
from shared.bus import consume_batches, publish_all
from shared.envelope import Envelope
from shared.messages import EventAssembled, EventStored, StoryStored
from shared.settings import CommonSettings
from shared.streams import ASSEMBLED, ENRICHED, INGESTED, STORED, STORED_MAXLEN

READS = (ASSEMBLED,)
# Streams query read before events.assembled carried the article (schema v2): an upgraded
# deployment still has query's groups on them, which would hold back their trimming.
RETIRED_READS = (INGESTED, ENRICHED)


def register(
    broker: RedisBroker, settings: CommonSettings, redis: Redis, model: ReadModel, group: str
) -> None:
    stored = broker.publisher(stream=StreamSub(STORED, maxlen=STORED_MAXLEN))

    @consume_batches(broker, ASSEMBLED, group, settings)
    async def keep_events(envelopes: list[Envelope[EventAssembled]]) -> None:
        changes = [
            Change(e.payload.event, e.payload.article, e.payload.mentions, e.generation, e.payload.stories)
            for e in envelopes
        ]
        results = await model.record_all(changes)
        # A redelivered revision is announced again; clients tell repeats by (id, revision).
        # An out-of-date revision is not announced at all. A story follows the event it changed with.
        out: list[Envelope] = []
        for envelope, result in zip(envelopes, results, strict=True):
            if result.current:
                out.append(
                    envelope.followed_by(EventStored(event=envelope.payload.event, created=result.created))
                )
            out += [envelope.followed_by(StoryStored(story=s, created=new)) for s, new in result.stories]
        await publish_all(redis, stored, out)
