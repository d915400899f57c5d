"""Where a report says its happening took place, and when two such places are two happenings.

Look-alike wire reports (a magnitude-6 quake near a city in one country on Tuesday, another near a
city in another country on Wednesday; a strike in Munich, then one in Hamburg) share their
template's words, so content alone joins them. What tells them apart is the place each says the
happening was at: two places in different countries, or two cities further apart than FAR_KM, are
two happenings, dated or not.

Only a place the report puts the happening at counts: one its headline or first two sentences name
after a word of location, travel or impact ("near the city of Ambato", "in the Black Sea resort of
Sochi", "in northern Italy", "shook Izmir"), or that its headline opens with ("Lyon commuters
stranded"). The places a report merely names (the capital a government speaks from, the team a
coach once led, the countries of a diplomatic row) are no such statement: weighed like the event's
`location`, they parted one Oscar host's reports in Los Angeles from those in Sydney. A summit in
Sochi reported from Moscow says "MOSCOW -" and "talks in Sochi": it is placed in Sochi.
"""

import re
from collections.abc import Iterable
from functools import lru_cache
from math import asin, cos, radians, sin, sqrt

from shared.gazetteer import Gazetteer, fold
from shared.messages import EntityMention, Location
from shared.sentences import sentences

EARTH_RADIUS_KM = 6371.0
FAR_KM = 150.0

