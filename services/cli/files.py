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


# Gold sets shipped with the project, written for it: `eventwire eval clustering --dataset NAME`.
BUILT_IN_SETS = {
    "sample": "articles.jsonl",  # 31 articles, 10 events (the corpus `eventwire up` loads)
    "lookalikes": "lookalikes.jsonl",  # look-alike happenings in other places on nearby days
    "stories": "stories.jsonl",  # stories of a few events over weeks, and look-alikes beside them
}


def sample_corpus_path() -> Path:
    return built_in_set("sample")


def built_in_set(name: str) -> Path:
    return Path(str(resources.files("services.cli") / "sample" / BUILT_IN_SETS[name]))


def dataset_path(given: Path) -> Path:
    """A gold set named on the command line: a built-in set's name, or a file."""
    return built_in_set(str(given)) if str(given) in BUILT_IN_SETS and not given.exists() else given


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
