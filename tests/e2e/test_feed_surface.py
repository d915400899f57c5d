"""The feed as its consumers use it, on the sample corpus through the running system: the filter
language on the list, the Atom feed (read by feedparser), the export, the timeline, and a
filtered live stream that resumes from Last-Event-ID with exactly what it missed."""

import csv
import io
import json

import feedparser
import httpx
import pytest

from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events
from tests.e2e.sse import SseCollector

QUAKES = {"turkey-syria-quake-2023", "morocco-quake-2023", "herat-quake-2023"}


@pytest.fixture(scope="module")
def fed(system):
    """The sample corpus posted while two filtered streams listen; its events by cluster."""
    quakes = SseCollector(system.url, params={"q": "earthquake OR quakes"}).start()
    iran = SseCollector(system.url, params={"country": "IR"}).start()
    assert quakes.connected.wait(10) and iran.connected.wait(10)
    records = sample_records()
    with httpx.Client(base_url=system.url, timeout=30) as http:
        cluster_of = {post(http, r)["id"]: r["cluster"] for r in records}
        events = wait_for(lambda: settled_events(http, set(cluster_of)), 180, "the corpus to settle")
    by_cluster = {cluster_of[e["article_ids"][0]]: e for e in events.values()}
    wait_for(
        lambda: {m.data.get("id") for m in quakes.messages} >= {by_cluster[c]["id"] for c in QUAKES},
        30,
        "quakes live",
    )
    quakes.stop()
    iran.stop()
    return by_cluster, quakes, iran


def ids(page: dict) -> set[str]:
    return {e["id"] for e in page["data"]}


def test_the_filters_through_the_api(system, fed):
    by_cluster, _, _ = fed
    of = lambda *clusters: {by_cluster[c]["id"] for c in clusters}
    with httpx.Client(base_url=system.url, timeout=30) as http:
        everything = http.get("/v1/events", params={"limit": 3}).json()
        assert everything["count"] == 3 and everything["total"] == 10 and everything["next_cursor"]
        quakes = http.get("/v1/events", params={"q": "earthquake OR quakes"}).json()
        assert ids(quakes) == of(*QUAKES) and quakes["total"] == 3
        assert ids(http.get("/v1/events", params={"country": "ir"}).json()) == of(
            "putin-tehran-2017", "putin-tehran-2022"
        )
        near = http.get("/v1/events", params={"near": "35.69,51.39", "radius_km": 30}).json()
        assert ids(near) == of("putin-tehran-2017", "putin-tehran-2022")
        assert ids(http.get("/v1/events", params={"source": "orbital times"}).json()) == of(
            "artemis-launch-2022", "chandrayaan-landing-2023"
        )
        both = http.get("/v1/events", params=[("entity", "Putin"), ("entity", "Raisi")]).json()
        assert ids(both) == of("putin-tehran-2022", "raisi-moscow-2022")
        combined = {"q": "quake", "from": "2023-09-01", "min_articles": 2, "country": "MA"}
        assert ids(http.get("/v1/events", params=combined).json()) == of("morocco-quake-2023")

        sizes, cursor = [], None
        while True:
            page = http.get("/v1/events", params={"sort": "size", "limit": 4, "cursor": cursor}).json()
            sizes += [e["article_count"] for e in page["data"]]
            if not (cursor := page["next_cursor"]):
                break
        assert len(sizes) == 10 and sizes == sorted(sizes, reverse=True)
        best = http.get("/v1/events", params={"q": "moon landing", "sort": "relevance"}).json()
        assert best["data"][0]["id"] == by_cluster["chandrayaan-landing-2023"]["id"]

        trimmed = http.get("/v1/events", params={"fields": "id,title", "limit": 2}).json()
        assert [set(e) for e in trimmed["data"]] == [{"id", "title"}] * 2

        for params, status, says in [
            ({"sorted": "size"}, 400, "sorted"),
            ({"fields": "id,colour"}, 400, "colour"),
            ({"sort": "relevance"}, 400, "needs q"),
            ({"q": "-football"}, 422, "no word"),
            ({"near": "95,0"}, 422, "off the globe"),
            ({"cursor": trimmed["next_cursor"], "sort": "size"}, 400, "sort=date"),
        ]:
            response = http.get("/v1/events", params=params)
            assert response.status_code == status and says in response.text, (params, response.text)


