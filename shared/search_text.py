"""The words of a text as search sees them, and the `q` language that asks for them.

One tokenizer (words, case-folded, accents dropped, English stems) serves the read model's full-text index (SQLite FTS5, PostgreSQL tsvector) and the
live filters of the stream and webhooks, so a query means the same everywhere. Texts are indexed
already split into words: each engine's own tokenizer then only splits on the spaces, and cannot
read "7.8" or "U.S." differently from the live matcher.

`q` is a web-search style query: words must all appear (`putin tehran`), a quoted phrase must
appear as written (`"gas pipeline"`), `OR` between two terms accepts either (`quake OR
earthquake`), and a leading `-` excludes a term (`-football`).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
MAX_TERMS = 20


class BadQuery(ValueError):
    pass


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    """Case-folded English stems without accents, so that "earthquakes" finds "earthquake":
    "Pezeshkian's São Paulo quakes" -> pezeshkian, s, sao, paulo, quak."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _stemmer().stemWords(_WORD.findall(plain.casefold()))


def indexed(text: str) -> str:
    """A text as the full-text index stores it: its words, one space apart."""
    return " ".join(words(text))


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class SearchQuery:
    """Every group must match (a group matches when any of its phrases does), and no excluded
    phrase may."""

    groups: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...] = ()

    def matches(self, text_words: list[str] | tuple[str, ...]) -> bool:
        def has(phrase: Phrase) -> bool:
            n = len(phrase)
            return any(tuple(text_words[i : i + n]) == phrase for i in range(len(text_words) - n + 1))

        return all(any(has(p) for p in group) for group in self.groups) and not any(
            has(p) for p in self.excluded
        )


@functools.lru_cache(maxsize=1024)
def parse(q: str) -> SearchQuery:
    """The query `q` asks; BadQuery says why it asks nothing. Cached: the live filters ask the
    same few queries of every event."""
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    join_next = False
    for match in _TERM.finditer(q):
        negated, quoted, bare = match.groups()
        if bare == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        phrase = tuple(words(quoted if quoted is not None else bare))
        if not phrase:
            continue
        if negated:
            excluded.append(phrase)
        elif join_next:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        join_next = False
    if not groups:
        raise BadQuery("q has no word to look for (only excluded terms, or no letters or digits)")
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise BadQuery(f"q has more than {MAX_TERMS} terms")
    return SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def fts5_match(query: SearchQuery) -> str:
    """The query in SQLite FTS5's MATCH syntax. Words are letters and digits only, so quoting each
    phrase is enough to keep FTS5's operators out of them."""

    def phrase(p: Phrase) -> str:
        return '"' + " ".join(p) + '"'

    text = " AND ".join("(" + " OR ".join(phrase(p) for p in group) + ")" for group in query.groups)
    return text + "".join(f" NOT {phrase(p)}" for p in query.excluded)


def tsquery(query: SearchQuery) -> str:
    """The query as PostgreSQL tsquery text (for `to_tsquery('simple', ...)`)."""

    def phrase(p: Phrase) -> str:
        return "(" + " <-> ".join(f"'{w}'" for w in p) + ")"

    text = " & ".join("(" + " | ".join(phrase(p) for p in group) + ")" for group in query.groups)
    return text + "".join(f" & !{phrase(p)}" for p in query.excluded)
