"""Messages no consumer can read, and a write that keeps failing, on the whole running system:
each is dead-lettered after its tries with the error and the original, the rest of the stream
flows on, `eventwire status` shows it, and `eventwire dlq replay` re-drives it once fixed."""

import asyncio
import json
import sqlite3

import httpx
from faststream.redis import RedisBroker
from redis import Redis

from services.cli.main import main
from shared.envelope import wrap
from shared.messages import Article, ArticleIngested
from shared.streams import ASSEMBLED, INGESTED
from tests.e2e.conftest import wait_for
from tests.e2e.corpus import post, sample_records, settled_events

MAX_DELIVERIES = 5  # the default


def an_ingested_article() -> dict:
    article = Article(
        id="a_poison", title="T", text="Body", published_at="2024-01-01T00:00:00Z",
        published_at_source="metadata", ingested_at="2024-01-01T00:00:00Z",
    )  # fmt: skip
    return json.loads(wrap(ArticleIngested(article=article), "corr-poison").model_dump_json())


async def publish(redis_url: str, stream: str, bodies: list) -> None:
    broker = RedisBroker(redis_url)
    await broker.connect()
    for body in bodies:
        await broker.publish(body, stream=stream)
    await broker.stop()


def letters_of(http: httpx.Client, stream: str) -> list[dict]:
    return [
        http.get(f"/v1/dead-letters/{letter['id']}").json()
        for letter in http.get("/v1/dead-letters", params={"limit": 100}).json()
        if letter["stream"] == stream
    ]


def status_of(capsys, url: str, stream: str, group: str) -> dict:
    main(["status", "--json", "--url", url])
    groups = json.loads(capsys.readouterr().out)["groups"]
    return next(g for g in groups if g["stream"] == stream and g["group"] == group)


def test_unreadable_messages_are_dead_lettered_and_the_rest_flows_on(system, capsys):
    valid = an_ingested_article()
    future = {**valid, "type": "eventwire.article.ingested.v9", "schema_version": 9}
    other_kind = {**valid, "type": "eventwire.article.shredded.v1"}
    unreadable = [b"{this is not JSON", future, other_kind]
    redis_url = system.state()["redis_url"]
    asyncio.run(publish(redis_url, INGESTED, unreadable))
    with Redis.from_url(redis_url) as redis:
        redis.xadd(INGESTED, {"written": "by a foreign producer"})  # not FastStream's format at all
    with httpx.Client(base_url=system.url, timeout=30) as http:
        ids = {post(http, record)["id"] for record in sample_records()[:3]}
        assert wait_for(lambda: settled_events(http, ids), 120, "the good articles in events")
        letters = wait_for(
            lambda: (found := letters_of(http, INGESTED)) and len(found) == 4 and found, 120, "four letters"
        )
    assert all(letter["group"] == "extract" and letter["deliveries"] == MAX_DELIVERIES for letter in letters)
    assert all(letter["error"] for letter in letters)
    bodies = [letter["body"] for letter in letters]
    assert "{this is not JSON" in bodies
    assert any("unknown here" in letter["error"] for letter in letters)
    readable = [json.loads(b) for b in bodies if b != "{this is not JSON"]
    assert {r.get("type") for r in readable} == {
        "eventwire.article.ingested.v9", "eventwire.article.shredded.v1", None,
    }  # fmt: skip
    assert {"written": "by a foreign producer"} in readable  # its fields, as it wrote them
    extract = status_of(capsys, system.url, INGESTED, "extract")
    assert extract["dead_letters"] >= 4 and extract["last_error"] and extract["pending"] == 0


def test_a_write_that_keeps_failing_is_dead_lettered_then_replayed_once_fixed(system, capsys):
    # The fault: another process holds the read model's write lock, so every write the query
    # service tries for this article times out. The fix: it lets go.
    holder = sqlite3.connect(system.data_dir / "eventwire.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with httpx.Client(base_url=system.url, timeout=30) as http:
        try:
            (article_id,) = {post(http, sample_records()[5])["id"]}
            (letter,) = wait_for(lambda: letters_of(http, ASSEMBLED), 180, "the failing write dead-lettered")
        finally:
            holder.rollback()
            holder.close()
        assert letter["group"] == "query" and "locked" in letter["error"]
        assert status_of(capsys, system.url, ASSEMBLED, "query")["dead_letters"] == 1
        assert http.get(f"/v1/articles/{article_id}").status_code == 404  # nothing half-written

        assert main(["dlq", "--url", system.url, "replay", letter["id"]]) == 0
        events = wait_for(lambda: settled_events(http, {article_id}), 60, "the replayed article in an event")
        assert letters_of(http, ASSEMBLED) == []
    (event,) = events.values()
    assert event["article_ids"].count(article_id) == 1
