"""`eventwire bench` (`make bench`): how fast the whole pipeline runs on this machine, as JSON.

A fresh system is started on free ports (all services and Redis, as `eventwire up` runs them: one
extract replica with a model worker per core, up to two), and fed articles of news length made
from the sample texts (services/cli/bench_corpus.py), or a JSON Lines file's with `--dataset`.
Measured, in one run:

- `pipeline_articles_per_s`: articles posted by several clients at once, from the first POST until
  the last article appears in an event on the SSE stream (the sustained end-to-end rate);
- `extraction_articles_per_s`: the same articles through extract's model and post-processing in
  this process alone, one at a time (the NLP ceiling of one extract replica), and
  `two_core_ceiling_share`, the pipeline's rate over twice that (what two replicas could reach);
- `mean_words`, `pipeline_words_per_s`, `extraction_words_per_s`: the same rates in words;
- `delay_ms`: p50 and p95 from sending `POST /v1/articles` to the article's event update arriving on
  `GET /v1/events/stream`, with articles posted at half the pipeline rate;
- `webhook_delay_ms`: p50 and p95 from the same POSTs to the article's event arriving at a webhook
  receiver (a local server subscribed to every event), in the same paced phase;
- `query_ms`: p50 and p99 of `GET /v1/events` (a mix of filters, sorts and full-text queries) with
  50 clients asking at once, on the store the run filled, and the requests per second they got;
- `cpu_ms_per_article`: each service's CPU time per article in the flat-out phase (where it goes),
  with Redis's and the bench's own (its clients posting and reading the stream) beside them;
- `peak_rss_mb`: each service's peak resident memory (VmHWM) at the end.
- `extract_processes_peak_rss_mb`: the same for extract alone, its service process first, then each child.
"""

import asyncio
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import httpx
import redis

from services.cli.bench_corpus import dataset_corpus, mean_words, news_length_corpus
from services.cli.bench_queries import QUERY_CLIENTS, query_latencies
from services.cli.bench_webhooks import WebhookArrivals
from services.cli.local_system import local_system
from services.extract.settings import ExtractSettings
from services.ingest.logic import build_article
from services.ingest.prepare import prepare
from shared.messages import Article, SubmitArticle

CLIENTS = 8
QUERY_REQUESTS = 2000
Corpus = Callable[[int, int], list[dict]]  # (count, first round) -> article bodies


@dataclass
class Arrivals:
    """When each article first shows up in an event on the SSE stream."""

    seen: dict[str, float] = field(default_factory=dict)
    connected: asyncio.Event = field(default_factory=asyncio.Event)

    async def watch(self, url: str) -> None:
        async with (
            httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None)) as http,
            http.stream("GET", f"{url}/v1/events/stream") as response,
        ):
            self.connected.set()
            kind = ""
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:") and kind in ("created", "updated"):  # not a story
                    now = time.monotonic()
                    for article_id in json.loads(line[5:])["article_ids"]:
                        self.seen.setdefault(article_id, now)

    async def wait_for(self, ids: set[str], deadline_s: float) -> None:
        end = time.monotonic() + deadline_s
        while not ids <= self.seen.keys():
            if time.monotonic() > end:
                raise TimeoutError(f"{len(ids - self.seen.keys())} articles never reached the stream")
            await asyncio.sleep(0.05)


async def _post(http: httpx.AsyncClient, url: str, body: dict) -> tuple[str, float]:
    sent = time.monotonic()
    for _ in range(20):
        response = await http.post(f"{url}/v1/articles", json=body)
        if response.status_code == 202:
            return response.json()["id"], sent
        await asyncio.sleep(0.5)  # ingest asked for a retry (503)
    raise RuntimeError(f"POST kept failing: {response.status_code} {response.text}")


async def post_flat_out(url: str, bodies: list[dict]) -> dict[str, float]:
    queue: asyncio.Queue[dict] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    sent: dict[str, float] = {}

    async def client(http: httpx.AsyncClient) -> None:
        while not queue.empty():
            article_id, at = await _post(http, url, queue.get_nowait())
            sent[article_id] = at

    async with httpx.AsyncClient(timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(CLIENTS)))
    return sent


async def post_paced(url: str, bodies: list[dict], rate: float) -> dict[str, float]:
    async with httpx.AsyncClient(timeout=30) as http:
        start = time.monotonic()
        tasks = []
        for n, body in enumerate(bodies):
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            tasks.append(asyncio.create_task(_post(http, url, body)))
        return dict(await asyncio.gather(*tasks))


