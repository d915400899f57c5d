"""`eventwire eval date-clusters`: a dated copy of an undated gold set, as a stand-in for dated news.

ECB+ has no publication dates, so its time window is never tested. This gives every gold cluster a
random day within `days` of `start` and each of its articles a random time within `spread_hours`
of that day, so the clustering meets both halves of every look-alike pair (two quakes, two arrests)
on days that may lie close together, as a live feed would bring them. The same seed and files give
the same copy, so a figure measured on it can be measured again.
"""

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from services.cli.gold_sets import gold_records


def _record(line: dict) -> dict:
    if "cluster" not in line or "text" not in line:
        raise KeyError("cluster" if "cluster" not in line else "text")
    return line


def with_made_up_dates(
    records: list[dict], seed: int, days: int, start: datetime, spread_hours: int
) -> list[dict]:
    """The records in their order, each with a `published` time drawn as described above."""
    rng = random.Random(seed)
    day_of = {
        cluster: start + timedelta(days=rng.randrange(days))
        for cluster in sorted({r["cluster"] for r in records})
    }
    return [
        {
            **r,
            "published": (
                day_of[r["cluster"]] + timedelta(seconds=rng.randrange(spread_hours * 3600))
            ).isoformat(),
        }
        for r in records
    ]


def date_clusters(
    paths: list[Path], out: Path, seed: int, days: int, start: datetime, spread_hours: int
) -> int:
    """Writes the dated copy of `paths` (read in that order) to `out`; returns the number of articles."""
    records = [r for path in paths for r in gold_records(path, "{id, text, cluster}", _record)]
    dated = with_made_up_dates(records, seed, days, start, spread_hours)
    with out.open("w", encoding="utf-8") as file:
        for record in dated:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(dated)
