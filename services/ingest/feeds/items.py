"""Reading a fetched feed document into items, and when to poll a feed next. No I/O here."""

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import feedparser

FULL_TEXT_WORDS = 80  # a feed item with this many words of content carries the article itself
MAX_BACKOFF = timedelta(hours=6)
_TAG = re.compile(r"<[^>]+>")


class MalformedFeed(ValueError):
    pass


@dataclass(frozen=True)
class FeedItem:
    guid: str
    link: str | None
    title: str | None
    published_at: datetime | None
    content_html: str | None  # the full article when the feed carries it, else None


def feed_id_for(url: str) -> str:
    return "f_" + hashlib.sha256(url.encode()).hexdigest()[:12]


def _published(entry: feedparser.FeedParserDict) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def _full_text(entry: feedparser.FeedParserDict) -> str | None:
    for content in entry.get("content") or []:
        html = content.get("value") or ""
        if len(_TAG.sub(" ", html).split()) >= FULL_TEXT_WORDS:
            return html
    return None


def parse_items(document: bytes) -> list[FeedItem]:
    parsed = feedparser.parse(document)
    items = []
    for entry in parsed.entries:
        guid = entry.get("id") or entry.get("link")
        if not guid:
            continue  # an item with neither id nor link cannot be told from its repeats
        items.append(
            FeedItem(
                guid=guid,
                link=entry.get("link"),
                title=entry.get("title"),
                published_at=_published(entry),
                content_html=_full_text(entry),
            )
        )
    # feedparser reads what it can of a broken document; broken and empty is an error.
    if parsed.bozo and not items:
        raise MalformedFeed(f"not a readable RSS or Atom feed: {parsed.get('bozo_exception')}")
    return items


def next_poll(now: datetime, interval_s: int, failures: int) -> datetime:
    """On schedule after a success; after failures, doubling waits up to MAX_BACKOFF."""
    wait = timedelta(seconds=interval_s) * (2 ** min(failures, 16))
    return now + min(wait, max(MAX_BACKOFF, timedelta(seconds=interval_s)))
