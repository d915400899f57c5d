"""Extract's handler wiring on a real Redis: ingested articles in, entities-extracted messages out,
a list read at once still answered one message per article."""

import asyncio
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry

from services.extract import handlers as extract_handlers
from services.extract.logic import analyse
from shared.bus import create_broker
from shared.envelope import Envelope, wrap
from shared.messages import Article, ArticleIngested, EntitiesExtracted
from shared.settings import CommonSettings
from shared.streams import ENRICHED, EXTRACT_GROUP, INGESTED, ensure_group, entry_body

NOW = datetime(2024, 1, 1, tzinfo=UTC)


class FixedSpans:
    """Stands in for spaCy: the wiring, not the model, is under test here."""

    def __init__(self) -> None:
        self.list_sizes: list[int] = []

    async def analyse_all(self, articles: list[Article]) -> list[EntitiesExtracted]:
        self.list_sizes.append(len(articles))
        return [analyse(article, [(0, 6, "GPE"), (7, 12, "DATE")]) for article in articles]


class NoRegistry:
    """Stands in for the person registry, which has its own tests on a real Redis."""

    async def resolve(self, mentions, article_id, generation=0):
        return mentions


def ingested(n: int) -> Envelope[ArticleIngested]:
    article = Article(
        id=f"a_{n}",
        title="T",
        text="Tehran today",
        published_at=NOW,
        published_at_source="metadata",
        ingested_at=NOW,
    )
    return wrap(ArticleIngested(article=article), f"corr-{n}")


async def test_extract_answers_each_ingested_article_with_its_entities(redis, redis_url):
    settings = CommonSettings(redis_url=redis_url, consumer_name="t", poll_interval_ms=50, read_count=4)
    broker = create_broker(settings, CollectorRegistry(), "test")
    model = FixedSpans()
    extract_handlers.register(broker, settings, redis, model, NoRegistry())
    await ensure_group(redis, INGESTED, EXTRACT_GROUP)
    async with broker:
        for n in range(10):  # published before the reader starts: read in lists of up to four
            await broker.publish(ingested(n), stream=INGESTED)
        await broker.start()
        for _ in range(200):
            if await redis.xlen(ENRICHED) >= 10:
                break
            await asyncio.sleep(0.05)
    out = [
        Envelope[EntitiesExtracted].model_validate_json(entry_body(f))
        for _, f in await redis.xrange(ENRICHED)
    ]
    assert sorted(e.correlation_id for e in out) == sorted(f"corr-{n}" for n in range(10))
    assert all(e.type == "eventwire.article.entities_extracted.v1" for e in out)
    assert all([(m.text, m.type) for m in e.payload.mentions] == [("Tehran", "place")] for e in out)
    assert max(model.list_sizes) == 4 and sum(model.list_sizes) == 10
    assert (await redis.xpending(INGESTED, EXTRACT_GROUP))["pending"] == 0
