"""The envelope every message on the bus travels in.

A message is `Envelope[Payload]`: an id, a dotted type name with its version
(`eventwire.article.ingested.v1`), the UTC time it was made, a correlation id that follows one
article through every service, the generation of derived state it belongs to (a replay starts a
new one; see shared/generation.py), and the payload. Payload classes name their own type, so a handler
can refuse a message of the wrong kind instead of misreading it.
"""

import uuid
from datetime import UTC, datetime
from typing import ClassVar, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Payload(BaseModel):
    """Base of every message body: frozen, and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    message_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


P = TypeVar("P", bound=Payload)


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel, Generic[P]):
    model_config = ConfigDict(frozen=True)

    message_id: str = Field(default_factory=new_id)
    type: str
    schema_version: int
    occurred_at: AwareDatetime = Field(default_factory=utc_now)
    correlation_id: str
    generation: int = 0
    payload: P

    def followed_by(self, payload: "Q") -> "Envelope[Q]":
        """The envelope for a message this one caused: same correlation id and generation."""
        return wrap(payload, self.correlation_id, self.generation)


Q = TypeVar("Q", bound=Payload)


def wrap(payload: P, correlation_id: str, generation: int = 0) -> Envelope[P]:
    """Put a payload in a fresh envelope, carrying the correlation id of what caused it."""
    return Envelope[type(payload)](  # type: ignore[misc]
        type=f"{payload.message_type}.v{payload.schema_version}",
        schema_version=payload.schema_version,
        correlation_id=correlation_id,
        generation=generation,
        payload=payload,
    )
