"""Gold data written for Eventwire's tests, and readers for its markup."""

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
_MARK = re.compile(r"\[([^\]|]+)\|(PER|ORG|LOC|MISC)\]")


def ner_documents() -> list[dict]:
    """The documents of ner.txt as {id, text, entities: [{start, end, label}]} records."""
    documents = []
    for block in (HERE / "ner.txt").read_text().split("\n## ")[1:]:
        name, _, marked = block.partition("\n")
        text, entities, cursor = "", [], 0
        for match in _MARK.finditer(marked.strip()):
            text += marked.strip()[cursor : match.start()]
            entities.append(
                {"start": len(text), "end": len(text) + len(match.group(1)), "label": match.group(2)}
            )
            text += match.group(1)
            cursor = match.end()
        text += marked.strip()[cursor:]
        documents.append({"id": name.strip(), "text": text, "entities": entities})
    return documents


def write_ner_jsonl(path: Path) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in ner_documents()))
    return path
