"""Composition root of the extract service."""

import asyncio

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from services.extract import handlers
from services.extract.extraction import extraction_for
from services.extract.registry import PeopleRegistry
from services.extract.settings import ExtractSettings
from shared.bus import create_broker
from shared.redis_clients import redis_client
from shared.service_app import create_service_app
from shared.streams import EXTRACT_GROUP, INGESTED


def create_app(settings: ExtractSettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_broker(settings, registry, "extract")
    redis = redis_client(settings.redis_url)
    extraction = extraction_for(settings.spacy_model, settings.extract_workers)
    handlers.register(broker, settings, redis, extraction, PeopleRegistry(redis))

    async def load_model() -> None:
        await asyncio.to_thread(extraction.load)

    async def stop_workers() -> None:
        await asyncio.to_thread(extraction.close)

    return create_service_app(
        name="extract",
        broker=broker,
        redis=redis,
        registry=registry,
        reads=((INGESTED, EXTRACT_GROUP),),
        trim_interval_s=settings.trim_interval_s,
        on_startup=(load_model,),
        on_shutdown=(stop_workers,),
    )
