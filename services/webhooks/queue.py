"""The delivery queue in Redis: one job per (subscription, stored event), due at a time.

- `{wh}:due`, a sorted set of job ids by the time they are due. A replica claims the due ones by
  pushing them a lease into the future (one script), so two replicas never hold one job at once,
  and a job whose replica died comes due again when its lease ends.
- `{wh}:job:<id>`, each job's subscription, event, body, tries and state. The id is derived from
  the subscription and the stream entry, so a redelivered entry finds its job and adds nothing;
  a finished job is kept for a week for that reason. The id is also the `webhook-id` header:
  the same on every try, so receivers can drop repeats.
- Per subscription: the set of its jobs in the queue (`pending`), a sorted set of its dead jobs,
  and the log of its last attempts.
"""

import hashlib
import json
import time
from dataclasses import dataclass

from redis.asyncio import Redis

DUE = "{wh}:due"
KEEP_FINISHED_S = 7 * 86_400
LOG_LENGTH = 1000

_ENQUEUE = """
local added = 0
for i = 1, #KEYS - 1, 2 do
  local job, queued = KEYS[i + 1], KEYS[i + 2]
  local at = (i - 1) / 2 * 5
  if redis.call('EXISTS', job) == 0 then
    redis.call('HSET', job, 'id', ARGV[at + 2], 'subscription', ARGV[at + 3], 'event_id', ARGV[at + 4],
               'type', ARGV[at + 5], 'body', ARGV[at + 6], 'tries', 0, 'state', 'queued')
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[at + 2])
    redis.call('SADD', queued, ARGV[at + 2])
    added = added + 1
  end
end
return added
"""

_CLAIM = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
end
return ids
"""

_REDRIVE = """
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  redis.call('HSET', '{wh}:job:' .. id, 'tries', 0, 'state', 'queued')
  redis.call('PERSIST', '{wh}:job:' .. id)
  redis.call('ZADD', KEYS[2], ARGV[1], id)
  redis.call('SADD', KEYS[3], id)
end
redis.call('DEL', KEYS[1])
return #ids
"""


def job_key(job_id: str) -> str:
    return f"{{wh}}:job:{job_id}"


def _queued(subscription_id: str) -> str:
    return f"{{wh}}:queued:{subscription_id}"


def _dead(subscription_id: str) -> str:
    return f"{{wh}}:dead:{subscription_id}"


def _log(subscription_id: str) -> str:
    return f"{{wh}}:log:{subscription_id}"


def job_id_for(subscription_id: str, entry_id: str) -> str:
    return "msg_" + hashlib.sha256(f"{subscription_id}|{entry_id}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Job:
    id: str
    subscription: str
    event_id: str
    type: str
    body: bytes
    tries: int


class DeliveryQueue:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._enqueue = redis.register_script(_ENQUEUE)
        self._claim = redis.register_script(_CLAIM)
        self._redrive = redis.register_script(_REDRIVE)

    async def enqueue(self, jobs: list[tuple[str, str, str, str, bytes]], now: float | None = None) -> int:
        """Each (job id, subscription, event id, type, body) is queued unless it already exists."""
        if not jobs:
            return 0
        keys, args = [DUE], [now if now is not None else time.time()]
        for job_id, subscription, event_id, kind, body in jobs:
            keys += [job_key(job_id), _queued(subscription)]
            args += [job_id, subscription, event_id, kind, body]
        return int(await self._enqueue(keys=keys, args=args))

    async def claim(self, count: int, lease_s: float) -> list[Job]:
        ids = await self._claim(keys=[DUE], args=[time.time(), lease_s, count])
        if not ids:
            return []
        async with self._redis.pipeline(transaction=False) as pipe:
            for job_id in ids:
                pipe.hgetall(job_key(job_id.decode()))
            rows = await pipe.execute()
        jobs = []
        for job_id, raw in zip(ids, rows, strict=True):
            if not raw:  # gone (its subscription was deleted): nothing to send
                await self._redis.zrem(DUE, job_id)
                continue
            decoded = {k.decode(): v.decode() for k, v in raw.items() if k != b"body"}
            jobs.append(
                Job(
                    id=decoded["id"],
                    subscription=decoded["subscription"],
                    event_id=decoded["event_id"],
                    type=decoded["type"],
                    body=raw[b"body"],
                    tries=int(decoded["tries"]),
                )
            )
        return jobs

    async def later(self, job: Job, at: float, tries: int | None = None) -> None:
        """Due again at `at` (a retry, or a job put back without a try)."""
        async with self._redis.pipeline(transaction=True) as pipe:
            if tries is not None:
                pipe.hset(job_key(job.id), "tries", tries)
            pipe.zadd(DUE, {job.id: at})
            await pipe.execute()

    async def delivered(self, job: Job) -> None:
        await self._finish(job, "delivered")

    async def dead(self, job: Job, tries: int) -> None:
        await self._finish(job, "dead", tries)

    async def _finish(self, job: Job, state: str, tries: int | None = None) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(job_key(job.id), mapping={"state": state, **({"tries": tries} if tries else {})})
            pipe.zrem(DUE, job.id)
            pipe.srem(_queued(job.subscription), job.id)
            if state == "dead":
                pipe.zadd(_dead(job.subscription), {job.id: time.time()})
            else:
                pipe.expire(job_key(job.id), KEEP_FINISHED_S)
            await pipe.execute()

    async def drop(self, job: Job) -> None:
        """A job whose subscription is gone."""
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zrem(DUE, job.id)
            pipe.delete(job_key(job.id))
            await pipe.execute()

    async def redrive(self, subscription_id: str) -> int:
        keys = [_dead(subscription_id), DUE, _queued(subscription_id)]
        return int(await self._redrive(keys=keys, args=[time.time()]))

    async def counts(self, subscription_id: str) -> tuple[int, int]:
        """(pending, dead) deliveries of a subscription."""
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.scard(_queued(subscription_id))
            pipe.zcard(_dead(subscription_id))
            pending, dead = await pipe.execute()
        return int(pending), int(dead)

    async def record(self, subscription_id: str, attempt: dict) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.lpush(_log(subscription_id), json.dumps(attempt))
            pipe.ltrim(_log(subscription_id), 0, LOG_LENGTH - 1)
            await pipe.execute()

    async def attempts(self, subscription_id: str, limit: int) -> list[dict]:
        return [json.loads(raw) for raw in await self._redis.lrange(_log(subscription_id), 0, limit - 1)]

    async def forget(self, subscription_id: str) -> None:
        """A deleted subscription's queue bookkeeping; its queued jobs are dropped as they come due."""
        queued = [m.decode() for m in await self._redis.smembers(_queued(subscription_id))]
        dead = [m.decode() for m in await self._redis.zrange(_dead(subscription_id), 0, -1)]
        async with self._redis.pipeline(transaction=True) as pipe:
            for job_id in queued + dead:
                pipe.delete(job_key(job_id))
            pipe.delete(_queued(subscription_id), _dead(subscription_id), _log(subscription_id))
            await pipe.execute()
