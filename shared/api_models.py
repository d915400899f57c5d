"""Shapes of the public read API, served by the query service and passed on by the gateway.

These are API schemas, separate from the message schemas and from database tables.
"""

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.event_filter import EventFilter
from shared.messages import DateSource, EntityMention, EventSnapshot, Location, StorySnapshot
from shared.url_field import HttpUrlText


class ArticlePublic(BaseModel):
    id: str
    title: str
    text: str
    url: str | None
    canonical_url: str | None
    source: str | None
    author: str | None = None
    published_at: AwareDatetime
    published_at_source: DateSource
    language: str | None
    ingested_at: AwareDatetime
    event_id: str | None
    duplicate_of: str | None = None  # the first copy of the story, when this article repeats one
    entities: list[EntityMention]


class EventPublic(EventSnapshot):
    """An event as clients see it: the latest snapshot the read model holds."""


class EventsPage(BaseModel):
    data: list[EventPublic]
    count: int  # on this page
    total: int = 0  # matching the filter, over all pages (counted up to a bound, see total_exact)
    # False when more events match than the query service counts (EVENTWIRE_TOTAL_LIMIT, 10,000
    # by default): `total` is then that bound, and at least that many match.
    total_exact: bool = True
    next_cursor: str | None


class TrimmedEventsPage(BaseModel):
    """An events page asked for with `fields=`: each event holds only the fields named."""

    data: list[dict[str, Any]]
    count: int
    total: int
    total_exact: bool = True
    next_cursor: str | None


class TimelineBucket(BaseModel):
    start: date  # the bucket's first day: the day, the Monday of the week, the 1st of the month
    count: int  # events dated in it


class StoryPublic(StorySnapshot):
    """A story as clients see it: events that continue one another over weeks or months."""


class StoriesPage(BaseModel):
    data: list[StoryPublic]
    count: int
    next_cursor: str | None


class MentionPublic(BaseModel):
    """One place in one article where an entity is named: the evidence behind an event's entity."""

    article_id: str
    article_title: str
    source: str | None
    text: str  # as written
    start: int  # character offsets into the article's text
    end: int
    sentence: str


class EntityProvenance(BaseModel):
    event_id: str
    entity_id: str
    mentions: list[MentionPublic]


class EntitySummary(BaseModel):
    id: str
    name: str
    type: str
    mentions: int  # mentions across all events
    events: int  # events naming it


class EntitiesPage(BaseModel):
    data: list[EntitySummary]
    count: int
    next_cursor: str | None


class EntityDetail(EntitySummary):
    aliases: list[str]  # every name it was written under, the most used first
    location: Location | None  # where a place or country lies, from the offline gazetteer
    recent_events: list[EventPublic]  # newest first
    seen_with: list[EntitySummary]  # the entities it most often shares an event with


class FeedPublic(BaseModel):
    id: str
    url: str
    interval_s: int
    created_at: AwareDatetime
    last_fetched_at: AwareDatetime | None
    last_status: str  # "pending", "ok", "not_modified" or "error"
    last_error: str | None
    articles_ingested: int  # items handed on to ingest (exact duplicates among them are dropped there)
    next_poll_at: AwareDatetime


class ArticleAccepted(BaseModel):
    id: str
    ids: list[str]  # every article taken from the request: several for an aggregator page
    duplicate: bool = False


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: HttpUrlText = Field(description="where matching events are POSTed (http or https)")
    filter: EventFilter = Field(default_factory=EventFilter, description="the event list's filters, by name")
    description: str | None = Field(None, max_length=500)


class SubscriptionChange(BaseModel):
    """What PATCH may change; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["active", "paused"] | None = None
    filter: EventFilter | None = None
    url: HttpUrlText | None = None
    description: str | None = Field(None, max_length=500)


class SubscriptionPublic(BaseModel):
    id: str
    url: str
    filter: EventFilter
    description: str | None
    status: Literal["active", "paused"]
    created_at: AwareDatetime
    pending: int  # deliveries queued or waiting for a retry
    dead_letters: int  # deliveries that failed every try; POST .../redrive sends them again


class SubscriptionCreated(SubscriptionPublic):
    secret: str  # whsec_...: verifies the signatures; shown only in this answer


class DeliveryAttempt(BaseModel):
    webhook_id: str  # the same on every try of one delivery
    event_id: str
    type: str  # event.created or event.updated
    attempt: int  # 1 for the first try
    at: AwareDatetime
    status_code: int | None  # the receiver's answer; null when none came (timeout, refused)
    error: str | None
    duration_ms: float
    outcome: Literal["delivered", "retrying", "dead"]


class DeadLetterPublic(BaseModel):
    id: str  # its place in the dead-letter stream
    stream: str  # where the message came from, and where a replay sends it
    group: str  # the consumer group that could not handle it
    entry_id: str  # its id in that stream
    deliveries: int
    error: str  # the last error
    dead_lettered_at: AwareDatetime
    correlation_id: str  # follows the article through every service's logs
    body: str | None = None  # the message, as JSON (in GET /v1/dead-letters/{id})


class GroupStatus(BaseModel):
    stream: str
    group: str  # the service reading the stream (its consumer group)
    replicas: int  # consumers that read in the last minute
    consumers: list[str]
    lag: int  # entries not yet read
    pending: int  # read and not acknowledged
    dead_letters: int
    last_error: str | None  # of its newest dead letter


class PipelineStatus(BaseModel):
    ready: bool  # Redis and the query service answer
    groups: list[GroupStatus]
    dead_letters: int