def test_atom_export_and_timeline_take_the_same_filters(system, fed):
    by_cluster, _, _ = fed
    quake_ids = {by_cluster[c]["id"] for c in QUAKES}
    with httpx.Client(base_url=system.url, timeout=30) as http:
        atom = http.get("/v1/events.atom", params={"q": "earthquake OR quakes"})
        assert atom.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(atom.content)
        assert not feed.bozo and feed.feed.title == "Eventwire events"
        assert {e.id.rsplit(":", 1)[1] for e in feed.entries} == quake_ids
        assert all(e.updated_parsed and e.link.endswith(e.id.rsplit(":", 1)[1]) for e in feed.entries)
        paged = feedparser.parse(http.get("/v1/events.atom", params={"limit": 4}).content)
        following = next(link.href for link in paged.feed.links if link.rel == "next")
        assert len(feedparser.parse(http.get(following).content).entries) == 4

        lines = http.get("/v1/events/export", params={"format": "jsonl"}).text.splitlines()
        assert {json.loads(line)["id"] for line in lines} == {e["id"] for e in by_cluster.values()}
        table = list(
            csv.DictReader(
                io.StringIO(http.get("/v1/events/export", params={"format": "csv", "q": "quake"}).text)
            )
        )
        assert {row["id"] for row in table} == quake_ids and all(row["country"] for row in table)

        months = http.get("/v1/timeline", params={"q": "earthquake OR quakes", "bucket": "month"}).json()
        assert months == [
            {"start": "2023-02-01", "count": 1},
            {"start": "2023-09-01", "count": 1},
            {"start": "2023-10-01", "count": 1},
        ]
        assert http.get("/v1/timeline", params={"bucket": "year"}).status_code == 422


def test_a_filtered_stream_carries_only_matches_and_resumes_with_what_it_missed(system, fed):
    by_cluster, quakes, iran = fed
    quake_ids = {by_cluster[c]["id"] for c in QUAKES}
    live = [m for m in quakes.messages if m.event in ("created", "updated")]
    assert {m.data["id"] for m in live} == quake_ids and all(m.id for m in quakes.messages)
    iran_ids = {by_cluster[c]["id"] for c in ("putin-tehran-2017", "putin-tehran-2022")}
    assert {m.data["id"] for m in iran.messages if m.event != "story"} == iran_ids
    stories = [m for m in quakes.messages if m.event == "story"]
    assert stories and all(set(m.data["event_ids"]) & quake_ids for m in stories)

    resumed = SseCollector(system.url, last_event_id=quakes.messages[0].id, params=quakes.params).start()
    wait_for(lambda: len(resumed.messages) >= len(quakes.messages) - 1, 30, "the missed messages")
    resumed.stop()
    assert [m.id for m in resumed.messages] == [m.id for m in quakes.messages[1:]]


def test_the_gateway_metrics_show_the_whole_pipeline(system, fed):
    from prometheus_client.parser import text_string_to_metric_families

    with httpx.Client(base_url=system.url, timeout=30) as http:
        families = {f.name: f for f in text_string_to_metric_families(http.get("/metrics").text)}
    lag = {(s.labels["stream"], s.labels["group"]): s.value for s in families["eventwire_stream_lag"].samples}
    pending = {
        (s.labels["stream"], s.labels["group"]): s.value for s in families["eventwire_stream_pending"].samples
    }
    for key in (("eventwire.articles.ingested", "extract"), ("eventwire.events.assembled", "query"),
                ("eventwire.events.stored", "webhooks")):  # fmt: skip
        assert lag[key] == 0 and pending[key] == 0, key
    dead = {s.labels["stream"]: s.value for s in families["eventwire_dead_letters"].samples}
    assert dead and set(dead.values()) == {0}
    delays = {s.name: s.value for s in families["eventwire_end_to_end_seconds"].samples}
    assert delays["eventwire_end_to_end_seconds_count"] == len(sample_records())
    assert 0 < delays["eventwire_end_to_end_seconds_sum"] / delays["eventwire_end_to_end_seconds_count"] < 30


def test_eventwire_status_shows_every_service_on_one_screen(system, fed, capsys):
    from services.cli.main import main

    assert main(["status", "--url", system.url, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    groups = {(g["stream"], g["group"]): g for g in status["groups"]}
    for stream, group in [
        ("eventwire.articles.submitted", "ingest"), ("eventwire.articles.ingested", "extract"),
        ("eventwire.articles.enriched", "dedup"), ("eventwire.events.assembled", "query"),
        ("eventwire.events.stored", "webhooks"),
    ]:  # fmt: skip
        entry = groups[(stream, group)]
        assert entry["replicas"] == 1 and entry["lag"] == 0 and entry["pending"] == 0, entry
    assert status["ready"] and status["dead_letters"] == 0
    assert main(["status", "--url", system.url]) == 0
    screen = capsys.readouterr().out
    assert "extract" in screen and "ready" in screen
