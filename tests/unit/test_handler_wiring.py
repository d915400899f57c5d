"""Handler wiring on FastStream's in-memory broker: the right stream in, the right message out."""

from datetime import UTC, datetime

from faststream.redis import RedisBroker, TestRedisBroker

from services.extract import handlers as extract_handlers
from shared.envelope import Envelope, wrap
from shared.messages import Article, ArticleIngested, EntitiesExtracted
from shared.settings import CommonSettings
from shared.streams import ENRICHED, INGESTED

NOW = datetime(2024, 1, 1, tzinfo=UTC)


class FixedSpans:
    """Stands in for spaCy: the wiring, not the model, is under test here."""

    async def spans_async(self, text: str) -> list[tuple[int, int, str]]:
        return [(0, 6, "GPE"), (7, 12, "DATE")]


class NoRegistry:
    """Stands in for the person registry, which has its own tests on a real Redis."""

    async def resolve(self, mentions, article_id, generation=0):
        return mentions


async def test_extract_turns_an_ingested_article_into_entities_extracted():
    broker = RedisBroker()
    extract_handlers.register(broker, CommonSettings(consumer_name="t"), FixedSpans(), NoRegistry())
    seen: list[Envelope[EntitiesExtracted]] = []

    @broker.subscriber(stream=ENRICHED)
    async def collect(envelope: Envelope[EntitiesExtracted]) -> None:
        seen.append(envelope)

    article = Article(
        id="a_1",
        title="T",
        text="Tehran today",
        published_at=NOW,
        published_at_source="metadata",
        ingested_at=NOW,
    )
    async with TestRedisBroker(broker) as test_broker:
        await test_broker.publish(wrap(ArticleIngested(article=article), "corr-9"), stream=INGESTED)
    assert len(seen) == 1
    out = seen[0]
    assert out.type == "eventwire.article.entities_extracted.v1" and out.correlation_id == "corr-9"
    assert [(m.text, m.type) for m in out.payload.mentions] == [("Tehran", "place")]
