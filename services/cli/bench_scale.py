"""How the cost of placing one article grows with the articles seen: dedup's own use case
(`assign`) timed against a real Redis after 10k, 100k and 1M articles, a feed of about 900 a day
(a million over three years), with retention sweeping as the service sweeps.

Filling the store through the pipeline would take days, so the articles are written the way dedup
writes them (its states, its index) from news-length sample reports, varied: each filler article
gets its own id, a date in feed order, one of TOPICS topics (half of a report's words and names,
the same half every time, are spelled for its topic: reports of one text and topic share every
word, of one text and two topics half), and a few entities and words drawn from large pools. Each
filler is an event of its own (the hard case: more events to weigh than a feed whose events
gather several articles). Articles that retention would already have swept away are not written;
only the document frequencies they leave behind are, counted in bulk, so the state is the one a
full run leaves. The timed articles are sample reports dated at the feed's newest day; each goes
through the complete decision (features, document frequencies, candidates from the index,
scoring, commit).
"""

import asyncio
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from redis.asyncio import Redis

from services.cli.ports import free_port
from services.cli.redis_server import start_redis, wait_for_redis
from services.dedup.events.features import features_of
from services.dedup.events.model import start_event, window_day
from services.dedup.events.similarity import tfidf
from services.dedup.retention import sweep
from services.dedup.service import Policy, assign, event_index
from services.dedup.settings import DedupSettings
from services.dedup.store import EventStore
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted, EntityMention

SIZES = (10_000, 100_000, 1_000_000)
PROBES = 100
SPAN_DAYS = 3 * 365
PER_DAY = 1_000_000 / SPAN_DAYS
START = datetime(2021, 1, 1, tzinfo=UTC)
FILL_CONCURRENCY = 64
SWEEP_EVERY = 20_000  # filler articles between retention sweeps
TOPICS = 500


def analysed(records: list[dict]) -> list[EntitiesExtracted]:
    """`records` as extract reads them."""
    from services.cli.bench import loaded_recognizer, prepared_articles
    from services.extract.logic import analyse

    recognizer = loaded_recognizer()
    return [analyse(a, recognizer.spans(a.text)) for a in prepared_articles(records)]


def feed_day(n: int) -> datetime:
    """When the feed's `n`th article was published."""
    return START + timedelta(days=n / PER_DAY)


def in_topic(word: str, topic: int) -> str:
    return f"{word}t{topic}" if zlib.crc32(word.encode()) & 1 else word


def varied(
    base: EntitiesExtracted,
    article_id: str,
    rng: random.Random,
    published: datetime,
    topic: int,
    names_in_topic: bool = True,
) -> EntitiesExtracted:
    """`base` as another article: its id, published then, its words (and names, unless told) in
    `topic`, with three more entities and eight more words from large pools."""
    text = " ".join(in_topic(word, topic) for word in base.article.text.split(" "))
    named = base.mentions
    if names_in_topic:
        named = tuple(
            m.model_copy(
                update={
                    "text": in_topic(m.text, topic),
                    "canonical": m.canonical and in_topic(m.canonical, topic),
                }
            )
            for m in base.mentions
        )
    extra = [
        EntityMention(text=f"Name{rng.randrange(5000)}", label=label, type=kind, start=0, end=1)
        for label, kind in rng.sample([("PERSON", "person"), ("ORG", "organisation"), ("GPE", "place")], 3)
    ]
    words = " ".join(f"word{rng.randrange(20000)}" for _ in range(8))
    article = base.article.model_copy(
        update={"id": article_id, "published_at": published, "text": f"{text} {words}"}
    )
    return base.model_copy(update={"article": article, "mentions": named + tuple(extra)})


def _filler_terms(base_terms: Counter, topic: int, rng: random.Random) -> Counter:
    terms = Counter({in_topic(t, topic): c for t, c in base_terms.items()})
    terms.update(f"word{rng.randrange(20000)}" for _ in range(8))
    return terms


