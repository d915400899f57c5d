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
    # Called for every candidate event, against all the names it holds: the smaller side is parsed,
    # and of the larger only the keys whose last word could be a wanted surname.
    if len(a) > len(b):
        a, b = b, a
    wanted: dict[str, list[frozenset[str]]] = {}
    for key in a:
        if (parts := name_parts(key)) is not None:
            wanted.setdefault(parts[0], []).append(parts[1])
    if not wanted:
        return False
    for key in b:
        if not key.startswith(PERSON):
            continue
        last = key[key.rfind(" ") + 1 :] if " " in key else key[len(PERSON) :]
        if (last not in wanted and last not in SUFFIXES) or (parts := name_parts(key)) is None:
            continue
        if any(not mine or not parts[1] or mine & parts[1] for mine in wanted.get(parts[0], ())):
            return True
    return False
