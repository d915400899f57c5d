"""Labels corrected from the words around a span, where the small model is known to guess wrong.

The model labels a name from the name's own shape more than from its context, so unfamiliar
place names come out as organisations or nationalities ("Herat province", "in Marrakesh") and
unfamiliar people as organisations ("a summit with Ebrahim Raisi and Recep Tayyip Erdogan").
Each rule below reads context the model had but did not weigh:

- a span followed by a kind of region ("Herat province", "Aleppo and Idlib provinces") is a place;
- a known city or country after a word of place ("in", "near", "from", "residents of"), also
  through a list ("In Gaziantep, Hatay and Kahramanmaras"), or before its people ("Lyon
  commuters", "Izmir residents"), is a place; a country's name is a
  place (OntoNotes' GPE, which covers a country acting as a state: "Morocco accepts aid") wherever
  it stands;
- a name listed with a person ("X and Vladimir Putin"), after a title ("envoy Staffan de
  Mistura"), or the surname of a person the article names in full, is a person unless it carries
  an organisation word ("Bank", "Ministry"); so is a place guess that is such a surname and no
  place the gazetteer knows ("where Erdogan has been threatening");
- a nationality word the model took for a person ("Azerbaijani President") is a nationality; one
  word after "the" is no person ("the Jaguars" a team, "the High Atlas" or "the Mysore" some other
  named thing) unless a government or family follows ("the Bush administration");
- a span made only of titles ("Supreme Leader") is no name at all.

Otherwise only the model's guesses of organisation, person and nationality are changed: of its
places, only those whose name ends in an institution ("the African Union", "West Coast Bank") and
the surnames above.
"""

import re

from services.extract.labels import is_place
from services.extract.places import REGION_KINDS, country_named, country_of_demonym
from services.extract.refine import SKY, TITLES

Span = tuple[int, int, str]

GUESSES = frozenset({"ORG", "PERSON", "NORP"})
_REGION_KIND = "(?:" + "|".join(REGION_KINDS) + ")"
# After the span: an optional list of further capitalised names, then the kind of region, not
# followed by "of" ("the Iranian province of Kerman" makes "Iranian" an adjective, not a name).
_REGION_AFTER = re.compile(
    rf"^(?:(?:,\s*|,?\s+and\s+)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*\s+{_REGION_KIND}\b(?!\s+of\b)"
)
_PLACE_WORD_BEFORE = re.compile(
    r"\b(?:in|near|from|at|to|across|around|outside|inside|into|towards?|of|visited|visiting)\s+"
    r"(?:(?:central|northern|southern|eastern|western|north|south|east|west|north-?western|north-?eastern"
    r"|south-?western|south-?eastern|downtown|nearby|neighbouring|neighboring|rural|coastal)\s+)?$",
    re.IGNORECASE,
)
_LIST_GLUE = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or)\s+$")
_AND = re.compile(r"^,?\s+and\s+$")
_THE_BEFORE = re.compile(r"\bthe\s+(?:[A-Z][\w'’-]*\s+)?$")
_PLURAL = re.compile(r"[^aiuos]s$")  # "Jaguars", "Colts", not "Atlas" or "Texas"
_NEXT_WORD = re.compile(r"^\s*([\w'’-]+)")
ORG_WORDS = frozenset(
    {
        "company", "corporation", "corp", "corp.", "inc", "inc.", "ltd", "ltd.", "plc", "co.", "group", "bank",
        "ministry", "agency", "organisation", "organization", "council", "party", "union", "university",
        "institute", "fund", "authority", "commission", "committee", "army", "forces", "force", "guard",
        "corps", "court", "assembly", "parliament", "association", "federation", "league", "club", "times",
        "post", "press", "news", "airlines", "airways", "foundation", "service", "department", "office",
        "front", "movement", "brigade", "brigades", "centre", "center", "school", "college", "hospital",
        "police", "network", "television", "radio", "tv", "media", "state", "exchange", "reserve", "board",
        "films", "pictures", "studios", "records", "entertainment", "holdings", "partners", "capital", "systems",
    }
)  # fmt: skip
# A place guess ending in one of these names a body, not a place: "the African Union", "West Coast
# Bank", "New York Police". A state that was called a union is still a place.
INSTITUTIONS = frozenset(
    {"union", "bank", "council", "commission", "organisation", "organization", "agency", "ministry", "party",
     "assembly", "police", "court"}
)  # fmt: skip
FORMER_STATES = frozenset({"soviet union"})
# A person guess ending in one of these is a body named after someone ("the Betty Ford Center").
BODY_ENDINGS = ORG_WORDS | {"clinic", "museum", "stadium", "arena"}
ATTRIBUTIVE = frozenset(
    {"administration", "presidency", "government", "family", "era", "campaign", "team", "years", "case",
     "verdict", "rule", "white", "cabinet", "regime", "camp", "estate", "trial"}
)  # fmt: skip
ROLES = frozenset(
    {"owner", "owners", "coach", "executive", "founder", "chairman", "director", "officials", "fans", "players"}
)  # fmt: skip


