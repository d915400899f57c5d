"""Corrections to the NER model's spans that need no training data, applied before typing.

- Titles and roles are not part of a name: "King Mohammed VI" is Mohammed VI, "President Ebrahim
  Raisi" is Ebrahim Raisi (the title is kept apart; the entities issue resolves roles further).
- A person's span that stops short of a capitalised given name just before it ("Recep" in "Recep
  Tayyip Erdogan") takes that word in.
- A headline in title case glues its verb onto a name ("Vladimir Putin Said to Be ..."); a person
  span loses a trailing reporting verb.
- A span the model calls a nationality or group (NORP) whose text is a known city or country is a
  place: the small model often reads unfamiliar city names ("Herat", "Kerman") that way.
- The Moon, the Sun and the planets are places, not people: the model takes a capitalised "Moon"
  in a space story for a surname (unless the article names a person of that surname: Moon Jae-in).
"""

import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS

TITLES = frozenset(
    {
        "president", "vice", "prime", "minister", "king", "queen", "prince", "princess", "sheikh", "emir",
        "ayatollah", "premier", "justice", "judge", "deputy", "crown", "grand", "supreme", "leader", "seyyed", "sayyid", "sayed", "hojatoleslam", "mullah", "pope", "chancellor", "general", "gen.", "gen", "col.",
        "colonel", "lt.", "admiral", "adm.", "sgt.", "dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms",
        "sir", "senator", "sen.", "rep.", "governor", "gov.", "mayor", "secretary", "foreign", "defence",
        "defense", "chief", "commander", "ambassador", "envoy", "spokesman", "spokeswoman", "administrator",
        "prosecutor", "attorney", "lawyer", "detective", "sheriff", "officer", "sergeant", "lieutenant",
        "captain", "capt.", "inspector", "coach", "professor", "prof.", "rev.", "reverend", "bishop",
        "cardinal", "actress", "actor", "singer", "rapper",
    }
)  # fmt: skip
HEADLINE_VERBS = frozenset(
    {"said", "says", "meets", "met", "visits", "arrives", "tells", "warns", "signs", "calls", "urges", "vows"}
)
SKY = frozenset(
    {"moon", "sun", "earth", "mars", "venus", "mercury", "jupiter", "saturn", "uranus", "neptune"}
)
_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)\s+$")

Span = tuple[int, int, str]


def strip_titles(text: str, start: int, end: int) -> int:
    """The new start of a person span once leading titles are dropped (never the whole span)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    kept = 0
    while kept < len(words) - 1 and words[kept].group(0).casefold() in TITLES:
        kept += 1
    return start + words[kept].start() if kept else start


def drop_headline_verb(text: str, start: int, end: int) -> int:
    """The new end of a person span without a trailing verb ("Vladimir Putin Said")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > 1 and words[-1].group(0).casefold() in HEADLINE_VERBS:
        return start + words[-2].end()
    return end


def extend_given_name(text: str, start: int, taken: list[Span]) -> int:
    match = _WORD_BEFORE.search(text[max(0, start - 30) : start])
    if match is None:
        return start
    word = match.group(1)
    new_start = start - len(match.group(0))
    if word.casefold() in TITLES or word.casefold() in STOP_WORDS:
        return start
    if any(s < start and e > new_start for s, e, _ in taken):  # "In Moscow Putin said"
        return start
    return new_start


def _a_body_in_the_sky(text: str, start: int, end: int, spans: list[Span]) -> bool:
    name = text[start:end].casefold()
    people = (
        text[s:e].casefold().split() for s, e, label in spans if label == "PERSON" and e - s > len(name)
    )
    return name in SKY and not any(name in words for words in people)


def refine(text: str, spans: list[Span], is_place: Callable[[str], bool]) -> list[Span]:
    refined = []
    for start, end, label in spans:
        if label == "PERSON" and _a_body_in_the_sky(text, start, end, spans):
            label = "LOC"
        elif label == "PERSON":
            start = strip_titles(text, start, end)
            end = drop_headline_verb(text, start, end)
            start = extend_given_name(text, start, spans)
        elif label == "NORP" and is_place(text[start:end]):
            label = "GPE"
        refined.append((start, end, label))
    return refined
