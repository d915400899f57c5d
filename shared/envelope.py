"""The envelope every message on the bus travels in.

A message is `Envelope[Payload]`: an id, a dotted type name with its version
(`eventwire.article.ingested.v1`), the UTC time it was made, a correlation id that follows one
article through every service, the generation of derived state it belongs to (a replay starts a
new one; see shared/generation.py), and the payload. Payload classes name their own type, so a handler
can refuse a message of the wrong kind instead of misreading it.

Versions evolve by addition: version N+1 of a message may add optional fields, never remove or
change one. So a consumer built for version N reads every version from 1 to N+1: fields it does
not know are ignored, fields older messages lack take their defaults. A message of another kind,
or of a version further ahead, is refused (and so retried, then dead-lettered: shared.reliability).
"""

import uuid
from datetime import UTC, datetime
from typing import ClassVar, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator


class Payload(BaseModel):
    """Base of every message body: frozen; fields a later version added are ignored on reading."""

    model_config = ConfigDict(frozen=True, extra="ignore")
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

    @model_validator(mode="after")
    def _readable(self) -> "Envelope[P]":
        kind = type(self.payload)
        name = getattr(kind, "message_type", None)
        if name is None:  # a bare Envelope: no kind to hold it to
            return self
        if self.type != f"{name}.v{self.schema_version}":
            raise ValueError(f"type {self.type!r} is not {name!r} at schema_version {self.schema_version}")
        newest = kind.schema_version + 1
        if not 1 <= self.schema_version <= newest:
            raise ValueError(
                f"{name} version {self.schema_version} is unknown here: this consumer reads 1 to {newest}"
            )
        return self

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
