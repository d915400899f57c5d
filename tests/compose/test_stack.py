"""The compose stack as operators run it: the sample corpus through the gateway becomes its events,
Prometheus scrapes every service and can answer every panel of the dashboard, and a service
container killed mid-stream comes back by its restart policy with nothing lost or doubled.

The tests run in order on one stack: the first half of the corpus, then the second half around the
crash, then the whole corpus checked for losses and doubles. (Not for splits: entries handed on
after a crash arrive out of order, and the online clustering is order-sensitive; the order that
splits one sample event is a clustering case of its own, not a property of the stack.)"""

import json
import os
import signal
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events

pytestmark = pytest.mark.compose
ROOT = Path(__file__).parents[2]
SERVICES = ("gateway", "ingest", "extract", "dedup", "query", "webhooks")
POSTED: dict[str, int] = {}  # article id -> its intended event, across the tests in this module


def test_the_corpus_posted_through_the_gateway_becomes_events(stack):
    corpus = sample_records()
    with stack.gateway() as http:
        assert http.get("/v1/events", headers={"Authorization": "Bearer not-a-key"}).status_code == 401
        for record in corpus[: len(corpus) // 2]:
            POSTED[post(http, record)["id"]] = record["cluster"]
        events = wait_for(lambda: settled_events(http, set(POSTED)), 180, "every article in an event", 1)
        listed = http.get("/v1/events", params={"limit": 200}).json()["data"]
    assert {e["id"] for e in listed} == set(events)
    placed = [a for e in events.values() for a in e["article_ids"]]
    assert sorted(placed) == sorted(POSTED)


def test_prometheus_scrapes_every_service_and_answers_the_dashboard(stack):
    with httpx.Client(base_url=stack.prometheus_url, timeout=10) as prom:

        def scraped():
            result = prom.get("/api/v1/query", params={"query": "up"}).json()["data"]["result"]
            up = {r["metric"]["job"]: r["value"][1] for r in result}
            return up if set(up) == set(SERVICES) and set(up.values()) == {"1"} else None

        wait_for(scraped, 60, "every service up in Prometheus", 1)
        lag = wait_for(lambda: _series(prom, "eventwire_stream_lag"), 30, "consumer lag scraped", 1)
        assert {s["metric"]["group"] for s in lag} >= {"extract", "dedup", "query"}
        assert wait_for(
            lambda: _series(prom, "eventwire_end_to_end_seconds_count"), 30, "end-to-end delay", 1
        )
        dashboard = json.loads((ROOT / "infra" / "grafana" / "dashboards" / "eventwire.json").read_text())
        for panel in dashboard["panels"]:
            for target in panel["targets"]:
                expr = target["expr"].replace("$__rate_interval", "1m").replace("$__interval", "1m")
                answer = prom.get("/api/v1/query", params={"query": expr}).json()
                assert answer["status"] == "success", (panel["title"], expr, answer)


def test_a_killed_service_container_is_restarted_and_nothing_is_lost(stack):
    corpus = sample_records()
    second_half = corpus[len(corpus) // 2 :]
    victim = stack.inspect("extract")
    with stack.gateway() as http:
        for i, record in enumerate(second_half):
            if i == len(second_half) // 3:
                os.kill(victim["State"]["Pid"], signal.SIGKILL)  # a crash, not a stop: the policy restarts it
            POSTED[post(http, record, retry_for_s=60)["id"]] = record["cluster"]
        wait_for(
            lambda: stack.inspect("extract")["RestartCount"] > victim["RestartCount"], 60, "extract restarted"
        )
        events = wait_for(lambda: settled_events(http, set(POSTED)), 240, "every article in an event", 1)
    placed = [a for e in events.values() for a in e["article_ids"]]
    assert sorted(placed) == sorted(POSTED), "an article was lost or placed twice"
    for event in events.values():
        if not event["merged_ids"]:
            assert event["revision"] == len(event["article_ids"]), "an article was applied twice"
    assert stack.inspect("extract")["State"]["Health"]["Status"] in ("starting", "healthy")


def _series(prom: httpx.Client, query: str) -> list[dict]:
    return prom.get("/api/v1/query", params={"query": query}).json()["data"]["result"]
