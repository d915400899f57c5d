"""Retention: dedup keeps the recent past in Redis, not all of it.

Events more than `retention_days` older than the newest event of their kind are removed from
dedup's state with everything filed for their articles. They stay in the read model and the API;
only new articles can no longer join them, which the time window already forbids for dated ones
(retention must exceed the window). Sweeps take the decision lock, a batch at a time, so placing
articles and sweeping never interleave.
"""

import asyncio
import contextlib
import logging

from redis.exceptions import RedisError

from services.dedup.service import event_index
from services.dedup.store import EventStore

log = logging.getLogger("eventwire.dedup.retention")
BATCH = 200


async def sweep(store: EventStore, retention_days: int) -> int:
    """Removes every stale event; returns how many went."""
    removed = 0
    while True:
        async with store.decision_lock():
            stale = await store.stale_events(retention_days, BATCH)
            if not stale:
                return removed
            states = await store.load(stale)
            await store.forget(stale, states, {s.id: event_index(s) for s in states})
        removed += len(stale)


async def keep_sweeping(store_of_now, retention_days: int, interval_s: float) -> None:
    """Runs until cancelled; `store_of_now` gives the store of the current generation."""
    while True:
        with contextlib.suppress(RedisError):
            if removed := await sweep(await store_of_now(), retention_days):
                log.info(
                    "retention: %d events older than %d days left dedup's state", removed, retention_days
                )
        await asyncio.sleep(interval_s)
