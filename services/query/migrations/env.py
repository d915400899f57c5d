"""Alembic's entry point for the read model: migrations run on the connection the query service
hands over (services/query/migrate.py), inside its transaction."""

from alembic import context

from services.query.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
