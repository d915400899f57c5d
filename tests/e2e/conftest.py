"""The whole system, started as a user starts it: `eventwire up --no-sample` on free ports."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.cli.ports import free_port

START_DEADLINE_S = 180.0


@dataclass
class RunningSystem:
    url: str
    data_dir: Path
    process: subprocess.Popen

    def state(self) -> dict:
        return json.loads((self.data_dir / "run" / "eventwire.json").read_text())


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


def _ready(data_dir: Path) -> bool:
    try:
        return json.loads((data_dir / "run" / "eventwire.json").read_text())["ready"]
    except (OSError, ValueError, KeyError):
        return False


@pytest.fixture(scope="module")
def system(tmp_path_factory) -> Iterator[RunningSystem]:
    data_dir = tmp_path_factory.mktemp("eventwire-data")
    port = free_port()
    env = {
        **os.environ,
        # Reclaim a dead consumer's messages after 2 s rather than 30 s, so the test is quick.
        "EVENTWIRE_RECLAIM_IDLE_MS": "2000",
        "EVENTWIRE_POLL_INTERVAL_MS": "100",
        # The feed tests serve their feeds from 127.0.0.1.
        "EVENTWIRE_FETCH_ALLOW_PRIVATE": "true",
    }
    env.pop("EVENTWIRE_REDIS_URL", None)
    env.pop("REDIS_URL", None)
    eventwire = str(Path(sys.executable).parent / "eventwire")
    log = (data_dir.parent / "eventwire-up.log").open("wb")
    process = subprocess.Popen(
        [eventwire, "up", "--no-sample", "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    running = RunningSystem(url=f"http://127.0.0.1:{port}", data_dir=data_dir, process=process)
    try:
        wait_for(lambda: process.poll() is not None or _ready(data_dir), START_DEADLINE_S, "every service")
        assert process.poll() is None, f"eventwire up exited:\n{_log_tails(data_dir)}"
        yield running
    finally:
        pids = [s["pid"] for s in running.state()["services"].values()] if _ready(data_dir) else []
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            log.close()
    # SIGTERM stops everything that `eventwire up` started, cleanly.
    assert process.returncode == 0, f"eventwire up exited with {process.returncode}"
    assert not [pid for pid in pids if _alive(pid)], "a service outlived eventwire up"


def _log_tails(data_dir: Path, lines: int = 15) -> str:
    """The end of every log, for a failure message that explains itself in CI."""
    logs = sorted((data_dir / "logs").glob("*.log")) + [data_dir.parent / "eventwire-up.log"]
    return "\n".join(
        f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
        for path in logs
        if path.exists()
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
