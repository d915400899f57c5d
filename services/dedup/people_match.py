"""Whether two sets of people's keys name someone in common, when names are written differently.

Reports name one person in many ways: "Comeaux" before any article gave his full name, "Jon Owen"
and "John Owen", "Arcade Joseph Comeaux Jr.". So people are matched by surname, but two full names
whose given names start differently are two people: "Reggie Bush", a running back, is not
"George W. Bush", and matching them joined a football report to a policy story. Every given name
counts, so "W. Mark Felt" is still "Mark Felt".
"""

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
PERSON = "person:"


def name_parts(key: str) -> tuple[str, frozenset[str]] | None:
    """(surname, first letters of the given names, none for a bare surname); None for no person."""
    if not key.startswith(PERSON):
        return None
    words = key.removeprefix(PERSON).split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    if not words:
        return None
    return words[-1], frozenset(word[0] for word in words[:-1])


def share_a_person(a: frozenset[str] | tuple[str, ...], b: frozenset[str] | tuple[str, ...]) -> bool:
    given: dict[str, list[frozenset[str]]] = {}
    for key in b:
        if (parts := name_parts(key)) is not None:
            given.setdefault(parts[0], []).append(parts[1])
    for key in a:
        if (parts := name_parts(key)) is None:
            continue
        if any(not parts[1] or not theirs or parts[1] & theirs for theirs in given.get(parts[0], ())):
            return True
    return False
