"""The gateway's submissions and ingest's answers on one reply channel, on a real Redis."""

import asyncio
import contextlib

import pytest
from faststream.redis import RedisBroker
from prometheus_client import CollectorRegistry

from services.gateway.clients import ArticleRejected, IngestClient, IngestUnavailable
from services.gateway.replies import ReplyInbox
from services.ingest import handlers
from services.ingest.store import DuplicateRegistry
from shared.bus import create_broker
from shared.envelope import Envelope
from shared.generation import current_generation
from shared.messages import ArticleIngested, SubmitArticle
from shared.settings import CommonSettings
from shared.streams import INGEST_GROUP, INGESTED, SUBMISSIONS, ensure_group, entry_body


@contextlib.asynccontextmanager
async def gateway_side(redis, redis_url, timeout_s: float):
    inbox = ReplyInbox(redis)
    listening = asyncio.create_task(inbox.run())
    broker = RedisBroker(redis_url)
    await broker.connect()
    try:
        await inbox.listening(5)
        yield IngestClient(broker, inbox, timeout_s)
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening
        await broker.stop()


async def test_concurrent_submissions_each_get_their_own_answer(redis, redis_url):
    # Ingest takes waiting submissions as lists and answers each caller on its own reply channel.
    settings = CommonSettings(redis_url=redis_url, consumer_name="ingest-1", poll_interval_ms=50)
    ingest = create_broker(settings, CollectorRegistry(), "ingest")
    handlers.register(ingest, settings, redis, DuplicateRegistry(redis), lambda: current_generation(redis))

    await ensure_group(redis, SUBMISSIONS, INGEST_GROUP)
    async with ingest, gateway_side(redis, redis_url, timeout_s=10) as client:
        await ingest.start()
        texts = [f"Story number {n} about the harbour." for n in range(20)]
        accepted = await asyncio.gather(*(client.submit(SubmitArticle(text=t)) for t in texts))
        with pytest.raises(ArticleRejected, match="no article text"):
            await client.submit(SubmitArticle(text="Share on Facebook\n\nPost a Comment"))
    published = {
        e.payload.article.id: e.payload.article.text
        for e in (
            Envelope[ArticleIngested].model_validate_json(entry_body(f))
            for _, f in await redis.xrange(INGESTED)
        )
    }
    assert [published[a.id] for a in accepted] == texts  # each caller got its own article's id


async def test_no_answer_in_time_means_ingest_is_unavailable_and_the_submission_is_kept(redis, redis_url):
    await ensure_group(redis, SUBMISSIONS, INGEST_GROUP)
    async with gateway_side(redis, redis_url, timeout_s=0.5) as client:
        with pytest.raises(IngestUnavailable):
            await client.submit(SubmitArticle(text="while ingest is down"))
    # Taken in when ingest returns: the submission waits in the stream.
    assert await redis.xlen(SUBMISSIONS) == 1