async def _fill(
    store: EventStore, samples: list[EntitiesExtracted], start: int, stop: int, rng: random.Random
) -> None:
    """Filler articles `start` to `stop` in feed order, retention sweeping every SWEEP_EVERY; those
    retention would have swept by `stop` leave only their document frequencies."""
    # Stemming a million texts would dominate: the fillers' terms are their base's, varied.
    base_terms = [features_of(s).term_counts for s in samples]
    kept_days = DedupSettings().retention_days + 1
    first_kept = max(start, math.ceil(stop - kept_days * PER_DAY))
    await _count_only(store, base_terms, start, first_kept, rng)

    async def write(n: int) -> None:
        terms = _filler_terms(base_terms[n % len(samples)], topic := rng.randrange(TOPICS), rng)
        message = varied(samples[n % len(samples)], f"filler{n}", rng, feed_day(n), topic)
        state = start_event(message.article, message.mentions, tfidf(terms, {}, 1), feed_day(n))
        await store.commit(message.article.id, state, terms, event_index(state), window_day(state))

    for batch in range(first_kept, stop, FILL_CONCURRENCY):
        await asyncio.gather(*(write(n) for n in range(batch, min(stop, batch + FILL_CONCURRENCY))))
        if (batch + FILL_CONCURRENCY) % SWEEP_EVERY < FILL_CONCURRENCY:
            await _sweep(store)


async def _count_only(
    store: EventStore, base_terms: list[Counter], start: int, stop: int, rng: random.Random
) -> None:
    """The document frequencies of fillers `start` to `stop`, without the fillers: counted by
    base text and topic, since fillers of both alike have the same terms."""
    alike: Counter[tuple[int, int]] = Counter()
    frequencies: Counter[str] = Counter()
    for n in range(start, stop):
        alike[(n % len(base_terms), rng.randrange(TOPICS))] += 1
        frequencies.update({f"word{rng.randrange(20000)}" for _ in range(8)})
    for (base, topic), fillers in alike.items():
        for term in base_terms[base]:
            frequencies[in_topic(term, topic)] += fillers
    await store.add_document_frequencies(frequencies, stop - start)


async def _sweep(store: EventStore) -> None:
    # As the service sweeps; every filler event counts as idle, since the feed's clock runs ahead.
    await sweep(
        store, DedupSettings().retention_days, 0.0, datetime.now(UTC) + timedelta(days=10 * SPAN_DAYS)
    )


async def _time_placements(store: EventStore, samples: list[EntitiesExtracted], size: int) -> dict:
    settings = DedupSettings()
    policy = Policy(settings.join_threshold, settings.window_days, settings.max_candidates)
    gazetteer = Gazetteer()
    rng = random.Random(size)
    timings = []
    for n in range(PROBES):
        message = varied(
            samples[n % len(samples)], f"probe{size}_{n}", rng, feed_day(size), rng.randrange(TOPICS)
        )
        began = time.perf_counter()
        await assign(message, store, policy, gazetteer, feed_day(size))
        timings.append((time.perf_counter() - began) * 1000)
    quantiles = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(quantiles[49], 2), "p95_ms": round(quantiles[94], 2)}


async def _measure(redis_url: str, samples: list[EntitiesExtracted]) -> dict:
    redis = Redis.from_url(redis_url)
    store = EventStore(redis)
    Gazetteer().city("London")  # build the name index outside the timings
    rng = random.Random(1)
    results, held = {}, 0
    try:
        for size in SIZES:
            began = time.monotonic()
            await _fill(store, samples, held, size, rng)
            await _sweep(store)
            filled_s = time.monotonic() - began
            held = size
            results[str(size)] = {
                **await _time_placements(store, samples, size),
                "events_held": await store.events_held(),
                "redis_used_mb": round(int((await redis.info("memory"))["used_memory"]) / 2**20),
                "fill_s": round(filled_s),
            }
    finally:
        await redis.aclose()
    return results


def placement_cost_by_size(samples: list[EntitiesExtracted], scratch: Path) -> dict:
    port = free_port()
    server: subprocess.Popen = start_redis(port, scratch, scratch / "redis.log", persist=False)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        wait_for_redis(url)
        return asyncio.run(_measure(url, samples))
    finally:
        server.terminate()
        server.wait(timeout=10)


def scale_report(read_model: str = "sqlite") -> dict:
    """`make bench-scale`: placement by articles seen, then reads by articles stored (the read
    model on SQLite or PostgreSQL)."""
    from services.cli.bench_corpus import news_length_corpus, sample_reports
    from services.cli.read_scale import read_cost_by_size

    with tempfile.TemporaryDirectory(prefix="eventwire-scale-") as scratch:
        placement = placement_cost_by_size(analysed(news_length_corpus(31)), Path(scratch) / "placement")
        print(json.dumps({"placement": placement}), file=sys.stderr, flush=True)  # half an hour in
        # Reads: every sample report alone, so a word or name belongs to some happenings, not all.
        reads = read_cost_by_size(Path(scratch) / "reads", analysed(sample_reports()), read_model)
    return {"placement": placement, "reads": reads}
