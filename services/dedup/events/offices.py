"""Who held which office, as the reports say: a clock for articles that carry no date.

News names office holders by their office: "Iranian President Hassan Rouhani", "Iran's Supreme
Leader Ali Khamenei". Two reports that name different holders of one office as its holder write
about different times, whatever else they share: an undated page on "Iranian President Hassan
Rouhani" travelling to Moscow is not about the visit of "Iranian President Masoud Pezeshkian", who
went to the same city to meet the same Russian president eight years later.

An office is read from a country mention (extract has already resolved "Iranian" and "Iran's" to
Iran) followed by a title and then a person: nothing else may stand between them, so "former
President" or "the late King" give no office, nor does a title without its country ("President
Putin"), which would not say which presidency.
"""

import re
from collections.abc import Iterable
from itertools import pairwise

from shared.messages import EntityMention

Office = tuple[str, str]  # ("iran:president", "rouhani"): the office and its holder's surname

TITLES = (
    "president", "prime minister", "supreme leader", "foreign minister", "defence minister",
    "defense minister", "chancellor", "king", "queen", "emir", "crown prince", "premier",
)  # fmt: skip
_TITLE_BETWEEN = re.compile(
    r"^(?:'s|’s)?\s+(" + "|".join(TITLES) + r")\s+$",
    re.IGNORECASE,
)


def offices_held(text: str, mentions: Iterable[EntityMention]) -> frozenset[Office]:
    """(office, holder surname) for every person the text names right after its country's title."""
    ordered = sorted(mentions, key=lambda m: m.start)
    held = set()
    for before, person in pairwise(ordered):
        if person.type != "person" or before.type != "country" or before.canonical is None:
            continue
        title = _TITLE_BETWEEN.match(text[before.end : person.start])
        if title is None:
            continue
        office = f"{before.canonical.casefold()}:{' '.join(title.group(1).casefold().split())}"
        holder = (person.canonical or person.text).split()[-1].casefold()
        held.add((office, holder))
    return frozenset(held)


def holders(offices: Iterable[Office]) -> dict[str, set[str]]:
    by_office: dict[str, set[str]] = {}
    for office, holder in offices:
        by_office.setdefault(office, set()).add(holder)
    return by_office


def different_times(a: Iterable[Office], b: Iterable[Office]) -> bool:
    """Whether the two name different holders of one office (and none in common for it)."""
    mine, theirs = holders(a), holders(b)
    return any(office in theirs and not (names & theirs[office]) for office, names in mine.items())
