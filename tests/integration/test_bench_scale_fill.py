"""The scale bench's shortcut: fillers that retention would already have swept are only counted,
and the document frequencies they leave are those that writing them in full leaves."""

import random
import re
from collections import Counter
from datetime import UTC, datetime

from services.cli import bench_scale
from services.dedup.store import EventStore
from shared.messages import Article, EntitiesExtracted, EntityMention


def _sample(n: int, words: str) -> EntitiesExtracted:
    article = Article(
        id=f"a_{n:016x}", title=f"Report {n}", text=f"Officials said {words} on Tuesday in Ankara.",
        source="example.com", published_at=datetime(2024, 1, 1, tzinfo=UTC),
        published_at_source="metadata", ingested_at=datetime(2024, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    mention = EntityMention(text="Ankara", label="GPE", type="place", start=38, end=44)
    return EntitiesExtracted(article=article, mentions=(mention,))


async def _frequencies(store: EventStore, redis) -> tuple[Counter, Counter, int]:
    held = {k.decode(): int(v) for k, v in (await redis.hgetall(store._key("df"))).items()}
    words = Counter({t: c for t, c in held.items() if t.startswith("word")})
    return (
        Counter({t: c for t, c in held.items() if not t.startswith("word")}),
        words,
        int(await redis.get(store._key("docs"))),
    )


async def test_counted_fillers_leave_the_frequencies_written_ones_do(redis, monkeypatch):
    samples = [_sample(1, "the bridge collapsed after heavy rain"), _sample(2, "talks on gas prices resumed")]
    fillers = 3_000
    written = EventStore(redis, generation=1)
    monkeypatch.setattr(bench_scale, "PER_DAY", 1e9)  # every filler within retention: all written
    await bench_scale._fill(written, samples, 0, fillers, random.Random(1))
    counted = EventStore(redis, generation=2)
    monkeypatch.setattr(bench_scale, "PER_DAY", 10.0)  # all but the last month only counted
    await bench_scale._fill(counted, samples, 0, fillers, random.Random(1))

    full, full_words, full_docs = await _frequencies(written, redis)
    quick, quick_words, quick_docs = await _frequencies(counted, redis)
    assert quick_docs == full_docs == fillers
    # Topics are drawn at random on both paths, so per-topic terms differ by chance; each base
    # term and the totals do not.
    assert sum(quick.values()) == sum(full.values())
    base_terms = [t for t in full if not re.fullmatch(r".+t\d+", t)]
    assert base_terms
    assert {t: quick[t] for t in base_terms} == {t: full[t] for t in base_terms}
    assert abs(sum(quick_words.values()) - sum(full_words.values())) <= fillers // 100
    assert await counted.events_held() < await written.events_held() == fillers
