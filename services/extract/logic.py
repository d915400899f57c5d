"""Turns NER spans into entity mentions: typed, trimmed, with offsets into the article text."""

from collections.abc import Iterable

from services.extract.canonical import canonicalise
from services.extract.labels import entity_type, is_place
from services.extract.refine import refine
from services.extract.relabel import relabel
from services.extract.when import happened_on
from shared.messages import Article, EntitiesExtracted, EntityMention

_LEADING = ("the ", "The ")
_TRAILING = ("'s", "’s")


def clean_span(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a leading article and a trailing possessive; the offsets follow the trimmed text."""
    surface = text[start:end]
    for lead in _LEADING:
        if surface.startswith(lead):
            start += len(lead)
            surface = surface[len(lead) :]
    for tail in _TRAILING:
        if surface.endswith(tail):
            end -= len(tail)
            surface = surface[: -len(tail)]
    return surface, start, end


def mentions_from_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> tuple[EntityMention, ...]:
    """`spans` are (start, end, label) character spans found by the NER model in `text`."""
    mentions = []
    for start, end, label in refine(text, relabel(text, list(spans)), is_place):
        surface, start, end = clean_span(text, start, end)
        if not surface.strip() or "\n" in surface:
            continue
        kind = entity_type(label, surface)
        if kind is None:
            continue
        mentions.append(EntityMention(text=surface, label=label, type=kind, start=start, end=end))
    return tuple(mentions)


def analyse(article: Article, spans: list[tuple[int, int, str]]) -> EntitiesExtracted:
    """Everything extract says about one article, from the NER model's spans over its text."""
    mentions = canonicalise(article.text, mentions_from_spans(article.text, spans))
    happened = None
    if article.published_at_source != "ingest_time":  # relative dates need a real publish time
        dates = [(start, end) for start, end, label in spans if label == "DATE"]
        happened = happened_on(article.text, dates, article.published_at)
    return EntitiesExtracted(article=article, mentions=mentions, happened_on=happened)
