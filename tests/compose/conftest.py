"""The compose stack brought up for real with docker-compose (`make compose-test`): images built
from infra/Dockerfile, every container of docker-compose.yml but Grafana, torn down at the end.

Needs a Docker engine at DOCKER_HOST (infra/compose-test/engine.sh starts one) and the base images
the Dockerfiles name. Python packages come from a wheelhouse made on the host and served on
loopback, so no container needs the network.
"""

import functools
import http.server
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from services.cli.ports import free_ports
from tests.compose.stack_file import Loopback, for_loopback, listening_ports, prometheus_config

ROOT = Path(__file__).parents[2]
PROJECT = "eventwire-compose-test"
HEALTHY_DEADLINE_S = 300.0
SCRAPE_INTERVAL_S = 2


@dataclass
class Stack:
    compose_file: Path
    ports: dict[str, int]
    admin_key: str

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def prometheus_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['prometheus']}"

    def compose(self, *args: str, timeout_s: float = 600) -> str:
        return _compose(self.compose_file, self.admin_key, *args, timeout_s=timeout_s)

    def container(self, service: str) -> str:
        return self.compose("ps", "-q", service).split()[0]

    def inspect(self, service: str) -> dict:
        out = subprocess.run(
            ["docker", "inspect", self.container(service)], capture_output=True, text=True, check=True
        )
        return json.loads(out.stdout)[0]

    def gateway(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.gateway_url, timeout=30, headers={"Authorization": f"Bearer {self.admin_key}"}
        )


@pytest.fixture(scope="session")
def wheelhouse_url(tmp_path_factory) -> Iterator[str]:
    """Every package the image installs, as wheels made on the host, served over loopback."""
    wheels = tmp_path_factory.mktemp("wheelhouse")
    # The build needs setuptools and wheel; redis needs async-timeout on the Python before 3.11.3
    # that a Debian-built stand-in for python:3.11-slim has, though not on the host's.
    extra = ["setuptools", "wheel", "async-timeout"]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "-w", str(wheels), str(ROOT), *extra], check=True
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(wheels))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, wheelhouse_url) -> Iterator[Stack]:
    if not os.environ.get("DOCKER_HOST") and not Path("/var/run/docker.sock").exists():
        pytest.fail("no Docker engine: run `make compose-test`, which starts one")
    work = tmp_path_factory.mktemp("compose")
    project = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    names = list(listening_ports(project))
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    scrape = yaml.safe_load((ROOT / "infra" / "prometheus.yml").read_text())
    (work / "prometheus.yml").write_text(yaml.safe_dump(prometheus_config(scrape, ports, SCRAPE_INTERVAL_S)))
    loop = Loopback(ROOT, ports, wheelhouse_url, work / "prometheus.yml")
    (work / "docker-compose.yml").write_text(yaml.safe_dump(for_loopback(project, loop), sort_keys=False))
    running = Stack(work / "docker-compose.yml", ports, admin_key=secrets.token_urlsafe(24))
    running.compose("down", "-v", "--remove-orphans")  # what an interrupted run left behind
    try:
        running.compose("build", "--quiet")
        running.compose("up", "-d", timeout_s=HEALTHY_DEADLINE_S)
        _wait_until_healthy(running)
        yield running
    finally:
        (work / "logs.txt").write_text(running.compose("logs", "--no-color"))
        if not os.environ.get("EVENTWIRE_COMPOSE_KEEP"):  # kept, for a look inside after a failure
            running.compose("down", "-v", "--remove-orphans")


def _compose(compose_file: Path, admin_key: str, *args: str, timeout_s: float) -> str:
    env = {**os.environ, "EVENTWIRE_ADMIN_KEY": admin_key, "EVENTWIRE_LOG_FORMAT": "json"}
    done = subprocess.run(
        ["docker-compose", "-p", PROJECT, "-f", str(compose_file), *args],
        capture_output=True, text=True, env=env, timeout=timeout_s, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise AssertionError(f"docker-compose {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _wait_until_healthy(stack: Stack) -> None:
    """Every container running, and healthy where it has a health check."""
    end = time.monotonic() + HEALTHY_DEADLINE_S
    while True:
        states = {}
        for container in stack.compose("ps", "-q").split():
            info = json.loads(
                subprocess.run(
                    ["docker", "inspect", container], capture_output=True, text=True, check=True
                ).stdout
            )[0]
            health = info["State"].get("Health", {}).get("Status", "healthy")
            states[info["Name"]] = info["State"]["Status"] == "running" and health == "healthy"
        if len(states) == len(stack.ports) and all(states.values()):
            return
        if time.monotonic() > end:
            logs = stack.compose("logs", "--no-color", "--tail", "30")
            pytest.fail(f"the stack was not healthy after {HEALTHY_DEADLINE_S:.0f}s: {states}\n{logs}")
        time.sleep(2)


def _inspect(container: str) -> dict:
    out = subprocess.run(["docker", "inspect", container], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)[0]
