"""Which person a name stands for across articles: the rule, apart from the registry's storage.

Inside one article "Putin" already became "Vladimir Putin" (canonical.py). Across articles, an
article that only says "Khamenei" or "Tayyip Erdogan" must meet the one that says "Ali Khamenei"
or "Recep Tayyip Erdogan", while "Mojtaba Khamenei" stays another man. Two names can be one person
when they share a surname and the given names of one are all among the other's: "Tayyip Erdogan"
fits "Recep Tayyip Erdogan", a bare "Khamenei" fits every Khamenei, "Ali Khamenei" does not fit
"Mojtaba Khamenei". Of the known names that fit, the one seen in the most articles wins, so a
bare surname goes to the person the news is most often about, and an entity keeps the first
full name it was registered under (its id never moves to a longer spelling that came later).
"""

from collections.abc import Iterable, Mapping


def surname(name: str) -> str:
    return name.casefold().split()[-1]


def _given(name: str) -> set[str]:
    return set(name.casefold().split()[:-1])


def could_be_one(short: str, full: str) -> bool:
    if surname(short) != surname(full):
        return False
    a, b = _given(short), _given(full)
    return a <= b or b <= a


def resolve_person(name: str, known: Mapping[str, float]) -> str:
    """The registered name `name` stands for; `known` maps the registered names sharing its surname
    to the number of articles that named them. A name nothing fits stands for itself."""
    fitting = [(count, full) for full, count in known.items() if could_be_one(name, full)]
    if not fitting:
        return name
    # Most articles first; on a tie the longer (more telling) name, then a fixed order.
    return max(fitting, key=lambda cf: (cf[0], len(cf[1]), cf[1]))[1]


def worth_registering(name: str) -> bool:
    """Only names with a given name become registry entries: a bare surname fits too many people."""
    return len(name.split()) > 1


def surnames(names: Iterable[str]) -> set[str]:
    return {surname(n) for n in names if n.strip()}
