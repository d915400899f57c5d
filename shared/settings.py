"""Settings common to every service, read from `EVENTWIRE_*` environment variables.

Each service subclasses `CommonSettings` with its own fields; nothing reads the environment at import
time, so tests build settings objects of their own.
"""

import os
import socket
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_consumer_name() -> str:
    # Replicas of one service share a consumer group and need distinct consumer names; host and pid
    # are distinct across containers and across processes on one machine.
    return f"{socket.gethostname()}-{os.getpid()}"


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_", extra="ignore")

    redis_url: str = "redis://127.0.0.1:6379/0"
    data_dir: Path = Path("data")
    host: str = "127.0.0.1"
    port: int = 8000
    consumer_name: str = Field(default_factory=default_consumer_name)
    # A message pending longer than this is taken over by another consumer (or this one after a
    # restart). It must exceed the slowest honest handler run, or live work is processed twice.
    reclaim_idle_ms: int = 30_000
    # Poll period of the reclaimer, and of the group reader between empty reads.
    poll_interval_ms: int = 200
    # Entries one consumer takes from its group per read. One read per entry costs a round trip
    # each; a large count lets one replica hoard a backlog its peers could share and, if it dies,
    # leaves all of it waiting for the reclaimer.
    read_count: int = 8
    # After this many failed deliveries a message goes to the dead-letter stream.
    max_deliveries: int = 5
    # How often a service trims the work streams it reads of entries every group has acknowledged.
    trim_interval_s: float = 60.0
    # Limits of every service's HTTP server (shared/http_limits.py): how long a request's line and
    # headers may take to arrive, how large they may be, and how many connections and requests
    # may be open at once (past it, 503).
    request_head_timeout_s: float = Field(10.0, gt=0)
    max_request_head_bytes: int = Field(65_536, ge=1024)
    max_connections: int = Field(1000, ge=1)
    log_level: str = "INFO"
    # "text" (a line of time, level, service, message) or "json" (an object a line, with the ids
    # of the messages being handled).
    log_format: Literal["text", "json"] = "text"

    @field_validator("reclaim_idle_ms", "max_deliveries", "poll_interval_ms", "read_count")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("must be positive")
        return value
