"""Main text and metadata of a fetched HTML page, through trafilatura."""

from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura

# The page's own date markup only (meta tags, structured data, <time>, the URL). htmldate's
# extensive search also reads dates out of the running text, where a bare year becomes 1 January
# of it: a page with no date markup came out dated 2015-01-01 for a "(c) 2015" footer or a "since
# 2015" in its story, marked as if its metadata said so, and was then kept out of its event by the
# time window. A date in the text is left to our dateline reader, which takes it only from the
# article's header and marks it "text".
ONLY_MARKED_DATES = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    author: str | None
    site_name: str | None
    published_at: datetime | None


def read_page(html: str, url: str | None) -> Page:
    if "<body" not in html[:5000].lower():
        # A fragment (a feed item's content:encoded, a pasted snippet): trafilatura finds nothing
        # in markup without a document around it.
        html = f"<html><body><article>{html}</article></body></html>"
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=ONLY_MARKED_DATES,
    )
    if document is None:
        return Page(text="", title=None, author=None, site_name=None, published_at=None)
    published = None
    if document.date:
        # trafilatura (htmldate) gives the day; without a time, midnight UTC stands for it.
        published = datetime.fromisoformat(document.date).replace(tzinfo=UTC)
    return Page(
        text=document.text or "",
        title=document.title,
        author=document.author,
        site_name=document.sitename,
        published_at=published,
    )
