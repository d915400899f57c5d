"""`eventwire ingest`: posts article files to a running gateway, one at a time, in file order
(clustering is online, so order matters), retrying while ingest asks for it, and sums up."""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from services.cli.files import Record, files_under, records

RETRY_STATUSES = frozenset({502, 503, 504})
RETRY_FOR_S = 60.0


@dataclass
class Summary:
    accepted: int = 0
    duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    ids: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = (
            f"{self.accepted} accepted, {self.duplicates} duplicates, {sum(self.rejected.values())} rejected"
        )
        reasons = "; ".join(f"{n} x {reason}" for reason, n in self.rejected.most_common(5))
        return f"{text} ({reasons})" if reasons else text


def _reason(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(detail, list) and detail:
        first = detail[0]
        return f"{'.'.join(str(p) for p in first.get('loc', [])[1:])}: {first.get('msg')}"
    return str(detail)


def post_one(http: httpx.Client, url: str, article: dict) -> httpx.Response:
    end = time.monotonic() + RETRY_FOR_S
    delay = 0.5
    while True:
        try:
            response = http.post(f"{url}/v1/articles", json=article)
            if response.status_code not in RETRY_STATUSES or time.monotonic() > end:
                return response
        except httpx.TransportError:
            if time.monotonic() > end:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 5.0)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]posting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        disable=quiet,
    )


def post_paths(paths: list[Path], url: str, quiet: bool = False) -> Summary:
    """Post every article under `paths`, in order, showing progress (rate and ETA) unless quiet."""
    summary = Summary()
    pending = [record for path in paths for file in files_under(path) for record in records(file)]
    started = time.monotonic()
    with httpx.Client(timeout=30.0) as http, _progress(quiet) as progress:
        task = progress.add_task("post", total=len(pending), rate=0.0)
        for done, record in enumerate(pending, start=1):
            _post_record(http, url, record, summary, progress if not quiet else None)
            progress.update(task, advance=1, rate=done / max(time.monotonic() - started, 1e-6))
    return summary


def _post_record(
    http: httpx.Client, url: str, record: Record, summary: Summary, progress: Progress | None
) -> None:
    if not isinstance(record.value, dict):
        reason = str(record.value) if isinstance(record.value, Exception) else "not a JSON object"
        summary.rejected[reason] += 1
        return
    response = post_one(http, url, record.value)
    if response.status_code != 202:
        reason = _reason(response)
        summary.rejected[reason] += 1
        if progress is not None:
            progress.console.print(f"rejected {record.origin}: {reason}")
        return
    body = response.json()
    summary.ids.extend(body.get("ids") or [body["id"]])
    if body.get("duplicate"):
        summary.duplicates += 1
    else:
        summary.accepted += 1


def replay_archive(url: str) -> int:
    """`eventwire replay`: ask the running system to replay its archive; 0 on success."""
    response = httpx.post(f"{url}/v1/replay", timeout=660.0)
    if response.status_code != 202:
        print(f"replay refused: {_reason(response)}")
        return 1
    started = response.json()
    print(
        f"generation {started['generation']}: {started['submissions']} inputs sent through the pipeline again"
        + (f" ({started['unreadable']} unreadable, left out)" if started["unreadable"] else "")
    )
    return 0
