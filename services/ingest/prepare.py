"""From one raw submission (text, or an HTML page) to the cleaned articles it contains.

Dates come from metadata first (the request's `published_at`, the page's own metadata), then from
the dateline in the text; an article with neither is dated by its arrival, and the field
`published_at_source` says which of the three it was.
"""

from dataclasses import dataclass
from datetime import datetime

from services.ingest.aggregator import outlet, split_pieces
from services.ingest.boilerplate import clean_text
from services.ingest.datelines import dateline
from services.ingest.html_page import read_page
from services.ingest.language import detect_language
from shared.messages import DateSource, SubmitArticle

# trafilatura falls back to whatever text a page has; fewer words than this is not an article.
MIN_PAGE_WORDS = 15


class NoArticleText(ValueError):
    """The input held nothing that reads as an article."""


@dataclass(frozen=True)
class Prepared:
    title: str | None
    text: str
    source: str | None
    author: str | None
    published_at: datetime | None
    published_at_source: DateSource
    language: str | None


def _dated(metadata: datetime | None, header: tuple[str, ...]) -> tuple[datetime | None, DateSource]:
    if metadata is not None:
        return metadata, "metadata"
    if (found := dateline(header)) is not None:
        return found, "text"
    return None, "ingest_time"


@dataclass(frozen=True)
class _Input:
    """What a submission gives, once an HTML page is read: the text, and the fields that describe
    it (from the request first, then the page's own metadata)."""

    text: str
    title: str | None
    source: str | None
    author: str | None
    published_at: datetime | None
    language: str | None
    min_words: int  # fewer words than this is no article
    nothing_found: str


def prepare(submission: SubmitArticle) -> list[Prepared]:
    """The articles of a submission: one, or one per outlet for a page that pastes several outlets'
    articles together (as text or as HTML). Fields given for the whole page (title, source, date,
    author) describe the article only when there is one."""
    given = _read(submission)
    pieces = split_pieces(given.text)
    single = len(pieces) == 1
    prepared = []
    for piece in pieces:
        cleaned = clean_text(piece.text, given.title if single else None)
        if len(cleaned.text.split()) < given.min_words:
            continue
        published, source_of_date = _dated(given.published_at if single else None, cleaned.header)
        prepared.append(
            Prepared(
                title=cleaned.title,
                text=cleaned.text,
                source=(given.source if single else None) or outlet(cleaned.header) or piece.site,
                author=given.author if single else None,
                published_at=published,
                published_at_source=source_of_date,
                language=given.language or detect_language(cleaned.text),
            )
        )
    if not prepared:
        raise NoArticleText(given.nothing_found)
    return prepared


def _read(submission: SubmitArticle) -> _Input:
    if submission.html is None:
        return _Input(
            text=submission.text or "",
            title=submission.title,
            source=submission.source,
            author=None,
            published_at=submission.published_at,
            language=submission.language,
            min_words=1,
            nothing_found="no article text is left once page furniture (share, comment, menu lines) is removed",
        )
    page = read_page(submission.html, submission.url)
    return _Input(
        text=page.text,
        title=submission.title or page.title,
        source=submission.source or page.site_name,
        author=page.author,
        published_at=submission.published_at or page.published_at,
        language=submission.language,
        min_words=MIN_PAGE_WORDS,
        nothing_found="no article text found in the HTML",
    )
