"""`eventwire eval order`: how much the events depend on the order articles arrive in.

Dedup places each article once, in arrival order, so a crash's reclaimed entries, replicas that
finish out of turn or a feed that delivers late can change what it makes. This runs a gold set
through extract's model and dedup's placement in this process, on a Redis it starts, first in
publication order and then in `orders` more orders where each article may arrive up to `jitter`
places early or late (seeded, so runs compare), and counts against the gold clusters: the extra
events (a cluster split in n adds n - 1) and the clusters merged into another's event, with
BCubed F1 for each order. It calls the services' own code, not their APIs, so it runs in seconds
(`eventwire eval clustering` is the end-to-end score through the API).
"""

import asyncio
import random
import statistics
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from redis.asyncio import Redis

from services.cli.bench import prepared_articles
from services.cli.cluster_eval import arrival_order, read_dataset, submission_body
from services.cli.cluster_scores import bcubed
from services.cli.ports import free_port
from services.cli.redis_server import start_redis, wait_for_redis
from services.dedup.service import Policy, assign
from services.dedup.settings import DedupSettings
from services.dedup.store import EventStore
from services.extract.in_process import InProcessExtraction
from services.extract.registry import PeopleRegistry
from services.extract.settings import ExtractSettings
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted


def jittered(count: int, jitter: float, rng: random.Random) -> list[int]:
    """0..count-1 with each position moved by up to `jitter` places."""
    return sorted(range(count), key=lambda n: n + rng.uniform(0, jitter))


def order_errors(events: dict[str, str], gold: dict[str, str]) -> dict:
    """Extra events and merged clusters of one placement (article id -> event id) against gold."""
    events_of, clusters_of = defaultdict(set), defaultdict(set)
    for article, event in events.items():
        events_of[gold[article]].add(event)
        clusters_of[event].add(gold[article])
    return {
        "events": len(clusters_of),
        "extra_events": sum(len(e) - 1 for e in events_of.values()),
        "clusters_merged": sum(len(c) - 1 for c in clusters_of.values()),
        "bcubed_f1": round(bcubed(events, gold)["f1"], 4),
    }


async def _place_in(order: list[int], found: list[EntitiesExtracted], redis: Redis) -> dict[str, str]:
    await redis.flushdb()
    settings = DedupSettings()
    policy = Policy(settings.join_threshold, settings.window_days, settings.max_candidates)
    store, people, gazetteer = EventStore(redis), PeopleRegistry(redis), Gazetteer()
    for n in order:
        message = found[n]
        mentions = await people.resolve(message.mentions, message.article.id, 0)
        await assign(
            message.model_copy(update={"mentions": mentions}), store, policy, gazetteer, datetime.now(UTC)
        )
    # Where each article ended up: merges move articles, so read the surviving events.
    event_ids = {await store.assigned_event(m.article.id) for m in found}
    placed = {}
    for state in await store.load([e for e in event_ids if e]):
        placed |= {member.id: state.id for member in state.members}
    return placed


async def _evaluate(path: Path, orders: int, jitter: float, seed: int, redis_url: str) -> dict:
    gold_articles = arrival_order(read_dataset(path))
    articles = prepared_articles([submission_body(a) for a in gold_articles])
    gold = {article.id: g.cluster for article, g in zip(articles, gold_articles, strict=True)}
    extraction = InProcessExtraction(ExtractSettings().spacy_model)
    extraction.load()
    found = await extraction.analyse_all(articles)
    rng = random.Random(seed)
    sequences = [list(range(len(articles)))] + [jittered(len(articles), jitter, rng) for _ in range(orders)]
    redis = Redis.from_url(redis_url)
    try:
        results = [order_errors(await _place_in(order, found, redis), gold) for order in sequences]
    finally:
        await redis.aclose()
    shuffled = results[1:] or results
    return {
        "dataset": str(path),
        "articles": len(articles),
        "gold_clusters": len(set(gold.values())),
        "jitter": jitter,
        "seed": seed,
        "publication_order": results[0],
        "orders": len(shuffled),
        "orders_imperfect": sum(1 for r in shuffled if r["extra_events"] or r["clusters_merged"]),
        "extra_events": sum(r["extra_events"] for r in shuffled),
        "clusters_merged": sum(r["clusters_merged"] for r in shuffled),
        "bcubed_f1": {
            "median": round(statistics.median(r["bcubed_f1"] for r in shuffled), 4),
            "min": min(r["bcubed_f1"] for r in shuffled),
        },
    }


def evaluate_order(path: Path, orders: int = 20, jitter: float = 4.0, seed: int = 7) -> dict:
    with tempfile.TemporaryDirectory(prefix="eventwire-order-") as scratch:
        port = free_port()
        log = Path(scratch) / "redis.log"
        server = start_redis(port, Path(scratch), log, persist=False)
        try:
            url = f"redis://127.0.0.1:{port}/0"
            wait_for_redis(url, process=server, log_file=log)
            return asyncio.run(_evaluate(path, orders, jitter, seed, url))
        finally:
            server.terminate()
            server.wait(timeout=10)
