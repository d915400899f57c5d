"""Ingest's answers to this gateway, on one pub/sub channel the gateway keeps open.

FastStream's `broker.request` subscribes a fresh channel for every request and closes it after, and
closing a redis-py pub/sub drops its connection: a new TCP connection and handshake for every
article posted (measured: about a tenth of the gateway's CPU). Here the channel is subscribed
once; each submission carries its own correlation id and `reply_to` this channel, and ingest's
reply (FastStream publishes a handler's return value to `reply_to`) is matched back by that id.
"""

import asyncio
import contextlib
import json

from faststream.redis import BinaryMessageFormatV1
from redis.asyncio import Redis
from redis.exceptions import RedisError

from shared.envelope import new_id

RESUBSCRIBE_AFTER_S = 1.0


class ReplyInbox:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self.channel = f"eventwire:replies:{new_id()}"
        self._waiting: dict[str, asyncio.Future] = {}
        self._listening = asyncio.Event()

    async def run(self) -> None:
        """Listens until cancelled, subscribing again if Redis goes away; replies to no one
        waiting (timed out) are dropped."""
        while True:
            with contextlib.suppress(RedisError, OSError):
                await self._listen()
            await asyncio.sleep(RESUBSCRIBE_AFTER_S)

    async def _listen(self) -> None:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.channel)
            self._listening.set()
            async for message in pubsub.listen():
                body, headers = BinaryMessageFormatV1.parse(message["data"])
                waiting = self._waiting.pop(headers.get("correlation_id", ""), None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(json.loads(body))
        finally:
            self._listening.clear()
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def listening(self, timeout_s: float) -> None:
        await asyncio.wait_for(self._listening.wait(), timeout_s)

    def expect(self, correlation_id: str) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self._waiting[correlation_id] = future
        return future

    def forget(self, correlation_id: str) -> None:
        self._waiting.pop(correlation_id, None)
