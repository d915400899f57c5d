from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from redis.asyncio import Redis

from services.cli.ports import free_port
from services.cli.postgres_server import empty_database
from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from services.query.store import ReadModel


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    """A client on the session's redis-server, emptied before each test."""
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.aclose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def model(request, tmp_path) -> AsyncIterator[ReadModel]:
    """The read model on each database it supports: a SQLite file, and a PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'read.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        await empty_database(url)
    read_model = ReadModel.from_url(url)
    await read_model.create_schema()
    yield read_model
    await read_model.close()


ADMIN_KEY = "admin-key-for-the-tests-0123456789"


@contextmanager
def keyed_gateway(redis_url: str, **settings) -> Iterator[TestClient]:
    """The gateway app, running, with keys on (`ADMIN_KEY` is its admin key) and no rate limit
    unless `settings` say otherwise; its internal services are on ports where nothing answers."""
    defaults = {
        "redis_url": redis_url, "query_url": f"http://127.0.0.1:{free_port()}",
        "ingest_url": f"http://127.0.0.1:{free_port()}", "webhooks_url": f"http://127.0.0.1:{free_port()}",
        "auth": "on", "admin_key": ADMIN_KEY, "rate_limit_per_min": 0,
    }  # fmt: skip
    with TestClient(create_app(GatewaySettings(**{**defaults, **settings}))) as client:
        yield client
