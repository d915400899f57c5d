"""Fans the stored-events stream (events and stories, as the read model stores them) out to this
gateway's server-sent-event clients.

One reader per gateway tails the stream (XREAD, no consumer group: every gateway replica must see
every event) and hands each entry to every connected client's queue. A client that reconnects with
Last-Event-ID first gets what it missed from the stream itself (XRANGE), then the live tail.
"""

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.envelope import Envelope
from shared.messages import EventStored, StoryStored
from shared.streams import entry_body

log = logging.getLogger(__name__)
REPLAY_BATCH = 500


@dataclass(frozen=True)
class FeedItem:
    entry_id: str
    stored: EventStored | StoryStored
    correlation_id: str = ""  # of the POST that caused it

    @property
    def kind(self) -> str:
        """The SSE event name: `created` or `updated` for an event, `story` for a story."""
        if isinstance(self.stored, StoryStored):
            return "story"
        return "created" if self.stored.created else "updated"

    def data(self) -> str:
        changed = self.stored.story if isinstance(self.stored, StoryStored) else self.stored.event
        return changed.model_dump_json()


_STORY_TYPE = f"{StoryStored.message_type}.v"  # any version: a later one is read too


def _item(entry_id: bytes, fields: dict[bytes, bytes]) -> FeedItem:
    body = entry_body(fields)
    kind = StoryStored if str(json.loads(body).get("type", "")).startswith(_STORY_TYPE) else EventStored
    envelope = Envelope[kind].model_validate_json(body)
    return FeedItem(
        entry_id=entry_id.decode(), stored=envelope.payload, correlation_id=envelope.correlation_id
    )


class FeedTail:
    def __init__(self, redis: Redis, stream: str, queue_size: int, on_item=None) -> None:
        self._on_item = on_item  # told of every entry read live (the end-to-end delay metric)
        self._redis = redis
        self._stream = stream
        self._queue_size = queue_size
        self._clients: set[asyncio.Queue[FeedItem | None]] = set()

    async def run(self) -> None:
        last_id = "$"
        while True:
            try:
                response = await self._redis.xread({self._stream: last_id}, block=1000, count=200)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("reading %s failed; retrying", self._stream)
                await asyncio.sleep(1)
                continue
            for _, entries in response:
                for entry_id, fields in entries:
                    last_id = entry_id
                    item = _item(entry_id, fields)
                    self._fan_out(item)
                    if self._on_item is not None:
                        self._on_item(item)

    def _fan_out(self, item: FeedItem) -> None:
        for queue in list(self._clients):
            try:
                queue.put_nowait(item)
            except asyncio.QueueFull:
                # Too slow to keep up: end its stream; it resumes from its Last-Event-ID.
                self._clients.discard(queue)
                with contextlib.suppress(asyncio.QueueFull):
                    queue.get_nowait()
                    queue.put_nowait(None)

    async def _replay(self, after_id: str) -> AsyncIterator[FeedItem]:
        cursor = after_id
        while True:
            entries = await self._redis.xrange(self._stream, min=f"({cursor}", max="+", count=REPLAY_BATCH)
            for entry_id, fields in entries:
                cursor = entry_id.decode()
                yield _item(entry_id, fields)
            if len(entries) < REPLAY_BATCH:
                return

    async def entry(self, entry_id: str) -> FeedItem | None:
        entries = await self._redis.xrange(self._stream, min=entry_id, max=entry_id, count=1)
        return _item(*entries[0]) if entries else None

    async def oldest_after(self, last_event_id: str) -> str | None:
        """The oldest entry still kept, when an entry after `last_event_id` has been dropped
        (Redis 7 records the newest id it trimmed)."""
        try:
            info = await self._redis.xinfo_stream(self._stream)
        except ResponseError:  # no stream yet: nothing was ever dropped
            return None
        dropped = info.get("max-deleted-entry-id", b"0-0")
        dropped = dropped.decode() if isinstance(dropped, bytes) else str(dropped)
        if _not_after(dropped, last_event_id):
            return None
        first = info.get("first-entry")
        return first[0].decode() if first else dropped

    def subscribe(self) -> "asyncio.Queue[FeedItem | None]":
        """Join the live tail now, before the response starts, so a client that sees the stream
        open has missed nothing. A queue never read fills up and is dropped by `_fan_out`."""
        queue: asyncio.Queue[FeedItem | None] = asyncio.Queue(self._queue_size)
        self._clients.add(queue)
        return queue

    async def follow(
        self, queue: "asyncio.Queue[FeedItem | None]", last_event_id: str | None
    ) -> AsyncIterator[FeedItem]:
        """Every stored event after `last_event_id` (or from subscription on), in stream order.
        Entries both replayed and queued live are given once, by id."""
        try:
            seen = ""
            if last_event_id:
                async for item in self._replay(last_event_id):
                    seen = item.entry_id
                    yield item
            while (item := await queue.get()) is not None:
                if seen and _not_after(item.entry_id, seen):
                    continue
                yield item
        finally:
            self._clients.discard(queue)


def _not_after(entry_id: str, other: str) -> bool:
    def parts(value: str) -> tuple[int, int]:
        ms, _, seq = value.partition("-")
        return int(ms), int(seq or 0)

    return parts(entry_id) <= parts(other)
