"""Splits an aggregator page (several outlets' articles pasted one after another) into articles.

Such pages end each piece with a "SOURCE: <site>" line (often after "READ FULL ARTICLE") and open
the next with its own headline and an "OUTLET | Published <date>" line. A page with fewer than two
such endings is one article.
"""

import re
from dataclasses import dataclass

from services.ingest.boilerplate import OUTLET_LINE

SOURCE_LINE = re.compile(r"^\s*source:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)
MIN_TAIL_WORDS = 50  # text after the last SOURCE line counts as a piece only if it is this long


@dataclass(frozen=True)
class Piece:
    text: str
    site: str | None  # the site named on the piece's SOURCE line


def split_pieces(raw: str) -> list[Piece]:
    pieces: list[Piece] = []
    start = 0
    for match in SOURCE_LINE.finditer(raw):
        pieces.append(Piece(raw[start : match.start()], match.group(1)))
        start = match.end()
    if len(pieces) < 2:
        return [Piece(raw, None)]
    tail = raw[start:]
    if len(tail.split()) >= MIN_TAIL_WORDS:
        pieces.append(Piece(tail, None))
    return pieces


def outlet(header: tuple[str, ...]) -> str | None:
    """The outlet named on an "OUTLET | Published ..." header line."""
    for line in header:
        if match := OUTLET_LINE.match(line):
            return match.group("outlet").strip()
    return None
