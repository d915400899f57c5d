"""Ingest against a real Redis: ids, exact duplicates, and the crash window between claim and publish."""

import asyncio
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
from shared.generation import current_generation
from shared.messages import ArticleIngested, SubmitArticle
from shared.settings import CommonSettings
from shared.streams import INGEST_GROUP, INGESTED, SUBMISSIONS, ensure_group


@pytest.fixture
async def ingest(redis, redis_url) -> AsyncIterator[RedisBroker]:
    settings = CommonSettings(redis_url=redis_url, consumer_name="i1", poll_interval_ms=50)
    broker = create_broker(settings, CollectorRegistry(), "ingest")
    handlers.register(broker, settings, redis, DuplicateRegistry(redis), lambda: current_generation(redis))
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


async def test_the_same_text_from_another_outlet_or_at_another_url_is_another_article(ingest, redis):
    wire = "Quake hits Herat province, killing hundreds."
    first = await submit(ingest, text=wire, source="Northern Wire", url="https://north.example/q")
    other_outlet = await submit(ingest, text=wire, source="Kabul Observer", url="https://kabul.example/q")
    same_outlet_again = await submit(ingest, text=wire.upper(), source="northern wire")
    same_outlet_other_url = await submit(
        ingest, text=wire, source="Northern Wire", url="https://north.example/b"
    )
    same_url = await submit(
        ingest, text=wire, source="Kabul Observer", url="https://kabul.example/q?utm_medium=x"
    )
    assert other_outlet["duplicate"] is False and other_outlet["ids"] != first["ids"]
    assert same_outlet_again == {"ids": first["ids"], "duplicate": True, "rejected": None}
    assert same_outlet_other_url["duplicate"] is False
    assert len({first["ids"][0], other_outlet["ids"][0], same_outlet_other_url["ids"][0]}) == 3
    assert same_url == {"ids": other_outlet["ids"], "duplicate": True, "rejected": None}
    assert await redis.xlen(INGESTED) == 3


async def test_a_claim_left_unpublished_by_a_crash_is_published_on_retry(ingest, redis):
    # Simulate a replica that claimed the text and died before publishing.
    registry = DuplicateRegistry(redis)
    now = datetime.now(UTC)
    (piece,) = prepare(SubmitArticle(text="Orphaned story."))
    orphan = build_article("a_orphan", piece, None, now)
    claim = await registry.claim(orphan, text_fingerprint(orphan.text))
    assert claim.owner == "a_orphan" and claim.unpublished == orphan
    assert await redis.xlen(INGESTED) == 0

    retry = await submit(ingest, text="Orphaned story.")
    assert retry == {"ids": ["a_orphan"], "duplicate": True, "rejected": None}
    assert await redis.xlen(INGESTED) == 1
    again = await submit(ingest, text="Orphaned story.")
    assert again["ids"] == ["a_orphan"] and await redis.xlen(INGESTED) == 1


async def test_replay_sends_every_original_again_in_a_new_generation(ingest, redis):
    from services.ingest.replay import replay_archive
    from shared.envelope import Envelope
    from shared.streams import entry_body

    first = await submit(ingest, text="Quake hits Herat province.")
    await submit(ingest, text="quake hits herat province.")  # a duplicate: archived all the same
    started = await replay_archive(redis, ingest)
    assert (started.generation, started.submissions, started.unreadable) == (1, 2, 0)

    copies = [
        Envelope[SubmitArticle].model_validate_json(entry_body(fields))
        for _, fields in await redis.xrange(SUBMISSIONS)
    ][2:]
    assert [c.generation for c in copies] == [1, 1] and all(c.payload.replay_of for c in copies)
    for _ in range(100):  # the copies are taken in by the running ingest consumer
        if await redis.xlen(INGESTED) == 2:
            break
        await asyncio.sleep(0.05)
    ingested = [
        Envelope[ArticleIngested].model_validate_json(entry_body(f)) for _, f in await redis.xrange(INGESTED)
    ]
    assert [(e.generation, e.payload.article.id) for e in ingested] == [
        (0, first["ids"][0]),
        (1, first["ids"][0]),
    ]

    again = await replay_archive(redis, ingest)  # copies from the first replay are not replayed
    assert (again.generation, again.submissions) == (2, 2)
