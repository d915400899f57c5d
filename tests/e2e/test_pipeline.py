"""The sample corpus through the running system, checked only through the public API.

While it is posted, the dedup service is killed with SIGKILL; the supervisor restarts it and the
reclaimer hands its unfinished messages on. Afterwards every article must sit in exactly one event,
each event must be the one the corpus intends, and the SSE stream must have carried every event.
"""

import json
import os
import signal
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
import redis

from shared.streams import ASSEMBLED, ENRICHED, INGESTED, SUBMISSIONS
from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events
from tests.e2e.sse import SseCollector

SETTLE_DEADLINE_S = 180.0


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return sample_records()


def test_corpus_becomes_the_intended_events_despite_a_killed_service(system, corpus):
    sse = SseCollector(system.url).start()
    assert sse.connected.wait(10), "the SSE stream did not open"
    with httpx.Client(base_url=system.url, timeout=30) as http:
        half = len(corpus) // 2
        gold, names = {}, {}
        for record in corpus[:half]:
            article_id = post(http, record)["id"]
            gold[article_id], names[article_id] = record["cluster"], record["id"]

        dedup_pid = system.state()["services"]["dedup"]["pid"]
        os.kill(dedup_pid, signal.SIGKILL)
        for record in corpus[half:]:
            article_id = post(http, record)["id"]
            gold[article_id], names[article_id] = record["cluster"], record["id"]
        wait_for(lambda: system.state()["services"]["dedup"]["restarts"] >= 1, 30, "dedup to be restarted")

        events = wait_for(
            lambda: settled_events(http, set(gold)), SETTLE_DEADLINE_S, "every article in an event"
        )

        # Nothing lost, nothing doubled: each article in exactly one event, once.
        placed = [a for e in events.values() for a in e["article_ids"]]
        assert sorted(placed) == sorted(gold)
        for event in events.values():
            assert len(set(event["article_ids"])) == len(event["article_ids"]), "an article was applied twice"
            if not event["merged_ids"]:  # a merge adds one revision for two events' worth of changes
                assert event["revision"] == len(event["article_ids"]), "an article was applied twice"

        # The events the corpus intends: one per gold cluster, no two clusters merged.
        grouped = sorted(sorted(names[a] for a in e["article_ids"]) for e in events.values())
        clusters = defaultdict(set)
        for event_id, event in events.items():
            clusters[event_id] = {gold[a] for a in event["article_ids"]}
        assert all(len(c) == 1 for c in clusters.values()), f"merged events: {grouped}"
        assert len(events) == len(set(gold.values())), f"an event was split: {grouped}"

        # The list endpoint pages through exactly these events, newest first.
        listed, cursor = [], None
        while True:
            page = http.get(
                "/v1/events", params={"limit": 4, **({"cursor": cursor} if cursor else {})}
            ).json()
            listed += page["data"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert {e["id"] for e in listed} == set(events)
        assert [e["date"] for e in listed] == sorted((e["date"] for e in listed), reverse=True)

        # Every event is part of a story that lists it; in the sample, each happening is a story of
        # its own (no two are weeks apart and about the same people).
        stories = {e["story_id"]: http.get(f"/v1/stories/{e['story_id']}").json() for e in events.values()}
        assert len(stories) == len(events)
        assert all(event_id in stories[e["story_id"]]["event_ids"] for event_id, e in events.items())

        # Every event's and every story's final revision reached the live stream.
        final = {(e["id"], e["revision"]) for e in events.values()}
        final |= {(s["id"], s["revision"]) for s in stories.values()}
        wait_for(lambda: final <= {(m.data["id"], m.data["revision"]) for m in sse.messages}, 30, "SSE")
        sse.stop()
        assert {m.event for m in sse.messages} == {"created", "updated", "story"}

        # A client that reconnects with Last-Event-ID gets exactly what came after it.
        middle = len(sse.messages) // 2
        resumed = SseCollector(system.url, last_event_id=sse.messages[middle].id).start()
        expected = [m.id for m in sse.messages[middle + 1 :]]
        wait_for(lambda: [m.id for m in resumed.messages][: len(expected)] == expected, 30, "SSE resume")
        resumed.stop()

        # Work streams are trimmed once every group is done with them; the raw archive is kept whole.
        streams = redis.Redis.from_url(system.state()["redis_url"])
        consumed = (INGESTED, ENRICHED, ASSEMBLED)
        wait_for(lambda: all(streams.xlen(s) == 0 for s in consumed), 30, "work streams to be trimmed")
        assert streams.xlen(SUBMISSIONS) >= len(corpus)
        streams.close()


def test_every_event_has_its_gold_day_place_and_principals(system, corpus):
    gold = json.loads((Path(__file__).parent.parent / "gold" / "sample_events.json").read_text())
    with httpx.Client(base_url=system.url, timeout=30) as http:
        # Posted already by the test above; posting again answers the same ids.
        clusters = {post(http, record)["id"]: record["cluster"] for record in corpus}
        events = wait_for(lambda: settled_events(http, set(clusters)), SETTLE_DEADLINE_S, "placements")
        for event in events.values():
            (cluster,) = {clusters[a] for a in event["article_ids"]}
            expected, where = gold[cluster], event["location"] or {}
            assert event["date"] == expected["date"], cluster
            assert [where.get("name"), where.get("country_code")] == expected["location"], cluster
            first = [e["name"] for e in event["entities"][:6]]
            assert set(expected["principals"]) <= set(first), (cluster, first)
        assert len(events) == len(gold) - 1  # every cluster but the "_about" note


def test_event_fields_location_and_filters(system, corpus):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        page = http.get("/v1/events", params={"entity": "Pezeshkian", "from": "2025-01-01"}).json()
        assert page["count"] == 1
        event = page["data"][0]
        assert event["date"] == "2025-01-17"
        assert event["location"]["name"] == "Moscow" and event["location"]["country_code"] == "RU"
        assert {"Vladimir Putin", "Masoud Pezeshkian"} <= {e["name"] for e in event["entities"]}
        assert all({"id", "name", "type", "count"} <= set(e) for e in event["entities"])
        # The corpus runs one report of the treaty twice (another outlet, another headline, a
        # trimmed ending): a copy, counted apart from unique articles but not from sources.
        assert len(event["duplicates"]) == 1 and event["article_count"] == len(event["article_ids"]) - 1
        copy = event["duplicates"][0]
        assert copy["duplicate_of"] in event["article_ids"] and event["source_count"] == 4
        assert http.get(f"/v1/articles/{copy['article_id']}").json()["duplicate_of"] == copy["duplicate_of"]
        assert "Pezeshkian" in event["summary"] and "treaty" in event["title"]

        # Two visits to Tehran five years apart: two events, both placed in Tehran.
        naming_tehran = http.get("/v1/events", params={"entity": "Tehran"}).json()["data"]
        in_tehran = sorted(e["date"] for e in naming_tehran if (e["location"] or {}).get("name") == "Tehran")
        assert in_tehran == ["2017-11-01", "2022-07-19"]

        # Key participants first; Pezeshkian's page names his events and who he met.
        assert event["entities"][0]["salience"] == 1.0
        people = http.get("/v1/entities", params={"q": "pezesh", "type": "person"}).json()["data"]
        assert [p["name"] for p in people] == ["Masoud Pezeshkian"] and people[0]["events"] == 1
        detail = http.get(f"/v1/entities/{people[0]['id']}").json()
        assert [e["id"] for e in detail["recent_events"]] == [event["id"]]
        assert "Vladimir Putin" in {e["name"] for e in detail["seen_with"]}
        # Why Pezeshkian is attached to this event: each mention, where it stands, in which sentence.
        evidence = http.get(f"/v1/events/{event['id']}/entities/{people[0]['id']}").json()["mentions"]
        assert {m["article_id"] for m in evidence} == set(event["article_ids"])
        for mention in evidence:
            text = http.get(f"/v1/articles/{mention['article_id']}").json()["text"]
            assert (
                text[mention["start"] : mention["end"]] == mention["text"]
                and mention["text"] in mention["sentence"]
            )
        assert http.get(f"/v1/events/e_nothing/entities/{people[0]['id']}").status_code == 404
        putin = http.get("/v1/entities", params={"q": "Putin"}).json()["data"][0]
        assert (
            putin["name"] == "Vladimir Putin" and putin["events"] == 5
        )  # two Tehran visits, three in Moscow
        assert http.get("/v1/entities/ent_nobody").status_code == 404
        # One entity under every name it is written as, across articles: "Ayatollah Ali Khamenei",
        # "Khamenei"; a demonym finds its country by alias search, and the country is geocoded.
        khamenei = http.get("/v1/entities", params={"q": "khamenei", "type": "person"}).json()["data"]
        assert [k["name"] for k in khamenei] == ["Ali Khamenei"]
        aliases = http.get(f"/v1/entities/{khamenei[0]['id']}").json()["aliases"]
        assert {"Ali Khamenei", "Khamenei"} <= set(aliases) and not any("Ayatollah" in a for a in aliases)
        iran = http.get("/v1/entities", params={"q": "iranian", "type": "country"}).json()["data"]
        assert [c["name"] for c in iran] == ["Iran"]
        assert http.get(f"/v1/entities/{iran[0]['id']}").json()["location"]["country_code"] == "IR"
        assert http.get("/v1/entities", params={"type": "planet"}).status_code == 422

        article_id = event["article_ids"][0]
        article = http.get(f"/v1/articles/{article_id}").json()
        assert article["event_id"] == event["id"]
        assert all(article["text"][m["start"] : m["end"]] == m["text"] for m in article["entities"])


def test_duplicates_and_bad_requests_through_the_api(system, corpus):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        original = corpus[0]
        first = post(http, original)
        assert first["duplicate"] is True  # posted by the first test
        retitled = post(http, {**original, "title": "Another headline", "url": None})
        assert retitled == first

        assert http.post("/v1/articles", json={"title": "no text"}).status_code == 422
        assert http.post("/v1/articles", content=b"x" * 3_000_000).status_code == 413
        missing = http.get("/v1/events/e_doesnotexist")
        assert missing.status_code == 404 and "e_doesnotexist" in missing.json()["detail"]
        unknown = http.get("/v1/articles/a_0000000000000000")  # an id's shape, but no article (yet)
        assert unknown.status_code == 404 and "not yet placed" in unknown.json()["detail"]
        assert http.get("/readyz").json() == {"status": "ready"}
        malformed = http.get("/v1/articles/a_doesnotexist")  # no id this API hands out
        assert malformed.status_code == 404 and "no article" in malformed.json()["detail"]
        assert http.get("/v1/events", params={"cursor": "%%%"}).status_code == 400

        metrics = http.get("/metrics")
        assert metrics.status_code == 200 and "http_requests_total" in metrics.text
        assert http.get("/docs").status_code == 200


def test_replay_rebuilds_the_same_events_from_the_archive(system, corpus):
    with httpx.Client(base_url=system.url, timeout=120) as http:
        before = {
            frozenset(e["article_ids"]) for e in http.get("/v1/events", params={"limit": 200}).json()["data"]
        }
        article_ids = {a for group in before for a in group}
        assert len(article_ids) == len(corpus)

        started = http.post("/v1/replay")
        assert started.status_code == 202, started.text
        assert started.json()["generation"] == 1 and started.json()["submissions"] >= len(corpus)

        def rebuilt():
            page = http.get("/v1/events", params={"limit": 200}).json()["data"]
            groups = {frozenset(e["article_ids"]) for e in page}
            placed = [a for e in page for a in e["article_ids"]]
            return (
                groups if sorted(placed) == sorted(article_ids) and len(placed) == len(article_ids) else None
            )

        after = wait_for(rebuilt, SETTLE_DEADLINE_S, "the replay to place every article again")
        assert after == before  # the same articles (same ids) grouped into the same events

        # The replaced generation's state is freed: no dedup events or duplicate registry of g0.
        keys = redis.Redis.from_url(system.state()["redis_url"])

        def leftovers() -> list[bytes]:
            return [k for p in ("{dedup}:g0", "{ingest}:g0") for k in keys.scan_iter(f"eventwire:{p}:*")]

        wait_for(lambda: not leftovers(), 30, "generation 0 to be forgotten")
        assert list(keys.scan_iter("eventwire:{dedup}:g1:*"))
        keys.close()


def test_a_second_instance_on_the_same_data_dir_is_refused(system):
    import subprocess
    import sys

    from services.cli.ports import free_port

    second = subprocess.run(
        [sys.executable, "-m", "services.cli.main", "up", "--no-sample", "--port", str(free_port()),
         "--data-dir", str(system.data_dir)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert second.returncode == 2 and "in use by a running Eventwire" in second.stderr + second.stdout
    assert system.state()["ready"]  # the first one runs on, untouched
