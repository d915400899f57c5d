"""The read model as it was before migrations: events, articles, entities, stories.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    id40 = sa.String(40)
    op.create_table(
        "articles",
        sa.Column("id", id40, primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("entities", sa.Text),
    )
    op.create_table(
        "events",
        sa.Column("id", id40, primary_key=True),
        sa.Column("day", sa.Date, nullable=False, index=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "event_articles",
        sa.Column("article_id", id40, primary_key=True),
        sa.Column("event_id", id40, nullable=False, index=True),
        sa.Column("duplicate_of", id40),
    )
    op.create_table(
        "entity_events",
        sa.Column("entity_id", id40, primary_key=True),
        sa.Column("event_id", id40, primary_key=True, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("folded", sa.String(300), nullable=False, index=True),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
    )
    op.create_table(
        "entity_aliases",
        sa.Column("entity_id", id40, primary_key=True),
        sa.Column("alias", sa.String(300), primary_key=True),
        sa.Column("article_id", id40, primary_key=True),
        sa.Column("folded", sa.String(300), nullable=False, index=True),
    )
    op.create_table(
        "event_redirects",
        sa.Column("old_id", id40, primary_key=True),
        sa.Column("new_id", id40, nullable=False, index=True),
    )
    op.create_table(
        "generation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.Integer, nullable=False),
    )
    op.create_table(
        "event_entities",
        sa.Column("event_id", id40, primary_key=True),
        sa.Column("name", sa.String(300), primary_key=True, index=True),
        sa.Column("entity_id", id40, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", id40, primary_key=True),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.Column("last_day", sa.Date, nullable=False, index=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "story_events",
        sa.Column("event_id", id40, primary_key=True),
        sa.Column("story_id", id40, nullable=False, index=True),
    )
    op.create_table(
        "story_redirects",
        sa.Column("old_id", id40, primary_key=True),
        sa.Column("new_id", id40, nullable=False, index=True),
    )


def downgrade() -> None:
    for table in ("story_redirects", "story_events", "stories", "event_entities", "generation", "event_redirects",
                  "entity_aliases", "entity_events", "event_articles", "events", "articles"):  # fmt: skip
        op.drop_table(table)