def _before(text: str, start: int) -> str:
    return text[max(0, start - 40) : start]


def _region_follows(text: str, end: int) -> bool:
    return _REGION_AFTER.match(text[end : end + 120]) is not None


def _list_head(text: str, spans: list[Span], index: int) -> int:
    """Start of the list the span stands in ("Gaziantep, Hatay and Kahramanmaras"), or its own."""
    start = spans[index][0]
    while index > 0 and _LIST_GLUE.match(text[spans[index - 1][1] : start]):
        index -= 1
        start = spans[index][0]
    return start


def _listed_with_person(text: str, spans: list[Span], index: int) -> bool:
    """Joined by "and" to a person ("Ebrahim Raisi and Vladimir Putin", "Putin and Pezeshkian sign")
    (a comma joins appositions too: "Sanjay Gupta, CNN's"), and not followed by a role ("Paul
    Tagliabue and Buffalo Bills owner Ralph Wilson")."""
    start, end, _ = spans[index]
    next_word = _NEXT_WORD.match(text[end : end + 30])
    if next_word and next_word.group(1).casefold() in ROLES | TITLES:
        return False
    before = index > 0 and spans[index - 1][2] == "PERSON" and _AND.match(text[spans[index - 1][1] : start])
    after = (
        index + 1 < len(spans)
        and spans[index + 1][2] == "PERSON"
        and _AND.match(text[end : spans[index + 1][0]])
    )
    return bool(before or after)


def _titles_before_a_person(text: str, spans: list[Span], index: int) -> bool:
    """Titles only, just before a person: "Supreme Leader" in "Iran's Supreme Leader, Ayatollah Ali
    Khamenei" is not a name."""
    start, end, _ = spans[index]
    words = text[start:end].split()
    if not all(w.casefold() in TITLES for w in words) or index + 1 >= len(spans):
        return False
    following = spans[index + 1]
    gap = text[end : following[0]].replace(",", " ").split()  # "Supreme| Leader |Ali Khamenei"
    return following[2] == "PERSON" and len(gap) <= 3 and all(w.casefold() in TITLES for w in gap)


# People of a place, after its name: "Lyon commuters", "Izmir residents", "Marseille police".
_ITS_PEOPLE = re.compile(
    r"^\s+(?:commuters|residents|people|villagers|voters|officials|authorities|police|firefighters|rescuers"
    r"|workers|citizens|inhabitants|shoppers|passengers|drivers|families|hospitals|schools)\b"
)


def _a_place_here(text: str, spans: list[Span], index: int, surnames: set[str]) -> bool:
    """A known city or country written where a place goes: after "in", "near", "residents of"...,
    or in a list that follows such a word. Not an acronym, not the start of a longer name ("Delta
    Sigma Theta"), and for the model's people not a surname the article gives a person."""
    start, end, label = spans[index]
    name = text[start:end]
    if name.isupper() or not is_place(name) or re.match(r"^\s[A-Z]", text[end : end + 2]):
        return False
    if label == "PERSON":
        if name.casefold() in surnames or _after_a_title(text, start):
            return False
        head = start  # the model's people are not walked through lists
    else:
        head = _list_head(text, spans, index)
    return _PLACE_WORD_BEFORE.search(_before(text, head)) is not None or bool(_ITS_PEOPLE.match(text[end:]))


