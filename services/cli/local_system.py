"""A whole Eventwire started in the background on free ports, as `eventwire up --no-sample` starts
it: for commands that measure the real pipeline (`eventwire eval clustering`, `make bench`) when no
running system is given, and for the end-to-end tests."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from services.cli.ports import free_port


@dataclass
class LocalSystem:
    url: str
    data_dir: Path
    process: subprocess.Popen

    def state(self) -> dict:
        return json.loads((self.data_dir / "run" / "eventwire.json").read_text())

    def ready(self) -> bool:
        try:
            return bool(self.state()["ready"])
        except (OSError, ValueError, KeyError):
            return False

    def service_pids(self) -> dict[str, int]:
        return {name: s["pid"] for name, s in self.state()["services"].items()} if self.ready() else {}

    def log_tails(self, lines: int = 15) -> str:
        """The end of every log, for a failure message that explains itself."""
        logs = sorted((self.data_dir / "logs").glob("*.log")) + [self.data_dir / "up.log"]
        return "\n".join(
            f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            for path in logs
            if path.exists()
        )


@contextmanager
def local_system(
    data_dir: Path,
    env: dict[str, str] | None = None,
    start_timeout_s: float = 180.0,
    extract_replicas: int = 1,
    redis_url: str | None = None,
) -> Iterator[LocalSystem]:
    """Starts the system with its own Redis under `data_dir`, or on the one at `redis_url`; stops
    it all on exit (SIGTERM)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    environment = {**os.environ, **(env or {})}
    for inherited in ("EVENTWIRE_REDIS_URL", "REDIS_URL"):
        environment.pop(inherited, None)
    if redis_url is not None:
        environment["EVENTWIRE_REDIS_URL"] = redis_url
    eventwire = str(Path(sys.executable).parent / "eventwire")
    with (data_dir / "up.log").open("wb") as log:
        process = subprocess.Popen(
            [eventwire, "up", "--no-sample", "--port", str(port), "--data-dir", str(data_dir)]
            + ["--extract-replicas", str(extract_replicas)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        system = LocalSystem(url=f"http://127.0.0.1:{port}", data_dir=data_dir, process=process)
        try:
            deadline = time.monotonic() + start_timeout_s
            while process.poll() is None and not system.ready():
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"Eventwire did not start in {start_timeout_s:.0f}s:\n{system.log_tails()}"
                    )
                time.sleep(0.2)
            if process.poll() is not None:
                raise RuntimeError(f"eventwire up exited with {process.returncode}:\n{system.log_tails()}")
            yield system
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
