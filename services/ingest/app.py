"""Composition root of the ingest service: settings in, a runnable app out."""

import asyncio
from dataclasses import asdict

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from services.ingest import handlers
from services.ingest.feeds.api import feed_router
from services.ingest.feeds.fetcher import Fetcher
from services.ingest.feeds.poller import FeedPoller
from services.ingest.feeds.store import FeedStore
from services.ingest.replay import replay_archive
from services.ingest.settings import IngestSettings
from services.ingest.store import DuplicateRegistry
from shared.bus import create_broker
from shared.envelope import new_id, utc_now, wrap
from shared.generation import current_generation, forget_generations_before
from shared.messages import SubmitArticle
from shared.redis_clients import redis_client
from shared.service_app import create_service_app
from shared.streams import INGEST_GROUP, SUBMISSIONS


def create_app(settings: IngestSettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_broker(settings, registry, "ingest")
    redis = redis_client(settings.redis_url)
    handlers.register(broker, settings, redis, DuplicateRegistry(redis), lambda: current_generation(redis))

    feeds = FeedStore(redis)
    fetcher = Fetcher(settings.fetch_allow_private, settings.fetch_timeout_s)

    async def submit(submission: SubmitArticle) -> None:
        # Feed items join the same durable queue as posted articles, and get the same treatment.
        await broker.publish(wrap(submission, correlation_id=new_id()), stream=SUBMISSIONS)

    poller = FeedPoller(feeds, fetcher, submit, utc_now, settings.feed_tick_s)
    cleanups: set[asyncio.Task] = set()

    app = create_service_app(
        name="ingest",
        broker=broker,
        redis=redis,
        registry=registry,
        reads=((SUBMISSIONS, INGEST_GROUP),),
        background=(poller.run,),
        before_shutdown=(fetcher.close,),
    )
    app.include_router(feed_router(feeds, settings.fetch_allow_private))

    @app.post("/replay", status_code=202)
    async def replay() -> dict[str, int]:
        started = await replay_archive(redis, broker)
        # The old generations' duplicate registries, person registries and events are replaced by
        # the rebuild: free their memory in the background.
        cleanups.add(task := asyncio.create_task(forget_generations_before(redis, started.generation)))
        task.add_done_callback(cleanups.discard)
        return asdict(started)

    return app