def prepared_articles(bodies: list[dict]) -> list[Article]:
    """The articles ingest would make of these bodies, made in this process."""
    articles, now = [], datetime.now(UTC)
    for n, body in enumerate(bodies):
        submission = SubmitArticle.model_validate(body)
        articles += [build_article(f"bench_{n}_{i}", p, None, now) for i, p in enumerate(prepare(submission))]
    return articles


def loaded_recognizer():
    """Extract's recognizer with the model extract itself would load."""
    from services.extract.nlp import SpacyRecognizer

    recognizer = SpacyRecognizer(ExtractSettings().spacy_model)
    recognizer.load()
    return recognizer


def extraction_rate(bodies: list[dict]) -> float:
    from services.extract.logic import analyse

    recognizer = loaded_recognizer()
    articles = prepared_articles(bodies)
    start = time.perf_counter()
    for article in articles:
        analyse(article, recognizer.spans(article.text))
    return len(articles) / (time.perf_counter() - start)


def redis_calls(url: str) -> dict[str, int]:
    """Calls of each Redis command so far (INFO commandstats), the bench's own reads included."""
    with redis.Redis.from_url(url) as client:
        stats = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in stats.items()}


def per_article(before: dict[str, int], after: dict[str, int], articles: int) -> dict[str, float]:
    """Calls per article of each command used in between, the busiest first."""
    used = {name: (calls - before.get(name, 0)) / articles for name, calls in after.items()}
    ranked = sorted(((n, c) for n, c in used.items() if c > 0), key=lambda item: -item[1])
    return {name: round(calls, 2) for name, calls in ranked}


def redis_pid(system) -> dict[str, int]:
    """Redis's process, when this machine runs it (its CPU counts against the pipeline too)."""
    with redis.Redis.from_url(system.state()["redis_url"]) as client:
        return {"redis": int(client.info("server")["process_id"])}


def _proc_stats() -> dict[int, list[str]]:
    """Every process's /proc/PID/stat fields after its name (field 3 on), read once."""
    stats = {}
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            stats[int(path.parent.name)] = path.read_text().rsplit(")", 1)[1].split()
        except (OSError, ValueError):
            continue
    return stats


def _family(pid: int, stats: dict[int, list[str]]) -> list[int]:
    """A process and its descendants (extract's model workers count as extract)."""
    family, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, fields in stats.items() if int(fields[1]) in frontier]
        family += frontier
    return family


def peak_rss_mb(pids: dict[str, int]) -> dict[str, float]:
    """Each process's peak resident memory, its workers' added (an upper bound: peaks need not meet)."""
    stats, peaks = _proc_stats(), {}
    for name, pid in pids.items():
        kb = [_status_kb(member, "VmHWM") for member in _family(pid, stats)]
        if any(k is not None for k in kb):
            peaks[name] = round(sum(k for k in kb if k is not None) / 1024, 1)
    return peaks


def family_peaks_mb(pid: int) -> list[float]:
    """The peak resident memory of a process and of each of its descendants, the process first."""
    return [round((_status_kb(member, "VmHWM") or 0) / 1024, 1) for member in _family(pid, _proc_stats())]


