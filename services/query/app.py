"""Composition root of the query service."""

from functools import partial

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from services.query import handlers
from services.query.read_api import read_router
from services.query.settings import QuerySettings
from services.query.store import ReadModel
from shared.bus import create_broker
from shared.redis_clients import redis_client
from shared.service_app import create_service_app
from shared.stream_trim import keep_window
from shared.streams import STORED, retire_group


def create_app(settings: QuerySettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_broker(settings, registry, "query")
    redis = redis_client(settings.redis_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    model = ReadModel.from_url(settings.database_url)
    handlers.register(broker, settings, redis, model, settings.consumer_group)

    async def retire_old_reads() -> None:
        for stream in handlers.RETIRED_READS:
            await retire_group(redis, stream, settings.consumer_group)

    app = create_service_app(
        name="query",
        broker=broker,
        redis=redis,
        registry=registry,
        reads=tuple((stream, settings.consumer_group) for stream in handlers.READS),
        trim_interval_s=settings.trim_interval_s,
        on_startup=(model.create_schema, retire_old_reads),
        on_shutdown=(model.close,),
        background=(
            partial(keep_window, redis, STORED, settings.live_retention_s, settings.trim_interval_s),
        ),
    )
    app.include_router(read_router(model, settings.total_limit))
    return app
