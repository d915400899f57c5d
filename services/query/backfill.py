"""Fills in what later revisions of the read model added, for rows stored before them: each
event's facet columns, outlets and searchable text, from its stored snapshot (an article's indexed
words are made when first needed). Called by the migration that added them; idempotent, and one
query when there is nothing to do."""

from sqlalchemy import Connection, select

from services.query.event_index import facets, index_events
from services.query.full_text import FullText
from services.query.tables import events
from shared.messages import EventSnapshot

BATCH = 500


def fill_in(conn: Connection, search: FullText) -> None:
    while rows := conn.execute(
        select(events.c.id, events.c.body).where(events.c.updated_at.is_(None)).limit(BATCH)
    ).all():
        snapshots = [EventSnapshot.model_validate_json(row.body) for row in rows]
        for snapshot in snapshots:
            conn.execute(events.update().where(events.c.id == snapshot.id).values(**facets(snapshot)))
        index_events(conn, search, snapshots)
