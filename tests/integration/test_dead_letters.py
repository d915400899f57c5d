"""Dead letters through the gateway's admin routes and `eventwire dlq`, on a real Redis: a letter
is listed, read with its message, re-driven to the stream it came from (and gone from the list),
or dropped."""

import json

import pytest
from faststream.redis import RedisBroker

from services.cli.main import main
from shared.envelope import wrap
from shared.messages import DeadLettered
from shared.streams import DEAD_LETTER, INGESTED, entry_body
from tests.integration.conftest import ADMIN_KEY, keyed_gateway


async def put_letter(redis_url: str, body: dict) -> None:
    broker = RedisBroker(redis_url)
    await broker.connect()
    letter = DeadLettered(
        stream=INGESTED,
        group="extract",
        entry_id="1-0",
        deliveries=5,
        error="ValueError: bad",
        body=json.dumps(body),
    )
    await broker.publish(wrap(letter, "corr-1"), stream=DEAD_LETTER)
    await broker.stop()


@pytest.fixture
def gateway(redis_url, redis):
    with keyed_gateway(redis_url) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_KEY}"
        yield client


async def test_a_dead_letter_is_listed_read_replayed_and_dropped(gateway, redis_url, redis):
    original = {"type": "eventwire.article.ingested.v1", "payload": {"x": 1}}
    await put_letter(redis_url, original)
    await put_letter(redis_url, {"type": "other"})
    listed = gateway.get("/v1/dead-letters").json()
    assert len(listed) == 2 and all(item["body"] is None and item["stream"] == INGESTED for item in listed)
    oldest = listed[-1]
    shown = gateway.get(f"/v1/dead-letters/{oldest['id']}").json()
    assert json.loads(shown["body"]) == original and shown["error"] == "ValueError: bad"
    assert shown["deliveries"] == 5 and shown["correlation_id"] == "corr-1"

    replayed = gateway.post(f"/v1/dead-letters/{oldest['id']}/replay")
    assert replayed.status_code == 200
    ((_entry_id, fields),) = await redis.xrange(INGESTED)
    assert json.loads(entry_body(fields)) == original  # back on its stream, as it was
    assert [item["id"] for item in gateway.get("/v1/dead-letters").json()] == [listed[0]["id"]]

    assert gateway.delete(f"/v1/dead-letters/{listed[0]['id']}").status_code == 204
    assert gateway.get("/v1/dead-letters").json() == []
    assert gateway.get(f"/v1/dead-letters/{listed[0]['id']}").status_code == 404
    assert gateway.get("/v1/dead-letters/..%2F1").status_code == 404


async def test_eventwire_dlq_drives_the_same_routes(gateway, redis_url, monkeypatch, capsys):

    await put_letter(redis_url, {"type": "t", "payload": {}})
    await put_letter(redis_url, {"type": "t", "payload": {}})
    # The CLI speaks HTTP to a gateway; here, to the test's gateway in this process.
    monkeypatch.setattr("services.cli.dlq.client", lambda url, key: gateway)
    assert main(["dlq", "list", "--json"]) == 0
    letters = json.loads(capsys.readouterr().out)
    assert len(letters) == 2
    assert main(["dlq", "show", letters[0]["id"]]) == 0
    assert json.loads(capsys.readouterr().out)["body"] is not None
    assert main(["dlq", "drop", letters[0]["id"]]) == 0
    assert main(["dlq", "replay", "--all"]) == 0
    assert "1 replayed" in capsys.readouterr().out
    assert main(["dlq", "show", letters[0]["id"]]) == 1  # gone
