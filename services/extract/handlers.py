"""Extract's subscriber: ingested articles in, the same articles with their entities out."""

from faststream.redis import RedisBroker
from redis.asyncio import Redis

from services.extract.extraction import Extraction
from services.extract.registry import PeopleRegistry
from shared.bus import consume_batches, publish_all
from shared.envelope import Envelope
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.settings import CommonSettings
from shared.streams import ENRICHED, EXTRACT_GROUP, INGESTED


def register(
    broker: RedisBroker,
    settings: CommonSettings,
    redis: Redis,
    extraction: Extraction,
    people: PeopleRegistry,
) -> None:
    enriched = broker.publisher(stream=ENRICHED)

    @consume_batches(broker, INGESTED, EXTRACT_GROUP, settings)
    async def extract_entities(envelopes: list[Envelope[ArticleIngested]]) -> None:
        articles = [envelope.payload.article for envelope in envelopes]
        analysed = await extraction.analyse_all(articles)
        out: list[Envelope[EntitiesExtracted]] = []
        for envelope, article, found in zip(envelopes, articles, analysed, strict=True):
            mentions = await people.resolve(found.mentions, article.id, envelope.generation)
            out.append(envelope.followed_by(found.model_copy(update={"mentions": mentions})))
        await publish_all(redis, enriched, out)
