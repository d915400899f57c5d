"""Delivery policy for every stream consumer: retry through reclaim, then dead-letter.

FastStream acknowledges a message after its handler returns (and after the handler's output is
published), and leaves it pending when the handler raises. A pending message is not redelivered by
the normal reader; the reclaimer subscriber (`min_idle_time`, XAUTOCLAIM) takes it over once it has
been idle long enough, which also covers a consumer that died mid-message. This middleware is the
third part: when a delivery fails and the message has already been delivered `max_deliveries`
times, it is written to the dead-letter stream with the error and acknowledged, so one poisonous
message cannot circle forever.
"""

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from faststream import BaseMiddleware
from faststream.exceptions import AckMessage, HandlerException

from shared.messages import DeadLettered
from shared.streams import entry_body

log = logging.getLogger(__name__)

DeadLetterSink = Callable[[DeadLettered, str], Awaitable[None]]


class DeadLetterMiddleware(BaseMiddleware):
    def __init__(self, msg: Any, /, *, context: Any, max_deliveries: int, sink: DeadLetterSink) -> None:
        super().__init__(msg, context=context)
        self.max_deliveries = max_deliveries
        self.sink = sink

    async def consume_scope(self, call_next: Callable[[Any], Awaitable[Any]], msg: Any) -> Any:
        try:
            return await call_next(msg)
        except HandlerException:
            raise
        except Exception as exc:
            group = getattr(msg, "group", None)
            if group is None:  # not a consumer-group read: nothing to retry or dead-letter
                raise
            entry_ids = msg.raw_message.get("message_ids") or []
            if len(entry_ids) != 1:
                # A list read together (see shared.bus.consume_batches): it stays pending, and the
                # reclaimer retries its entries one by one, each with its own count.
                log.warning(
                    "a list of %d entries failed, each will be retried alone: %r", len(entry_ids), exc
                )
                raise
            entry_id = entry_ids[0]
            channel = str(msg.raw_message.get("channel", ""))
            deliveries = await _delivery_count(msg.consumer, channel, group, entry_id)
            if deliveries < self.max_deliveries:
                log.warning("delivery %d of %s failed, will retry: %r", deliveries, entry_id, exc)
                raise
            letter = DeadLettered(
                stream=channel,
                group=group,
                entry_id=entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id),
                deliveries=deliveries,
                error=f"{type(exc).__name__}: {exc}",
                body=_only_body(msg.raw_message["data"]).decode("utf-8", errors="replace"),
            )
            await self.sink(letter, msg.correlation_id or letter.entry_id)
            log.error("dead-lettered %s after %d deliveries: %s", letter.entry_id, deliveries, letter.error)
            raise AckMessage() from exc


async def _delivery_count(consumer: Any, stream: str, group: str, entry_id: bytes) -> int:
    """How often the group has handed out this entry, this delivery included (XPENDING). FastStream's
    own `get_delivery_count` exists only on single-entry messages, not on the lists we read."""
    entries = await consumer.xpending_range(name=stream, groupname=group, min=entry_id, max=entry_id, count=1)
    return int(entries[0]["times_delivered"]) if entries else 1


def _only_body(data: list[dict[bytes, bytes]]) -> bytes:
    """The message body of a list of one entry (every subscriber reads lists: shared.bus)."""
    return entry_body(data[0])


def dead_letter_middleware(max_deliveries: int, sink: DeadLetterSink) -> Callable[..., DeadLetterMiddleware]:
    return partial(DeadLetterMiddleware, max_deliveries=max_deliveries, sink=sink)
