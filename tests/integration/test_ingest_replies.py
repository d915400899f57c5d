"""The gateway's submissions and ingest's answers on one reply channel, on a real Redis."""

import asyncio
import contextlib

import pytest
from faststream.redis import RedisBroker
from prometheus_client import CollectorRegistry

from services.gateway.clients import ArticleRejected, IngestClient, IngestUnavailable
from services.gateway.replies import ReplyInbox
from shared.bus import consume, create_broker
from shared.envelope import Envelope
from shared.messages import IngestResult, SubmitArticle
from shared.settings import CommonSettings
from shared.streams import INGEST_GROUP, SUBMISSIONS, ensure_group


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
    settings = CommonSettings(redis_url=redis_url, consumer_name="ingest-1", poll_interval_ms=50)
    ingest = create_broker(settings, CollectorRegistry(), "ingest")

    @consume(ingest, SUBMISSIONS, INGEST_GROUP, settings)
    async def answer(envelope: Envelope[SubmitArticle]) -> IngestResult:
        text = envelope.payload.text or ""
        if text == "nothing":
            return IngestResult(rejected="no article text")
        return IngestResult(ids=(f"a_{text}",), duplicate=False)

    await ensure_group(redis, SUBMISSIONS, INGEST_GROUP)
    async with ingest, gateway_side(redis, redis_url, timeout_s=10) as client:
        await ingest.start()
        texts = [f"t{n}" for n in range(20)]
        accepted = await asyncio.gather(*(client.submit(SubmitArticle(text=t)) for t in texts))
        assert [a.id for a in accepted] == [f"a_{t}" for t in texts]
        with pytest.raises(ArticleRejected, match="no article text"):
            await client.submit(SubmitArticle(text="nothing"))


async def test_no_answer_in_time_means_ingest_is_unavailable_and_the_submission_is_kept(redis, redis_url):
    await ensure_group(redis, SUBMISSIONS, INGEST_GROUP)
    async with gateway_side(redis, redis_url, timeout_s=0.5) as client:
        with pytest.raises(IngestUnavailable):
            await client.submit(SubmitArticle(text="while ingest is down"))
    # Taken in when ingest returns: the submission waits in the stream.
    assert await redis.xlen(SUBMISSIONS) == 1
