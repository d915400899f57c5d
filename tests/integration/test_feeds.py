"""The feed poller against a real Redis and a local HTTP server: conditional GET, repeated GUIDs,
failures with back-off and recovery, malformed documents, timeouts, and the address guard."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from services.ingest.feeds.fetcher import Fetcher, FetchFailed
from services.ingest.feeds.items import feed_id_for
from services.ingest.feeds.model import Feed
from services.ingest.feeds.poller import FeedPoller
from services.ingest.feeds.store import FeedStore
from shared.fetch_guard import FetchRefused, check_url
from shared.messages import SubmitArticle
from tests.feed_server import FeedServer, Route, rss

NOW = datetime(2024, 3, 1, 12, tzinfo=UTC)
LONG = " ".join(["The summit in Tehran ended with agreements on trade, transport and energy."] * 12)
PAGE = (
    "<html><head><title>Talks end in Tehran</title></head><body><article><h1>Talks end in Tehran</h1>"
    "<p>Leaders of three neighbouring countries ended their talks in Tehran on Wednesday with a pledge to "
    "build a railway along the Caspian coast and to trade more in their own currencies.</p></article></body></html>"
)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    running = FeedServer().start()
    yield running
    running.stop()


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def poller_parts(redis):
    store = FeedStore(redis)
    fetcher = Fetcher(allow_private=True, timeout_s=1.0)
    submitted: list[SubmitArticle] = []

    async def submit(submission: SubmitArticle) -> None:
        submitted.append(submission)

    clock = Clock()
    yield store, FeedPoller(store, fetcher, submit, clock, tick_s=0.1), submitted, clock
    await fetcher.close()


async def register(store: FeedStore, url: str, interval_s: int = 60) -> Feed:
    feed = Feed(id=feed_id_for(url), url=url, interval_s=interval_s, created_at=NOW, next_poll_at=NOW)
    assert await store.add(feed)
    return feed


async def test_items_are_taken_once_with_conditional_get(server, poller_parts):
    store, poller, submitted, clock = poller_parts
    server.routes["/story-2"] = Route(body=PAGE.encode(), content_type="text/html")
    items = [
        {"guid": "g2", "title": "Talks end", "link": f"{server.url}/story-2"},
        {"guid": "g1", "title": "Summit opens", "link": f"{server.url}/story-1", "content": f"<p>{LONG}</p>",
         "pubDate": "Wed, 01 Nov 2017 10:00:00 GMT"},
    ]  # fmt: skip
    server.routes["/feed"] = Route(body=rss(items), etag='"v1"')
    feed = await register(store, f"{server.url}/feed")

    assert await poller.poll_due() == 1
    assert [s.title for s in submitted] == ["Summit opens", "Talks end"]  # oldest first
    assert submitted[0].published_at == datetime(2017, 11, 1, 10, tzinfo=UTC)
    assert "summit in Tehran" in submitted[0].html  # the feed's full text, no page fetched
    assert "/story-1" not in [path for path, _ in server.requests]
    assert "railway along the Caspian" in submitted[1].html  # fetched from the item's link
    polled = await store.get(feed.id)
    assert polled.last_status == "ok" and polled.articles_ingested == 2 and polled.etag == '"v1"'
    assert polled.next_poll_at == NOW + timedelta(seconds=60)

    assert await poller.poll_due() == 0  # not due yet
    clock.now += timedelta(seconds=61)
    await poller.poll_due()
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert (await store.get(feed.id)).last_status == "not_modified" and len(submitted) == 2

    items.insert(
        0, {"guid": "g3", "title": "Third", "link": f"{server.url}/story-3", "content": f"<p>{LONG}</p>"}
    )
    server.routes["/feed"] = Route(body=rss(items), etag='"v2"')
    clock.now += timedelta(seconds=61)
    await poller.poll_due()
    assert [s.title for s in submitted[2:]] == ["Third"]  # g1 and g2 are not taken again
    assert (await store.get(feed.id)).articles_ingested == 3


async def test_a_failing_feed_backs_off_records_the_error_and_recovers(server, poller_parts):
    store, poller, submitted, _ = poller_parts
    server.routes["/feed"] = Route(status=500, body=b"oops")
    feed = await register(store, f"{server.url}/feed")
    await poller.poll(feed.id)
    failed = await store.get(feed.id)
    assert failed.last_status == "error" and "HTTP 500" in failed.last_error and failed.failures == 1
    assert failed.next_poll_at == NOW + timedelta(seconds=120)  # twice the interval
    await poller.poll(feed.id)
    assert (await store.get(feed.id)).next_poll_at == NOW + timedelta(seconds=240)

    server.routes["/feed"] = Route(body=rss([{"guid": "a", "title": "Back", "link": "x", "content": LONG}]))
    await poller.poll(feed.id)
    recovered = await store.get(feed.id)
    assert recovered.last_status == "ok" and recovered.last_error is None and recovered.failures == 0
    assert len(submitted) == 1


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(body=b"<rss><channel><item><title>broken", content_type="text/xml"), "not a readable"),
        (Route(status=404), "HTTP 404"),
        (Route(body=b"<rss/>", delay_s=1.5), "timed out"),
        (Route(body=b"\xff\xfe\x00garbage\x00", content_type="text/xml"), "not a readable"),
    ],
    ids=["malformed-xml", "not-found", "timeout", "not-utf8"],
)
async def test_bad_feeds_get_an_error_and_block_nothing(server, poller_parts, route, message):
    store, poller, submitted, _ = poller_parts
    server.routes["/bad"] = route
    good_items = [{"guid": "ok", "title": "Fine", "link": "x", "content": LONG}]
    server.routes["/good"] = Route(body=rss(good_items))
    bad = await register(store, f"{server.url}/bad")
    await register(store, f"{server.url}/good")
    assert await poller.poll_due() == 2
    assert message in (await store.get(bad.id)).last_error
    assert [s.title for s in submitted] == ["Fine"]


async def test_private_addresses_are_refused_unless_allowed():
    for url in (
        "http://127.0.0.1/feed",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest",
        "http://[::1]/",
    ):
        with pytest.raises(FetchRefused):
            await check_url(url, allow_private=False)
    with pytest.raises(FetchRefused):
        await check_url("ftp://example.com/feed", allow_private=True)
    await check_url("http://93.184.216.34/feed", allow_private=False)  # a public address
    await check_url("http://127.0.0.1/feed", allow_private=True)


async def test_redirects_are_checked_again(server):
    inside = FeedServer().start()
    try:
        inside.routes["/secret"] = Route(body=b"internal")
        server.routes["/hop"] = Route(status=302, location=f"{inside.url}/secret")

        async def only_the_outside_server(url: str) -> None:
            if not url.startswith(server.url):
                raise FetchRefused(f"{url} is inside")

        # The test's "outside" server is on loopback too: connect without the connect-time check.
        fetcher = Fetcher(
            allow_private=False, guard=only_the_outside_server, transport=httpx.AsyncHTTPTransport()
        )
        with pytest.raises(FetchRefused, match="inside"):
            await fetcher.get(f"{server.url}/hop")
        assert inside.requests == []
        allowed = Fetcher(allow_private=True)
        assert (await allowed.get(f"{server.url}/hop")).body == b"internal"
        with pytest.raises(FetchFailed):
            await allowed.get(f"{server.url}/missing")
        await fetcher.close()
        await allowed.close()
    finally:
        inside.stop()


async def test_a_name_that_turns_private_after_the_check_is_refused_at_connect_time(server):
    # DNS rebinding: the URL check saw a public address, the connection would reach this machine.
    server.routes["/feed"] = Route(body=b"<rss/>")

    async def fooled(url: str) -> None:
        return None

    fetcher = Fetcher(allow_private=False, guard=fooled)
    with pytest.raises(FetchRefused, match="private or local"):
        await fetcher.get(f"{server.url}/feed")
    assert server.requests == []
    await fetcher.close()
