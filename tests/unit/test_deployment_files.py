"""The compose stack, Prometheus' scrape list and the Grafana dashboard agree with the code: every
service runs from the image with its own command, port, restart policy and memory limit; every
EVENTWIRE_ variable they set is a setting some service reads; every metric the dashboard plots is
one the code exports. (Bringing the stack up for real is the compose test's job.)"""

import importlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from services.cli.up import SERVICES

pytestmark = pytest.mark.unit
ROOT = Path(__file__).parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS = {
    "gateway": "GatewaySettings", "ingest": "IngestSettings", "extract": "ExtractSettings",
    "dedup": "DedupSettings", "query": "QuerySettings", "webhooks": "WebhooksSettings",
}  # fmt: skip


def settings_fields(service: str) -> set[str]:
    cls = getattr(importlib.import_module(f"services.{service}.settings"), SETTINGS[service])
    return {f"EVENTWIRE_{name.upper()}" for name in cls.model_fields}


def test_every_service_runs_in_the_stack_with_health_restart_and_memory_limits():
    services = COMPOSE["services"]
    scraped = {
        job["job_name"]: job["dns_sd_configs"][0]
        for job in yaml.safe_load((ROOT / "infra" / "prometheus.yml").read_text())["scrape_configs"]
    }
    for name in SERVICES:
        service = services[name]
        assert service["command"] == ["python", "-m", f"services.{name}"]
        assert service["restart"] == "unless-stopped" and service["mem_limit"]
        env = service["environment"]
        assert scraped[name]["names"] == [name] and str(scraped[name]["port"]) == env["EVENTWIRE_PORT"], name
        unknown = {var for var in env if var.startswith("EVENTWIRE_")} - settings_fields(name)
        assert not unknown, (name, unknown)
    for store in ("redis", "postgres"):
        assert services[store]["healthcheck"] and services[store]["restart"] == "unless-stopped"
    assert services["query"]["environment"]["EVENTWIRE_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert "${EVENTWIRE_ADMIN_KEY:?" in (ROOT / "docker-compose.yml").read_text()  # no key, no stack


def test_the_dashboard_plots_only_metrics_the_code_exports():
    dashboard = json.loads((ROOT / "infra" / "grafana" / "dashboards" / "eventwire.json").read_text())
    source = "\n".join(p.read_text() for p in (ROOT / "services").rglob("*.py"))
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    names = {re.sub(r"_(bucket|count|sum)$", "", n) for e in exprs for n in re.findall(r"eventwire_\w+", e)}
    assert names and all(f'"{name}"' in source for name in names), names
    datasource = yaml.safe_load(
        (ROOT / "infra" / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text()
    )
    assert {p["datasource"]["uid"] for p in dashboard["panels"]} == {
        d["uid"] for d in datasource["datasources"]
    }


def test_the_compose_tests_copy_of_the_stack_talks_over_loopback_only(tmp_path):
    from tests.compose.stack_file import LEFT_OUT, Loopback, for_loopback, listening_ports

    ports = {name: 20000 + i for i, name in enumerate(listening_ports(COMPOSE))}
    stack = for_loopback(COMPOSE, Loopback(ROOT, ports, "http://127.0.0.1:1/", tmp_path / "p.yml"))
    assert set(stack["services"]) == set(COMPOSE["services"]) - set(LEFT_OUT)
    for name, service in stack["services"].items():
        assert service["network_mode"] == "host" and "ports" not in service, name
        assert service["restart"] == COMPOSE["services"][name]["restart"], name
        for value in service.get("environment", {}).values():
            if "://" in str(value):
                assert urlsplit(str(value)).hostname == "127.0.0.1", (name, value)
    assert stack["services"]["gateway"]["environment"]["EVENTWIRE_PORT"] == str(ports["gateway"])
    assert str(ports["redis"]) in stack["services"]["redis"]["command"]
