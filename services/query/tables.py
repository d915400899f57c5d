"""Tables of the read model. Each event row keeps its latest snapshot whole, as served; the other
tables exist so reads by article and by entity name are index lookups."""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("body", Text, nullable=False),  # the Article, as JSON
    Column("entities", Text, nullable=True),  # its mentions, as JSON, once extracted
    # Its headline and text as the full-text index stores them (shared.search_text.indexed), made
    # once per article rather than at every revision of its event.
    Column("words", Text, nullable=True),
)

events = Table(
    "events",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("day", Date, nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("body", Text, nullable=False),  # the EventSnapshot, as JSON
    # What the filters and sorts read, from the snapshot (nullable: rows older than these columns
    # are filled in by the migration that added them, see backfill.py).
    Column("updated_at", DateTime, nullable=True, index=True),  # last_seen, in UTC
    Column("size", Integer, nullable=True, index=True),  # its article_count
    Column("country", String(2), nullable=True, index=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("story_id", String(40), nullable=True, index=True),
    # The number of the event's full-text row on SQLite (search_keys.py), and an index that
    # answers a full-text match's join and count without reading the rows (migration 0005).
    Column("search_key", BigInteger, nullable=True),
    Index("ix_events_search_key", "search_key", "id", "day", "updated_at", "size"),
    # A page by date past the count's bound walks this index (event_search.filtered's `walk`):
    # it holds every column the facet conditions and the full-text key read, so rows passed over
    # are never read (an event's row is a few kB of snapshot).
    Index("ix_events_day_walk", "day", "id", "updated_at", "size", "country", "lat", "lon", "search_key"),
    # Pages sorted by size or by update, read off the index in order (migration 0004).
    Index("ix_events_size_id", "size", "id"),
    Index("ix_events_updated_at_id", "updated_at", "id"),
)

# Each event's outlets, case-folded, for the source filter.
event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("source", String(300), primary_key=True),
    Index("ix_event_sources_source", "source"),
)

event_articles = Table(
    "event_articles",
    metadata,
    Column("article_id", String(40), primary_key=True),
    Column("event_id", String(40), nullable=False, index=True),
    Column("duplicate_of", String(40), nullable=True),  # the first copy, when the article repeats it
)

# Each event's entities with their numbers, for the entity endpoints.
entity_events = Table(
    "entity_events",
    metadata,
    Column("entity_id", String(40), primary_key=True),
    Column("event_id", String(40), primary_key=True, index=True),
    Column("name", String(300), nullable=False),
    Column("folded", String(300), nullable=False, index=True),
    Column("type", String(20), nullable=False),
    Column("count", Integer, nullable=False),
    Column("day", Date, nullable=False),
)

# Every name an entity was written under, per article that wrote it: the entity's aliases, and
# what alias search looks in. One row per (entity, alias, article), so redelivery adds nothing.
entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("entity_id", String(40), primary_key=True),
    Column("alias", String(300), primary_key=True),
    Column("article_id", String(40), primary_key=True),
    Column("folded", String(300), nullable=False, index=True),
)

# What an entity filter value may be for each entity: every name and alias it was written under
# (case-folded), and each run of whole words at the start or end of one (filters.name_keys), so
# the filter is one index lookup instead of a LIKE over every event's entities.
entity_names = Table(
    "entity_names",
    metadata,
    Column("key", String(300), primary_key=True),
    Column("entity_id", String(40), primary_key=True),
)

# Events merged into another: the old id leads to the event that absorbed it.
event_redirects = Table(
    "event_redirects",
    metadata,
    Column("old_id", String(40), primary_key=True),
    Column("new_id", String(40), nullable=False, index=True),
)

# One row: the generation of derived state the read model holds (see shared/generation.py).
generation = Table(
    "generation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", Integer, nullable=False),
)

event_entities = Table(
    "event_entities",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("name", String(300), primary_key=True, index=True),  # folded, for case-blind filtering
    Column("entity_id", String(40), nullable=False),
)


# Stories: each keeps its latest snapshot whole, as served, with its span of days for paging and
# filtering; each event's story, for the entity filter; and stories that ended in another.
stories = Table(
    "stories",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("body", Text, nullable=False),  # the StorySnapshot, as JSON
)

story_events = Table(
    "story_events",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("story_id", String(40), nullable=False, index=True),
)

story_redirects = Table(
    "story_redirects",
    metadata,
    Column("old_id", String(40), primary_key=True),
    Column("new_id", String(40), nullable=False, index=True),
)
