"""Shapes of the public read API, served by the query service and passed on by the gateway.

These are API schemas, separate from the message schemas and from database tables.
"""

from datetime import date

from pydantic import AwareDatetime, BaseModel

from shared.messages import DateSource, EntityMention, EventSnapshot, Location, StorySnapshot


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
    total: int = 0  # matching the filter, over all pages
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
