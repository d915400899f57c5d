"""`eventwire eval clustering`: scores the running pipeline's events against gold clusters.

The dataset is JSON Lines, {id, title, text, published (ISO or null), source, cluster, story?}
(`published_at` is read as `published`). Articles are posted through the public API in order of
`published` (undated ones keep their file position after the dated ones), as a live feed would bring
them; the command then waits until every article sits in an event and compares, at both levels, the
events with the gold `cluster`s and the events' stories with the gold `story`s (a record without one
is a story of its own cluster). Nothing is called on the side: the score is that of what the API
serves.
"""

import tempfile
import time
from collections import Counter
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
    story: str  # the gold story: the record's, or its cluster's own

    def gold(self, level: str) -> str:
        return self.story if level == "story" else self.cluster


def _gold_article(record: dict) -> GoldArticle:
    published = record.get("published", record.get("published_at"))
    return GoldArticle(
        id=str(record["id"]),
        title=str(record.get("title") or ""),
        text=str(record["text"]),
        published=datetime.fromisoformat(published) if published else None,
        source=record.get("source"),
        cluster=str(record["cluster"]),
        story=str(record.get("story") or f"cluster:{record['cluster']}"),
    )


def read_dataset(path: Path) -> list[GoldArticle]:
    articles = list(
        gold_records(path, "{id, title, text, published, source, cluster, story?}", _gold_article)
    )
    if not articles:
        raise BadDataset(f"{path}: no articles")
    return articles


def arrival_order(articles: list[GoldArticle]) -> list[GoldArticle]:
    """By publication time; articles without one after the dated, in file order (the sort is stable)."""

    def key(article: GoldArticle) -> tuple[bool, float]:
        return (article.published is None, article.published.timestamp() if article.published else 0.0)

    return sorted(articles, key=key)


def submission_body(article: GoldArticle) -> dict:
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
            response = post_one(http, url, submission_body(article))
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


def stories_of(http: httpx.Client, url: str, event_ids: set[str]) -> dict[str, str]:
    """Event id -> the id of the story it is part of, as the API serves them."""
    found = {}
    for event_id in sorted(event_ids):
        response = http.get(f"{url}/v1/events/{event_id}", follow_redirects=True)
        response.raise_for_status()
        found[event_id] = response.json()["story_id"]
    return found


def _level(predicted: dict[str, str], gold: dict[str, str]) -> dict:
    return {
        "gold_clusters": len(set(gold.values())),
        "predicted": len(set(predicted.values())),
        "bcubed": bcubed(predicted, gold),
        "pairwise": pairwise(predicted, gold),
    }


def story_sizes(events: dict[str, str], stories: dict[str, str]) -> dict[str, int]:
    """How many stories have one event, two, ...: a story that grew into a topic shows as a tail."""
    per_story = Counter(stories[event_id] for event_id in set(events.values()))
    return {str(size): n for size, n in sorted(Counter(per_story.values()).items())}


def evaluate_clustering(
    url: str, path: Path, level: str = "event", quiet: bool = False, deadline_s: float = 600.0
) -> dict:
    articles = arrival_order(read_dataset(path))
    started = time.monotonic()
    with httpx.Client(timeout=30) as http:
        posted = post_all(http, url, articles, quiet)
        events = events_of(http, url, set(posted.values()), deadline_s)
        stories = stories_of(http, url, set(events.values()))
    seconds = time.monotonic() - started
    predicted = {a.id: events[posted[a.id]] for a in articles}
    levels = {
        "event": _level(predicted, {a.id: a.cluster for a in articles}),
        "story": _level({a: stories[e] for a, e in predicted.items()}, {a.id: a.story for a in articles}),
    }
    return {
        "articles": len(articles),
        "level": level,
        "gold_clusters": levels[level]["gold_clusters"],
        "events": len(set(predicted.values())),
        "stories": levels["story"]["predicted"],
        "bcubed": levels[level]["bcubed"],
        "pairwise": levels[level]["pairwise"],
        "levels": levels,
        "story_sizes": story_sizes(events, stories),
        "seconds": round(seconds, 1),
    }


def evaluate_clustering_on(url: str | None, path: Path, level: str = "event") -> dict:
    """On the system at `url`, or on a fresh one started for the run (so every event in it comes
    from the dataset)."""
    read_dataset(path)  # a malformed dataset fails before anything starts
    if url:
        return evaluate_clustering(url.rstrip("/"), path, level)
    with (
        tempfile.TemporaryDirectory(prefix="eventwire-eval-") as scratch,
        local_system(Path(scratch)) as system,
    ):
        return evaluate_clustering(system.url, path, level)
