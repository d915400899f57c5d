"""Composition root of the ingest service: settings in, a runnable app out."""

from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from redis.asyncio import Redis

from services.ingest import handlers
from services.ingest.settings import IngestSettings
from services.ingest.store import DuplicateRegistry
from shared.bus import create_broker
from shared.service_app import create_service_app
from shared.streams import INGEST_GROUP, SUBMISSIONS


def create_app(settings: IngestSettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_broker(settings, registry, "ingest")
    redis = Redis.from_url(settings.redis_url)
    handlers.register(broker, settings, DuplicateRegistry(redis))
    return create_service_app(
        name="ingest", broker=broker, redis=redis, registry=registry, reads=((SUBMISSIONS, INGEST_GROUP),)
    )
