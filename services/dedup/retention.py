"""Retention: dedup keeps the recent past in Redis, not all of it.

Events more than `retention_days` older than the newest event of their kind, and that no article
joined for `idle_s` of wall-clock time, are removed from dedup's state with everything filed for
their articles. The second condition matters when articles arrive out of date order: a backfill
posted in any order, or messages handed on after a crash, still find the events they belong to
(the data's newest day can race years ahead of them). They stay in the read model and the API;
only new articles can no longer join them, which the time window already forbids for dated ones
(retention must exceed the window). Sweeps take the decision lock, a batch at a time, so placing
articles and sweeping never interleave.
"""

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from redis.exceptions import RedisError

from services.dedup.service import event_index
from services.dedup.store import EventStore
from shared.envelope import utc_now

log = logging.getLogger("eventwire.dedup.retention")
BATCH = 200


async def sweep(store: EventStore, retention_days: int, idle_s: float, now: datetime) -> int:
    """Removes every stale event; returns how many went."""
    idle_since = now - timedelta(seconds=idle_s)
    removed = 0
    for kind in ("dated", "undated"):
        kept = 0  # aged events still in use, skipped on the next page
        while True:
            async with store.decision_lock():
                aged = await store.aged_events(kind, retention_days, kept, BATCH)
                if not aged:
                    break
                states = {s.id: s for s in await store.load(aged)}
                # An id whose state is already gone is stale too: it leaves the age list.
                stale = [i for i in aged if i not in states or states[i].last_seen < idle_since]
                gone = [states[i] for i in stale if i in states]
                if stale:
                    await store.forget(stale, gone, {s.id: event_index(s) for s in gone})
            kept += len(aged) - len(stale)
            removed += len(stale)
    return removed


async def keep_sweeping(store_of_now, retention_days: int, idle_s: float, interval_s: float) -> None:
    """Runs until cancelled; `store_of_now` gives the store of the current generation."""
    while True:
        with contextlib.suppress(RedisError):
            if removed := await sweep(await store_of_now(), retention_days, idle_s, utc_now()):
                log.info(
                    "retention: %d events older than %d days left dedup's state", removed, retention_days
                )
        await asyncio.sleep(interval_s)
