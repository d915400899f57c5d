"""Brings a read model made by an earlier version up to the current tables, at start.

`create_all` makes missing tables but never changes one that exists. Columns added later (the
ones filters and sorts read on `events`, the indexed words on `articles`) are added here when
missing; events are filled in from each row's stored snapshot, with their outlets and searchable
text (an article's words are made when first needed). It is idempotent and
costs one query when there is nothing to do.
"""

from sqlalchemy import Connection, inspect, select

from services.query.event_index import facets, index_events
from services.query.full_text import FullText
from services.query.tables import articles, events
from shared.messages import EventSnapshot

BATCH = 500


def upgrade(conn: Connection, search: FullText) -> None:
    for table in (events, articles):
        held = {c["name"] for c in inspect(conn).get_columns(table.name)}
        for column in table.columns:
            if column.name not in held:
                kind = column.type.compile(conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}")
    while rows := conn.execute(
        select(events.c.id, events.c.body).where(events.c.updated_at.is_(None)).limit(BATCH)
    ).all():
        snapshots = [EventSnapshot.model_validate_json(row.body) for row in rows]
        for snapshot in snapshots:
            conn.execute(events.update().where(events.c.id == snapshot.id).values(**facets(snapshot)))
        index_events(conn, search, snapshots)
