"""Webhooks as a subscriber uses them, through the running system: receivers (local servers this
test starts) verify every delivery with the `standardwebhooks` library; one answers 500 to each
first try and sees the retry with the same webhook-id, one is slow, one is down until its dead
letters are re-driven."""

from collections import Counter

import httpx
import pytest

from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events
from tests.e2e.receiver import Receiver, dumps, event_ids

QUAKES = {"turkey-syria-quake-2023", "morocco-quake-2023", "herat-quake-2023"}
IRAN = {"putin-tehran-2017", "putin-tehran-2022"}


def subscribe(http: httpx.Client, receiver: Receiver, wanted: dict) -> dict:
    answer = http.post(
        "/v1/subscriptions", json={"url": receiver.url, "filter": wanted, "description": "test"}
    )
    assert answer.status_code == 201, answer.text
    receiver.secret = answer.json()["secret"]
    return answer.json()


@pytest.fixture(scope="module")
def receivers():
    made = {
        "flaky": Receiver(fail_first=1),
        "slow": Receiver(delay_s=1.0),
        "down": Receiver(always_fail=True),
    }
    yield {name: r.start() for name, r in made.items()}
    for r in made.values():
        r.stop()


def test_deliveries_are_signed_retried_dead_lettered_and_redriven(system, receivers):
    flaky, slow, down = receivers["flaky"], receivers["slow"], receivers["down"]
    with httpx.Client(base_url=system.url, timeout=30) as http:
        quakes = subscribe(http, flaky, {"q": "earthquake OR quakes"})
        assert quakes["secret"].startswith("whsec_") and quakes["status"] == "active"
        assert quakes["filter"]["q"] == "earthquake OR quakes"
        everything = subscribe(http, slow, {})
        iran = subscribe(http, down, {"country": "IR"})
        shown = http.get(f"/v1/subscriptions/{quakes['id']}").json()
        assert "secret" not in shown and shown["url"] == flaky.url
        assert {s["id"] for s in http.get("/v1/subscriptions").json()} >= {quakes["id"], iran["id"]}

        records = sample_records()
        cluster_of = {post(http, r)["id"]: r["cluster"] for r in records}
        events = wait_for(lambda: settled_events(http, set(cluster_of)), 180, "the corpus to settle")
        by_cluster = {cluster_of[e["article_ids"][0]]: e for e in events.values()}
        quake_events = {by_cluster[c]["id"]: by_cluster[c] for c in QUAKES}

        def latest_delivered(receiver, wanted) -> bool:
            revisions = {}
            for d in receiver.accepted():
                event = d.body["data"]
                revisions[event["id"]] = max(revisions.get(event["id"], 0), event["revision"])
            return revisions == {i: e["revision"] for i, e in wanted.items()}

        def all_acknowledged(receiver) -> bool:
            return {d.webhook_id for d in receiver.deliveries} == {d.webhook_id for d in receiver.accepted()}

        wait_for(
            lambda: latest_delivered(flaky, quake_events) and all_acknowledged(flaky),
            60,
            "every quake delivered",
        )
        accepted = flaky.accepted()
        assert flaky.bad_signatures == 0 and event_ids(accepted) == set(quake_events), dumps(accepted)
        # Each delivery failed once and was acknowledged on its retry, under the same webhook-id,
        # and nothing acknowledged came again.
        tries = Counter(d.webhook_id for d in flaky.deliveries)
        assert all(n == 2 for n in tries.values()), dumps(flaky.deliveries)
        assert Counter(d.webhook_id for d in accepted).most_common(1)[0][1] == 1
        assert {d.body["type"] for d in accepted} == {"event.created", "event.updated"}
        log = http.get(f"/v1/subscriptions/{quakes['id']}/deliveries", params={"limit": 1000}).json()
        assert {(a["attempt"], a["status_code"], a["outcome"]) for a in log} == {
            (1, 500, "retrying"),
            (2, 204, "delivered"),
        }
        assert all(a["duration_ms"] >= 0 and a["at"] for a in log)

        # The slow receiver (a second a delivery, every event) did not hold the others back.
        wait_for(lambda: latest_delivered(slow, events), 120, "every event at the slow receiver")
        assert max(d.received_at for d in accepted) < max(d.received_at for d in slow.accepted())

        # Down the whole time: every try failed, and its deliveries were dead-lettered.
        iran_events = {by_cluster[c]["id"] for c in IRAN}
        dead = wait_for(
            lambda: (s := http.get(f"/v1/subscriptions/{iran['id']}").json())["dead_letters"] and s["pending"] == 0 and s,
            60, "the dead letters",
        )  # fmt: skip
        assert event_ids(down.deliveries) == iran_events and not down.accepted()
        attempts = http.get(f"/v1/subscriptions/{iran['id']}/deliveries", params={"limit": 1000}).json()
        assert Counter(a["outcome"] for a in attempts)["dead"] == dead["dead_letters"]
        down.always_fail = False
        assert http.post(f"/v1/subscriptions/{iran['id']}/redrive").json() == {
            "redriven": dead["dead_letters"]
        }
        wait_for(lambda: len(down.accepted()) == dead["dead_letters"], 30, "the redriven deliveries")
        assert event_ids(down.accepted()) == iran_events
        assert http.get(f"/v1/subscriptions/{iran['id']}").json()["dead_letters"] == 0

        paused = http.patch(f"/v1/subscriptions/{everything['id']}", json={"status": "paused"}).json()
        assert paused["status"] == "paused" and paused["filter"] == everything["filter"]
        refiltered = http.patch(
            f"/v1/subscriptions/{everything['id']}", json={"filter": {"entity": ["Putin"]}}
        )
        assert refiltered.json()["filter"]["entity"] == ["Putin"] and refiltered.json()["status"] == "paused"
        assert http.delete(f"/v1/subscriptions/{everything['id']}").status_code == 204
        assert http.get(f"/v1/subscriptions/{everything['id']}").status_code == 404

    # A secret is shown once, at creation: never again by the API, and never in any service's log.
    logs = "".join(path.read_text(errors="replace") for path in (system.data_dir / "logs").glob("*.log"))
    for made in (quakes, everything, iran):
        assert made["secret"] not in logs


def test_bad_subscriptions_are_refused_with_what_is_wrong(system):
    with httpx.Client(base_url=system.url, timeout=30) as http:
        for body, says in [
            ({"url": "ftp://example.com/x"}, "http"),
            ({"url": "https://example.com/x", "filter": {"near": "north"}}, "lat,lon"),
            ({"url": "https://example.com/x", "filter": {"colour": "red"}}, "colour"),
            ({"url": "https://example.com/x", "secret": "mine"}, "secret"),
        ]:
            answer = http.post("/v1/subscriptions", json=body)
            assert answer.status_code == 422 and says in answer.text, answer.text
        assert http.get("/v1/subscriptions/sub_..%2F..").status_code == 404
        assert http.get("/v1/subscriptions/sub_0123456789abcdef").status_code == 404
        assert (
            http.patch("/v1/subscriptions/sub_0123456789abcdef", json={"status": "paused"}).status_code == 404
        )
        assert (
            http.patch("/v1/subscriptions/sub_0123456789abcdef", json={"status": "gone"}).status_code == 422
        )
