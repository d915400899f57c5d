"""Ingest against a real Redis: ids, exact duplicates, and the crash window between claim and publish."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from faststream.redis import RedisBroker
from prometheus_client import CollectorRegistry

from services.ingest import handlers
from services.ingest.logic import build_article, text_fingerprint
from services.ingest.prepare import prepare
from services.ingest.store import DuplicateRegistry
from shared.bus import create_broker
from shared.envelope import wrap
from shared.messages import SubmitArticle
from shared.settings import CommonSettings
from shared.streams import INGEST_GROUP, INGESTED, SUBMISSIONS, ensure_group


@pytest.fixture
async def ingest(redis, redis_url) -> AsyncIterator[RedisBroker]:
    settings = CommonSettings(redis_url=redis_url, consumer_name="i1", poll_interval_ms=50)
    broker = create_broker(settings, CollectorRegistry(), "ingest")
    handlers.register(broker, settings, DuplicateRegistry(redis))
    await ensure_group(redis, SUBMISSIONS, INGEST_GROUP)
    async with broker:
        await broker.start()
        yield broker


async def submit(broker: RedisBroker, **fields) -> dict:
    reply = await broker.request(wrap(SubmitArticle(**fields), "c"), stream=SUBMISSIONS, timeout=10)
    return await reply.decode()


async def test_new_articles_get_ids_and_are_published(ingest, redis):
    first = await submit(ingest, text="Quake hits Herat province.", url="https://a.example/q")
    second = await submit(ingest, text="Artemis I launches.")
    assert first["duplicate"] is False and second["duplicate"] is False
    assert first["ids"][0] != second["ids"][0]
    assert await redis.xlen(INGESTED) == 2


async def test_exact_duplicates_return_the_existing_id_and_publish_nothing(ingest, redis):
    original = await submit(ingest, text="Quake hits Herat province.", url="https://a.example/q?utm_source=x")
    same_text = await submit(ingest, text="quake  hits HERAT province.")
    same_url = await submit(ingest, text="Other words entirely.", url="HTTPS://A.example/q#top")
    assert same_text == {"ids": original["ids"], "duplicate": True, "rejected": None}
    assert same_url == {"ids": original["ids"], "duplicate": True, "rejected": None}
    assert await redis.xlen(INGESTED) == 1


async def test_a_claim_left_unpublished_by_a_crash_is_published_on_retry(ingest, redis):
    # Simulate a replica that claimed the text and died before publishing.
    registry = DuplicateRegistry(redis)
    now = datetime.now(UTC)
    (piece,) = prepare(SubmitArticle(text="Orphaned story."))
    orphan = build_article("a_orphan", piece, None, now)
    assert await registry.claim(orphan, text_fingerprint(orphan.text)) == "a_orphan"
    assert await redis.xlen(INGESTED) == 0

    retry = await submit(ingest, text="Orphaned story.")
    assert retry == {"ids": ["a_orphan"], "duplicate": True, "rejected": None}
    assert await redis.xlen(INGESTED) == 1
    again = await submit(ingest, text="Orphaned story.")
    assert again["ids"] == ["a_orphan"] and await redis.xlen(INGESTED) == 1
