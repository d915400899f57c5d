"""Composition root of the dedup service."""

import asyncio
from functools import partial

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from services.dedup import handlers
from services.dedup.retention import keep_sweeping
from services.dedup.service import Policy
from services.dedup.settings import DedupSettings
from services.dedup.store import EventStore
from shared.bus import create_broker
from shared.gazetteer import Gazetteer
from shared.generation import current_generation
from shared.redis_clients import redis_client
from shared.service_app import create_service_app
from shared.streams import DEDUP_GROUP, ENRICHED


def create_app(settings: DedupSettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_broker(settings, registry, "dedup")
    redis = redis_client(settings.redis_url)
    gazetteer = Gazetteer()
    policy = Policy(settings.join_threshold, settings.window_days, settings.max_candidates)
    store = EventStore(redis, settings.decision_lock_s)
    handlers.register(broker, settings, redis, store, policy, gazetteer, lambda: current_generation(redis))

    async def warm_gazetteer() -> None:
        # Build the name index before the first message rather than inside it.
        await asyncio.to_thread(gazetteer.city, "London")

    async def current_store() -> EventStore:
        return store.in_generation(await current_generation(redis))

    return create_service_app(
        name="dedup",
        broker=broker,
        redis=redis,
        registry=registry,
        reads=((ENRICHED, DEDUP_GROUP),),
        trim_interval_s=settings.trim_interval_s,
        on_startup=(warm_gazetteer,),
        background=(
            partial(
                keep_sweeping,
                current_store,
                settings.retention_days,
                settings.retention_idle_s,
                settings.retention_sweep_s,
            ),
        ),
    )
