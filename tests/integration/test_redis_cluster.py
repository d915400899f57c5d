"""The whole system on a three-node Redis Cluster that the test starts, with EVENTWIRE_REDIS_URL
pointing at one node and nothing else changed: the sample corpus becomes the events it becomes on
one Redis, the live stream and a webhook carry them, and the keys really are spread over the
nodes."""

from collections import defaultdict

import httpx
import pytest

from services.cli.local_system import local_system
from shared.streams import ASSEMBLED, ENRICHED, INGESTED, SUBMISSIONS
from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events
from tests.e2e.receiver import Receiver, event_ids
from tests.e2e.sse import SseCollector
from tests.integration.conftest import ADMIN_KEY, keyed_gateway
from tests.redis_cluster import cluster_client, redis_cluster

ENV = {
    "EVENTWIRE_RECLAIM_IDLE_MS": "2000",
    "EVENTWIRE_POLL_INTERVAL_MS": "100",
    "EVENTWIRE_TRIM_INTERVAL_S": "1",
    "EVENTWIRE_FETCH_ALLOW_PRIVATE": "true",  # the webhook receiver is on 127.0.0.1
}


@pytest.fixture(scope="module")
def cluster_url():
    with redis_cluster() as url:
        yield url


def _keys_by_node(url: str) -> list[int]:
    client = cluster_client(url)
    try:
        return [client.dbsize(target_nodes=node) for node in client.get_primaries()]
    finally:
        client.close()


def test_the_pipeline_runs_on_a_redis_cluster(tmp_path, cluster_url):
    corpus = sample_records()
    receiver = Receiver().start()
    with (
        local_system(tmp_path / "data", ENV, redis_url=cluster_url) as system,
        httpx.Client(base_url=system.url, timeout=30) as http,
    ):
        assert system.state()["redis_url"] == cluster_url  # no Redis of its own was started
        answer = http.post("/v1/subscriptions", json={"url": receiver.url, "filter": {}})
        assert answer.status_code == 201, answer.text
        receiver.secret = answer.json()["secret"]
        sse = SseCollector(system.url).start()
        assert sse.connected.wait(10), "the SSE stream did not open"

        gold = {post(http, record)["id"]: record["cluster"] for record in corpus}
        events = wait_for(lambda: settled_events(http, set(gold)), 180, "every article in an event")

        placed = [a for e in events.values() for a in e["article_ids"]]
        assert sorted(placed) == sorted(gold), "an article was lost or doubled"
        clusters = defaultdict(set)
        for event_id, event in events.items():
            clusters[event_id] = {gold[a] for a in event["article_ids"]}
        assert all(len(c) == 1 for c in clusters.values()), "two happenings were merged"
        assert len(events) == len(set(gold.values())), "a happening was split"

        final = {(e["id"], e["revision"]) for e in events.values()}
        wait_for(lambda: final <= {(m.data["id"], m.data["revision"]) for m in sse.messages}, 30, "SSE")
        sse.stop()
        wait_for(lambda: set(events) <= event_ids(receiver.accepted()), 60, "webhook deliveries")
        assert receiver.bad_signatures == 0

        # A duplicate is still a duplicate: the registry's script ran within its slot.
        again = post(http, corpus[0])
        assert again["duplicate"] and again["id"] in gold

        streams = cluster_client(cluster_url)
        consumed = (INGESTED, ENRICHED, ASSEMBLED)
        wait_for(lambda: all(streams.xlen(s) == 0 for s in consumed), 30, "work streams to be trimmed")
        assert streams.xlen(SUBMISSIONS) >= len(corpus)
        streams.close()

        status = http.get("/v1/status").json()
        assert all(group["pending"] == 0 for group in status["groups"]), status

        # A replay rebuilds the same events in a new generation and frees the old one's keys,
        # scanned over every node.
        started = http.post("/v1/replay")
        assert started.status_code == 202, started.text
        before = {frozenset(e["article_ids"]) for e in events.values()}

        def rebuilt():
            page = http.get("/v1/events", params={"limit": 200}).json()["data"]
            groups = {frozenset(e["article_ids"]) for e in page}
            return groups if sum(map(len, groups)) == len(gold) else None

        assert wait_for(rebuilt, 180, "the replay to place every article again") == before
        keys = cluster_client(cluster_url)
        wait_for(lambda: not list(keys.scan_iter("eventwire:{dedup}:g0:*")), 30, "generation 0 to go")
        keys.close()
    receiver.stop()
    assert sum(1 for count in _keys_by_node(cluster_url) if count) == 3, "the keys sit on one node"


def test_keys_and_rate_limits_work_on_a_redis_cluster(cluster_url):
    with keyed_gateway(cluster_url, rate_limit_per_min=3) as gateway:
        admin = {"Authorization": f"Bearer {ADMIN_KEY}"}
        made = gateway.post("/v1/keys", json={"name": "reader", "scopes": ["read"]}, headers=admin)
        assert made.status_code == 201, made.text
        reader = {"Authorization": f"Bearer {made.json()['key']}"}
        assert (
            gateway.post("/v1/keys", json={"name": "x", "scopes": ["read"]}, headers=reader).status_code
            == 403
        )
        # Three a minute; the query service is not running here, so the allowed reads answer 503.
        answers = [gateway.get("/v1/events", headers=reader).status_code for _ in range(4)]
        assert answers == [503, 503, 503, 429], answers
        assert gateway.delete(f"/v1/keys/{made.json()['id']}", headers=admin).status_code == 204
        assert gateway.get("/v1/keys", headers=reader).status_code == 401


def test_what_the_url_names_decides_the_clients(cluster_url, redis_url):
    from redis.asyncio import Redis, RedisCluster

    from shared.redis_clients import is_cluster, redis_client

    assert is_cluster(cluster_url) and not is_cluster(redis_url)
    assert isinstance(redis_client(cluster_url), RedisCluster)
    assert isinstance(redis_client(redis_url), Redis)
