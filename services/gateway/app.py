"""Composition root of the gateway: the public FastAPI app."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CollectorRegistry
from prometheus_fastapi_instrumentator import Instrumentator

from services.gateway.access.keys import KeyStore
from services.gateway.access.rate_limit import RateLimiter
from services.gateway.access.scopes import require
from services.gateway.api import (
    articles,
    dead_letters,
    entities,
    event_feeds,
    events,
    feeds,
    keys,
    replay,
    stories,
    subscriptions,
)
from services.gateway.api_docs import add_offline_docs
from services.gateway.body_limit import BodySizeLimit
from services.gateway.clients import IngestClient, ServiceClient
from services.gateway.dead_letters import DeadLetters
from services.gateway.examples import add_examples
from services.gateway.feed import FeedTail
from services.gateway.known_params import refuse_unknown_parameters
from services.gateway.nul_guard import RefuseNul
from services.gateway.openapi_amendments import amend_openapi
from services.gateway.pipeline_metrics import PipelineMetrics
from services.gateway.pipeline_status import pipeline_status
from services.gateway.problems import describe_problems, install_problem_handlers
from services.gateway.replies import ReplyInbox
from services.gateway.settings import GatewaySettings
from shared.api_models import PipelineStatus
from shared.asyncapi import asyncapi_document
from shared.messages import StoryStored
from shared.redis_clients import create_redis_broker, node_client, redis_client
from shared.service_app import add_operational_routes, redis_is_up
from shared.streams import STORED

ACCESS_ERRORS = {
    401: {"description": "no API key, or one unknown or revoked (with EVENTWIRE_AUTH=on)"},
    403: {"description": "the API key lacks the scope this route needs"},
    429: {"description": "the key's rate limit is spent; Retry-After says when to come back"},
}


def create_app(settings: GatewaySettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_redis_broker(settings.redis_url)
    redis = redis_client(settings.redis_url)
    query = ServiceClient(settings.query_url)
    # Replaying a large archive keeps ingest busy for a while before it answers.
    ingest_api = ServiceClient(settings.ingest_url, timeout_s=600.0)
    webhooks = ServiceClient(settings.webhooks_url)
    letters = DeadLetters(redis, broker)
    pipeline = PipelineMetrics(redis, letters, registry)

    def on_stored(item) -> None:
        if not isinstance(item.stored, StoryStored):
            pipeline.stored(item.correlation_id)

    feed = FeedTail(redis, STORED, settings.sse_queue_size, on_item=on_stored)
    # Pub/sub on one node: a cluster relays ingest's replies to every node.
    inbox_redis = node_client(settings.redis_url)
    inbox = ReplyInbox(inbox_redis)
    key_store = KeyStore(redis)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await broker.connect()
        if settings.auth == "on":
            await key_store.ensure("admin (EVENTWIRE_ADMIN_KEY)", ("admin",), settings.admin_key)
        tail = asyncio.create_task(feed.run())
        replies = asyncio.create_task(inbox.run())
        await inbox.listening(settings.ingest_timeout_s)
        app.state.ingest = IngestClient(
            broker, inbox, settings.ingest_timeout_s, on_accepted=pipeline.accepted
        )
        app.state.query = query
        app.state.ingest_api = ingest_api
        app.state.feed = feed
        app.state.webhooks = webhooks
        try:
            yield
        finally:
            for task in (tail, replies):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await query.close()
            await ingest_api.close()
            await webhooks.close()
            await broker.stop()
            await redis.aclose()
            await inbox_redis.aclose()

    app = FastAPI(
        title="Eventwire",
        summary="A live, deduplicated, queryable feed of real-world events built from news articles.",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(refuse_unknown_parameters)],
        docs_url=None,
        redoc_url=None,
    )
    add_offline_docs(app)
    install_problem_handlers(app)
    amend_openapi(app, describe_problems, add_examples)
    # Read by the scope check of every /v1 route (services/gateway/access/scopes.py).
    app.state.auth_on = settings.auth == "on"
    app.state.keys = key_store
    app.state.dead_letters = letters
    app.state.limiter = (
        RateLimiter(redis, settings.rate_limit_per_min) if settings.rate_limit_per_min > 0 else None
    )
    readers = [Depends(require("read"))]
    app.include_router(articles.router, responses=ACCESS_ERRORS)
    app.include_router(
        event_feeds.router, dependencies=readers, responses=ACCESS_ERRORS
    )  # before events: /v1/events/export is not an event id
    app.include_router(events.router, dependencies=readers, responses=ACCESS_ERRORS)
    app.include_router(stories.router, dependencies=readers, responses=ACCESS_ERRORS)
    app.include_router(entities.router, dependencies=readers, responses=ACCESS_ERRORS)
    app.include_router(feeds.router, responses=ACCESS_ERRORS)
    app.include_router(subscriptions.router, dependencies=readers, responses=ACCESS_ERRORS)
    app.include_router(replay.router, dependencies=[Depends(require("admin"))], responses=ACCESS_ERRORS)
    app.include_router(keys.router, responses=ACCESS_ERRORS)
    app.include_router(dead_letters.router, dependencies=[Depends(require("admin"))], responses=ACCESS_ERRORS)
    if settings.cors_origins.strip():
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o.strip() for o in settings.cors_origins.split(",") if o.strip()],
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
            expose_headers=[
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "Retry-After",
                "Location",
            ],
        )
    app.add_middleware(RefuseNul)  # inside the size limit, which bounds what it reads
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    Instrumentator(registry=registry).instrument(app)
    add_operational_routes(app, registry, lambda: redis_is_up(redis), before_scrape=pipeline.refresh)

    @app.get(
        "/readyz", tags=["operations"], responses={503: {"description": "the query service is unreachable"}}
    )
    async def readyz(response: Response) -> dict[str, str]:
        """Ready to serve reads: Redis and the query service both answer. `/healthz` stays liveness."""
        if await redis_is_up(redis) and await query.is_up():
            return {"status": "ready"}
        response.status_code = 503
        response.headers["Retry-After"] = "2"
        return {"status": "unavailable"}

    @app.get("/asyncapi.json", tags=["operations"], include_in_schema=False)
    async def asyncapi() -> dict:
        """The streams between the services, as an AsyncAPI 3.0 document."""
        return asyncapi_document(app.version)

    @app.get(
        "/v1/status", tags=["operations"], dependencies=[Depends(require("admin"))], responses=ACCESS_ERRORS
    )
    async def status() -> PipelineStatus:
        """Every consumer group of the pipeline: its replicas, lag, pending entries, dead letters and
        last error (what `eventwire status` shows)."""
        ready = await redis_is_up(redis) and await query.is_up()
        return await pipeline_status(redis, letters, ready)

    return app
