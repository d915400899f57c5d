"""The whole system, started as a user starts it: `eventwire up --no-sample` on free ports."""

import os
import time
from collections.abc import Iterator

import pytest

from services.cli.local_system import LocalSystem, local_system

START_DEADLINE_S = 180.0


def wait_for(condition, deadline_s: float, what: str, period_s: float = 0.2):
    """Poll `condition` until it returns something truthy; fail with `what` at the deadline."""
    end = time.monotonic() + deadline_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"timed out after {deadline_s:.0f}s waiting for {what}")
        time.sleep(period_s)


@pytest.fixture(scope="module")
def system(tmp_path_factory) -> Iterator[LocalSystem]:
    env = {
        # Reclaim a dead consumer's messages after 2 s rather than 30 s, so the test is quick.
        "EVENTWIRE_RECLAIM_IDLE_MS": "2000",
        "EVENTWIRE_POLL_INTERVAL_MS": "100",
        "EVENTWIRE_TRIM_INTERVAL_S": "1",
        # The feed tests serve their feeds from 127.0.0.1.
        "EVENTWIRE_FETCH_ALLOW_PRIVATE": "true",
        # Webhook retries within the test's patience: tries 0.3 s, then about 1.2 s apart.
        "EVENTWIRE_WEBHOOK_RETRY_BASE_S": "0.3",
        "EVENTWIRE_WEBHOOK_MAX_ATTEMPTS": "3",
        "EVENTWIRE_WEBHOOK_TIMEOUT_S": "2",
    }
    with local_system(tmp_path_factory.mktemp("eventwire-data"), env, START_DEADLINE_S) as running:
        yield running
        pids = list(running.service_pids().values())
    # SIGTERM stops everything that `eventwire up` started, cleanly.
    assert running.process.returncode == 0, f"eventwire up exited with {running.process.returncode}"
    assert not [pid for pid in pids if _alive(pid)], "a service outlived eventwire up"
    assert not (running.data_dir / "run" / "eventwire.json").exists(), "the run file outlived eventwire up"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
