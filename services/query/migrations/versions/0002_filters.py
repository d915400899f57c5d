"""What the filter language reads: facet columns on events, each event's outlets, the full-text
index, and each article's indexed words; filled in from the stored snapshots.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

from services.query.backfill import fill_in
from services.query.full_text import FullText

revision = "0002"
down_revision = "0001"

EVENT_COLUMNS = (
    ("updated_at", sa.DateTime, True),
    ("size", sa.Integer, True),
    ("country", sa.String(2), True),
    ("lat", sa.Float, False),
    ("lon", sa.Float, False),
    ("story_id", sa.String(40), True),
)


def upgrade() -> None:
    conn = op.get_bind()
    held = {c["name"] for c in sa.inspect(conn).get_columns("events")}
    # A read model that an earlier build brought this far by itself has them already.
    for name, kind, indexed in EVENT_COLUMNS:
        if name not in held:
            op.add_column("events", sa.Column(name, kind, nullable=True))
            if indexed:
                op.create_index(f"ix_events_{name}", "events", [name])
    if "words" not in {c["name"] for c in sa.inspect(conn).get_columns("articles")}:
        op.add_column("articles", sa.Column("words", sa.Text, nullable=True))
    if not sa.inspect(conn).has_table("event_sources"):
        op.create_table(
            "event_sources",
            sa.Column("event_id", sa.String(40), primary_key=True),
            sa.Column("source", sa.String(300), primary_key=True),
        )
        op.create_index("ix_event_sources_source", "event_sources", ["source"])
    search = FullText(conn.dialect.name)
    search.create(conn)
    fill_in(conn, search)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS events_search")
    op.drop_table("event_sources")
    op.drop_column("articles", "words")
    for name, _, indexed in EVENT_COLUMNS:
        if indexed:
            op.drop_index(f"ix_events_{name}", "events")
        op.drop_column("events", name)
