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


def prepare(submission: SubmitArticle) -> list[Prepared]:
    if submission.html is not None:
        return [_from_html(submission)]
    pieces = split_pieces(submission.text or "")
    single = len(pieces) == 1
    prepared = []
    for piece in pieces:
        cleaned = clean_text(piece.text, submission.title if single else None)
        if not cleaned.text:
            continue
        published, source_of_date = _dated(submission.published_at if single else None, cleaned.header)
        prepared.append(
            Prepared(
                title=cleaned.title,
                text=cleaned.text,
                source=(submission.source if single else None) or outlet(cleaned.header) or piece.site,
                author=None,
                published_at=published,
                published_at_source=source_of_date,
                language=submission.language or detect_language(cleaned.text),
            )
        )
    if not prepared:
        raise NoArticleText(
            "no article text is left once page furniture (share, comment, menu lines) is removed"
        )
    return prepared


def _from_html(submission: SubmitArticle) -> Prepared:
    page = read_page(submission.html or "", submission.url)
    cleaned = clean_text(page.text, submission.title or page.title)
    if len(cleaned.text.split()) < MIN_PAGE_WORDS:
        raise NoArticleText("no article text found in the HTML")
    published, source_of_date = _dated(submission.published_at or page.published_at, cleaned.header)
    return Prepared(
        title=cleaned.title,
        text=cleaned.text,
        source=submission.source or page.site_name,
        author=page.author,
        published_at=published,
        published_at_source=source_of_date,
        language=submission.language or detect_language(cleaned.text),
    )
