"""The bench's read model grown by copying: copies are rows the read model serves like any other,
under ids of the shapes the API hands out."""

import asyncio
import re
from datetime import UTC, datetime

import pytest

from services.cli.postgres_server import empty_database
from services.cli.read_scale import PostgresStore, SqliteStore, write_base
from services.query.event_search import EventSearch
from services.query.search_keys import search_key
from services.query.store import ReadModel
from shared.event_filter import EventFilter
from shared.messages import Article, EntitiesExtracted, EntityMention


def _sample(n: int) -> EntitiesExtracted:
    text = f"Vladimir Putin met Masoud Pezeshkian in Moscow on Tuesday, report {n}, about gas and trade."
    article = Article(
        id=f"a_{n:016x}", title=f"Putin and Pezeshkian meet {n}", text=text, source="example.com",
        published_at=datetime(2024, 1, 1, tzinfo=UTC), published_at_source="metadata",
        ingested_at=datetime(2024, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    mentions = (
        EntityMention(text="Vladimir Putin", label="PERSON", type="person", start=0, end=14),
        EntityMention(text="Moscow", label="GPE", type="place", start=42, end=48),
    )
    return EntitiesExtracted(article=article, mentions=mentions)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_copies_are_served_like_the_rows_they_copy(tmp_path, request, kind):
    if kind == "sqlite":
        store = SqliteStore(tmp_path / "read.db")
    else:
        url = request.getfixturevalue("postgres_url")
        await empty_database(url)
        store = PostgresStore(url)
    articles = await write_base(store.url, [_sample(1), _sample(2)], events=12)
    # The stores' own calls run their event loops: off this one.
    await asyncio.to_thread(store.keep_base)
    await asyncio.to_thread(store.grow, range(1, 3))

    model = ReadModel.from_url(store.url)
    try:
        page = await model.database.read(lambda conn: conn.exec_driver_sql("SELECT id FROM events").all())
        ids = [row[0] for row in page]
        assert len(ids) == 3 * 12
        assert all(re.fullmatch(r"e_[0-9a-f]{16}", i) for i in ids)
        copied = next(i for i in ids if i.endswith("00002"))
        event = await model.event(copied)
        assert event is not None and event.id == copied
        assert await asyncio.to_thread(store.articles) == 3 * articles
        search = EventSearch(model.database, model.full_text, total_limit=2)
        found = await search.page(EventFilter(q="pezeshkian"), "date", None, 100)
        assert copied in [e.id for e in found.data] and found.count == len(ids)
        if kind == "sqlite":
            # Each copy's full-text row is numbered from its own id (search_keys.py).
            keyed = await model.database.read(
                lambda conn: conn.exec_driver_sql("SELECT rowid, event_id FROM events_search").all()
            )
            assert sorted(e for _, e in keyed) == sorted(ids)
            assert all(rowid == search_key(e) for rowid, e in keyed)
            keys = await model.database.read(
                lambda conn: conn.exec_driver_sql("SELECT id, search_key FROM events").all()
            )
            assert all(key == search_key(i) for i, key in keys)
    finally:
        await model.close()
