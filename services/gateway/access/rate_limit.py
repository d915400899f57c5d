"""Requests per minute per key (or per client address when keys are off): a token bucket in
Redis, so every gateway replica draws on one bucket. A bucket holds a minute's worth and refills
continuously; a burst up to the limit passes, a steady rate above it gets 429 with the seconds to
wait."""

import time
from dataclasses import dataclass

from redis.asyncio import Redis

# KEYS[1] the bucket; ARGV: capacity, tokens per second, now (s). Returns allowed (0/1), tokens
# left (floored), seconds until one token is back (ceil, 0 when allowed).
_TAKE = """
local capacity, rate, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1]) or capacity
local at = tonumber(held[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
local wait = 0
if allowed == 0 then wait = math.ceil((1 - tokens) / rate) end
return {allowed, math.floor(tokens), wait}
"""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    retry_after_s: int
    reset_s: int  # seconds until the bucket is full again

    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_s),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, self.retry_after_s))
        return headers


class RateLimiter:
    def __init__(self, redis: Redis, per_minute: int) -> None:
        self.per_minute = per_minute
        self._take = redis.register_script(_TAKE)

    async def take(self, who: str) -> Verdict:
        rate = self.per_minute / 60.0
        allowed, remaining, wait = await self._take(
            keys=[f"{{rate}}:{who}"], args=[self.per_minute, rate, time.time()]
        )
        reset = int((self.per_minute - int(remaining)) / rate + 0.999)
        return Verdict(bool(allowed), self.per_minute, int(remaining), int(wait), reset)
