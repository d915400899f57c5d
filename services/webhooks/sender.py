"""Sends due deliveries: claims them from the queue, POSTs each signed, and records the outcome.

Each replica runs one loop. A claimed job is leased for longer than a try can take; the replica
that claimed it either finishes it or, if it dies, the lease runs out and another replica sends it
(the receiver may then see one webhook-id twice: delivery is at least once). At most
`per_subscription` deliveries of one subscription are in flight in a replica, so one slow or
hanging receiver holds a few slots and every other subscription keeps flowing.
"""

import asyncio
import contextlib
import logging
import time
from collections import Counter as Tally
from datetime import UTC, datetime

import httpx
from prometheus_client import CollectorRegistry, Counter, Histogram

from services.webhooks.queue import DeliveryQueue, Job
from services.webhooks.retries import retry_delay_s
from services.webhooks.settings import WebhooksSettings
from services.webhooks.signing import signed_headers
from services.webhooks.subscriptions import Subscription, SubscriptionStore
from shared.fetch_guard import guarded_transport

log = logging.getLogger("eventwire.webhooks")
# Jobs this replica queues wake its sender at once; retries coming due and jobs queued by other
# replicas are found by polling this often.
IDLE_POLL_S = 0.25
PAUSED_RECHECK_S = 5.0


class Sender:
    def __init__(
        self,
        settings: WebhooksSettings,
        subscriptions: SubscriptionStore,
        queue: DeliveryQueue,
        registry: CollectorRegistry | None = None,
    ) -> None:
        self._tries = Counter(
            "eventwire_webhook_deliveries_total", "webhook tries by outcome", ["outcome"], registry=registry
        )
        self._seconds = Histogram(
            "eventwire_webhook_delivery_seconds", "time a receiver took to answer one try", registry=registry
        )
        self._settings = settings
        self._subscriptions = subscriptions
        self._queue = queue
        transport = None if settings.fetch_allow_private else guarded_transport()
        # Redirects are not followed: a receiver's 3xx is an answer, not a new address to post to.
        self._http = httpx.AsyncClient(
            transport=transport, timeout=settings.webhook_timeout_s, follow_redirects=False
        )
        self._slots = asyncio.Semaphore(settings.webhook_concurrency)
        self._in_flight: Tally[str] = Tally()
        self._tasks: set[asyncio.Task] = set()
        self._lease_s = settings.webhook_timeout_s * 3 + 5
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            free = self._settings.webhook_concurrency - len(self._tasks)
            jobs = await self._claim(free) if free > 0 else []
            for job in jobs:
                if self._in_flight[job.subscription] >= self._settings.webhook_per_subscription:
                    await self._queue.later(job, time.time() + 0.2)  # its receiver is busy: soon
                    continue
                self._in_flight[job.subscription] += 1
                task = asyncio.create_task(self._send(job))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if not jobs:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), IDLE_POLL_S)
                self._wake.clear()

    async def _claim(self, count: int) -> list[Job]:
        try:
            return await self._queue.claim(count, self._lease_s)
        except Exception:
            log.exception("claiming deliveries failed; retrying")
            await asyncio.sleep(1)
            return []

    async def _send(self, job: Job) -> None:
        try:
            async with self._slots:
                subscription = await self._subscriptions.get(job.subscription)
                if subscription is None:
                    await self._queue.drop(job)
                elif subscription.status != "active":
                    await self._queue.later(job, time.time() + PAUSED_RECHECK_S)
                else:
                    await self._try(job, subscription)
        except Exception:
            log.exception("delivery %s failed unexpectedly; it comes due again when its lease ends", job.id)
        finally:
            self._in_flight[job.subscription] -= 1

    async def _try(self, job: Job, subscription: Subscription) -> None:
        tries = job.tries + 1
        now = datetime.now(UTC)
        headers = signed_headers(subscription.secret, job.id, int(now.timestamp()), job.body)
        status, error = None, None
        started = time.perf_counter()
        try:
            response = await self._http.post(subscription.url, content=job.body, headers=headers)
            status = response.status_code
            if not response.is_success:
                error = f"the receiver answered {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        except ValueError as exc:  # the address guard refused the receiver's address
            error = str(exc)
        duration_ms = (time.perf_counter() - started) * 1000
        if error is None:
            outcome = "delivered"
            await self._queue.delivered(job)
        elif tries >= self._settings.webhook_max_attempts:
            outcome = "dead"
            await self._queue.dead(job, tries)
        else:
            outcome = "retrying"
            delay = retry_delay_s(
                tries, self._settings.webhook_retry_base_s, self._settings.webhook_retry_cap_s
            )
            await self._queue.later(job, time.time() + delay, tries)
        attempt = {
            "webhook_id": job.id, "event_id": job.event_id, "type": job.type, "attempt": tries,
            "at": now.isoformat(), "status_code": status, "error": error,
            "duration_ms": round(duration_ms, 1), "outcome": outcome,
        }  # fmt: skip
        await self._queue.record(job.subscription, attempt)
        self._tries.labels(outcome).inc()
        self._seconds.observe(duration_ms / 1000)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._http.aclose()
