"""Bad input to the public API gets a 4xx that says what is wrong, before anything is written."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from shared.api_models import ArticleAccepted


class RecordingIngest:
    def __init__(self) -> None:
        self.submitted = []

    async def submit(self, submission):
        self.submitted.append(submission)
        return ArticleAccepted(id="a_1", ids=["a_1"])


@pytest.fixture
def client_and_ingest():
    # No lifespan: nothing connects to Redis; the ingest client is a recorder.
    app = create_app(GatewaySettings(max_body_bytes=10_000, auth="off", rate_limit_per_min=0))
    app.state.ingest = RecordingIngest()
    # Reads are refused before they reach these; any use of them would fail the test.
    app.state.query = app.state.feed = app.state.ingest_api = None
    return TestClient(app), app.state.ingest


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": 5}, "text"),
        ({"text": "ok", "published_at": "yesterday-ish"}, "published_at"),
        ({"text": "ok", "published_at": "2999-01-01T00:00:00Z"}, "published_at"),
        ({"text": "ok", "published_at": "2999-01-01T00:00:00"}, "published_at"),
        ({"text": "ok", "url": "ftp://example.com/x"}, "url"),
        ({"text": "ok", "url": "not a url"}, "url"),
    ],
)
def test_bad_fields_get_422_naming_the_field(client_and_ingest, body, field):
    client, ingest = client_and_ingest
    response = client.post("/v1/articles", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert (
        problem["status"] == 422
        and problem["title"] == "Unprocessable Entity"
        and problem["type"] == "about:blank"
    )
    assert any(field in err["loc"] or f"`{field}`" in err["msg"] for err in problem["errors"])
    assert field in problem["detail"] and "input" not in problem["errors"][0]
    assert ingest.submitted == []


def test_a_date_within_a_day_ahead_is_taken(client_and_ingest):
    # Clocks and zones disagree by hours: tomorrow morning somewhere is not an error.
    client, ingest = client_and_ingest
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    response = client.post("/v1/articles", json={"text": "ok", "published_at": soon})
    assert response.status_code == 202 and len(ingest.submitted) == 1


def test_malformed_json_gets_422(client_and_ingest):
    client, ingest = client_and_ingest
    response = client.post("/v1/articles", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and ingest.submitted == []


def test_oversized_body_gets_413(client_and_ingest):
    client, ingest = client_and_ingest
    response = client.post("/v1/articles", json={"text": "x" * 20_000})
    assert response.status_code == 413
    assert "larger than 10000 bytes" in response.json()["detail"]
    assert ingest.submitted == []


def test_valid_article_is_accepted_with_202(client_and_ingest):
    client, ingest = client_and_ingest
    response = client.post("/v1/articles", json={"text": "Quake hits Herat.", "extra_field": "ignored"})
    assert response.status_code == 202 and response.json() == {
        "id": "a_1",
        "ids": ["a_1"],
        "duplicate": False,
    }
    assert ingest.submitted[0].text == "Quake hits Herat."


def test_bad_query_parameters_get_4xx(client_and_ingest):
    client, _ = client_and_ingest
    assert client.get("/v1/events", params={"from": "2024-13-01"}).status_code == 422
    assert client.get("/v1/events", params={"limit": 0}).status_code == 422
    assert client.get("/v1/events", params={"from": "2024-02-01", "to": "2024-01-01"}).status_code == 422
    stream = client.get("/v1/events/stream", headers={"Last-Event-ID": "drop table"})
    assert stream.status_code == 400
    assert client.get("/v1/stories", params={"limit": 201}).status_code == 422
    assert client.get("/v1/stories", params={"from": "2024-02-01", "to": "2024-01-01"}).status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "kind"),
    [
        ("GET", "/v1/stories/{}", "story"),
        ("GET", "/v1/events/{}", "event"),
        ("GET", "/v1/events/{}/entities/ent_0123456789ab", "event"),
        ("GET", "/v1/events/e_0123456789abcdef/entities/{}", "entity"),
        ("GET", "/v1/articles/{}", "article"),
        ("GET", "/v1/entities/{}", "entity"),
        ("GET", "/v1/feeds/{}", "feed"),
        ("DELETE", "/v1/feeds/{}", "feed"),
    ],
)
def test_an_id_of_the_wrong_shape_names_nothing_and_never_reaches_an_internal_service(
    client_and_ingest, method, path, kind
):
    client, _ = client_and_ingest  # the internal clients are None here: relaying would fail the test
    for bad in ("nope", "s_0123456789abcdeg", "a_0123456789abcdef0", "e_0123456789ABCDEF"):
        response = client.request(method, path.format(bad))
        assert response.status_code == 404, (path, bad, response.text)
        assert f"no {kind}" in response.json()["detail"]
    with_nul = client.request(method, path.format("x%00"))  # refused before any route looks at it
    assert with_nul.status_code == 400 and "NUL" in with_nul.json()["detail"]
    assert client.get("/v1/events/..%2F..%2Fentities").status_code == 404  # no route at all


def test_an_unknown_query_parameter_is_a_400_that_names_it(client_and_ingest):
    client, _ = client_and_ingest
    for path in ("/v1/events", "/v1/stories", "/v1/entities", "/v1/events/e_0123456789abcdef"):
        response = client.get(path, params={"entiy": "Putin", "limit": 5})
        assert response.status_code == 400 and "'entiy'" in response.json()["detail"], path


def test_invalid_utf8_gets_a_4xx_not_a_500(client_and_ingest):
    client, ingest = client_and_ingest
    response = client.post(
        "/v1/articles", content=b'{"text": "caf\xe9 \xff"}', headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert ingest.submitted == []


def test_html_without_text_is_accepted_for_ingest_to_read(client_and_ingest):
    client, ingest = client_and_ingest
    response = client.post(
        "/v1/articles", json={"url": "https://example.com/a", "html": "<html><body>x</body></html>"}
    )
    assert response.status_code == 202 and ingest.submitted[0].html.startswith("<html>")


def test_with_the_query_service_unreachable_readiness_and_reads_answer_503_with_retry_after():
    from services.cli.ports import free_port
    from services.gateway.clients import ServiceClient

    nowhere = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    app = create_app(
        GatewaySettings(
            redis_url=f"redis://127.0.0.1:{free_port()}/0",
            query_url=nowhere,
            auth="off",
            rate_limit_per_min=0,
        )
    )
    app.state.query = ServiceClient(nowhere)  # no lifespan here: the reads' client is set by hand
    client = TestClient(app)
    assert client.get("/healthz").status_code in (200, 503)  # liveness, whatever the rest does
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.headers["retry-after"] == "2"
    read = client.get("/v1/events")
    assert read.status_code == 503 and read.headers["retry-after"] == "2"


def test_every_error_is_a_problem_document(client_and_ingest):
    client, _ = client_and_ingest
    for response, status in [
        (client.get("/v1/events/e_nothing"), 404),
        (client.get("/v1/events/e_nothing%00"), 400),
        (client.get("/v1/events", params={"entiy": "x"}), 400),
        (client.get("/v1/events", params={"near": "95,0"}), 422),
        (
            client.post("/v1/articles", content=b"x" * 20_000, headers={"content-type": "application/json"}),
            413,
        ),
        (client.get("/v1/nowhere"), 404),
    ]:
        problem = response.json()
        assert (
            response.status_code == status and response.headers["content-type"] == "application/problem+json"
        )
        assert (
            problem["status"] == status
            and problem["type"] == "about:blank"
            and problem["title"]
            and problem["detail"]
        )
    invalid = client.get("/v1/events", params={"near": "95,0"}).json()
    assert invalid["field"] == "near" and "off the globe" in invalid["detail"]


def test_the_api_description_declares_problems_and_its_pages_work_offline(client_and_ingest):
    client, _ = client_and_ingest
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    assert "application/problem+json" in response["content"], (path, status)
            if path.startswith("/v1"):
                assert {"400", "503"} <= set(operation["responses"]), path
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                assert "example" in content, (path, media)
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    if status[0] == "2" and path != "/metrics":
                        assert "example" in content, (path, status, media)
    for page, script in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        html = client.get(page).text
        assert (
            f'src="/docs-assets/{script}"' in html
            and "cdn" not in html
            and "https://" not in html.split("<body")[0]
        )
        assert client.get(f"/docs-assets/{script}").status_code == 200
