"""/v1/subscriptions: webhooks. Every event created or updated that passes a subscription's filter
is POSTed to its URL, signed the Standard Webhooks way, by the webhooks service."""

from typing import Annotated

from fastapi import APIRouter, Query

from services.gateway.deps import WebhooksDep
from services.gateway.ids import checked
from services.gateway.relay import forward, relay
from shared.api_models import (
    DeliveryAttempt,
    SubscriptionChange,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
)

router = APIRouter(prefix="/v1/subscriptions", tags=["subscriptions"])
NOT_FOUND = {404: {"description": "no such subscription"}}


def _path(subscription_id: str, rest: str = "") -> str:
    return f"/subscriptions/{checked('subscription', subscription_id)}{rest}"


@router.post("", status_code=201, responses={400: {"description": "the URL may not be posted to"}})
async def subscribe(body: SubscriptionCreate, webhooks: WebhooksDep) -> SubscriptionCreated:
    """Subscribe a URL to the events passing `filter` (the event list's filters, by the same names).
    The answer holds the `secret` (`whsec_...`) that verifies each delivery's `webhook-signature`;
    it is shown only here."""
    answer = await forward(
        webhooks, "POST", "/subscriptions", json=body.model_dump(mode="json", by_alias=True)
    )
    return SubscriptionCreated.model_validate(answer.json())


@router.get("")
async def list_subscriptions(webhooks: WebhooksDep) -> list[SubscriptionPublic]:
    answer = await forward(webhooks, "GET", "/subscriptions")
    return [SubscriptionPublic.model_validate(s) for s in answer.json()]


@router.get("/{subscription_id}", responses=NOT_FOUND)
async def get_subscription(subscription_id: str, webhooks: WebhooksDep) -> SubscriptionPublic:
    """A subscription with its deliveries `pending` and its `dead_letters`; never its secret."""
    return await relay(webhooks, _path(subscription_id), SubscriptionPublic)


@router.patch("/{subscription_id}", responses=NOT_FOUND)
async def change_subscription(
    subscription_id: str, body: SubscriptionChange, webhooks: WebhooksDep
) -> SubscriptionPublic:
    """Pause (`{"status": "paused"}`: nothing new is queued, queued deliveries wait) or resume it,
    or give it a new filter, URL or description."""
    payload = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    answer = await forward(webhooks, "PATCH", _path(subscription_id), json=payload)
    return SubscriptionPublic.model_validate(answer.json())


@router.delete("/{subscription_id}", status_code=204, responses=NOT_FOUND)
async def unsubscribe(subscription_id: str, webhooks: WebhooksDep) -> None:
    await forward(webhooks, "DELETE", _path(subscription_id))


@router.get("/{subscription_id}/deliveries", responses=NOT_FOUND)
async def deliveries(
    subscription_id: str, webhooks: WebhooksDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[DeliveryAttempt]:
    """Each try of each delivery, newest first: when, the receiver's status, the error, how long."""
    answer = await forward(webhooks, "GET", _path(subscription_id, "/deliveries"), params={"limit": limit})
    return [DeliveryAttempt.model_validate(a) for a in answer.json()]


@router.post("/{subscription_id}/redrive", responses=NOT_FOUND)
async def redrive(subscription_id: str, webhooks: WebhooksDep) -> dict[str, int]:
    """Send the subscription's dead-lettered deliveries again, from their first try."""
    return (await forward(webhooks, "POST", _path(subscription_id, "/redrive"))).json()
