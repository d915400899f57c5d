"""Fixtures for every tier. Tests are marked by folder: tests/unit, tests/integration, tests/e2e."""

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.cli.ports import free_port
from services.cli.postgres_server import postgres_bin_dir, postgres_server
from services.cli.redis_server import redis_server_binary, wait_for_redis

# The compose tier needs a Docker engine and minutes of image building: only `make compose-test`.
collect_ignore = [] if os.environ.get("EVENTWIRE_COMPOSE_TEST") else ["compose"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier in ("unit", "integration", "e2e"):
            item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A redis-server of the test session's own, on a free port (never the machine's 6379)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(
            [
                redis_server_binary(),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                workdir,
            ],
            stdout=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        try:
            wait_for_redis(url)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server of the test session's own, on a free port."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries are not installed (.ci/run installs them)")
    with postgres_server(bin_dir) as url:
        yield url
