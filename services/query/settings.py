from pydantic import Field, model_validator

from services.query.event_search import DEFAULT_TOTAL_LIMIT
from shared.settings import CommonSettings


class QuerySettings(CommonSettings):
    port: int = 8104
    # Empty means SQLite in the data directory. Any SQLAlchemy async URL works, for example
    # postgresql+asyncpg://user@host/db, and then several query replicas can share it.
    database_url: str = ""
    # Replicas that share a database share this group and split the work; with SQLite, each replica
    # keeps a database of its own and needs a group of its own, so it sees every message.
    consumer_group: str = "query"
    # How far back a live client that reconnects with Last-Event-ID (and a webhook delivery service
    # that was down) can resume: older entries of the stored-events stream are dropped.
    live_retention_s: float = 86_400.0
    # How far an event list's `total` is counted; past it the page says total_exact: false.
    total_limit: int = Field(DEFAULT_TOTAL_LIMIT, ge=1)

    @model_validator(mode="after")
    def _default_database(self) -> "QuerySettings":
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'eventwire.db').resolve()}"
        return self
