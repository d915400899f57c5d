"""Composition root of the webhooks service."""

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from services.webhooks import handlers
from services.webhooks.api import subscription_router
from services.webhooks.fanout import FanOut
from services.webhooks.names import EntityNames
from services.webhooks.queue import DeliveryQueue
from services.webhooks.sender import Sender
from services.webhooks.settings import WebhooksSettings
from services.webhooks.subscriptions import SubscriptionStore
from shared.bus import create_broker
from shared.redis_clients import redis_client
from shared.service_app import create_service_app


def create_app(settings: WebhooksSettings) -> FastAPI:
    registry = CollectorRegistry()
    broker = create_broker(settings, registry, "webhooks")
    redis = redis_client(settings.redis_url)
    subscriptions = SubscriptionStore(redis)
    queue = DeliveryQueue(redis)
    names = EntityNames(settings.query_url)
    sender = Sender(settings, subscriptions, queue, registry)
    fan_out = FanOut(subscriptions, queue, names, on_queued=sender.wake)
    handlers.register(broker, settings, fan_out, settings.consumer_group)

    app = create_service_app(
        name="webhooks",
        broker=broker,
        redis=redis,
        registry=registry,
        reads=tuple((stream, settings.consumer_group) for stream in handlers.READS),
        trim_interval_s=settings.trim_interval_s,
        on_shutdown=(sender.close, names.close),
        background=(sender.run,),
    )
    app.include_router(subscription_router(subscriptions, queue, settings.fetch_allow_private))
    return app
