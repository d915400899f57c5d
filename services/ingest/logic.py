"""Pure rules of ingest: canonical URLs, the text fingerprint, titles, and the article record."""

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from services.ingest.prepare import Prepared
from shared.messages import MAX_AHEAD, Article

# Query parameters that identify a campaign or a click, never the page.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src"})
TITLE_MAX_CHARS = 140
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, default port, tracking parameters and fragment dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(scheme)
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    params = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(sorted(params)), ""))


def _normal(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def text_fingerprint(text: str, source: str | None = None) -> str:
    """Equal for texts that differ only in case, Unicode form or whitespace, from one outlet (the
    `source` as named, in any case; no source is an outlet of its own). The same wire text run by
    another outlet is another article: that outlet chose to carry the story, and the event counts it."""
    outlet = _normal(source or "")
    return hashlib.sha256(f"{outlet}\n{_normal(text)}".encode()).hexdigest()


def title_from_text(text: str) -> str:
    """A short headline for an article that came without one: its first line or first sentence."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first_sentence = _SENTENCE_END.split(first_line, maxsplit=1)[0]
    if len(first_sentence) <= TITLE_MAX_CHARS:
        return first_sentence
    cut = first_sentence[:TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def article_id_for(submission_id: str, piece: int = 0) -> str:
    # Derived from the submission's message id (and the piece's place in it), so a redelivered
    # submission claims the same ids and is recognised as itself rather than as a duplicate.
    key = submission_id if piece == 0 else f"{submission_id}:{piece}"
    return "a_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def build_article(article_id: str, prepared: Prepared, url: str | None, received_at: datetime) -> Article:
    published = prepared.published_at
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)  # a date without a zone is taken as UTC
    if published is not None and published > received_at + MAX_AHEAD:
        published = None  # a page's or a feed's date in the future is an error, not a date
    title = (prepared.title or "").strip() or title_from_text(prepared.text)
    return Article(
        id=article_id,
        title=title,
        text=prepared.text,
        url=url,
        canonical_url=canonical_url(url) if url else None,
        source=prepared.source,
        author=prepared.author,
        published_at=published or received_at,
        published_at_source=prepared.published_at_source if published else "ingest_time",
        language=prepared.language,
        ingested_at=received_at,
    )
