"""Message payloads exchanged by the services, in the order an article meets them.

gateway --SubmitArticle--> ingest --ArticleIngested--> extract --EntitiesExtracted--> dedup
dedup --EventAssembled--> query --EventStored, StoryStored--> gateway (server-sent events)

Names of events are in the past tense; the one command is imperative. Adding an optional field
needs a new `schema_version` (consumers of the version before read it: shared/envelope.py);
removing a field or changing its meaning needs a new message type. Tests keep a JSON-schema
snapshot of each payload to catch either.
"""

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.envelope import Payload

DateSource = Literal["metadata", "text", "ingest_time"]
# Clocks and time zones disagree by hours, never by more than a day: a publish time further ahead
# of its arrival is an error (a template's placeholder, a mistyped year), and taken as it is it
# would date an event that then tops the feed for years.
MAX_AHEAD = timedelta(days=1)
EntityType = Literal["person", "organisation", "country", "place", "group", "other"]


class Record(BaseModel):
    """A frozen value inside a payload; like payloads, it ignores fields a later version added."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class SubmitArticle(Payload):
    """A client asked for an article to be taken in (gateway -> ingest)."""

    message_type = "eventwire.article.submit"

    text: str | None = None
    html: str | None = None  # a fetched page; its main text and metadata are extracted
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    # Set when this is an archived submission sent again by a replay: the original's message id,
    # from which the article ids are derived, so they stay the same in every generation.
    replay_of: str | None = None


class IngestResult(Record):
    """Ingest's answer to `SubmitArticle`: the ids of the articles it held (several for a page that
    bundles several articles), whether all were already known, or why it was refused."""

    ids: tuple[str, ...] = ()
    duplicate: bool = False
    rejected: str | None = None


class Article(Record):
    id: str
    title: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    author: str | None = None
    published_at: AwareDatetime
    published_at_source: DateSource
    language: str | None = None
    ingested_at: AwareDatetime


class ArticleIngested(Payload):
    message_type = "eventwire.article.ingested"

    article: Article


class EntityMention(Record):
    """One span of text that names something, with where it sits in the article text."""

    text: str
    label: str  # the NER model's own label, kept for provenance
    type: EntityType
    start: int
    end: int
    # The name of what is mentioned, resolved inside the article ("Putin" -> "Vladimir Putin",
    # "Iranian" -> "Iran"); None from producers that do not resolve names.
    canonical: str | None = None


class EntitiesExtracted(Payload):
    message_type = "eventwire.article.entities_extracted"

    article: Article
    mentions: tuple[EntityMention, ...]
    # The day the reported happening took place, when the article's lead says ("on Wednesday").
    happened_on: date | None = None


class Location(Record):
    name: str
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None


class EventEntity(Record):
    id: str
    name: str
    type: EntityType
    count: int
    salience: float = 0.0  # 1.0 for the entity the reports are most about


class Copy(Record):
    """An article that repeats an earlier one's story (a syndicated or lightly edited copy)."""

    article_id: str
    duplicate_of: str  # the first copy


class EventSnapshot(Record):
    """An event as it stands after one change; `revision` grows by one with every change."""

    id: str
    title: str  # the headline of its most representative article
    summary: str = ""  # that article's lead: the most central sentence or two
    date: date
    location: Location | None = None
    entities: tuple[EventEntity, ...] = ()
    article_ids: tuple[str, ...] = ()  # every article, copies included, in arrival order
    article_count: int = 0  # articles that are not copies of another
    source_count: int = 0  # distinct outlets, copies included: each outlet chose to run the story
    # Those outlets, as the first of their articles named them, in arrival order (v4/v3).
    sources: tuple[str, ...] = ()
    duplicates: tuple[Copy, ...] = ()
    # Events found to be this same happening and merged into it; their ids redirect here.
    merged_ids: tuple[str, ...] = ()
    revision: int = Field(ge=1)
    first_seen: AwareDatetime
    last_seen: AwareDatetime
    story_id: str | None = None  # the story it is part of (on its own, a story of one)


class StorySnapshot(Record):
    """A story as it stands after one change: events that continue one another over weeks or
    months (a breach and its disclosures, a run of launches). `revision` grows by one with every
    change."""

    id: str
    title: str  # the headline of its most representative event
    summary: str = ""
    event_ids: tuple[str, ...]  # in date order
    first_date: date
    last_date: date
    entities: tuple[EventEntity, ...] = ()
    article_count: int = 0  # over all its events, copies left out
    source_count: int = 0  # distinct outlets over all its events
    # Stories that ended in this one (their only event went on here); their ids redirect here.
    merged_ids: tuple[str, ...] = ()
    revision: int = Field(ge=1)


class EventAssembled(Payload):
    """Dedup created an event or changed one, because `article` joined it. The article and its
    entities ride along so the read model stores all three from one message (v1 carried only the
    article's id, and the read model also read the two streams before)."""

    message_type = "eventwire.event.assembled"
    schema_version = 4  # v4: the event names its sources

    event: EventSnapshot
    article: Article
    mentions: tuple[EntityMention, ...] = ()
    # The stories the change touched: the event's own, and one it left (v3).
    stories: tuple[StorySnapshot, ...] = ()


class EventStored(Payload):
    """The read model now serves this revision of the event: safe to announce to clients."""

    message_type = "eventwire.event.stored"
    schema_version = 3  # v2: the event carries its story_id; v3: its sources

    event: EventSnapshot
    created: bool


class StoryStored(Payload):
    """The read model now serves this revision of the story: safe to announce to clients."""

    message_type = "eventwire.story.stored"

    story: StorySnapshot
    created: bool


class DeadLettered(Payload):
    """A message that failed `deliveries` times and was set aside with its last error."""

    message_type = "eventwire.message.dead_lettered"

    stream: str
    group: str
    entry_id: str
    deliveries: int
    error: str
    body: str
