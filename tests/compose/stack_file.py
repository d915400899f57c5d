"""The project's docker-compose.yml, rewritten for a machine where containers may only talk over
loopback: every container on the host network, each service on a free port, the addresses between
them pointed at 127.0.0.1, images built from a wheelhouse, Prometheus given static targets.

Only what the host network forces is changed: images, commands, health checks, restart policies,
memory limits, volumes and the environment otherwise stay as users run them.
"""

import re
from dataclasses import dataclass
from pathlib import Path

# The port each container listens on in docker-compose.yml, by service name.
STORES = {"redis": 6379, "postgres": 5432, "prometheus": 9090}
# No Debian package (and no registry) to stand in for Grafana's image; the test runs the dashboard's
# queries against Prometheus instead.
LEFT_OUT = ("grafana",)
IMAGE = "eventwire-compose-test/eventwire:latest"


@dataclass(frozen=True)
class Loopback:
    root: Path  # the checkout: build context and bind-mount sources
    ports: dict[str, int]  # service name -> free port on the host
    wheelhouse_url: str
    prometheus_config: Path


def listening_ports(compose: dict) -> dict[str, int]:
    """Every kept service's port in the stack as written."""
    ports = {}
    for name, service in compose["services"].items():
        if name in LEFT_OUT:
            continue
        port = STORES.get(name) or service.get("environment", {}).get("EVENTWIRE_PORT")
        ports[name] = int(port)
    return ports


def for_loopback(compose: dict, loop: Loopback) -> dict:
    services = {}
    for name, service in compose["services"].items():
        if name in LEFT_OUT:
            continue
        service = dict(service)
        service.pop("ports", None)
        service["network_mode"] = "host"
        port = loop.ports[name]
        if "build" in service:
            service["build"] = {
                **service["build"],
                "context": str(loop.root),
                "network": "host",
                "args": {"WHEELHOUSE_URL": loop.wheelhouse_url},
            }
            service["image"] = IMAGE
        if "environment" in service:
            service["environment"] = {
                k: _pointed_home(v, loop.ports) for k, v in service["environment"].items()
            }
        if "EVENTWIRE_PORT" in service.get("environment", {}):
            service["environment"] |= {"EVENTWIRE_PORT": str(port), "EVENTWIRE_HOST": "127.0.0.1"}
        if name == "redis":
            service["command"] = [*service["command"], "--port", str(port), "--bind", "127.0.0.1"]
            service["healthcheck"] = {**service["healthcheck"], "test": _cli(service, "-p", str(port))}
        elif name == "postgres":
            service["command"] = ["-p", str(port), "-c", "listen_addresses=127.0.0.1"]
            service["healthcheck"] = {
                **service["healthcheck"],
                "test": _cli(service, "-h", "127.0.0.1", "-p", str(port)),
            }
        elif name == "prometheus":
            service["volumes"] = [
                f"{loop.prometheus_config}:/etc/prometheus/prometheus.yml:ro",
                *[v for v in service["volumes"] if not v.startswith("./")],
            ]
            service["command"] = [
                "--config.file=/etc/prometheus/prometheus.yml",
                "--storage.tsdb.path=/prometheus",
                f"--web.listen-address=127.0.0.1:{port}",
            ]
        if isinstance(service.get("depends_on"), dict):
            service["depends_on"] = {k: v for k, v in service["depends_on"].items() if k not in LEFT_OUT}
        services[name] = service
    return {**compose, "services": services}


def prometheus_config(project: dict, ports: dict[str, int], interval_s: int) -> dict:
    """The project's scrape jobs with each DNS lookup replaced by the one replica's loopback address."""
    jobs = []
    for job in project["scrape_configs"]:
        names = [n for sd in job["dns_sd_configs"] for n in sd["names"]]
        jobs.append(
            {
                "job_name": job["job_name"],
                "static_configs": [{"targets": [f"127.0.0.1:{ports[n]}" for n in names]}],
            }
        )
    return {"global": {**project["global"], "scrape_interval": f"{interval_s}s"}, "scrape_configs": jobs}


def _pointed_home(value, ports: dict[str, int]):
    """`redis://redis:6379/0` -> `redis://127.0.0.1:<port>/0`, for every service name in a URL."""
    if not isinstance(value, str):
        return value
    for name, port in ports.items():
        value = re.sub(rf"(?<=[/@]){re.escape(name)}(:\d+)?(?=/|$)", f"127.0.0.1:{port}", value)
    return value


def _cli(service: dict, *extra: str) -> list[str]:
    test = service["healthcheck"]["test"]
    return [*test[:2], *extra, *test[2:]]  # CMD, the program, then ours
