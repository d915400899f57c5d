"""The webhooks service's subscriber: the stored-events stream, read in its own consumer group
(replicas share it), fanned out to the delivery queue. A list is acknowledged once its jobs are
queued; a redelivered list queues nothing twice."""

from typing import Any

from faststream.redis import RedisBroker

from services.webhooks.fanout import FanOut
from shared.bus import consume_batches
from shared.settings import CommonSettings
from shared.streams import STORED

READS = (STORED,)


def register(broker: RedisBroker, settings: CommonSettings, fan_out: FanOut, group: str) -> None:
    @consume_batches(broker, STORED, group, settings)
    async def queue_deliveries(messages: list[dict[str, Any]]) -> None:
        await fan_out.take(messages)
