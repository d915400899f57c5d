"""`eventwire eval clustering`: scores the running pipeline's events against gold clusters.

The dataset is JSON Lines, {id, title, text, published (ISO or null), source, cluster}. Articles are
posted through the public API in order of `published` (undated ones keep their file position after
the dated ones), as a live feed would bring them; the command then waits until every article sits
in an event and compares the events with the gold clusters. Nothing is called on the side: the
score is that of what the API serves.
"""

import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from rich.progress import Progress

from services.cli.cluster_scores import bcubed, pairwise
from services.cli.gold_sets import BadDataset, gold_records
from services.cli.local_system import local_system
from services.cli.post_articles import post_one

SETTLE_S = 1.0


@dataclass(frozen=True)
class GoldArticle:
    id: str
    title: str
    text: str
    published: datetime | None
    source: str | None
    cluster: str


def _gold_article(record: dict) -> GoldArticle:
    published = record.get("published")
    return GoldArticle(
        id=str(record["id"]),
        title=str(record.get("title") or ""),
        text=str(record["text"]),
        published=datetime.fromisoformat(published) if published else None,
        source=record.get("source"),
        cluster=str(record["cluster"]),
    )


def read_dataset(path: Path) -> list[GoldArticle]:
    articles = list(gold_records(path, "{id, title, text, published, source, cluster}", _gold_article))
    if not articles:
        raise BadDataset(f"{path}: no articles")
    return articles


def arrival_order(articles: list[GoldArticle]) -> list[GoldArticle]:
    """By publication time; articles without one after the dated, in file order (the sort is stable)."""

    def key(article: GoldArticle) -> tuple[bool, float]:
        return (article.published is None, article.published.timestamp() if article.published else 0.0)

    return sorted(articles, key=key)


def _body(article: GoldArticle) -> dict:
    body = {"text": article.text, "title": article.title}
    if article.source:
        body["source"] = article.source
    if article.published:
        body["published_at"] = article.published.isoformat()
    return body


def post_all(http: httpx.Client, url: str, articles: list[GoldArticle], quiet: bool) -> dict[str, str]:
    """Posts every article; returns the gold id -> the article id the API answered with (the same
    text again from the same outlet answers with the earlier id, so it counts as placed with it)."""
    placed: dict[str, str] = {}
    with Progress(disable=quiet, transient=True) as progress:
        task = progress.add_task("posting", total=len(articles))
        for article in articles:
            response = post_one(http, url, _body(article))
            if response.status_code != 202:
                raise BadDataset(
                    f"article {article.id} was refused: HTTP {response.status_code} {response.text}"
                )
            placed[article.id] = response.json()["id"]
            progress.advance(task)
    return placed


def _placements(http: httpx.Client, url: str, article_ids: list[str]) -> dict[str, str]:
    found = {}
    for article_id in article_ids:
        response = http.get(f"{url}/v1/articles/{article_id}")
        if response.status_code == 200 and (event_id := response.json().get("event_id")):
            found[article_id] = event_id
    return found


def events_of(http: httpx.Client, url: str, article_ids: set[str], deadline_s: float) -> dict[str, str]:
    """Article id -> event id, once every article has one and a second look finds the same: the
    last articles can still merge events that earlier articles were read in."""
    ordered = sorted(article_ids)
    end = time.monotonic() + deadline_s
    previous: dict[str, str] = {}
    while True:
        found = _placements(http, url, ordered)
        if len(found) == len(ordered) and found == previous:
            return found
        if time.monotonic() > end:
            missing = len(ordered) - len(found)
            raise TimeoutError(f"{missing} articles had no settled event after {deadline_s:.0f}s")
        previous = found
        time.sleep(SETTLE_S)


def evaluate_clustering(url: str, path: Path, quiet: bool = False, deadline_s: float = 600.0) -> dict:
    articles = arrival_order(read_dataset(path))
    started = time.monotonic()
    with httpx.Client(timeout=30) as http:
        posted = post_all(http, url, articles, quiet)
        events = events_of(http, url, set(posted.values()), deadline_s)
    seconds = time.monotonic() - started
    predicted = {a.id: events[posted[a.id]] for a in articles}
    gold = {a.id: a.cluster for a in articles}
    return {
        "articles": len(articles),
        "gold_clusters": len(set(gold.values())),
        "events": len(set(predicted.values())),
        "bcubed": bcubed(predicted, gold),
        "pairwise": pairwise(predicted, gold),
        "seconds": round(seconds, 1),
    }


def evaluate_clustering_on(url: str | None, path: Path) -> dict:
    """On the system at `url`, or on a fresh one started for the run (so every event in it comes
    from the dataset)."""
    read_dataset(path)  # a malformed dataset fails before anything starts
    if url:
        return evaluate_clustering(url.rstrip("/"), path)
    with (
        tempfile.TemporaryDirectory(prefix="eventwire-eval-") as scratch,
        local_system(Path(scratch)) as system,
    ):
        return evaluate_clustering(system.url, path)
