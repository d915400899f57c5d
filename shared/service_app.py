"""The process shell around a stream-consuming service: health, metrics and broker lifecycle.

Every service is a small FastAPI app: `/healthz` answers 200 once the broker is connected and
every subscriber is running, `/metrics` serves the service's own Prometheus registry, and the
lifespan starts resources, creates the consumer groups, then starts the broker (and stops them in
reverse order). The launcher and docker-compose use `/healthz` to know the service is ready.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI, Response
from faststream.redis import RedisBroker
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from shared.stream_trim import keep_trimming
from shared.streams import TRIMMED, ensure_group

Hook = Callable[[], Awaitable[None]]


def create_service_app(
    *,
    name: str,
    broker: RedisBroker,
    redis: Redis,
    registry: CollectorRegistry,
    reads: tuple[tuple[str, str], ...],
    on_startup: tuple[Hook, ...] = (),
    after_startup: tuple[Hook, ...] = (),
    before_shutdown: tuple[Hook, ...] = (),
    on_shutdown: tuple[Hook, ...] = (),
    background: tuple[Hook, ...] = (),
    trim_interval_s: float = 60.0,
) -> FastAPI:
    """`background` loops (feed polling, retention) run while the broker runs: started after the
    `after_startup` hooks, cancelled before the `before_shutdown` ones."""
    # The work streams this service reads are trimmed by it once every group is done with them.
    trimmed = tuple(stream for stream, _ in reads if stream in TRIMMED)
    loops = (*background, partial(keep_trimming, redis, trimmed, trim_interval_s)) if trimmed else background

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        for hook in on_startup:
            await hook()
        for stream, group in reads:
            await ensure_group(redis, stream, group)
        await broker.start()
        for hook in after_startup:  # things that publish need the broker running
            await hook()
        tasks = [asyncio.create_task(loop()) for loop in loops]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for hook in before_shutdown:  # mirror of after_startup: stop what publishes first
                await hook()
            await broker.stop()
            for hook in on_shutdown:
                await hook()
            await redis.aclose()

    app = FastAPI(title=f"eventwire-{name}", lifespan=lifespan)
    add_operational_routes(app, registry, lambda: broker_is_healthy(broker, redis))
    return app


async def redis_is_up(redis: Redis) -> bool:
    try:
        return bool(await redis.ping())
    except (RedisError, OSError):
        return False


async def broker_is_healthy(broker: RedisBroker, redis: Redis) -> bool:
    return await redis_is_up(redis) and all(sub.running for sub in broker.subscribers)


def add_operational_routes(
    app: FastAPI,
    registry: CollectorRegistry,
    is_healthy: Callable[[], Awaitable[bool]],
    before_scrape: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """`before_scrape` brings gauges read from elsewhere up to date when /metrics is asked."""

    @app.get("/healthz", tags=["operations"])
    async def healthz(response: Response) -> dict[str, str]:
        if await is_healthy():
            return {"status": "ok"}
        response.status_code = 503
        return {"status": "unavailable"}

    @app.get(
        "/metrics",
        tags=["operations"],
        response_class=Response,
        responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
    )
    async def metrics() -> Response:
        if before_scrape is not None:
            await before_scrape()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
