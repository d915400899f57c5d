"""Who and where an event's reports are about: salience of its entities, and its location.

A mention in an article's lead weighs twice a mention further down, and an entity named in the
headline gains HEADLINE_BONUS once per article: news puts the principals and the place first. The
location is the most salient known city, unless it lies in another country than the most salient
one and weighs less than CITY_SHARE of it: Moscow is where Iran's president visited (Iran is named
more, but Moscow is in every headline and lead), while Johannesburg, from where India's prime minister
watched, is not where India's Moon landing took place.
"""

from collections.abc import Iterable

from shared.gazetteer import Gazetteer
from shared.messages import EntityMention, Location

LEAD_CHARS = 400
LEAD_WEIGHT = 2.0
HEADLINE_BONUS = 3.0
CITY_SHARE = 0.4


def mention_weight(mention: EntityMention) -> float:
    return LEAD_WEIGHT if mention.start < LEAD_CHARS else 1.0


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def names_a_place(mention: EntityMention) -> bool:
    """ "Tehran" and "Iran" name places; "Iranian" names people by their country, not a place."""
    return mention.label in PLACE_LABELS


def named_in(headline: str, name: str) -> bool:
    """Whether a headline names the entity, by its full name or its last word ("Putin")."""
    folded = headline.casefold()
    return name.casefold() in folded or name.split()[-1].casefold() in folded.split()


def locate(ranked: Iterable[tuple[str, str, float]], gazetteer: Gazetteer) -> Location | None:
    """`ranked` holds (name, type, salience), most salient first. A city name shared by several
    cities is read as the one in a country the reports name."""
    ranked = list(ranked)
    countries = [
        (found, s) for name, kind, s in ranked if kind == "country" and (found := gazetteer.country(name))
    ]
    codes = {c.country_code for c, _ in countries if c.country_code}
    country = countries[0] if countries else None
    city = None
    for name, kind, salience in ranked:
        if kind == "place" and (found := gazetteer.city(name, codes)):
            city = (found, salience)
            break
    if city is None:
        return country[0] if country else None
    if (
        country is None
        or city[0].country_code == country[0].country_code
        or city[1] >= CITY_SHARE * country[1]
    ):
        return city[0]
    return country[0]
