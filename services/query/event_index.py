"""What the read model keeps beside each event so that filters and sorts are index lookups: the
facet columns of its row, its outlets, and its searchable text.

The searchable text is the event's title, summary, entity names and outlets, with the headline
and text of its first original articles: later ones add little that is new, and rebuilding the
text of an event with hundreds of articles at every revision would cost more with every one.
"""

import json
from datetime import UTC

from sqlalchemy import Connection, delete, select

from services.query.full_text import FullText
from services.query.tables import articles, event_sources
from shared.event_filter import live_text
from shared.messages import EventSnapshot
from shared.search_text import indexed

TEXTS_INDEXED = 10


def facets(event: EventSnapshot) -> dict:
    """The `events` columns that filters and sorts read."""
    place = event.location
    country = place.country_code.upper() if place and place.country_code else None
    return {
        # UTC without an offset: SQLite would drop the offset without converting, and order wrongly.
        "updated_at": event.last_seen.astimezone(UTC).replace(tzinfo=None),
        "size": event.article_count,
        "country": country,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "story_id": event.story_id,
    }


def originals(event: EventSnapshot) -> list[str]:
    copies = {c.article_id for c in event.duplicates}
    return [a for a in event.article_ids if a not in copies][:TEXTS_INDEXED]


def searchable(event: EventSnapshot, articles_words: list[str]) -> str:
    return " ".join([indexed(live_text(event)), *articles_words])


def _words(row) -> str:
    """An article's indexed words: stored with it, or (a row older than that column) made now."""
    if row.words is not None:
        return row.words
    article = json.loads(row.body)
    return indexed(f"{article.get('title') or ''} {article.get('text') or ''}")


def index_events(conn: Connection, search: FullText, events: list[EventSnapshot]) -> None:
    """Replace the outlets and searchable text of these events (their latest revisions)."""
    if not events:
        return
    ids = [e.id for e in events]
    conn.execute(delete(event_sources).where(event_sources.c.event_id.in_(ids)))
    outlets = {(e.id, s.casefold()) for e in events for s in e.sources}
    if outlets:
        conn.execute(event_sources.insert(), [{"event_id": i, "source": s} for i, s in outlets])
    wanted = {a for e in events for a in originals(e)}
    rows = conn.execute(
        select(articles.c.id, articles.c.words, articles.c.body).where(articles.c.id.in_(wanted))
    )
    words = {row.id: _words(row) for row in rows}
    search.put(
        conn,
        [
            {"event_id": e.id, "body": searchable(e, [words[a] for a in originals(e) if a in words])}
            for e in events
        ],
    )
