"""Sentences of news text: where one ends, which ones a passage holds, and the one around a span.

A full stop ends a sentence when space and a capital (or a digit, or an opening quote) follow, or at
a line break; not after a title or month abbreviation ("Mr.", "Gen.", "Nov.") or an initial
("George W. Bush"), which news writes constantly.
"""

import re
from collections.abc import Iterator

_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\s*\n\s*")
_NOT_AN_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jr|Sr|No|Nov|Dec|Jan|Feb|Aug|Sept?|Oct)|\b[A-Z])\.$"
)


def _boundaries(text: str) -> Iterator[re.Match]:
    for match in _BOUNDARY.finditer(text):
        if "\n" in match.group(0) or not _NOT_AN_END.search(text[max(0, match.start() - 6) : match.start()]):
            yield match


def sentences(text: str) -> list[str]:
    found, start = [], 0
    for boundary in _boundaries(text):
        found.append(text[start : boundary.start()].strip())
        start = boundary.end()
    found.append(text[start:].strip())
    return [s for s in found if s]


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds the span start:end."""
    begin, finish = 0, len(text)
    for boundary in _boundaries(text):
        if boundary.end() <= start:
            begin = boundary.end()
        elif boundary.start() >= end:
            finish = boundary.start()
            break
    return text[begin:finish].strip()
