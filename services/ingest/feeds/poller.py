"""Polls due feeds and hands each new item to ingest as a submission on the durable stream.

Items are taken oldest first. An item whose feed carries the full article goes on as that HTML;
otherwise its link is fetched (through the same guard). An item is marked seen only once it has been
handed on, so an item whose page could not be fetched is tried again at the next poll.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from trafilatura.utils import decode_file

from services.ingest.feeds.fetcher import Fetcher, FetchFailed
from services.ingest.feeds.items import FeedItem, MalformedFeed, next_poll, parse_items
from services.ingest.feeds.model import Feed
from services.ingest.feeds.store import FeedStore
from shared.fetch_guard import FetchRefused
from shared.messages import SubmitArticle

log = logging.getLogger(__name__)
Submit = Callable[[SubmitArticle], Awaitable[None]]
DUE_PER_TICK = 8


class FeedPoller:
    def __init__(
        self, store: FeedStore, fetcher: Fetcher, submit: Submit, clock: Callable[[], datetime], tick_s: float
    ) -> None:
        self._store = store
        self._fetcher = fetcher
        self._submit = submit
        self._clock = clock
        self._tick_s = tick_s

    async def run(self) -> None:
        while True:
            try:
                await self.poll_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # one bad tick (Redis blip) must not end polling for good
                log.exception("feed polling tick failed")
            await asyncio.sleep(self._tick_s)

    async def poll_due(self) -> int:
        due = await self._store.take_due(self._clock(), DUE_PER_TICK)
        await asyncio.gather(*(self.poll(feed_id) for feed_id in due))
        return len(due)

    async def poll(self, feed_id: str) -> Feed | None:
        feed = await self._store.get(feed_id)
        if feed is None:
            return None
        now = self._clock()
        try:
            fetched = await self._fetcher.get(feed.url, feed.etag, feed.last_modified)
            taken = 0 if fetched.status == 304 else await self._take(feed, parse_items(fetched.body))
            feed = feed.model_copy(
                update={
                    "last_fetched_at": now,
                    "last_status": "not_modified" if fetched.status == 304 else "ok",
                    "last_error": None,
                    "failures": 0,
                    "articles_ingested": feed.articles_ingested + taken,
                    "etag": fetched.etag,
                    "last_modified": fetched.last_modified,
                    "next_poll_at": next_poll(now, feed.interval_s, 0),
                }
            )
        except (FetchFailed, FetchRefused, MalformedFeed) as exc:
            failures = feed.failures + 1
            feed = feed.model_copy(
                update={
                    "last_fetched_at": now,
                    "last_status": "error",
                    "last_error": str(exc),
                    "failures": failures,
                    "next_poll_at": next_poll(now, feed.interval_s, failures),
                }
            )
        await self._store.save(feed)
        return feed

    async def _take(self, feed: Feed, items: list[FeedItem]) -> int:
        by_guid = {item.guid: item for item in items}
        taken = 0
        for guid in reversed(await self._store.unseen(feed.id, list(by_guid))):
            item = by_guid[guid]
            html = item.content_html
            if html is None and item.link:
                try:
                    html = decode_file((await self._fetcher.get(item.link)).body)
                except (FetchFailed, FetchRefused) as exc:
                    log.warning("feed %s: item %s not fetched, will retry: %s", feed.id, guid, exc)
                    continue
            if not html:
                continue
            await self._submit(
                SubmitArticle(html=html, url=item.link, title=item.title, published_at=item.published_at)
            )
            await self._store.mark_seen(feed.id, guid)
            taken += 1
        return taken
