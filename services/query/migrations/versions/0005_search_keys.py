"""Each event's search_key (search_keys.py) on its row, with the index that joins full-text
matches to events; the index a page by date walks past the count's bound (tables.py); and on
SQLite the full-text rows renumbered to the key. They are copied into a new FTS5 table, ten times
faster than renumbering them in place; of two rows left for one event (none should be), the later
is kept. PostgreSQL keys its full-text table by event id already.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

from services.query import search_keys

revision = "0005"
down_revision = "0004"
BATCH = 5_000
_FTS5 = "USING fts5(event_id UNINDEXED, body, tokenize='unicode61')"
_INDEX = ["search_key", "id", "day", "updated_at", "size"]
_WALK = ["day", "id", "updated_at", "size", "country", "lat", "lon", "search_key"]


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    if "search_key" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}:
        op.add_column("events", sa.Column("search_key", sa.BigInteger, nullable=True))
    if sqlite:
        search_keys.register(conn.connection.driver_connection)
        conn.exec_driver_sql("UPDATE events SET search_key = search_key(id) WHERE search_key IS NULL")
    else:
        ids = conn.exec_driver_sql("SELECT id FROM events WHERE search_key IS NULL").scalars().all()
        for start in range(0, len(ids), BATCH):
            conn.execute(
                sa.text("UPDATE events SET search_key = :key WHERE id = :id"),
                [{"id": i, "key": search_keys.search_key(i)} for i in ids[start : start + BATCH]],
            )
    op.create_index("ix_events_search_key", "events", _INDEX, if_not_exists=True)
    op.create_index("ix_events_day_walk", "events", _WALK, if_not_exists=True)
    if sqlite and sa.inspect(conn).has_table("events_search"):
        conn.exec_driver_sql("DROP TABLE IF EXISTS events_search_keyed")
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE events_search_keyed {_FTS5}")
        conn.exec_driver_sql(
            "INSERT INTO events_search_keyed (rowid, event_id, body)"
            " SELECT search_key(event_id), event_id, body FROM events_search"
            " WHERE rowid IN (SELECT max(rowid) FROM events_search GROUP BY event_id)"
        )
        conn.exec_driver_sql("DROP TABLE events_search")
        conn.exec_driver_sql("ALTER TABLE events_search_keyed RENAME TO events_search")


def downgrade() -> None:
    # The full-text rows' numbers do not matter to the older code, which finds them by event id.
    op.drop_index("ix_events_day_walk", "events")
    op.drop_index("ix_events_search_key", "events")
    op.drop_column("events", "search_key")
