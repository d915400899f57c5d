"""How reads hold up as the read model grows: `GET /v1/events` through a running system whose
read model holds 10k, 100k and 1M articles, and each service's peak memory at each size. The
read model is a SQLite file by default, or a PostgreSQL server of the bench's own
(`--read-model postgresql`; read_scale_postgres.py makes the same copies there).

Writing a million articles through the query service would take hours (6-10 ms each, most of it
the full-text index), so the store is grown the way a long feed grows it but by copying: a base
of events is made by dedup's own model (the sample reports, each alone, varied into events of one
to three articles, dated over three years; names kept, so "Putin" is as common as in the sample)
and written through the read model's own `record_all`; then every table's base rows are copied
in SQL with fresh ids until the store holds the size asked.
Copies keep their days and entities, so a popular name or day grows with the store as it does in
a real feed. Each size is then served by a freshly started system (`eventwire up` on that data
directory) and asked the bench's query mix by a few clients at once: the figure is the cost of
a query on a store that size, not of queueing behind fifty others.
"""

import asyncio
import json
import random
import sqlite3
import statistics
import sys
from collections.abc import Iterator
from contextlib import ExitStack, closing
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from services.cli.bench import peak_rss_mb
from services.cli.bench_queries import query_latencies
from services.cli.bench_scale import SPAN_DAYS, START, TOPICS, varied
from services.cli.local_system import local_system
from services.cli.read_scale_postgres import (
    database_mb,
    grow_postgres,
    held_articles,
    postgres_for_scale,
    save_base,
)
from services.dedup.events.features import features_of
from services.dedup.events.model import join_event, snapshot, start_event
from services.dedup.events.similarity import tfidf
from services.query import search_keys
from services.query.store import Change, ReadModel
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted

SIZES = (10_000, 100_000, 1_000_000)
BASE_EVENTS = 1_000
CLIENTS = 4
REQUESTS = 400

# Each table and how a copy's row is made from the base row: the id columns get the copy's ids,
# the bodies that spell an id are rewritten to name the new one. Copy k replaces the last five hex
# digits of each id with k's (up to 16**5 copies; a clash with a base id is skipped).
_ID = "substr({c}, 1, length({c}) - 5) || printf('%05x', :k)"
_COPIES = {
    "articles": {"id": _ID, "body": "replace(body, id, " + _ID.format(c="id") + ")"},
    "events": {
        "id": _ID,
        "body": "replace(body, id, " + _ID.format(c="id") + ")",
        "search_key": "search_key(" + _ID.format(c="id") + ")",
    },
    "event_sources": {"event_id": _ID},
    "event_articles": {"article_id": _ID, "event_id": _ID, "duplicate_of": _ID},
    "entity_events": {"event_id": _ID},
    "entity_aliases": {"article_id": _ID},
    "event_entities": {"event_id": _ID},
    "events_search": {"event_id": _ID, "rowid": "search_key(" + _ID.format(c="event_id") + ")"},
}


def _base_changes(samples: list[EntitiesExtracted], events: int, rng: random.Random) -> Iterator[Change]:
    """Events of one to three varied sample reports each, one a day or so over three years, each
    article's change carrying its event's revision as dedup's model makes it."""
    gazetteer = Gazetteer()
    for n in range(events):
        day = START + timedelta(days=SPAN_DAYS * n / events)
        state, topic = None, rng.randrange(TOPICS)
        for member in range(rng.choice((1, 1, 2, 3))):
            message = varied(
                samples[n % len(samples)],
                f"a_{rng.getrandbits(64):016x}",
                rng,
                day,
                topic,
                names_in_topic=False,
            )
            vector = tfidf(features_of(message, gazetteer).term_counts, {}, 1)
            seen_at = day + timedelta(hours=member)
            if state is None:
                state = start_event(message.article, message.mentions, vector, seen_at)
            else:
                state = join_event(state, message.article, message.mentions, vector, seen_at)
            yield Change(snapshot(state, gazetteer), message.article, message.mentions)


async def write_base(url: str, samples: list[EntitiesExtracted], events: int = BASE_EVENTS) -> int:
    """Writes the base events through the read model; returns how many articles they hold."""
    model = ReadModel.from_url(url)
    await model.create_schema()
    changes = list(_base_changes(samples, events, random.Random(7)))
    try:
        for start in range(0, len(changes), 200):
            await model.record_all(changes[start : start + 200])
    finally:
        await model.close()
    return len({c.article.id for c in changes})


