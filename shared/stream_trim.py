"""Trimming work streams once every consumer group is done with their oldest entries.

The work streams (ingested, enriched, assembled) carry whole articles and would grow without end.
An entry may go once every group reading the stream has both delivered it and acknowledged it:
below each group's oldest pending entry, and at or below its last delivered one. Entries a group
has not acknowledged stay, so a crashed consumer's messages are still there to be reclaimed. The
raw archive (submissions) is never trimmed: replay reads it. Several replicas may trim the same
stream at once: each computes a bound that is safe on its own.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("eventwire.trim")


@dataclass(frozen=True)
class GroupProgress:
    last_delivered: str  # "0-0" for a group that has read nothing
    oldest_pending: str | None  # None when it holds nothing unacknowledged


def _id(entry_id: str) -> tuple[int, int]:
    millis, _, seq = entry_id.partition("-")
    return int(millis), int(seq or 0)


def _after(entry_id: str) -> str:
    millis, seq = _id(entry_id)
    return f"{millis}-{seq + 1}"


def trim_bound(groups: Iterable[GroupProgress]) -> str | None:
    """The smallest entry id that must stay (XTRIM MINID keeps it and all newer), or None when
    nothing may go (no group at all, or a group that has read nothing)."""
    bounds = []
    for group in groups:
        if group.last_delivered in ("0", "0-0"):
            return None
        bounds.append(group.oldest_pending or _after(group.last_delivered))
    return min(bounds, key=_id) if bounds else None


async def progress_of(redis: Redis, stream: str) -> list[GroupProgress]:
    groups = await redis.xinfo_groups(stream)
    progress = []
    for group in groups:
        name = group["name"].decode() if isinstance(group["name"], bytes) else group["name"]
        last = group["last-delivered-id"]
        pending = await redis.xpending(stream, name)
        oldest = pending["min"] if pending["pending"] else None
        progress.append(
            GroupProgress(
                last_delivered=last.decode() if isinstance(last, bytes) else str(last),
                oldest_pending=oldest.decode() if isinstance(oldest, bytes) else oldest,
            )
        )
    return progress


async def trim_consumed(redis: Redis, stream: str) -> int:
    """Drops the entries every group is done with; returns how many went."""
    bound = trim_bound(await progress_of(redis, stream))
    if bound is None:
        return 0
    return int(await redis.xtrim(stream, minid=bound, approximate=False))


async def keep_trimming(redis: Redis, streams: tuple[str, ...], interval_s: float) -> None:
    """Runs until cancelled: trims each stream every `interval_s`."""
    while True:
        for stream in streams:
            with contextlib.suppress(RedisError):  # Redis away: try again next round
                if removed := await trim_consumed(redis, stream):
                    log.debug("trimmed %d consumed entries from %s", removed, stream)
        await asyncio.sleep(interval_s)


async def keep_window(redis: Redis, stream: str, window_s: float, interval_s: float) -> None:
    """Runs until cancelled: drops the entries of `stream` older than `window_s` (the stored-events
    stream, which live clients resume from: Last-Event-ID reaches back this far)."""
    while True:
        oldest_kept_ms = int((time.time() - window_s) * 1000)
        with contextlib.suppress(RedisError):
            await redis.xtrim(stream, minid=f"{oldest_kept_ms}-0", approximate=True)
        await asyncio.sleep(interval_s)
