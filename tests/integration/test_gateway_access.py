"""API keys, scopes, rate limits and CORS on the gateway, with a real Redis: every /v1 route is
walked with no key, a revoked key and a key of each scope. The internal services are not running,
so a request that passes the checks gets a 4xx for its input or a 503, never 401 or 403."""

import logging
import re

import pytest
from fastapi.testclient import TestClient

from services.cli.ports import free_port
from services.cli.redis_server import start_redis, wait_for_redis
from tests.integration.conftest import ADMIN_KEY, keyed_gateway

IDS = {
    "event_id": "e_0123456789abcdef", "article_id": "a_0123456789abcdef", "story_id": "s_0123456789abcdef",
    "entity_id": "ent_0123456789ab", "feed_id": "f_0123456789ab", "subscription_id": "sub_0123456789abcdef",
    "key_id": "key_0123456789ab", "letter_id": "1700000000000-0",
}  # fmt: skip
# The scope each route needs; a /v1 route missing here fails the walk.
NEEDS = {
    ("POST", "/v1/articles"): "ingest",
    ("POST", "/v1/feeds"): "ingest",
    ("DELETE", "/v1/feeds/{feed_id}"): "ingest",
    ("POST", "/v1/replay"): "admin",
    ("POST", "/v1/keys"): "admin",
    ("GET", "/v1/keys"): "admin",
    ("DELETE", "/v1/keys/{key_id}"): "admin",
    ("GET", "/v1/dead-letters"): "admin",
    ("GET", "/v1/status"): "admin",
    ("POST", "/v1/dead-letters/replay"): "admin",
    ("GET", "/v1/dead-letters/{letter_id}"): "admin",
    ("POST", "/v1/dead-letters/{letter_id}/replay"): "admin",
    ("DELETE", "/v1/dead-letters/{letter_id}"): "admin",
}


def public_routes(app) -> list[tuple[str, str]]:
    """Every /v1 operation the API describes."""
    return sorted(
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/v1")
        for method in operations
    )


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: IDS[m.group(1)], path)


@pytest.fixture
def gateway(redis_url, redis):
    with keyed_gateway(redis_url, ingest_timeout_s=0.5, cors_origins="https://app.example.com") as client:
        yield client


def key_with(client: TestClient, *scopes: str) -> str:
    made = client.post("/v1/keys", json={"name": "t", "scopes": list(scopes)}, headers=bearer(ADMIN_KEY))
    assert made.status_code == 201, made.text
    return made.json()["key"]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def call(client: TestClient, method: str, path: str, key: str | None):
    # Streams are asked for an entity so that they stop at the (absent) query service.
    params = {"entity": "x"} if path.endswith("/stream") else None
    return client.request(method, concrete(path), headers=bearer(key) if key else {}, params=params)


def test_every_route_needs_a_key_with_its_scope(gateway):
    keys = {scope: key_with(gateway, scope) for scope in ("read", "ingest")}
    revoked = key_with(gateway, "read", "ingest", "admin")
    listed = gateway.get("/v1/keys", headers=bearer(ADMIN_KEY)).json()
    revoked_id = next(k["id"] for k in listed if k["scopes"] == ["read", "ingest", "admin"])
    assert all("key" not in k for k in listed)  # never shown again
    assert gateway.delete(f"/v1/keys/{revoked_id}", headers=bearer(ADMIN_KEY)).status_code == 204

    routes = public_routes(gateway.app)
    assert len(routes) >= 25
    for method, path in routes:
        needed = NEEDS.get((method, path), "read")
        for key in (None, revoked, "ew_not-a-key"):
            answer = call(gateway, method, path, key)
            assert answer.status_code == 401 and "www-authenticate" in answer.headers, (method, path, key)
        for scope, key in keys.items():
            answer = call(gateway, method, path, key)
            if scope == needed:
                assert answer.status_code not in (401, 403), (method, path, scope, answer.text)
            else:
                assert answer.status_code == 403 and needed in answer.text, (method, path, scope)
        assert call(gateway, method, path, ADMIN_KEY).status_code not in (401, 403), (method, path)


def test_keys_are_made_listed_and_revoked_by_admin_only(gateway, caplog):
    caplog.set_level(logging.DEBUG)
    made = gateway.post("/v1/keys", json={"name": "ci", "scopes": ["read"]}, headers=bearer(ADMIN_KEY)).json()
    assert made["key"].startswith("ew_") and made["scopes"] == ["read"] and made["id"].startswith("key_")
    assert gateway.get("/v1/events", headers=bearer(made["key"])).status_code != 401
    listed = gateway.get("/v1/keys", headers=bearer(ADMIN_KEY))
    assert made["id"] in listed.text and made["key"] not in listed.text  # shown once, at creation
    assert made["key"] not in caplog.text and ADMIN_KEY not in caplog.text
    assert gateway.get("/v1/keys", headers=bearer(made["key"])).status_code == 403
    bad = gateway.post("/v1/keys", json={"name": "x", "scopes": ["write"]}, headers=bearer(ADMIN_KEY))
    assert bad.status_code == 422
    assert gateway.delete("/v1/keys/key_000000000000", headers=bearer(ADMIN_KEY)).status_code == 404
    assert gateway.get("/healthz").status_code in (200, 503)  # operations stay open


def test_cors_answers_the_configured_origin_only(gateway):
    preflight = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "authorization"}  # fmt: skip
    allowed = gateway.options("/v1/events", headers=preflight)
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    other = gateway.options("/v1/events", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_a_spent_rate_limit_is_429_with_retry_after_per_key(redis_url, redis):
    with keyed_gateway(redis_url, rate_limit_per_min=3) as client:
        answers = [client.get("/v1/keys", headers=bearer(ADMIN_KEY)) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["ratelimit-remaining"] for a in answers[:3]] == ["2", "1", "0"]
        spent = answers[3]
        assert spent.headers["ratelimit-limit"] == "3" and int(spent.headers["retry-after"]) >= 1
        assert "rate limit" in spent.text


def test_with_redis_gone_every_route_answers_503_with_retry_after_never_500(tmp_path):
    # A Redis of this test's own, killed once the gateway is up: keys, limits and streams are there.
    port = free_port()
    server = start_redis(port, tmp_path, tmp_path / "redis.log", persist=False)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_for_redis(url)
        with keyed_gateway(url) as client:
            key = key_with(client, "read", "ingest")
            server.kill()
            server.wait(timeout=10)
            answers = [
                client.get("/v1/events", headers=bearer(key)),
                client.post("/v1/articles", json={"text": "A storm in Chile."}, headers=bearer(key)),
                client.get("/v1/keys", headers=bearer(ADMIN_KEY)),
            ]
            for answer in answers:
                assert answer.status_code == 503 and answer.headers["Retry-After"], answer.text
                assert answer.headers["content-type"].startswith("application/problem+json")
    finally:
        if server.poll() is None:
            server.kill()
