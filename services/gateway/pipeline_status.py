"""The pipeline at a glance, for `eventwire status`: per stream and consumer group, its live
replicas (consumers that read in the last minute), how far behind it is, what it holds
unacknowledged, its dead letters and the last error that sent one there."""

from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.gateway.dead_letters import DeadLetters
from services.gateway.pipeline_metrics import STREAMS, text_of
from shared.api_models import GroupStatus, PipelineStatus

LIVE_MS = 60_000


async def pipeline_status(redis: Redis, letters: DeadLetters, ready: bool) -> PipelineStatus:
    recent = await letters.list(1000)
    groups = []
    for stream in STREAMS:
        try:
            infos = await redis.xinfo_groups(stream)
        except RedisError:
            continue
        for info in infos:
            group = text_of(info["name"])
            consumers = await redis.xinfo_consumers(stream, group)
            live = sorted(
                text_of(c["name"]) for c in consumers
                if int(c.get("inactive", c.get("idle", 0))) < LIVE_MS and not text_of(c["name"]).endswith("-reclaim")
            )  # fmt: skip
            own = [letter for letter in recent if letter.stream == stream and letter.group == group]
            groups.append(
                GroupStatus(
                    stream=stream,
                    group=group,
                    replicas=len(live),
                    consumers=live,
                    lag=int(info.get("lag") or 0),
                    pending=int(info.get("pending") or 0),
                    dead_letters=len(own),
                    last_error=own[0].error if own else None,
                )
            )
    return PipelineStatus(ready=ready, groups=groups, dead_letters=len(recent))