NAME_PARTICLES = frozenset({"de", "da", "del", "der", "van", "von", "bin", "ibn", "al", "el", "la", "le"})
_WORD_BEFORE = re.compile(r"([\w.]+)\s+$")


def _looks_like_a_name(words: list[str]) -> bool:
    if not words or words[0] in ("the", "The"):
        return False
    capitalised = [w for w in words if w not in NAME_PARTICLES]
    return 1 <= len(capitalised) <= 3 and all(
        w[:1].isupper() and w.casefold() not in ORG_WORDS for w in capitalised
    )


def _after_a_title(text: str, start: int) -> bool:
    match = _WORD_BEFORE.search(_before(text, start))
    return match is not None and match.group(1).casefold() in TITLES


def _not_a_person_after_the(text: str, start: int, end: int) -> bool:
    """One word after "the" is a team ("the Jaguars"), a ship ("the Mysore") or a range ("the High
    Atlas"), not a person, unless it names one's government or family ("the Bush administration")."""
    name = text[start:end]
    if len(name.split()) != 1 or name.casefold() in SKY or not _THE_BEFORE.search(_before(text, start)):
        return False  # the Moon is refine's: a place
    next_word = _NEXT_WORD.match(text[end : end + 30])
    return not (next_word and next_word.group(1).casefold() in ATTRIBUTIVE)


def _a_person_here(text: str, spans: list[Span], index: int, surnames: set[str]) -> bool:
    start, end, _ = spans[index]
    name = text[start:end]
    words = name.split()
    if not _looks_like_a_name(words) or is_place(name):
        return False
    return (
        _listed_with_person(text, spans, index)
        or _after_a_title(text, start)
        or (len(words) == 1 and name.casefold() in surnames)
    )


def _an_institution(name: str) -> bool:
    words = name.removeprefix("the ").removeprefix("The ").casefold().split()
    return len(words) > 1 and words[-1] in INSTITUTIONS and " ".join(words) not in FORMER_STATES


def _surname_of_someone_named(name: str, surnames: set[str]) -> bool:
    """One word that is the surname of a person the article names in full, and no place anyone
    knows: the model's place in "Syria, where Erdogan has been threatening" is the man it named
    as President Recep Tayyip Erdogan a line before."""
    return len(name.split()) == 1 and name.casefold() in surnames and not is_place(name)


def _named_for_a_body(name: str) -> bool:
    """A person guess ending in a word for a body is the body named after someone ("the Betty
    Ford Center", "Mayo Clinic")."""
    words = name.casefold().split()
    return len(words) > 1 and words[-1] in BODY_ENDINGS


def _new_label(text: str, spans: list[Span], index: int, surnames: set[str]) -> str | None:
    """The corrected label, the same one, or None for a span that names nothing."""
    start, end, label = spans[index]
    name = text[start:end]
    if label in ("GPE", "LOC") and _an_institution(name):
        return "ORG"
    if label in ("GPE", "LOC") and _surname_of_someone_named(name, surnames):
        return "PERSON"
    if label not in GUESSES:
        return label
    if label != "PERSON" and _titles_before_a_person(text, spans, index):
        return None
    if label == "PERSON" and _named_for_a_body(name):
        return "ORG"
    if label == "PERSON" and country_of_demonym(name):
        return "NORP"
    if label == "PERSON" and _not_a_person_after_the(text, start, end):
        return "ORG" if _PLURAL.search(name) else "PRODUCT"
    if label == "NORP" and country_of_demonym(name):
        return label
    if _region_follows(text, end):
        return "GPE"
    bare = name.removeprefix("the ").removeprefix("The ")
    if label != "PERSON" and country_named(bare):
        return "GPE"
    if _a_place_here(text, spans, index, surnames):
        return "GPE"
    if label != "PERSON" and _a_person_here(text, spans, index, surnames):
        return "PERSON"
    return label


def relabel(text: str, spans: list[Span]) -> list[Span]:
    spans = sorted(spans)
    surnames = {
        text[s:e].split()[-1].casefold()
        for s, e, label in spans
        if label == "PERSON" and len(text[s:e].split()) > 1
    }
    relabelled = []
    for index, (start, end, _) in enumerate(spans):
        label = _new_label(text, spans, index, surnames)
        if label is not None:
            relabelled.append((start, end, label))
    return relabelled
