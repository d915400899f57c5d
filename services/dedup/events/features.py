"""What clustering looks at in one article: its terms, its entity keys and its date."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS

from services.dedup.events.offices import Office, offices_held
from services.dedup.events.places import lead_end, stated_place
from services.dedup.events.salience import LEAD_CHARS, named_in
from shared.entity_ids import entity_key
from shared.gazetteer import Gazetteer
from shared.messages import EntitiesExtracted, Location

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Entity types that say who or where. Nationalities that name no country ("Kurdish", "Shia") are too
# common to tell events apart; those that do ("Russian") were resolved to their country by extract.
CLUSTERING_TYPES = frozenset({"person", "organisation", "country", "place", "other"})
TITLE_WEIGHT = 2  # a headline word counts as much as two body words


KEY_PEOPLE = 2  # the most mentioned people are who a report is about


@dataclass(frozen=True)
class ArticleFeatures:
    article_id: str
    term_counts: Counter[str]
    entity_keys: frozenset[str]
    day: date | None  # None when the article carried no date of its own
    key_people: frozenset[str] = frozenset()
    offices: frozenset[Office] = frozenset()  # see offices.py
    place: Location | None = None  # where it says the happening was (places.stated_place)
    lead_keys: frozenset[str] = frozenset()  # entity keys its headline and lead name (places.lead_end)
    headline: str = ""
    headline_people: frozenset[str] = frozenset()  # people's keys the headline names
    # The key people among those named in the headline or the lead: who the report is about, not
    # the experts it quotes further down (see scoring.different_principals).
    lead_people: frozenset[str] = frozenset()


def key_people(person_counts: Counter[str]) -> frozenset[str]:
    return frozenset(key for key, _ in person_counts.most_common(KEY_PEOPLE))


@cache
def _stemmer():
    return snowballstemmer.stemmer("english")


def terms(text: str) -> list[str]:
    """Content words, stemmed so that "killed", "kills" and "killing" count as one term."""
    words = [word for word in (w.casefold() for w in _WORD.findall(text)) if word not in STOP_WORDS]
    return _stemmer().stemWords(words)


def features_of(message: EntitiesExtracted, gazetteer: Gazetteer | None = None) -> ArticleFeatures:
    """With a gazetteer, also the place the article says its happening was at (places.py)."""
    article = message.article
    counts = Counter(terms(article.text))
    for word in terms(article.title):
        counts[word] += TITLE_WEIGHT
    keys = frozenset(entity_key(m) for m in message.mentions if m.type in CLUSTERING_TYPES)
    dated = article.published_at_source != "ingest_time"
    # The time window compares publication days: a lead's own dates describe the happening better
    # (see events.event_day) but vary more between reports of one event (follow-ups, previews).
    day = article.published_at.date() if dated else None
    people = Counter(entity_key(m) for m in message.mentions if m.type == "person")
    named = frozenset(key for key in people if named_in(article.title, key.removeprefix("person:")))
    in_lead = named | {entity_key(m) for m in message.mentions if m.type == "person" and m.start < LEAD_CHARS}
    up_front = lead_end(article.text)
    lead_keys = {entity_key(m) for m in message.mentions if m.start < up_front}
    lead_keys |= {k for k in keys if named_in(article.title, k.partition(":")[2])}
    return ArticleFeatures(
        article_id=article.id,
        term_counts=counts,
        entity_keys=keys,
        day=day,
        key_people=key_people(people),
        offices=offices_held(article.text, message.mentions),
        headline=article.title,
        headline_people=named,
        lead_people=key_people(Counter({key: n for key, n in people.items() if key in in_lead})),
        place=stated_place(article.title, article.text, message.mentions, gazetteer) if gazetteer else None,
        lead_keys=frozenset(lead_keys),
    )
