"""The whole pipeline's state, read from Redis when Prometheus scrapes the gateway: how far each
consumer group is behind its stream (`eventwire_stream_lag`), how many entries it holds
unacknowledged (`eventwire_stream_pending`), the dead letters per stream they came from
(`eventwire_dead_letters`), and the time from an accepted POST to its event being stored
(`eventwire_end_to_end_seconds`, seen by this gateway replica for the POSTs it accepted).

Each service keeps its own handler metrics on its own /metrics; these are the numbers no single
service can see.
"""

import time
from collections import OrderedDict

from prometheus_client import CollectorRegistry, Gauge, Histogram
from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.gateway.dead_letters import DeadLetters
from shared.streams import ASSEMBLED, ENRICHED, INGESTED, STORED, SUBMISSIONS

STREAMS = (SUBMISSIONS, INGESTED, ENRICHED, ASSEMBLED, STORED)
REMEMBERED = 100_000  # accepted POSTs waiting for their event, at most


def text_of(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class PipelineMetrics:
    def __init__(self, redis: Redis, letters: DeadLetters, registry: CollectorRegistry) -> None:
        self._redis = redis
        self._letters = letters
        self.lag = Gauge(
            "eventwire_stream_lag",
            "entries of the stream the group has not read yet",
            ["stream", "group"],
            registry=registry,
        )
        self.pending = Gauge(
            "eventwire_stream_pending", "entries the group has read and not acknowledged", ["stream", "group"],
            registry=registry,
        )  # fmt: skip
        self.dead = Gauge(
            "eventwire_dead_letters",
            "dead letters by the stream they came from",
            ["stream"],
            registry=registry,
        )
        self.end_to_end = Histogram(
            "eventwire_end_to_end_seconds", "from an accepted POST to its event stored and announced",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300), registry=registry,
        )  # fmt: skip
        self._accepted: OrderedDict[str, float] = OrderedDict()

    async def refresh(self) -> None:
        """Read every group's lag and pending count, and the dead letters, into the gauges."""
        try:
            for stream in STREAMS:
                try:
                    groups = await self._redis.xinfo_groups(stream)
                except RedisError:  # no such stream yet
                    continue
                for group in groups:
                    name = text_of(group["name"])
                    self.lag.labels(stream, name).set(group.get("lag") or 0)
                    self.pending.labels(stream, name).set(group.get("pending") or 0)
            counts = await self._letters.counts()
            for stream in set(STREAMS) | set(counts):
                self.dead.labels(stream).set(counts.get(stream, 0))
        except RedisError:
            pass  # Redis away: the last values stand, and /readyz says why

    def accepted(self, correlation_id: str) -> None:
        self._accepted[correlation_id] = time.monotonic()
        while len(self._accepted) > REMEMBERED:
            self._accepted.popitem(last=False)

    def stored(self, correlation_id: str) -> None:
        """An event stored for that POST: observed once, for its first event revision."""
        if (at := self._accepted.pop(correlation_id, None)) is not None:
            self.end_to_end.observe(time.monotonic() - at)