# Which rows of a table are the base: the first ones written, except the full-text index's,
# numbered from their event ids, whose base rows are those of the base events. FTS5 ignores
# OR IGNORE, so a copy whose row is held already (its id clashed) is passed over here.
_SEARCH_KEY = "search_key(" + _ID.format(c="events_search.event_id") + ")"
_BASE = {
    "events_search": "event_id IN (SELECT id FROM events WHERE rowid <= :events)"
    f" AND NOT EXISTS (SELECT 1 FROM events_search AS held WHERE held.rowid = {_SEARCH_KEY})"
}


def table_rows(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        return {
            t: db.execute(f"SELECT max(rowid) FROM {t}").fetchone()[0] or 0 for t in _COPIES if t not in _BASE
        }


def grow(path: Path, copies: range, base_rows: dict[str, int]) -> None:
    """Adds copies `copies` of the base rows (the first `base_rows` of each table)."""
    with closing(sqlite3.connect(path)) as db:
        search_keys.register(db)
        # A scratch database filled in one go: no journal, no syncing, a large page cache; the
        # read model's own WAL mode is restored for the system that then serves it.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000"):
            db.execute(f"PRAGMA {pragma}")
        for table, made in _COPIES.items():
            # The full-text rows' numbers follow their event ids (search_keys.py): rowid is copied too.
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            columns += [c for c in made if c not in columns]
            expressions = ", ".join(made.get(c, c).format(c=c) for c in columns)
            base = _BASE.get(table, f"rowid <= :{table}")
            for k in copies:
                db.execute(
                    f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
                    f" SELECT {expressions} FROM {table} WHERE {base}",
                    {"k": k, **base_rows},
                )
        db.commit()
        db.execute("PRAGMA journal_mode=WAL")


def _latencies(url: str) -> dict:
    latencies, _ = asyncio.run(query_latencies(url, REQUESTS, CLIENTS))
    quantiles = statistics.quantiles(latencies, n=100)
    return {"p50_ms": round(quantiles[49], 1), "p99_ms": round(quantiles[98], 1)}


def read_cost_by_size(scratch: Path, samples: list[EntitiesExtracted], read_model: str = "sqlite") -> dict:
    """The read costs at each size of SIZES, with the read model on SQLite (a file under
    `scratch`, as `eventwire up` keeps it) or on a PostgreSQL server of the bench's own."""
    data_dir = scratch / "data"
    data_dir.mkdir(parents=True)
    with ExitStack() as stack:
        if read_model == "postgresql":
            store: Store = PostgresStore(stack.enter_context(postgres_for_scale()))
        else:
            store = SqliteStore(data_dir / "eventwire.db")
        base_articles = asyncio.run(write_base(store.url, samples))
        store.keep_base()
        results, copies = {}, 1
        for size in SIZES:
            wanted = -(-size // base_articles)
            store.grow(range(copies, wanted))
            copies = wanted
            with local_system(data_dir, {"EVENTWIRE_DATABASE_URL": store.url}) as system:
                results[str(size)] = {
                    "articles": store.articles(),
                    **_latencies(system.url),
                    "peak_rss_mb": peak_rss_mb(system.service_pids()),
                    "database_mb": store.size_mb(),
                }
            print(json.dumps({"reads": {str(size): results[str(size)]}}), file=sys.stderr, flush=True)
        return results


class Store(Protocol):
    url: str

    def keep_base(self) -> None: ...

    def grow(self, copies: range) -> None: ...

    def articles(self) -> int: ...

    def size_mb(self) -> int: ...


class SqliteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self._base: dict[str, int] = {}

    def keep_base(self) -> None:
        self._base = table_rows(self.path)

    def grow(self, copies: range) -> None:
        grow(self.path, copies, self._base)

    def articles(self) -> int:
        with closing(sqlite3.connect(self.path)) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def size_mb(self) -> int:
        return round(self.path.stat().st_size / 2**20)


class PostgresStore:
    def __init__(self, url: str) -> None:
        self.url = url

    def keep_base(self) -> None:
        save_base(self.url)

    def grow(self, copies: range) -> None:
        grow_postgres(self.url, copies)

    def articles(self) -> int:
        return held_articles(self.url)

    def size_mb(self) -> int:
        return database_mb(self.url)
