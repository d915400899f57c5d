"""Indexes on (size, id) and (updated_at, id): the event list sorted by size or by update reads
its page off an index instead of ordering every event of one size (or moment) by id.

Revision ID: 0004
"""

from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_index("ix_events_size_id", "events", ["size", "id"], if_not_exists=True)
    op.create_index("ix_events_updated_at_id", "events", ["updated_at", "id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_events_updated_at_id", "events")
    op.drop_index("ix_events_size_id", "events")
