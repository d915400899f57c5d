"""The whole system with its read model on PostgreSQL (EVENTWIRE_DATABASE_URL, the one setting
that moves it), migrated at start: the sample corpus becomes its ten events, and the filter
language, full-text search included, answers as on SQLite."""

import asyncio

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from services.cli.local_system import local_system
from services.cli.postgres_server import empty_database
from tests.e2e.conftest import START_DEADLINE_S, wait_for
from tests.e2e.corpus import post, sample_records, settled_events


@pytest.fixture(scope="module")
def pg_system(tmp_path_factory, postgres_url):
    asyncio.run(empty_database(postgres_url))
    env = {"EVENTWIRE_DATABASE_URL": postgres_url, "EVENTWIRE_POLL_INTERVAL_MS": "100"}
    with local_system(tmp_path_factory.mktemp("eventwire-pg"), env, START_DEADLINE_S) as running:
        yield running


def test_the_sample_corpus_on_postgresql(pg_system, postgres_url):
    records = sample_records()
    with httpx.Client(base_url=pg_system.url, timeout=30) as http:
        cluster_of = {post(http, r)["id"]: r["cluster"] for r in records}
        events = wait_for(lambda: settled_events(http, set(cluster_of)), 180, "the corpus to settle")
        by_cluster = {cluster_of[e["article_ids"][0]]: e["id"] for e in events.values()}
        assert len(events) == 10 and len(by_cluster) == 10
        quakes = http.get("/v1/events", params={"q": "earthquake OR quakes"}).json()
        assert {e["id"] for e in quakes["data"]} == {
            by_cluster[c] for c in ("turkey-syria-quake-2023", "morocco-quake-2023", "herat-quake-2023")
        }
        tehran = http.get(
            "/v1/events", params={"near": "35.69,51.39", "radius_km": 30, "entity": "Putin"}
        ).json()
        assert {e["id"] for e in tehran["data"]} == {
            by_cluster["putin-tehran-2017"],
            by_cluster["putin-tehran-2022"],
        }
        ranked = http.get("/v1/events", params={"q": "moon landing", "sort": "relevance"}).json()
        assert ranked["data"][0]["id"] == by_cluster["chandrayaan-landing-2023"]

    async def revision() -> str:
        engine = create_async_engine(postgres_url)
        async with engine.connect() as conn:
            found = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
        await engine.dispose()
        return found

    assert asyncio.run(revision()) == "0005"  # migrated at start, to the newest revision
