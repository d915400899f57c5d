"""Brings the read model's tables to the current revision with Alembic, at start
(services/query/migrations). A database made before migrations existed holds the baseline
tables without Alembic's bookkeeping: it is stamped as the baseline first, then upgraded like
any other. On PostgreSQL, replicas starting together take turns (an advisory lock)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, inspect, text

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"
_LOCK = 7_301_226  # any fixed number, the same in every replica


def migrate(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    tables = inspect(conn)
    if tables.has_table("events") and not tables.has_table("alembic_version"):
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")