def _status_kb(pid: int, field: str) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(f"{field}:")), None)


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU time each process and its live workers have used so far (user + system)."""
    ticks, stats = os.sysconf("SC_CLK_TCK"), _proc_stats()
    used = {}
    for name, pid in pids.items():
        members = [stats[member] for member in _family(pid, stats) if member in stats]
        if members:
            used[name] = sum(int(f[11]) + int(f[12]) for f in members) / ticks  # utime, stime
    return used


async def _until(condition, deadline_s: float, what: str) -> None:
    end = time.monotonic() + deadline_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else values[0]


async def _measure(
    url: str, redis_url: str, pids: dict[str, int], corpus: Corpus, articles: int, paced: int
) -> dict:
    arrivals = Arrivals()
    watcher = asyncio.create_task(arrivals.watch(url))
    await asyncio.wait_for(arrivals.connected.wait(), 30)

    warm = await post_flat_out(url, corpus(CLIENTS, 1000))  # first-call costs
    await arrivals.wait_for(set(warm), 120)

    bodies = corpus(articles, 0)
    cpu_before, client_before, calls_before = cpu_seconds(pids), time.process_time(), redis_calls(redis_url)
    started = time.monotonic()
    sent = await post_flat_out(url, bodies)
    await arrivals.wait_for(set(sent), 600)
    rate = len(sent) / (max(arrivals.seen[i] for i in sent) - started)
    cpu = {
        name: round((used - cpu_before.get(name, 0.0)) * 1000 / len(sent), 1)
        for name, used in cpu_seconds(pids).items()
    }
    cpu["bench_clients"] = round((time.process_time() - client_before) * 1000 / len(sent), 1)
    commands = per_article(calls_before, redis_calls(redis_url), len(sent))

    half = rate / 2
    hooks = WebhookArrivals()
    hooks.subscribe(url)
    timed = await post_paced(url, corpus(paced, 500), half)
    await arrivals.wait_for(set(timed), 600)
    delays = [(arrivals.seen[i] - at) * 1000 for i, at in timed.items()]
    await _until(lambda: set(timed) <= hooks.seen.keys(), 120, "webhook deliveries")
    hooked = [(hooks.seen[i] - at) * 1000 for i, at in timed.items()]
    hooks.close()
    watcher.cancel()
    latencies, query_rate = await query_latencies(url, QUERY_REQUESTS)
    return {
        "articles": len(sent),
        "mean_words": round(mean_words(bodies)),
        "pipeline_articles_per_s": round(rate, 2),
        "pipeline_words_per_s": round(rate * mean_words(bodies)),
        "paced_at_articles_per_s": round(half, 2),
        "delay_ms": {"p50": round(_percentile(delays, 0.5)), "p95": round(_percentile(delays, 0.95))},
        "webhook_delay_ms": {"p50": round(_percentile(hooked, 0.5)), "p95": round(_percentile(hooked, 0.95))},
        "query_ms": {
            "clients": QUERY_CLIENTS,
            "p50": round(_percentile(latencies, 0.5), 1),
            "p99": round(_percentile(latencies, 0.99), 1),
            "requests_per_s": round(query_rate, 1),
        },
        "cpu_ms_per_article": cpu,
        # What one Redis carries per article (decision 0017): every command, and the stream messages.
        "redis_commands_per_article": round(sum(commands.values()), 1),
        "redis_messages_per_article": commands.get("xadd", 0.0),
        "redis_command_mix": commands,
        "peak_rss_mb": peak_rss_mb(pids),
        # Extract's sum split: the service, then its children (the model workers and
        # multiprocessing's resource tracker).
        "extract_processes_peak_rss_mb": family_peaks_mb(pids["extract"]) if "extract" in pids else [],
    }


def run_bench(articles: int = 300, paced: int = 120, dataset: Path | None = None) -> dict:
    corpus: Corpus = news_length_corpus if dataset is None else partial(dataset_corpus, dataset)
    bodies = corpus(articles, 0)
    # The ceiling is measured before and after the pipeline run and the higher rate kept: on a
    # shared machine one measurement can land in a slow spell and flatter the ratio.
    before = extraction_rate(bodies)
    with (
        tempfile.TemporaryDirectory(prefix="eventwire-bench-") as scratch,
        # The webhook receiver listens on 127.0.0.1.
        local_system(Path(scratch), {"EVENTWIRE_FETCH_ALLOW_PRIVATE": "true"}) as system,
    ):
        pids = system.service_pids()
        redis_url = system.state()["redis_url"]
        result = asyncio.run(
            _measure(system.url, redis_url, pids | redis_pid(system), corpus, articles, paced)
        )
    extraction = max(before, extraction_rate(bodies))
    replicas = sum(1 for name in pids if name.split("-")[0] == "extract")
    result["corpus"] = "news-length sample" if dataset is None else str(dataset)
    result["extraction_articles_per_s"] = round(extraction, 2)
    result["extraction_words_per_s"] = round(extraction * result["mean_words"])
    result["pipeline_share_of_extraction"] = round(result["pipeline_articles_per_s"] / extraction, 2)
    # Two extract processes on two cores can at best do twice what one does alone.
    result["two_core_ceiling_share"] = round(result["pipeline_articles_per_s"] / (2 * extraction), 2)
    result["extract_replicas"] = replicas
    result["extract_workers"] = ExtractSettings().extract_workers
    result["services"] = sorted(pids)
    return result
