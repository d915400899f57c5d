"""The gateway refuses hostile input with a clear 4xx problem, never a 500: NUL characters in a
path, a query or a JSON body, JSON nested past reason, bodies that are not UTF-8, and bodies over
the size limit. Each is refused before anything is sent on, so nothing is half-written."""

import json

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from services.gateway.nul_guard import RefuseNul
from tests.integration.conftest import ADMIN_KEY, keyed_gateway


@pytest.fixture
def gateway(redis_url, redis):
    with keyed_gateway(redis_url, max_body_bytes=100_000) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_KEY}"
        yield client


def refused(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert words in response.json()["detail"]


def post_raw(client, body: bytes):
    return client.post("/v1/articles", content=body, headers={"Content-Type": "application/json"})


def test_nul_characters_are_refused_wherever_they_are(gateway):
    refused(post_raw(gateway, json.dumps({"text": "Storm\u0000 in Chile"}).encode()), 400, "NUL")
    refused(post_raw(gateway, b'{"text": "Storm\x00 in Chile"}'), 400, "NUL")
    refused(gateway.get("/v1/events", params={"q": "storm\x00"}), 400, "NUL")
    refused(gateway.get("/v1/events/e_%00abc"), 400, "NUL")
    key = gateway.post("/v1/keys", json={"name": "nul\u0000name", "scopes": ["read"]})
    refused(key, 400, "NUL")


def test_nesting_bad_encodings_and_size_are_refused(gateway):
    refused(post_raw(gateway, b"[" * 50_000 + b"]" * 50_000), 400, "")
    refused(post_raw(gateway, b'{"text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"), 400, "")
    invalid_utf8 = post_raw(gateway, b'{"text": "caf\xff\xfe in Chile"}')
    assert (
        invalid_utf8.status_code in (400, 422) and invalid_utf8.json()["status"] == invalid_utf8.status_code
    )
    refused(post_raw(gateway, b'{"text": "' + b"a" * 200_000 + b'"}'), 413, "larger than")


def test_an_escaped_backslash_before_u0000_is_not_a_nul():
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict:
        return await request.json()

    app.add_middleware(RefuseNul)
    with TestClient(app) as client:
        text = "a backslash, then u0000: \\u0000"
        answer = client.post(
            "/echo", content=json.dumps({"text": text}), headers={"Content-Type": "application/json"}
        )
        assert answer.status_code == 200 and answer.json() == {"text": text}
        three = b'{"text": "\\\\\\u0000"}'  # an escaped backslash, then a real \u0000
        assert client.post("/echo", content=three).status_code == 400
