"""`eventwire ingest`: posts article files to a running gateway, one at a time, in file order
(clustering is online, so order matters), retrying while ingest asks for it, and sums up."""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from services.cli.files import files_under, records

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


def post_paths(paths: list[Path], url: str, quiet: bool = False) -> Summary:
    summary = Summary()
    with httpx.Client(timeout=30.0) as http:
        for path in paths:
            for file in files_under(path):
                for record in records(file):
                    if not isinstance(record.value, dict):
                        reason = (
                            str(record.value) if isinstance(record.value, Exception) else "not a JSON object"
                        )
                        summary.rejected[reason] += 1
                        continue
                    response = post_one(http, url, record.value)
                    if response.status_code == 202:
                        body = response.json()
                        summary.ids.append(body["id"])
                        if body.get("duplicate"):
                            summary.duplicates += 1
                        else:
                            summary.accepted += 1
                    else:
                        reason = _reason(response)
                        summary.rejected[reason] += 1
                        if not quiet:
                            print(f"rejected {record.origin}: {reason}")
    return summary
