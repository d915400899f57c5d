"""Brings a read model made by an earlier version up to the current tables, at start.

`create_all` makes missing tables but never changes one that exists. The columns that filters
and sorts read were added to `events` later: they are added here when missing, and filled in from
each row's stored snapshot, with the event's outlets and searchable text. It is idempotent and
costs one query when there is nothing to do.
"""

from sqlalchemy import Connection, inspect, select

from services.query.event_index import facets, index_events
from services.query.full_text import FullText
from services.query.tables import events
from shared.messages import EventSnapshot

BATCH = 500


def upgrade(conn: Connection, search: FullText) -> None:
    held = {c["name"] for c in inspect(conn).get_columns("events")}
    for column in events.columns:
        if column.name not in held:
            kind = column.type.compile(conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {column.name} {kind}")
    while rows := conn.execute(
        select(events.c.id, events.c.body).where(events.c.updated_at.is_(None)).limit(BATCH)
    ).all():
        snapshots = [EventSnapshot.model_validate_json(row.body) for row in rows]
        for snapshot in snapshots:
            conn.execute(events.update().where(events.c.id == snapshot.id).values(**facets(snapshot)))
        index_events(conn, search, snapshots)
