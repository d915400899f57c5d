"""Whether two sets of people's keys name someone in common, when names are written differently.

Reports name one person in many ways: "Comeaux" before any article gave his full name, "Jon Owen"
and "John Owen", "Arcade Joseph Comeaux Jr.". So people are matched by surname, but two full names
whose given names start differently are two people: "Reggie Bush", a running back, is not
"George W. Bush", and matching them joined a football report to a policy story.
"""

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
PERSON = "person:"


def name_parts(key: str) -> tuple[str, str | None] | None:
    """(surname, first letter of the given name or None for a bare surname); None for no person."""
    if not key.startswith(PERSON):
        return None
    words = key.removeprefix(PERSON).split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    if not words:
        return None
    return words[-1], (words[0][0] if len(words) > 1 else None)


def share_a_person(a: frozenset[str] | tuple[str, ...], b: frozenset[str] | tuple[str, ...]) -> bool:
    initials: dict[str, set[str | None]] = {}
    for key in b:
        if (parts := name_parts(key)) is not None:
            initials.setdefault(parts[0], set()).add(parts[1])
    for key in a:
        if (parts := name_parts(key)) is None or (theirs := initials.get(parts[0])) is None:
            continue
        if parts[1] is None or None in theirs or parts[1] in theirs:
            return True
    return False
