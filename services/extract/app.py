"""Composition root of the extract service."""

import asyncio

from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from redis.asyncio import Redis

from services.extract import handlers
from services.extract.labels import is_place
from services.extract.nlp import SpacyRecognizer
from services.extract.registry import PeopleRegistry
from services.extract.settings import ExtractSettings
from shared.bus import create_broker
from shared.service_app import create_service_app
from shared.streams import EXTRACT_GROUP, INGESTED


def create_app(settings: ExtractSettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_broker(settings, registry, "extract")
    redis = Redis.from_url(settings.redis_url)
    recognizer = SpacyRecognizer(settings.spacy_model)
    handlers.register(broker, settings, redis, recognizer, PeopleRegistry(redis))

    async def load_model() -> None:
        await asyncio.to_thread(recognizer.load)
        await asyncio.to_thread(is_place, "London")  # build the gazetteer before the first article

    return create_service_app(
        name="extract",
        broker=broker,
        redis=redis,
        registry=registry,
        reads=((INGESTED, EXTRACT_GROUP),),
        trim_interval_s=settings.trim_interval_s,
        on_startup=(load_model,),
    )
