"""Kill the workers one after another while the corpus is posted: nothing lost, nothing doubled.

Extract, query and ingest are each sent SIGKILL at a quarter of the corpus (dedup has its own
test beside the full pipeline check). A POST that finds ingest dead gets 503 with its submission
queued; it is repeated, as the API says it safely can be, and answers the same id.
"""

import os
import signal
from collections import defaultdict

import httpx

from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events

VICTIMS = ("extract", "query", "ingest")


def test_killing_extract_query_and_ingest_loses_and_doubles_nothing(system):
    corpus = sample_records()
    quarter = len(corpus) // 4
    chunks = [corpus[i * quarter : (i + 1) * quarter] for i in range(3)] + [corpus[3 * quarter :]]
    gold = {}
    with httpx.Client(base_url=system.url, timeout=30) as http:
        for victim, chunk in zip((*VICTIMS, None), chunks, strict=True):
            for record in chunk:
                gold[post(http, record, retry_for_s=60)["id"]] = record["cluster"]
            if victim:
                os.kill(system.state()["services"][victim]["pid"], signal.SIGKILL)
        for victim in VICTIMS:
            wait_for(
                lambda v=victim: system.state()["services"][v]["restarts"] >= 1, 30, f"{victim} restarted"
            )
        events = wait_for(lambda: settled_events(http, set(gold)), 180, "every article in an event")

    placed = [a for e in events.values() for a in e["article_ids"]]
    assert sorted(placed) == sorted(gold), "an article was lost or placed twice"
    for event in events.values():
        if not event["merged_ids"]:
            assert event["revision"] == len(event["article_ids"]), "an article was applied twice"
    clusters = defaultdict(set)
    for event in events.values():
        clusters[event["id"]] = {gold[a] for a in event["article_ids"]}
    assert all(len(c) == 1 for c in clusters.values()), "two intended events were merged"
    assert len(events) == len(set(gold.values())), "an intended event was split"
