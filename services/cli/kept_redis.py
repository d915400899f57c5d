"""The Redis server `eventwire up` runs when no URL is given, started again if it dies.

It keeps its append-only file in the data directory, so a restart loads what it held: with
appendfsync everysec (Redis's default) a killed server loses nothing it had answered, since Redis
writes each command to the file before it replies; only a crash of the machine itself can lose
the last second or so that the disk had not yet been asked to keep (decision 0019).
"""

import logging
import subprocess
import time
from pathlib import Path

from services.cli.redis_server import start_redis

log = logging.getLogger("eventwire.up")
RESTART_DELAY_S = 1.0


class KeptRedis:
    def __init__(self, port: int, data_dir: Path, log_file: Path) -> None:
        self.port, self.data_dir, self.log_file = port, data_dir, log_file
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None
        self.restarts = 0

    def start(self) -> None:
        self.process = start_redis(self.port, self.data_dir, self.log_file)

    def restart_if_dead(self) -> bool:
        if self.process is None or self.process.poll() is None:
            return False
        log.warning("Redis exited with %s; restarting it on its append-only file", self.process.returncode)
        time.sleep(RESTART_DELAY_S)
        self.start()
        self.restarts += 1
        return True

    def state(self) -> dict:
        return {"pid": self.process.pid if self.process else None, "restarts": self.restarts}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
