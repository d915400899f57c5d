"""How the cost of placing one article grows with the number of events held: dedup's own use case
(`assign`) timed against a real Redis filled with 1k, 10k and 100k events.

Filling the store through the pipeline would take hours, so the events are written the way dedup
writes them (its states, its index) from the sample corpus, varied: each filler event gets its own
id, a date somewhere in three years, a few entities and words drawn from large pools, so index keys
are shared the way a long-running feed shares them. The timed articles are the sample corpus's
own, with dates inside that range; each goes through the complete decision (features, document
frequencies, candidates from the index, scoring, commit).
"""

import asyncio
import random
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from redis.asyncio import Redis

from services.cli.ports import free_port
from services.cli.redis_server import start_redis, wait_for_redis
from services.dedup.events.features import features_of
from services.dedup.events.model import start_event, window_day
from services.dedup.events.similarity import tfidf
from services.dedup.service import Policy, assign, event_index
from services.dedup.settings import DedupSettings
from services.dedup.store import EventStore
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted, EntityMention

SIZES = (1_000, 10_000, 100_000)
PROBES = 100
SPAN_DAYS = 3 * 365
START = datetime(2021, 1, 1, tzinfo=UTC)
FILL_CONCURRENCY = 64


def _analysed_sample() -> list[EntitiesExtracted]:
    from services.cli.bench import loaded_recognizer, prepared_articles
    from services.cli.bench_corpus import news_length_corpus
    from services.extract.logic import analyse

    recognizer = loaded_recognizer()
    articles = prepared_articles(news_length_corpus(31))
    return [analyse(a, recognizer.spans(a.text)) for a in articles]


def _varied(base: EntitiesExtracted, article_id: str, rng: random.Random) -> EntitiesExtracted:
    published = START + timedelta(days=rng.uniform(0, SPAN_DAYS))
    extra = [
        EntityMention(text=f"Name{rng.randrange(5000)}", label=label, type=kind, start=0, end=1)
        for label, kind in rng.sample([("PERSON", "person"), ("ORG", "organisation"), ("GPE", "place")], 3)
    ]
    words = " ".join(f"word{rng.randrange(20000)}" for _ in range(8))
    article = base.article.model_copy(
        update={"id": article_id, "published_at": published, "text": f"{base.article.text} {words}"}
    )
    return base.model_copy(update={"article": article, "mentions": base.mentions + tuple(extra)})


async def _fill(
    store: EventStore, samples: list[EntitiesExtracted], start: int, stop: int, seed: int
) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    base_terms = [features_of(s).term_counts for s in samples]  # stemming 100k texts would dominate

    async def write(n: int) -> None:
        message = _varied(samples[n % len(samples)], f"filler{n}", rng)
        terms = base_terms[n % len(samples)] + Counter(message.article.text.rsplit(" ", 8)[1:])
        state = start_event(message.article, message.mentions, tfidf(terms, {}, 1), now)
        await store.commit(message.article.id, state, terms, event_index(state), window_day(state))

    for batch in range(start, stop, FILL_CONCURRENCY):
        await asyncio.gather(*(write(n) for n in range(batch, min(stop, batch + FILL_CONCURRENCY))))


async def _time_placements(store: EventStore, samples: list[EntitiesExtracted], size: int) -> dict:
    settings = DedupSettings()
    policy = Policy(settings.join_threshold, settings.window_days, settings.max_candidates)
    gazetteer = Gazetteer()
    rng = random.Random(size)
    timings = []
    for n in range(PROBES):
        message = _varied(samples[n % len(samples)], f"probe{size}_{n}", rng)
        began = time.perf_counter()
        await assign(message, store, policy, gazetteer, datetime.now(UTC))
        timings.append((time.perf_counter() - began) * 1000)
    quantiles = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(quantiles[49], 2), "p95_ms": round(quantiles[94], 2)}


async def _measure(redis_url: str, samples: list[EntitiesExtracted]) -> dict:
    redis = Redis.from_url(redis_url)
    store = EventStore(redis)
    Gazetteer().city("London")  # build the name index outside the timings
    results, held = {}, 0
    try:
        for size in SIZES:
            await _fill(store, samples, held, size, seed=size)
            held = size
            results[str(size)] = await _time_placements(store, samples, size)
            held += PROBES  # the probes were placed too
        results["redis_used_mb"] = round(int((await redis.info("memory"))["used_memory"]) / 2**20)
    finally:
        await redis.aclose()
    return results


def placement_cost_by_size() -> dict:
    samples = _analysed_sample()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="eventwire-scale-") as scratch:
        server: subprocess.Popen = start_redis(
            port, Path(scratch), Path(scratch) / "redis.log", persist=False
        )
        try:
            url = f"redis://127.0.0.1:{port}/0"
            wait_for_redis(url)
            return asyncio.run(_measure(url, samples))
        finally:
            server.terminate()
            server.wait(timeout=10)
