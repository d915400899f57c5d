"""From the stored-events stream to the delivery queue: each created or updated event revision
becomes one job for every active subscription whose filter it passes.

Only events are delivered (stories are on the SSE stream). A subscription gets what was stored
after it was made: entries older than it, met when the service catches up on a backlog, are not
sent. The job's body is fixed here, so every try sends the same bytes.
"""

import json
from datetime import UTC, datetime

from services.webhooks.names import EntityNames
from services.webhooks.queue import DeliveryQueue, job_id_for
from services.webhooks.subscriptions import SubscriptionStore
from shared.envelope import Envelope
from shared.event_filter import matches
from shared.messages import EventStored

_EVENT_TYPE = EventStored.message_type


def delivery_body(stored: EventStored, occurred_at: datetime) -> bytes:
    payload = {
        "type": "event.created" if stored.created else "event.updated",
        "timestamp": occurred_at.astimezone(UTC).isoformat(),
        "data": stored.event.model_dump(mode="json"),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class FanOut:
    def __init__(
        self, subscriptions: SubscriptionStore, queue: DeliveryQueue, names: EntityNames, on_queued=None
    ) -> None:
        self._subscriptions = subscriptions
        self._queue = queue
        self._names = names
        self._on_queued = on_queued  # told when jobs were queued (this replica's sender wakes up)

    async def take(self, messages: list[dict]) -> int:
        """Queue the deliveries these stream messages call for; returns how many are new."""
        stored = [
            Envelope[EventStored].model_validate(m)
            for m in messages
            if str(m.get("type", "")).startswith(_EVENT_TYPE + ".")
        ]
        if not stored:
            return 0
        active = [s for s in await self._subscriptions.current() if s.status == "active"]
        jobs = []
        for subscription in active:
            known_as = await self._names.known_as(subscription.filter)
            for envelope in stored:
                event = envelope.payload
                if envelope.occurred_at < subscription.created_at:
                    continue
                if matches(subscription.filter, event.event, known_as):
                    kind = "event.created" if event.created else "event.updated"
                    job_id = job_id_for(subscription.id, envelope.message_id)
                    body = delivery_body(event, envelope.occurred_at)
                    jobs.append((job_id, subscription.id, event.event.id, kind, body))
        queued = await self._queue.enqueue(jobs)
        if queued and self._on_queued:
            self._on_queued()
        return queued
