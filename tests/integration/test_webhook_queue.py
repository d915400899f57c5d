"""The webhook delivery queue and subscription API on a real Redis: a redelivered stream entry
queues nothing twice, a claimed job is leased to one replica, dead letters are re-driven, and a
webhook URL on a private address is refused: at registration, and again at send time, where a
name that has turned private since (DNS rebinding) is caught; a receiver's redirect is not followed."""

import asyncio
from datetime import UTC, date, datetime

import httpx
from fastapi import FastAPI

from services.webhooks.api import subscription_router
from services.webhooks.fanout import FanOut
from services.webhooks.queue import DeliveryQueue
from services.webhooks.sender import Sender
from services.webhooks.settings import WebhooksSettings
from services.webhooks.subscriptions import Subscription, SubscriptionStore
from shared.envelope import wrap
from shared.event_filter import EventFilter
from shared.messages import EventSnapshot, EventStored
from tests.feed_server import FeedServer, Route

NOW = datetime(2025, 1, 1, tzinfo=UTC)


class NoNames:
    async def known_as(self, wanted):
        return {}


def stored(title: str) -> dict:
    event = EventSnapshot(
        id="e_1", title=title, date=date(2025, 1, 1), revision=1, first_seen=NOW, last_seen=NOW
    )
    return wrap(EventStored(event=event, created=True), "c").model_dump(mode="json")


async def test_fan_out_is_idempotent_and_claims_are_leased(redis):
    subscriptions, queue = SubscriptionStore(redis), DeliveryQueue(redis)
    await subscriptions.add(
        Subscription(
            "sub_1",
            "http://x",
            EventFilter(q="quake"),
            None,
            "active",
            datetime(2000, 1, 1, tzinfo=UTC),
            "whsec_AA==",
        )
    )
    fan_out = FanOut(subscriptions, queue, NoNames())
    messages = [stored("Quake hits Herat"), stored("Talks in Moscow")]
    assert await fan_out.take(messages) == 1
    assert await fan_out.take(messages) == 0  # the same entries again: nothing new
    assert await queue.counts("sub_1") == (1, 0)

    first = await queue.claim(10, lease_s=30)
    assert len(first) == 1 and await queue.claim(10, lease_s=30) == []  # leased to the first claimer
    await queue.dead(first[0], tries=3)
    assert await queue.counts("sub_1") == (0, 1)
    assert await queue.redrive("sub_1") == 1
    again = await queue.claim(10, lease_s=30)
    assert [j.id for j in again] == [first[0].id] and again[0].tries == 0 and again[0].body == first[0].body
    await queue.delivered(again[0])
    assert await queue.counts("sub_1") == (0, 0)
    assert await fan_out.take(messages) == 0  # delivered jobs are remembered


async def test_webhook_urls_pass_the_address_guard(redis):
    app = FastAPI()
    app.include_router(
        subscription_router(SubscriptionStore(redis), DeliveryQueue(redis), allow_private=False)
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        for url in ("http://127.0.0.1:6379/", "http://169.254.169.254/latest", "http://localhost/hook"):
            answer = await http.post("/subscriptions", json={"url": url})
            assert answer.status_code == 400 and "private or local" in answer.text, answer.text
        assert (await http.get("/subscriptions")).json() == []


async def test_the_fan_out_sees_every_change_to_the_subscriptions(redis):
    reader, writer = SubscriptionStore(redis), SubscriptionStore(redis)  # two replicas
    assert await reader.current() == []
    made = Subscription("sub_2", "http://x", EventFilter(), None, "active", NOW, "whsec_AA==")
    await writer.add(made)
    assert [s.id for s in await reader.current()] == ["sub_2"]
    await writer.change(made, status="paused")
    assert [s.status for s in await reader.current()] == ["paused"]
    await writer.remove("sub_2")
    assert await reader.current() == []


async def one_attempt(redis, redis_url: str, url: str, allow_private: bool) -> dict:
    """The first try of one delivery to `url`, by a real Sender (its receiver stored as if it had
    passed the registration check)."""
    subscriptions, queue = SubscriptionStore(redis), DeliveryQueue(redis)
    created = datetime(2000, 1, 1, tzinfo=UTC)
    await subscriptions.add(Subscription("sub_g", url, EventFilter(), None, "active", created, "whsec_AA=="))
    await FanOut(subscriptions, queue, NoNames()).take([stored("Quake hits Herat")])
    settings = WebhooksSettings(
        redis_url=redis_url, fetch_allow_private=allow_private, webhook_max_attempts=1
    )
    sender = Sender(settings, subscriptions, queue)
    running = asyncio.create_task(sender.run())
    try:
        for _ in range(200):
            if attempts := await queue.attempts("sub_g", 10):
                return attempts[0]
            await asyncio.sleep(0.05)
        raise AssertionError("no delivery was tried")
    finally:
        running.cancel()
        await sender.close()


async def test_a_receiver_whose_address_is_private_at_send_time_is_not_called(redis, redis_url):
    inside = FeedServer().start()  # on loopback: an address inside the deployment
    try:
        attempt = await one_attempt(redis, redis_url, f"{inside.url}/hook", allow_private=False)
        assert attempt["status_code"] is None and "private or local" in attempt["error"]
        assert inside.requests == []
    finally:
        inside.stop()


async def test_a_receivers_redirect_is_an_answer_not_an_address_to_post_to(redis, redis_url):
    inside, receiver = FeedServer().start(), FeedServer().start()
    try:
        receiver.routes["/hook"] = Route(status=307, location=f"{inside.url}/secret")
        attempt = await one_attempt(redis, redis_url, f"{receiver.url}/hook", allow_private=True)
        assert attempt["status_code"] == 307 and "answered 307" in attempt["error"]
        assert [path for path, _ in receiver.requests] == ["/hook"] and inside.requests == []
    finally:
        inside.stop()
        receiver.stop()
