"""Entity names as filter keys (tables.entity_names), filled in from the names and aliases held.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

from services.query.filters import named_by
from services.query.tables import entity_aliases, entity_events, entity_names

revision = "0003"
down_revision = "0002"
BATCH = 5_000


def upgrade() -> None:
    conn = op.get_bind()
    if not sa.inspect(conn).has_table("entity_names"):
        op.create_table(
            "entity_names",
            sa.Column("key", sa.String(300), primary_key=True),
            sa.Column("entity_id", sa.String(40), primary_key=True),
        )
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[conn.dialect.name]
    for source in (entity_events, entity_aliases):
        pairs = conn.execute(sa.select(source.c.entity_id, source.c.folded).distinct()).all()
        for start in range(0, len(pairs), BATCH):
            rows = named_by({(p.entity_id, p.folded) for p in pairs[start : start + BATCH]})
            if rows:
                conn.execute(insert(entity_names).on_conflict_do_nothing(), rows)


def downgrade() -> None:
    op.drop_table("entity_names")
