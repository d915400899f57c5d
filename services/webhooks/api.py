"""The webhooks service's internal subscription API, which the gateway's /v1/subscriptions passes
requests to."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from services.webhooks.queue import DeliveryQueue
from services.webhooks.signing import new_secret
from services.webhooks.subscriptions import Subscription, SubscriptionStore, new_subscription_id
from shared.api_models import (
    DeliveryAttempt,
    SubscriptionChange,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
)
from shared.envelope import utc_now
from shared.fetch_guard import FetchRefused, check_url


def subscription_router(store: SubscriptionStore, queue: DeliveryQueue, allow_private: bool) -> APIRouter:
    router = APIRouter(prefix="/subscriptions")

    async def public(subscription: Subscription) -> SubscriptionPublic:
        pending, dead = await queue.counts(subscription.id)
        fields = {k: v for k, v in subscription.__dict__.items() if k != "secret"}
        return SubscriptionPublic(**fields, pending=pending, dead_letters=dead)

    async def existing(subscription_id: str) -> Subscription:
        if (subscription := await store.get(subscription_id)) is None:
            raise HTTPException(404, f"no subscription with id {subscription_id!r}")
        return subscription

    async def guarded(url: str) -> str:
        try:
            await check_url(url, allow_private)
        except FetchRefused as refusal:
            raise HTTPException(400, f"url: {refusal}") from None
        return url

    @router.post("", status_code=201)
    async def subscribe(body: SubscriptionCreate) -> SubscriptionCreated:
        subscription = Subscription(
            id=new_subscription_id(), url=await guarded(body.url), filter=body.filter,
            description=body.description, status="active", created_at=utc_now(), secret=new_secret(),
        )  # fmt: skip
        await store.add(subscription)
        return SubscriptionCreated(**(await public(subscription)).model_dump(), secret=subscription.secret)

    @router.get("")
    async def list_subscriptions() -> list[SubscriptionPublic]:
        return [await public(s) for s in await store.all()]

    @router.get("/{subscription_id}")
    async def get_subscription(subscription_id: str) -> SubscriptionPublic:
        return await public(await existing(subscription_id))

    @router.patch("/{subscription_id}")
    async def change_subscription(subscription_id: str, body: SubscriptionChange) -> SubscriptionPublic:
        subscription = await existing(subscription_id)
        changes = body.model_dump(exclude_unset=True)
        if changes.get("url") is not None:
            changes["url"] = await guarded(changes["url"])
        if "filter" in changes:
            changes["filter"] = body.filter
        changes = {k: v for k, v in changes.items() if v is not None or k == "description"}
        return await public(await store.change(subscription, **changes))

    @router.delete("/{subscription_id}", status_code=204)
    async def unsubscribe(subscription_id: str) -> None:
        if not await store.remove(subscription_id):
            raise HTTPException(404, f"no subscription with id {subscription_id!r}")
        await queue.forget(subscription_id)

    @router.get("/{subscription_id}/deliveries")
    async def deliveries(
        subscription_id: str, limit: Annotated[int, Query(ge=1, le=1000)] = 100
    ) -> list[DeliveryAttempt]:
        await existing(subscription_id)
        return [DeliveryAttempt.model_validate(a) for a in await queue.attempts(subscription_id, limit)]

    @router.post("/{subscription_id}/redrive")
    async def redrive(subscription_id: str) -> dict[str, int]:
        await existing(subscription_id)
        return {"redriven": await queue.redrive(subscription_id)}

    return router
