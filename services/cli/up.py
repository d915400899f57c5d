"""`eventwire up`: Redis, then every service, then the sample corpus, until Ctrl-C or SIGTERM."""

import logging
import os
import signal
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from services.cli.data_lock import DataDirInUse, lock_data_dir
from services.cli.files import sample_corpus_path
from services.cli.kept_redis import KeptRedis
from services.cli.ports import free_ports, port_is_free
from services.cli.post_articles import post_paths
from services.cli.redis_server import wait_for_redis
from services.cli.supervisor import Child, Supervisor

log = logging.getLogger("eventwire.up")
SERVICES = ("ingest", "extract", "dedup", "query", "webhooks", "gateway")
WATCH_PERIOD_S = 0.5


@dataclass(frozen=True)
class UpOptions:
    port: int
    data_dir: Path
    sample: bool
    redis_url: str | None
    health_timeout_s: float = 120.0
    extract_replicas: int = 1


def _processes(options: UpOptions) -> list[tuple[str, str]]:
    """(process name, service) of every child: one of each service, and the extract replicas
    named extract, extract-2, ..."""
    processes = []
    for service in SERVICES:
        count = options.extract_replicas if service == "extract" else 1
        processes += [(service if n == 1 else f"{service}-{n}", service) for n in range(1, count + 1)]
    return processes


def _local_access() -> dict[str, str]:
    """On loopback (the default), API keys and rate limits are off unless the environment says
    otherwise: it is one user's machine. On any other address the gateway's defaults hold (keys
    on, which needs EVENTWIRE_ADMIN_KEY)."""
    if os.environ.get("EVENTWIRE_HOST", "127.0.0.1") not in ("127.0.0.1", "localhost", "::1"):
        return {}
    defaults = {"EVENTWIRE_AUTH": "off", "EVENTWIRE_RATE_LIMIT_PER_MIN": "0"}
    return {name: value for name, value in defaults.items() if name not in os.environ}


def _children(options: UpOptions, redis_url: str, internal_ports: list[int]) -> list[Child]:
    processes = _processes(options)
    internal = [name for name, _ in processes if name != "gateway"]
    ports = dict(zip(internal, internal_ports, strict=True))
    ports["gateway"] = options.port
    common = {
        **_local_access(),
        "EVENTWIRE_REDIS_URL": redis_url,
        "EVENTWIRE_DATA_DIR": str(options.data_dir),
        "EVENTWIRE_QUERY_URL": f"http://127.0.0.1:{ports['query']}",
        "EVENTWIRE_INGEST_URL": f"http://127.0.0.1:{ports['ingest']}",
        "EVENTWIRE_WEBHOOKS_URL": f"http://127.0.0.1:{ports['webhooks']}",
    }
    # One stable consumer name per process: a restarted child takes its old name back instead of
    # leaving a dead consumer behind in every group. Replicas share their service's group.
    return [
        Child(
            name=name,
            port=ports[name],
            env={**common, "EVENTWIRE_CONSUMER_NAME": _consumer(name)},
            service=service,
        )
        for name, service in processes
    ]


def _consumer(name: str) -> str:
    return name if name[-1].isdigit() else f"{name}-1"


def run_up(options: UpOptions) -> int:
    data_dir = options.data_dir.resolve()
    options = replace(options, data_dir=data_dir)
    if not port_is_free(options.port):
        log.error("port %d is in use; pick another with --port", options.port)
        return 2
    try:
        lock = lock_data_dir(data_dir)
    except DataDirInUse as exc:
        log.error("%s", exc)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    kept: KeptRedis | None = None
    redis_url = options.redis_url
    # The gateway's port is free until the gateway binds it; never hand it to anything else.
    wanted = len(_processes(options))  # Redis and every child but the gateway
    ports = free_ports(wanted)
    while options.port in ports:
        ports = free_ports(wanted)
    redis_port, *internal_ports = ports
    # Before Redis starts: it exits at once when it cannot open its log file.
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    if redis_url is None:
        kept = KeptRedis(redis_port, data_dir / "redis", data_dir / "logs" / "redis.log")
        kept.start()
        redis_url = kept.url
    gateway_url = f"http://127.0.0.1:{options.port}"
    supervisor = Supervisor(
        _children(options, redis_url, internal_ports),
        data_dir / "logs",
        data_dir / "run" / "eventwire.json",
        {"gateway_url": gateway_url, "redis_url": redis_url, **({"redis": kept.state()} if kept else {})},
    )
    try:
        wait_for_redis(redis_url, process=kept and kept.process, log_file=data_dir / "logs" / "redis.log")
        supervisor.start_all()
        supervisor.wait_healthy(options.health_timeout_s)
        if options.sample and not stop.is_set():
            summary = post_paths([sample_corpus_path()], gateway_url, quiet=True)
            log.info("sample corpus: %s", summary.describe())
        print(f"Eventwire is running at {gateway_url}  (API docs: {gateway_url}/docs)", flush=True)
        print(f"Logs in {data_dir / 'logs'}. Ctrl-C stops everything.", flush=True)
        while not stop.wait(WATCH_PERIOD_S):
            if kept is not None and kept.restart_if_dead():
                supervisor.extra_state["redis"] = kept.state()
                supervisor.write_state()
            supervisor.restart_dead()
        return 0
    except (RuntimeError, TimeoutError) as exc:
        log.error("%s", exc)
        return 1
    finally:
        print("Stopping Eventwire...", flush=True)
        supervisor.stop_all()
        if kept is not None:
            kept.stop()
        # Nothing runs any more: the run file would only mislead whoever reads it.
        (data_dir / "run" / "eventwire.json").unlink(missing_ok=True)
        lock.close()


def redis_url_from_env() -> str | None:
    return os.environ.get("EVENTWIRE_REDIS_URL") or os.environ.get("REDIS_URL")
