"""Reading article files: JSON (one object or a list), JSON Lines, or folders of them."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

SUFFIXES = (".json", ".jsonl", ".ndjson")


@dataclass(frozen=True)
class Record:
    origin: str  # file and line, for error reports
    value: Any


def sample_corpus_path() -> Path:
    return Path(str(resources.files("services.cli") / "sample" / "articles.jsonl"))


def files_under(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    return [path]


def records(path: Path) -> Iterator[Record]:
    """Every article object in one file. A line or file that is not valid JSON yields a Record whose
    value is the error message, so the caller can count it as rejected and go on."""
    if path.suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield _parse(f"{path}:{number}", line)
        return
    parsed = _parse(str(path), path.read_text(encoding="utf-8", errors="replace"))
    if isinstance(parsed.value, list):
        for index, item in enumerate(parsed.value):
            yield Record(f"{path}[{index}]", item)
    else:
        yield parsed


def _parse(origin: str, text: str) -> Record:
    try:
        return Record(origin, json.loads(text))
    except json.JSONDecodeError as exc:
        return Record(origin, ValueError(f"not valid JSON: {exc.msg} at line {exc.lineno}"))
