"""What clustering looks at in one article: its terms, its entity keys and its date."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from shared.messages import EntitiesExtracted, EntityMention

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Entity types that say who or where; nationalities ("Russian") are too common to tell events apart.
CLUSTERING_TYPES = frozenset({"person", "organisation", "country", "place", "other"})
TITLE_WEIGHT = 2  # a headline word counts as much as two body words


@dataclass(frozen=True)
class ArticleFeatures:
    article_id: str
    term_counts: Counter[str]
    entity_keys: frozenset[str]
    day: date | None  # None when the article carried no date of its own


def terms(text: str) -> list[str]:
    return [word for word in (w.casefold() for w in _WORD.findall(text)) if word not in STOP_WORDS]


def entity_key(mention: EntityMention) -> str:
    """A key under which mentions of one thing meet across articles.

    A person is keyed by surname, so "Putin" and "Vladimir Putin" meet; other names by their full
    folded text. This is deliberately rough: the entities issue replaces it with canonical ids.
    """
    name = mention.text.casefold().strip()
    if mention.type == "person":
        name = name.split()[-1]
    return f"{mention.type}:{name}"


def features_of(message: EntitiesExtracted) -> ArticleFeatures:
    article = message.article
    counts = Counter(terms(article.text))
    for word in terms(article.title):
        counts[word] += TITLE_WEIGHT
    keys = frozenset(entity_key(m) for m in message.mentions if m.type in CLUSTERING_TYPES)
    dated = article.published_at_source != "ingest_time"
    return ArticleFeatures(
        article_id=article.id,
        term_counts=counts,
        entity_keys=keys,
        day=article.published_at.date() if dated else None,
    )
