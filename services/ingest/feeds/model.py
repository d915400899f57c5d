"""A registered feed and what its last poll found."""

from datetime import datetime

from pydantic import BaseModel

FeedStatus = str  # "pending", "ok", "not_modified" or "error"


class Feed(BaseModel):
    id: str
    url: str
    interval_s: int
    created_at: datetime
    last_fetched_at: datetime | None = None
    last_status: FeedStatus = "pending"
    last_error: str | None = None
    articles_ingested: int = 0
    failures: int = 0  # consecutive failed polls, for backing off
    next_poll_at: datetime
    etag: str | None = None
    last_modified: str | None = None
