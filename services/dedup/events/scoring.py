"""The online decision: which existing event, if any, an article belongs to.

Score = CONTENT_WEIGHT * cosine(article TF-IDF, event centroid)
      + ENTITY_WEIGHT * (share of the article's entity keys that the event has seen).
When the people an article is mostly about are absent from an event and the event's own key
people are absent from the article, the two report different meetings of different principals
(Rouhani in Moscow in 2017, Pezeshkian in Moscow in 2025), and the score drops by PEOPLE_PENALTY;
when they are mostly about the same person, it rises by PRINCIPAL_BONUS (a reworded follow-up that
shares few words with the first reports still shares its principal). A headline that names people,
none of them among those the event is most about, and not the one it is most about, reports on
someone else: the score drops by HEADLINE_PENALTY (the reports of one year's Oscar host name the
hosts of earlier years, so the words and names alone join two years' announcements).
Some things no likeness of words outweighs (another_happening): two dated things further apart
than the time window never meet (the same leader visiting the same capital five years later is
another event); nor do two that name different holders of one office (offices.py), which tells
times apart when an article carries no date; nor two whose reports put the happening at places
apart (places.py: a quake near Ambato and one near Malatya, dated or not).
Undated articles are judged by content and entities alone. They must also have more in common
with an event than a place or two: sharing only countries and cities (the Syria of a quake and of
a summit on Syria, the Marseille of a fire and of a strike), or no entity at all while both name
some (two quakes in two countries), an undated article joins only on content of its own
(too_little_in_common).
Inside the window, a dated article loses PENALTY_PER_DAY for each day it lies more than GRACE_DAYS
from a dated event. The best candidate at or above the threshold wins; otherwise the article starts
a new event.
"""

from dataclasses import dataclass
from datetime import date

from services.dedup.events.features import ArticleFeatures
from services.dedup.events.offices import Office, different_times
from services.dedup.events.people_match import share_a_person
from services.dedup.events.places import told_apart
from services.dedup.events.salience import named_in
from services.dedup.events.similarity import Vector, cosine
from shared.messages import Location

CONTENT_WEIGHT = 0.7
ENTITY_WEIGHT = 0.3
PEOPLE_PENALTY = 0.1
PRINCIPAL_BONUS = 0.1
HEADLINE_PENALTY = 0.1
# Within the window, time still counts: reports of one happening mostly come within a couple of
# days, and two look-alike happenings (two quakes in one week) are told apart partly by their days.
GRACE_DAYS = 2
PENALTY_PER_DAY = 0.03
# With no date, content alone must then carry a join: at least this cosine when the article and
# the event share only places (countries, cities), and this much when they share no entity though
# both name some.
CONTENT_WITH_PLACES_ONLY = 0.1
CONTENT_WITH_NO_ENTITY = 0.3


@dataclass(frozen=True)
class Candidate:
    event_id: str
    centroid: Vector
    entity_keys: frozenset[str]
    day: date | None
    key_people: frozenset[str] = frozenset()
    offices: frozenset[Office] = frozenset()
    top_people: tuple[str, ...] = ()  # its most salient people (headlines and leads), first first
    places: tuple[Location, ...] = ()  # the places its reports say it happened at (places.py)
    lead_keys: frozenset[str] = frozenset()  # entity keys most of its reports' leads name


def different_principals(article: ArticleFeatures, candidate: Candidate) -> bool:
    """Neither names the other's principals. The article's are those its headline and lead are
    about: three outlets covering one software flaw quote three different security researchers
    further down, and those are not whom the reports are about."""
    if not article.lead_people or not candidate.key_people:
        return False
    return not share_a_person(article.lead_people, candidate.entity_keys) and not share_a_person(
        candidate.key_people, article.entity_keys
    )


def same_principal(article: ArticleFeatures, candidate: Candidate) -> bool:
    """The article is mostly about someone the event is mostly about (see people_match)."""
    return share_a_person(article.key_people, candidate.key_people)


def headline_about_someone_else(article: ArticleFeatures, candidate: Candidate) -> bool:
    if not article.headline_people or not candidate.top_people:
        return False
    if named_in(article.headline, candidate.top_people[0].removeprefix("person:")):
        return False
    return not share_a_person(article.headline_people, candidate.top_people)


def too_little_in_common(article: ArticleFeatures, vector: Vector, candidate: Candidate) -> bool:
    """An undated article whose only common ground with the event, besides too few words, is a
    place or nothing. Places are named by reports of every kind: on sample pages written without
    their dates, a quake in Turkey and Syria otherwise joined a summit on northern Syria (content
    cosine 0.06), a quake in Afghanistan the one in Turkey (no entity in common), and a rail strike
    in Marseille a fire near Marseille two months later."""
    if article.day is not None:
        return False
    shared = article.entity_keys & candidate.entity_keys
    if shared:
        if not all(key.startswith(("country:", "place:")) for key in shared):
            return False
        floor = CONTENT_WITH_PLACES_ONLY
    elif len(article.entity_keys) >= 2 and candidate.entity_keys:
        floor = CONTENT_WITH_NO_ENTITY
    else:
        return False
    return cosine(vector, candidate.centroid) < floor


def another_happening(article: ArticleFeatures, candidate: Candidate, window_days: int) -> bool:
    """What no likeness of words can outweigh: dates further apart than the window, different
    holders of one office, or places apart (places.told_apart). A copy of a text is held to these
    too: a wire template reused for a quake in another country is not the same quake."""
    return (
        not within_window(article.day, candidate.day, window_days)
        or different_times(article.offices, candidate.offices)
        or article.place is not None
        and told_apart((article.place,), article.lead_keys, candidate.places, candidate.lead_keys)
    )


def within_window(a: date | None, b: date | None, window_days: int) -> bool:
    return a is None or b is None or abs((a - b).days) <= window_days


def days_apart_penalty(article_day: date | None, event_day: date | None) -> float:
    if article_day is None or event_day is None:
        return 0.0
    return PENALTY_PER_DAY * max(0, abs((article_day - event_day).days) - GRACE_DAYS)


def entity_overlap(article_keys: frozenset[str], event_keys: frozenset[str]) -> float:
    if not article_keys:
        return 0.0
    return len(article_keys & event_keys) / len(article_keys)


def score(article: ArticleFeatures, vector: Vector, candidate: Candidate) -> float:
    value = CONTENT_WEIGHT * cosine(vector, candidate.centroid) + ENTITY_WEIGHT * entity_overlap(
        article.entity_keys, candidate.entity_keys
    )
    if same_principal(article, candidate):
        value += PRINCIPAL_BONUS
    if headline_about_someone_else(article, candidate):
        value -= HEADLINE_PENALTY
    value -= days_apart_penalty(article.day, candidate.day)
    return value - PEOPLE_PENALTY if different_principals(article, candidate) else value


def best_event(
    article: ArticleFeatures,
    vector: Vector,
    candidates: list[Candidate],
    threshold: float,
    window_days: int,
) -> tuple[str | None, float]:
    """The event the article joins (None for a new one) and the winning score."""
    best_id, best_score = None, 0.0
    for candidate in candidates:
        if another_happening(article, candidate, window_days):
            continue
        if too_little_in_common(article, vector, candidate):
            continue
        value = score(article, vector, candidate)
        if value > best_score:
            best_id, best_score = candidate.event_id, value
    return (best_id, best_score) if best_score >= threshold else (None, best_score)
