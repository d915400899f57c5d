"""`eventwire chaos` (`make chaos`): SIGKILL a random service process every few seconds under a
steady load of news-length articles, then check that nothing was lost or doubled.

A whole system is started on its own data directory, as `eventwire up` starts it; its supervisor
restarts each killed service. A poster sends articles at a fixed rate, repeating a submission that
met a dead gateway (a dropped connection) or a dead ingest (503) until it is answered, as a client
may: repeating a submission is safe. Once the last kill is done and everything has drained, every
event is read through the API and held against what was accepted:

- lost: an accepted article in no event;
- doubled: an article in two events, or twice in one;
- misapplied: an event (not the survivor of a merge) whose revision is not its article count, so
  some article was applied to it twice or not at all;
- pending / lag: entries of any consumer group read and not acknowledged, or never read;
- dead_lettered: messages set aside after their tries (none should be: a killed consumer's entry
  is retried, and five kills in a row of the one holding it are unlikely at these intervals).
"""

import json
import os
import random
import signal
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from services.cli.bench_corpus import news_length_corpus
from services.cli.local_system import LocalSystem, local_system
from services.cli.post_articles import post_one

SETTLE_DEADLINE_S = 600.0
# Quick reclaim, so an entry a killed consumer held is taken over in seconds, not the default 30 s.
CHAOS_ENV = {"EVENTWIRE_RECLAIM_IDLE_MS": "3000", "EVENTWIRE_POLL_INTERVAL_MS": "100"}


class Poster(threading.Thread):
    """Posts `articles` at `rate` a second until told to stop, keeping the ids accepted."""

    def __init__(self, url: str, articles: list[dict], rate: float) -> None:
        super().__init__(daemon=True)
        self.url, self.articles, self.rate = url, articles, rate
        self.accepted: list[str] = []
        self.refused: Counter[str] = Counter()
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(timeout=30) as http:
            for n, article in enumerate(self.articles):
                if self.stop.wait(max(0.0, n / self.rate - (time.monotonic() - self.started))):
                    return
                try:
                    response = post_one(http, self.url, article)
                except httpx.TransportError as exc:
                    self.refused[type(exc).__name__] += 1
                    continue
                if response.status_code == 202:
                    self.accepted.append(response.json()["id"])
                else:
                    self.refused[f"HTTP {response.status_code}"] += 1

    def start(self) -> None:
        self.started = time.monotonic()
        super().start()


def _kill_one(system: LocalSystem, rng: random.Random) -> str | None:
    """SIGKILL one service chosen at random; its name, or None when it was already down."""
    services = system.state()["services"]
    victim = rng.choice(sorted(services))
    try:
        os.kill(services[victim]["pid"], signal.SIGKILL)
    except (ProcessLookupError, TypeError):
        return None
    return victim


def _status(http: httpx.Client) -> dict | None:
    try:
        answer = http.get("/v1/status")
    except httpx.TransportError:
        return None
    return answer.json() if answer.status_code == 200 else None


def _all_events(http: httpx.Client) -> list[dict]:
    events, cursor = [], None
    while True:
        page = http.get("/v1/events", params={"limit": 200, **({"cursor": cursor} if cursor else {})})
        page.raise_for_status()
        body = page.json()
        events += body["data"]
        if not (cursor := body["next_cursor"]):
            return events


def _settled(http: httpx.Client, accepted: set[str]) -> bool:
    status = _status(http)
    if status is None or not status["ready"]:
        return False
    if any(g["lag"] or g["pending"] for g in status["groups"]):
        return False
    try:
        placed = {a for e in _all_events(http) for a in e["article_ids"]}
    except httpx.HTTPError:
        return False
    return accepted <= placed


def judge(events: list[dict], accepted: set[str]) -> dict:
    """Lost, doubled and misapplied counts of a run's events against the articles accepted."""
    placements = Counter(a for e in events for a in e["article_ids"])
    misapplied = [
        e["id"] for e in events if not e.get("merged_ids") and e["revision"] != len(e["article_ids"])
    ]
    return {
        "lost": len(accepted - set(placements)),
        "doubled": sum(1 for n in placements.values() if n > 1),
        "unknown": len(set(placements) - accepted),  # placed but never acknowledged to the client
        "misapplied": len(misapplied),
    }


def run_chaos(cycles: int, interval_s: float, rate: float, seed: int, data_dir: Path | None = None) -> dict:
    rng = random.Random(seed)
    articles = news_length_corpus(int(rate * interval_s * (cycles + 2)) + 10)
    with (
        tempfile.TemporaryDirectory(prefix="eventwire-chaos-") as scratch,
        local_system(data_dir or Path(scratch), CHAOS_ENV) as system,
    ):
        poster = Poster(system.url, articles, rate)
        kills: Counter[str] = Counter()
        poster.start()
        started = time.monotonic()
        for _ in range(cycles):
            time.sleep(interval_s)
            if victim := _kill_one(system, rng):
                kills[victim] += 1
        poster.stop.set()
        poster.join()
        chaos_s = time.monotonic() - started
        accepted = set(poster.accepted)
        verdict = drained_verdict(system.url, accepted)
        restarts = {n: s["restarts"] for n, s in system.state()["services"].items()}
    return {
        "cycles": cycles,
        "interval_s": interval_s,
        "seconds_under_chaos": round(chaos_s, 1),
        "kills": dict(sorted(kills.items())),
        "restarts": restarts,
        "posted_rate": rate,
        "accepted": len(accepted),
        "not_accepted": dict(poster.refused),
        **verdict,
    }


def drained_verdict(url: str, accepted: set[str], deadline_s: float = SETTLE_DEADLINE_S) -> dict:
    """Once every accepted article is placed and no group has work left (or at the deadline):
    `judge`'s counts, whether it settled, and what was left pending, unread or dead-lettered."""
    with httpx.Client(base_url=url, timeout=60) as http:
        end = time.monotonic() + deadline_s
        while not (settled := _settled(http, accepted)) and time.monotonic() < end:
            time.sleep(1.0)
        status = _status(http) or {"groups": [], "dead_letters": None}
        return {
            **judge(_all_events(http), accepted),
            "settled": settled,
            "pending": sum(g["pending"] for g in status["groups"]),
            "lag": sum(g["lag"] for g in status["groups"]),
            "dead_lettered": status["dead_letters"],
        }


def survived(report: dict) -> bool:
    return report["settled"] and not any(
        report[k] for k in ("lost", "doubled", "misapplied", "pending", "lag", "dead_lettered")
    )


def print_chaos(cycles: int, interval_s: float, rate: float, seed: int) -> int:
    report = run_chaos(cycles, interval_s, rate, seed)
    print(json.dumps(report, indent=2))
    return 0 if survived(report) else 1
