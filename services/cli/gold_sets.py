"""Reading the gold sets the `eval` commands score against: JSON Lines, one record a line, where a
malformed line stops the run with its file and line number."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class BadDataset(ValueError):
    pass


def gold_records(path: Path, shape: str, build: Callable[[dict], T]) -> Iterator[T]:
    """`build` turns one parsed line into a record; any error it raises on a malformed line
    (missing key, wrong type, bad value) becomes a BadDataset naming the line and `shape`."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield build(json.loads(line))
            except BadDataset as exc:
                raise BadDataset(f"{path}:{number}: {exc}") from exc
            except (ValueError, KeyError, TypeError) as exc:
                raise BadDataset(f"{path}:{number}: not a {shape} record ({exc})") from exc
