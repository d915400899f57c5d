"""One name for each thing an article mentions, resolved inside the article.

- A person named in full once ("Vladimir Putin") and by surname elsewhere ("Putin") gets the full
  name on every mention; the longest form that ends with the short one wins.
- An initialism spelled out in the article ("Islamic Revolutionary Guard Corps (IRGC)") gets the
  long form on every mention.
- Country aliases and demonyms point to their country: "U.S." and "America" to United States,
  "Iranian" and "Azeri" to Iran and Azerbaijan (such mentions become of type country).
- A place written with its kind of region ("Kahramanmaras province") is the place itself.
"""

import re

from services.extract.places import country_named, country_of_demonym, without_region_kind
from shared.messages import EntityMention

_INITIALISM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&.-]{1,9})\)")


def _words(name: str) -> list[str]:
    return name.casefold().split()


def _ends_with(name: str, tail: str) -> bool:
    words, ending = _words(name), _words(tail)
    return words[-len(ending) :] == ending


def _full_names(mentions: tuple[EntityMention, ...]) -> dict[str, str]:
    """For each person mention's text, the longest person name in the article that ends with it,
    unless two different people end with it ("Clinton" with Hillary and Bill Clinton both named)."""
    people = sorted({m.text for m in mentions if m.type == "person"}, key=len, reverse=True)
    full: dict[str, str] = {}
    for short in people:
        longer = [name for name in people if _ends_with(name, short)]
        # Nested forms of one name ("Seyyed Ali Khamenei", "Ali Khamenei") all end with the shortest.
        one_person = all(_ends_with(longer[0], other) for other in longer)
        full[short] = longer[0] if one_person else short
    return full


def _initialisms(text: str, mentions: tuple[EntityMention, ...]) -> dict[str, str]:
    expansions = {}
    for mention in mentions:
        if mention.type == "organisation" and (match := _INITIALISM.match(text, mention.end)):
            expansions[match.group(1)] = mention.text
    return expansions


def canonicalise(text: str, mentions: tuple[EntityMention, ...]) -> tuple[EntityMention, ...]:
    full_names = _full_names(mentions)
    initialisms = _initialisms(text, mentions)
    resolved = []
    for mention in mentions:
        update: dict = {}
        if mention.type == "person":
            update["canonical"] = full_names.get(mention.text, mention.text)
        elif mention.text in initialisms:
            update = {"canonical": initialisms[mention.text], "type": "organisation"}
        elif (
            mention.type in ("country", "place")
            and (country := country_named(mention.text))
            or mention.type == "group"
            and (country := country_of_demonym(mention.text))
        ):
            update = {"canonical": country, "type": "country"}
        elif mention.type == "place":
            update["canonical"] = without_region_kind(mention.text)
        else:
            update["canonical"] = mention.text
        resolved.append(mention.model_copy(update=update))
    return tuple(resolved)
