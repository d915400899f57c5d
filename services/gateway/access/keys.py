"""API keys, kept in Redis as SHA-256 digests: a key is shown once, when it is made, and cannot be
read back from the store. Keys are 256 random bits, so a fast digest is enough (no password
stretching is needed for a secret nobody chose), and a lookup by digest followed by a
constant-time comparison leaks nothing through timing.

`EVENTWIRE_ADMIN_KEY` is stored the same way at start, as the admin key that makes the others.
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from redis.asyncio import Redis

from shared.envelope import utc_now

SCOPES = ("read", "ingest", "admin")
ALL = "{keys}:all"
KEY_PREFIX = "ew_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _record(key_id: str) -> str:
    return f"{{keys}}:key:{key_id}"


def _by_digest(hexdigest: str) -> str:
    return f"{{keys}}:digest:{hexdigest}"


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    digest: str

    def allows(self, scope: str) -> bool:
        """Admin may do everything; otherwise the scope itself is needed."""
        return "admin" in self.scopes or scope in self.scopes


class KeyStore:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def create(self, name: str, scopes: tuple[str, ...], key: str | None = None) -> tuple[ApiKey, str]:
        """A new key (or `key` itself, for the bootstrap admin key) and its one showing."""
        key = key or KEY_PREFIX + secrets.token_urlsafe(32)
        hexdigest = digest(key)
        key_id = "key_" + hashlib.sha256(hexdigest.encode()).hexdigest()[:12]
        record = ApiKey(key_id, name, scopes, utc_now(), hexdigest)
        fields = {
            "id": key_id, "name": name, "scopes": json.dumps(scopes),
            "created_at": record.created_at.isoformat(), "digest": hexdigest,
        }  # fmt: skip
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(_record(key_id), mapping=fields)
            pipe.set(_by_digest(hexdigest), key_id)
            pipe.sadd(ALL, key_id)
            await pipe.execute()
        return record, key

    async def ensure(self, name: str, scopes: tuple[str, ...], key: str) -> ApiKey:
        """The key stored once; the same on every start."""
        found = await self.find(key)
        return found if found else (await self.create(name, scopes, key))[0]

    async def find(self, presented: str) -> ApiKey | None:
        hexdigest = digest(presented)
        key_id = await self._redis.get(_by_digest(hexdigest))
        if key_id is None:
            return None
        record = await self._get(key_id.decode())
        if record is None or not hmac.compare_digest(record.digest, hexdigest):
            return None
        return record

    async def _get(self, key_id: str) -> ApiKey | None:
        raw = await self._redis.hgetall(_record(key_id))
        if not raw:
            return None
        f = {k.decode(): v.decode() for k, v in raw.items()}
        return ApiKey(
            f["id"],
            f["name"],
            tuple(json.loads(f["scopes"])),
            datetime.fromisoformat(f["created_at"]),
            f["digest"],
        )

    async def all(self) -> list[ApiKey]:
        ids = sorted(i.decode() for i in await self._redis.smembers(ALL))
        return [k for k in [await self._get(i) for i in ids] if k]

    async def revoke(self, key_id: str) -> bool:
        record = await self._get(key_id)
        if record is None:
            return False
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(_record(key_id), _by_digest(record.digest))
            pipe.srem(ALL, key_id)
            await pipe.execute()
        return True
