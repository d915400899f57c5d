"""Subscriptions, kept in Redis so every replica of the webhooks service sees the same ones.

Each is one hash; a set lists them. Keys share the `{wh}` hash tag, so on Redis Cluster they and
the delivery queue live in one slot and the scripts that touch several of them still run.
"""

import json
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from redis.asyncio import Redis

from shared.event_filter import EventFilter

ALL = "{wh}:subs"
VERSION = "{wh}:subs:version"  # raised by every change, so readers reload only after one


def _key(subscription_id: str) -> str:
    return f"{{wh}}:sub:{subscription_id}"


def new_subscription_id() -> str:
    return "sub_" + secrets.token_hex(8)


@dataclass(frozen=True)
class Subscription:
    id: str
    url: str
    filter: EventFilter
    description: str | None
    status: str  # "active" or "paused"
    created_at: datetime
    secret: str

    def fields(self) -> dict[str, str]:
        return {
            "id": self.id, "url": self.url, "filter": self.filter.model_dump_json(by_alias=True),
            "description": json.dumps(self.description), "status": self.status,
            "created_at": self.created_at.isoformat(), "secret": self.secret,
        }  # fmt: skip

    @classmethod
    def from_fields(cls, raw: dict[bytes, bytes]) -> "Subscription":
        f = {k.decode(): v.decode() for k, v in raw.items()}
        return cls(
            id=f["id"], url=f["url"], filter=EventFilter.model_validate_json(f["filter"]),
            description=json.loads(f["description"]), status=f["status"],
            created_at=datetime.fromisoformat(f["created_at"]), secret=f["secret"],
        )  # fmt: skip


class SubscriptionStore:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._held: tuple[bytes | None, list[Subscription]] = (b"", [])

    async def add(self, subscription: Subscription) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(_key(subscription.id), mapping=subscription.fields())
            pipe.sadd(ALL, subscription.id)
            pipe.incr(VERSION)
            await pipe.execute()

    async def current(self) -> list[Subscription]:
        """`all()`, read again only when a subscription changed since the last call (one round
        trip per call otherwise: the fan-out asks for every list of stored events)."""
        version = await self._redis.get(VERSION)
        if version != self._held[0]:
            self._held = (version, await self.all())
        return self._held[1]

    async def get(self, subscription_id: str) -> Subscription | None:
        raw = await self._redis.hgetall(_key(subscription_id))
        return Subscription.from_fields(raw) if raw else None

    async def all(self) -> list[Subscription]:
        ids = sorted(i.decode() for i in await self._redis.smembers(ALL))
        async with self._redis.pipeline(transaction=False) as pipe:
            for subscription_id in ids:
                pipe.hgetall(_key(subscription_id))
            rows = await pipe.execute()
        return [Subscription.from_fields(raw) for raw in rows if raw]

    async def change(self, subscription: Subscription, **changes) -> Subscription:
        changed = replace(subscription, **changes)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(_key(changed.id), mapping=changed.fields())
            pipe.incr(VERSION)
            await pipe.execute()
        return changed

    async def remove(self, subscription_id: str) -> bool:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(_key(subscription_id))
            pipe.srem(ALL, subscription_id)
            pipe.incr(VERSION)
            deleted, _, _ = await pipe.execute()
        return bool(deleted)
