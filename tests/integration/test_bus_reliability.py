"""Ack after success, reclaim of failed deliveries, dead-letter after N tries, on a real Redis."""

import asyncio

from faststream.redis import RedisBroker
from prometheus_client import CollectorRegistry

from shared.bus import consume_batches, create_broker
from shared.envelope import Envelope, wrap
from shared.messages import DeadLettered, SubmitArticle
from shared.settings import CommonSettings
from shared.streams import DEAD_LETTER, ensure_group, entry_body


async def wait_until(condition, deadline_s: float = 15.0) -> None:
    end = asyncio.get_running_loop().time() + deadline_s
    while not condition():
        assert asyncio.get_running_loop().time() < end, "condition not met before the deadline"
        await asyncio.sleep(0.05)


def quick_retries(redis_url: str, read_count: int) -> CommonSettings:
    """Reclaim after 0.3 s and dead-letter on the third delivery, so a test sees it all."""
    return CommonSettings(
        redis_url=redis_url,
        consumer_name="c1",
        reclaim_idle_ms=300,
        poll_interval_ms=50,
        max_deliveries=3,
        read_count=read_count,
    )


async def test_failed_messages_are_retried_then_dead_lettered(redis, redis_url):
    settings = quick_retries(redis_url, read_count=1)  # lists of one: each entry's own retries
    broker = create_broker(settings, CollectorRegistry(), "test")
    attempts: list[str] = []

    @consume_batches(broker, "jobs", "workers", settings)
    async def work(envelopes: list[Envelope[SubmitArticle]]) -> None:
        (envelope,) = envelopes
        attempts.append(envelope.payload.text)
        if envelope.payload.text == "poison" or attempts.count("flaky") == 1:
            raise RuntimeError(f"cannot handle {envelope.payload.text}")

    await ensure_group(redis, "jobs", "workers")
    async with broker:
        await broker.start()
        for text in ("fine", "flaky", "poison"):
            await broker.publish(wrap(SubmitArticle(text=text), "c"), stream="jobs")
        await wait_until(lambda: attempts.count("poison") == 3 and attempts.count("flaky") == 2)
        for _ in range(100):
            if await redis.xlen(DEAD_LETTER):
                break
            await asyncio.sleep(0.05)

    assert attempts.count("fine") == 1
    assert attempts.count("flaky") == 2  # failed once, reclaimed, then succeeded
    assert attempts.count("poison") == 3  # max_deliveries, then set aside
    pending = await redis.xpending("jobs", "workers")
    assert pending["pending"] == 0
    (entry,) = await redis.xrange(DEAD_LETTER)
    letter = Envelope[DeadLettered].model_validate_json(entry_body(entry[1])).payload
    assert letter.stream == "jobs" and letter.deliveries == 3
    assert "cannot handle poison" in letter.error and "poison" in letter.body


async def test_a_bad_entry_in_a_list_is_dead_lettered_alone(redis, redis_url):
    settings = quick_retries(redis_url, read_count=8)
    broker = create_broker(settings, CollectorRegistry(), "test")
    lists: list[list[str]] = []
    done: list[str] = []

    @consume_batches(broker, "jobs", "workers", settings)
    async def work(envelopes: list[Envelope[SubmitArticle]]) -> None:
        texts = [e.payload.text for e in envelopes]
        lists.append(texts)
        if "poison" in texts:
            raise RuntimeError("cannot handle poison")
        done.extend(texts)

    await ensure_group(redis, "jobs", "workers")
    async with broker:
        for text in ("a", "b", "poison", "c"):  # waiting before the reader starts: one list
            await broker.publish(wrap(SubmitArticle(text=text), "c"), stream="jobs")
        await broker.start()
        await wait_until(lambda: sorted(done) == ["a", "b", "c"])
        for _ in range(200):
            if await redis.xlen(DEAD_LETTER):
                break
            await asyncio.sleep(0.05)

    assert lists[0] == ["a", "b", "poison", "c"]  # failed together...
    assert all(len(texts) == 1 for texts in lists[1:])  # ...then retried one by one
    assert sum(texts == ["poison"] for texts in lists) == 2  # 3 deliveries in all, then set aside
    assert (await redis.xpending("jobs", "workers"))["pending"] == 0
    (entry,) = await redis.xrange(DEAD_LETTER)
    letter = Envelope[DeadLettered].model_validate_json(entry_body(entry[1])).payload
    assert letter.deliveries == 3 and "poison" in letter.body and "cannot handle poison" in letter.error


async def test_a_group_made_before_publishing_sees_earlier_messages(redis, redis_url):
    # Groups start at id 0, so a service that starts late still gets what was published before.
    publisher = RedisBroker(redis_url)
    async with publisher:
        await publisher.connect()
        await publisher.publish(wrap(SubmitArticle(text="early"), "c"), stream="late")
    await ensure_group(redis, "late", "g")
    await ensure_group(redis, "late", "g")  # idempotent
    entries = await redis.xreadgroup("g", "c1", {"late": ">"}, count=10)
    assert len(entries[0][1]) == 1
