"""The dead-letter stream, read and re-driven: each entry holds a message that failed every try,
the stream and group it came from, how often it was tried and its last error.

Replaying sends the original message to its stream again (every group reading that stream sees
it; handlers are idempotent, so those that had handled it change nothing) and removes the letter.
"""

import json
from datetime import UTC, datetime

from faststream.redis import RedisBroker
from redis.asyncio import Redis

from shared.api_models import DeadLetterPublic
from shared.envelope import Envelope
from shared.messages import DeadLettered
from shared.streams import DEAD_LETTER, entry_body


def _public(entry_id: bytes, fields: dict[bytes, bytes], with_body: bool) -> DeadLetterPublic:
    envelope = Envelope[DeadLettered].model_validate_json(entry_body(fields))
    letter = envelope.payload
    millis = int(entry_id.decode().partition("-")[0])
    return DeadLetterPublic(
        id=entry_id.decode(), stream=letter.stream, group=letter.group, entry_id=letter.entry_id,
        deliveries=letter.deliveries, error=letter.error,
        dead_lettered_at=datetime.fromtimestamp(millis / 1000, UTC),
        correlation_id=envelope.correlation_id, body=letter.body if with_body else None,
    )  # fmt: skip


class DeadLetters:
    def __init__(self, redis: Redis, broker: RedisBroker) -> None:
        self._redis = redis
        self._broker = broker

    async def list(self, limit: int, stream: str | None = None) -> list[DeadLetterPublic]:
        """The newest first."""
        entries = await self._redis.xrevrange(DEAD_LETTER, count=limit if stream is None else None)
        letters = [_public(i, f, with_body=False) for i, f in entries]
        if stream is not None:
            letters = [letter for letter in letters if letter.stream == stream][:limit]
        return letters

    async def get(self, letter_id: str) -> DeadLetterPublic | None:
        entries = await self._redis.xrange(DEAD_LETTER, min=letter_id, max=letter_id)
        return _public(*entries[0], with_body=True) if entries else None

    async def replay(self, letter_id: str) -> DeadLetterPublic | None:
        letter = await self.get(letter_id)
        if letter is None:
            return None
        await self._broker.publish(
            json.loads(letter.body or "{}"), stream=letter.stream, correlation_id=letter.correlation_id
        )
        await self._redis.xdel(DEAD_LETTER, letter_id)
        return letter

    async def drop(self, letter_id: str) -> bool:
        return bool(await self._redis.xdel(DEAD_LETTER, letter_id))

    async def counts(self) -> dict[str, int]:
        """Dead letters per stream they came from."""
        counts: dict[str, int] = {}
        for entry_id, fields in await self._redis.xrange(DEAD_LETTER):
            stream = _public(entry_id, fields, with_body=False).stream
            counts[stream] = counts.get(stream, 0) + 1
        return counts
