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
            deliveries = await msg.get_delivery_count()
            if deliveries < self.max_deliveries:
                log.warning("delivery %d of %s failed, will retry: %r", deliveries, msg.message_id, exc)
                raise
            entry_ids = msg.raw_message.get("message_ids") or [b""]
            letter = DeadLettered(
                stream=str(msg.raw_message.get("channel", "")),
                group=group,
                entry_id=entry_ids[0].decode() if isinstance(entry_ids[0], bytes) else str(entry_ids[0]),
                deliveries=deliveries,
                error=f"{type(exc).__name__}: {exc}",
                body=msg.body.decode("utf-8", errors="replace"),
            )
            await self.sink(letter, msg.correlation_id or letter.entry_id)
            log.error("dead-lettered %s after %d deliveries: %s", letter.entry_id, deliveries, letter.error)
            raise AckMessage() from exc


def dead_letter_middleware(max_deliveries: int, sink: DeadLetterSink) -> Callable[..., DeadLetterMiddleware]:
    return partial(DeadLetterMiddleware, max_deliveries=max_deliveries, sink=sink)
