"""The sample corpus as the end-to-end tests post it, and how they wait for its events."""

import json
import time

import httpx

from services.cli.files import sample_corpus_path

API_FIELDS = ("text", "title", "url", "source", "published_at")


def sample_records() -> list[dict]:
    lines = sample_corpus_path().read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def post(http: httpx.Client, record: dict, retry_for_s: float = 0.0) -> dict:
    """POST one record; with `retry_for_s`, repeat a 503 (ingest down: the submission is queued, and
    repeating it is safe) until the deadline."""
    end = time.monotonic() + retry_for_s
    while True:
        response = http.post("/v1/articles", json={k: record[k] for k in API_FIELDS if record.get(k)})
        if response.status_code != 503 or time.monotonic() > end:
            break
        time.sleep(0.5)
    assert response.status_code == 202, response.text
    return response.json()


def settled_events(http: httpx.Client, article_ids: set[str]) -> dict[str, dict] | None:
    """The events, once every article has one and every event has absorbed all its articles."""
    event_ids = set()
    for article_id in article_ids:
        article = http.get(f"/v1/articles/{article_id}").json()
        if article.get("event_id") is None:
            return None
        event_ids.add(article["event_id"])
    events = {event_id: http.get(f"/v1/events/{event_id}").json() for event_id in event_ids}
    placed = [a for e in events.values() for a in e["article_ids"]]
    return events if set(placed) == article_ids else None