_DIRECTION = r"(?:central|northern|southern|eastern|western|north-?(?:east|west)ern|south-?(?:east|west)ern)"
_KIND = r"(?:city|town|village|resort|port|capital|province|region|state|district|island|suburbs?|outskirts)"
# A word of location, of travel ("to fly to Moscow", "visiting Tehran") or of impact ("struck",
# "rattles"), then "the", a direction or "the <words> <kind> of" before the name.
# Case-blind, so that a headline's "In Sochi" counts; the name after it must still be capitalised.
_LOCATIVE = (
    r"(?i:\b(?:in|near|off|outside|at|across|around|inside|(?:north|south|east|west)(?:-?(?:east|west))? of"
    r"|visit(?:s|ed|ing)?|(?:fl(?:y|ies|ew|ying)|travel\w*|head(?:s|ed|ing)?|trip|arriv\w*)\s+(?:to|in)"
    r"|struck|strikes|hit|hits|rock(?:s|ed)|shook|shakes|jolt(?:s|ed)|rattle[sd]?|batter(?:s|ed)"
    r"|(?:slam(?:s|med)|tore|tears|swept|sweeps)\s+(?:into|through|across))\s+"
    rf"(?:the\s+)?(?:(?:[\w'’-]+\s+){{0,3}}?{_KIND}\s+of\s+|{_DIRECTION}\s+)?)"
)
_BEFORE_A_PLACE = re.compile(_LOCATIVE + r"$")
_IN_HEADLINE = re.compile(_LOCATIVE + r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
# A headline that opens with a place ("Lyon commuters stranded", "Ecuador quake kills four",
# "Hamburg's S-Bahn stands still") puts its happening there, unless the place is speaking or acting
# as a government ("Moscow says", "Moscow and Tehran formalise").
_HEADLINE_OPENS = re.compile(r"^([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}?)(?:['’]s)?\s+([\w-]+)")
GOVERNMENT_VERBS = frozenset(
    {"says", "said", "warns", "accuses", "denies", "rejects", "urges", "calls", "demands", "vows", "threatens",
     "agrees", "signs", "plans", "wants", "backs", "condemns", "slams", "blames", "sets", "offers", "tells",
     "asks", "seeks", "insists", "announces", "expels", "summons", "sanctions", "responds", "welcomes",
     "and", "to", "will"}
)  # fmt: skip
LEAD_SENTENCES = 2
REACH = 80  # characters before a mention searched for the word of location


def distance_km(a: Location, b: Location) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    dlat, dlon = radians(b.lat - a.lat), radians(b.lon - a.lon)
    h = sin(dlat / 2) ** 2 + cos(radians(a.lat)) * cos(radians(b.lat)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def places_apart(a: Location, b: Location) -> bool:
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return True
    distance = distance_km(a, b)
    return distance is not None and distance > FAR_KM


def names_place(entity_keys: Iterable[str], place: Location) -> bool:
    """Whether these entity keys name the place: as a place, or inside another name ("the San
    Diego Chargers" name San Diego, where their receiver was arrested)."""
    target = f" {fold(place.name)} "
    return any(target in f" {fold(key.partition(':')[2])} " for key in entity_keys)


def told_apart(
    mine: Iterable[Location], my_lead: Iterable[str], theirs: Iterable[Location], their_lead: Iterable[str]
) -> bool:
    """Two reports, or two events, that put their happening at places all apart from one another,
    neither naming the other's place up front (in the entity keys of its lead, for an event those
    most of its reports' leads name): two happenings. A report whose lead names the other's place
    may tell the same happening from another side (the pledge on Syria that ended a visit to
    Moscow); a place named further down is background (the capital a government speaks from). One
    that states no place is no evidence either way."""
    mine, theirs = list(mine), list(theirs)
    my_lead, their_lead = list(my_lead), list(their_lead)
    if not mine or not theirs or not all(places_apart(a, b) for a in mine for b in theirs):
        return False
    return not any(names_place(their_lead, a) for a in mine) and not any(
        names_place(my_lead, b) for b in theirs
    )


def _opening_place(headline: str, bodies: set[str]) -> list[str]:
    """The name a headline opens with, when it places the happening rather than speaks, and is not
    the start of an organisation's name ("Philadelphia 76ers fire their coach")."""
    match = _HEADLINE_OPENS.match(headline)
    if match is None or match.group(2).casefold() in GOVERNMENT_VERBS:
        return []
    name = fold(match.group(1))
    return [] if any(body.startswith(name + " ") for body in bodies) else [match.group(1)]


def _from_headline(
    headline: str, named: set[str], bodies: set[str], gazetteer: Gazetteer, codes: set[str]
) -> list[Location]:
    """Places the headline puts something at, among the names the text gives too: a capitalised
    word after "in" is often no place ("in the Andes" would be a Colombian town)."""
    found = []
    for phrase in _opening_place(headline, bodies) + [m.group(1) for m in _IN_HEADLINE.finditer(headline)]:
        words = phrase.split()
        for size in range(len(words), 0, -1):  # "In Sochi For Talks": the longest name that is a place
            name = " ".join(words[:size]).rstrip(".,;:")
            if fold(name) in named and (place := _place_named(name, gazetteer, codes)):
                found.append(place)
                break
    return found


def _place_named(name: str, gazetteer: Gazetteer, codes: set[str]) -> Location | None:
    """The country or city of that name; none for a city name the text does not tell among its
    namesakes abroad: a wrong country would tell the report's happening apart from its own."""
    if (country := gazetteer.country(name)) is not None:
        return country
    return None if gazetteer.has_namesakes(name, codes) else gazetteer.city(name, codes)


@lru_cache(maxsize=256)
def lead_end(text: str) -> int:
    """Where the lead ends: the first LEAD_SENTENCES sentences, where news says what, where and when.
    Cached: an article's features and its stated place both ask."""
    first = sentences(text[:1500])[:LEAD_SENTENCES]
    return text.find(first[-1]) + len(first[-1]) if first else 0


def _from_lead(
    text: str, mentions: Iterable[EntityMention], gazetteer: Gazetteer, codes: set[str]
) -> list[Location]:
    end = lead_end(text)
    found = []
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start >= end or mention.type not in ("place", "country"):
            continue
        if not _BEFORE_A_PLACE.search(text[max(0, mention.start - REACH) : mention.start]):
            continue
        if (place := _place_named(mention.canonical or mention.text, gazetteer, codes)) is not None:
            found.append(place)
    return found


def stated_place(
    headline: str, text: str, mentions: tuple[EntityMention, ...], gazetteer: Gazetteer
) -> Location | None:
    """The place the report puts its happening at: of those its headline and lead state (see the
    module's docstring), the first city, else the first country; None when it says nowhere."""
    places = [m for m in mentions if m.type in ("place", "country")]
    codes = {
        found.country_code
        for m in places
        if m.type == "country" and (found := gazetteer.country(m.canonical or m.text)) and found.country_code
    }
    # Any type: the small model calls a city an organisation in "leaving Lyon commuters".
    named = {fold(name) for m in mentions for name in (m.text, m.canonical or m.text)}
    bodies = {fold(m.canonical or m.text) for m in mentions if m.type == "organisation"}
    stated = _from_headline(headline, named, bodies, gazetteer, codes) + _from_lead(
        text, places, gazetteer, codes
    )
    return next((p for p in stated if p.lat is not None), stated[0] if stated else None)
