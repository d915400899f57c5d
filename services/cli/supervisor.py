"""Runs each service as a child process, restarts any that dies, and stops them all cleanly.

The supervisor writes `run/eventwire.json` in the data directory (pids, ports, URLs) so operators
and tests can find the processes; it is rewritten whenever a child is restarted.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

log = logging.getLogger("eventwire.up")
RESTART_DELAY_S = 1.0


@dataclass
class Child:
    name: str
    port: int
    env: dict[str, str]
    process: subprocess.Popen | None = None
    restarts: int = 0
    log_path: Path | None = field(default=None)
    service: str = ""  # the module it runs (services.<service>); its name when empty

    @property
    def module(self) -> str:
        return f"services.{self.service or self.name}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Supervisor:
    def __init__(self, children: list[Child], log_dir: Path, state_file: Path, extra_state: dict) -> None:
        self.children = children
        self.log_dir = log_dir
        self.state_file = state_file
        self.extra_state = extra_state
        self.ready = False  # every child answered its health check once
        log_dir.mkdir(parents=True, exist_ok=True)
        state_file.parent.mkdir(parents=True, exist_ok=True)

    def _spawn(self, child: Child) -> None:
        child.log_path = self.log_dir / f"{child.name}.log"
        env = {**os.environ, **child.env, "EVENTWIRE_PORT": str(child.port)}
        with child.log_path.open("ab") as out:
            child.process = subprocess.Popen(
                [sys.executable, "-m", child.module],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def start_all(self) -> None:
        for child in self.children:
            self._spawn(child)
        self.write_state()

    def wait_healthy(self, deadline_s: float) -> None:
        end = time.monotonic() + deadline_s
        waiting = list(self.children)
        with httpx.Client(timeout=2.0) as http:
            while waiting:
                for child in list(waiting):
                    if child.process and child.process.poll() is not None:
                        raise RuntimeError(f"{child.name} exited at start; see {child.log_path}")
                    try:
                        if http.get(f"{child.url}/healthz").status_code == 200:
                            waiting.remove(child)
                    except httpx.HTTPError:
                        pass
                if waiting and time.monotonic() > end:
                    names = ", ".join(c.name for c in waiting)
                    raise TimeoutError(f"not healthy after {deadline_s:.0f}s: {names}; see {self.log_dir}")
                if waiting:
                    time.sleep(0.2)
        self.ready = True
        self.write_state()

    def restart_dead(self) -> list[str]:
        """Start again every child that has exited; returns their names."""
        restarted = []
        for child in self.children:
            if child.process is not None and child.process.poll() is not None:
                log.warning("%s exited with %s; restarting", child.name, child.process.returncode)
                time.sleep(RESTART_DELAY_S)
                self._spawn(child)
                child.restarts += 1
                restarted.append(child.name)
        if restarted:
            self.write_state()
        return restarted

    def stop_all(self, grace_s: float = 10.0) -> None:
        running = [c.process for c in reversed(self.children) if c.process and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        end = time.monotonic() + grace_s
        for process in running:
            try:
                process.wait(timeout=max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def write_state(self) -> None:
        state = {
            **self.extra_state,
            "supervisor_pid": os.getpid(),
            "ready": self.ready,
            "services": {
                c.name: {"pid": c.process.pid if c.process else None, "port": c.port, "restarts": c.restarts}
                for c in self.children
            },
        }
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2))
        tmp.replace(self.state_file)
