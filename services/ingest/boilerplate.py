"""Removes what a scraped page wraps around an article: share buttons, comment prompts, newsletter
offers, navigation, "related coverage" teasers, repeated titles and the site's header lines.

trafilatura does this for HTML, where markup and link density tell text from furniture; pasted or
scraped plain text has no markup left, so here lines and sentences are judged by their words. A
pattern only removes a short line or a sentence that is nothing but the pattern, so an article
sentence that mentions a newsletter stays.
"""

import re
from dataclasses import dataclass

from services.ingest.datelines import FULL_DATE, MONTH_DAY, NUMERIC_DATE

OUTLET_LINE = re.compile(r"^(?P<outlet>[^|\n]{2,60}?)\s*\|\s*(?:published|updated|posted)\b", re.IGNORECASE)
RELATED_LABEL = re.compile(r"^related\s*:\s*", re.IGNORECASE)

MAX_FURNITURE_WORDS = 20

_FURNITURE = [
    r"share( this)?( story| article| post| page)?( on| via)?( \w+)?:?( share on \w+)*",
    r"share on \w+( share on \w+)*",
    r"(tweet|email|print|whatsapp|facebook|twitter|linkedin|telegram|reddit)( this)?( article| story)?",
    r"(post|add|leave|write) (a |new |your )?(comment|reply)s?",
    r"be the first to comment",
    r"\d+ comments?|comments?( \(\d+\))?",
    r"read our comment policy.*",
    r"(sign up|subscribe)\b.*",
    r"(get|receive|join|sign up for|subscribe to)\b.*\bnewsletters?\b.*",
    r".*\bnewsletters?\b.*\b(inbox|sign up|subscribe)\b.*",
    r"(our |the )?(\w+ )?newsletters?",
    r"join (the|our) \w+( \w+)?",
    r"let your voice be heard!?",
    r"follow us\b.*",
    r"(read|see) (more|also)\b.*",
    r"read full (article|story)",
    r"(previous|next) (post|article|story)( (previous|next) (post|article|story))?",
    r"back to top( button)?",
    r"skip to (main )?content",
    r"(home|menu|search|log ?in|sign in|register|close|main navigation)( \| \w+)*",
    r"ads?|advertisement|sponsored( content)?",
    r"this site is protected by recaptcha.*",
    r"(we use|this (web)?site uses) cookies\b.*",
    r".*\b(privacy policy|terms of (service|use))\b.*\b(apply|agree|accept|read)\b.*",
    r"(privacy policy|terms of (service|use))",
    r"(photo|image|file photo)( credit)?:.*",
    r"(avatar )?by [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}",
    r"×?\s*\[[\w-]+ [^\]]*\]",  # a CMS shortcode that failed to render
    r"[\w.+-]+@[\w-]+\.[\w.]+",  # a bare e-mail address
    r"source: \S+",
    r"(https?://)?(www\.)?[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?",  # a bare site address
]
FURNITURE = re.compile(r"^(?:" + "|".join(_FURNITURE) + r")[.!]?$", re.IGNORECASE)
# A heading after which a page lists other stories; everything below it is teasers.
TEASERS = re.compile(
    r"^(related( articles| coverage| stories| posts| news| content)?|more (stories|news|from \w+|on this)|"
    r"you (may|might) also like|recommended( for you)?|most (read|popular)|trending( now)?|"
    r"latest news|top stories)\s*:?$",
    re.IGNORECASE,
)
SNIPPET_ENDS = ("...", "…")  # a teaser's snippet is the story's first words, cut off
INLINE_TEASER = re.compile(r"^related( articles| coverage| stories)?\s*:.*$", re.IGNORECASE)
# "MOSCOW —": a wire dateline's place, on a line of its own.
PLACE_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}\s*[—–-]+\s*$")
# How far down a page an "OUTLET | Published ..." or date line still belongs to the header (a
# photo caption can sit above it).
HEADER_REACH = 6
DATELINE_WORDS = frozenset(
    [
        "updated",
        "last",
        "published",
        "posted",
        "on",
        "at",
        "by",
        "am",
        "pm",
        "ist",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "est",
        "edt",
        "pst",
        "pdt",
        "aest",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "originally",
        "first",
        "a",  # "8: 41 p. m." as detokenised text spells it
        "p",
        "m",
        "et",
        "ct",
        "pt",
    ]
)
_TIME_WORD = re.compile(r"\d+")
# "PUBLISHED FRIDAY, MARCH 8, 2013 AT 12:46 PM / UPDATED AT 12:48 PM" is one line of 15 words; every
# word but the date must be a dateline word anyway, so the cap only keeps out run-on text.
DATELINE_MAX_WORDS = 20
HEADING_MAX_WORDS = 25  # a line this long is text, punctuated or not, never a heading
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str | None
    header: tuple[str, ...]  # the short lines above the body, where a dateline may sit


def is_furniture(fragment: str) -> bool:
    words = fragment.split()
    if not words or len(words) > MAX_FURNITURE_WORDS:
        return False
    return bool(FURNITURE.match(fragment.strip()) or INLINE_TEASER.match(fragment.strip()))


def _clean_paragraph(paragraph: str) -> str:
    sentences = [s for s in _SENTENCE.split(paragraph) if not is_furniture(s)]
    return " ".join(sentences).strip()


def _same(a: str, b: str) -> bool:
    return a.strip(" .").casefold() == b.strip(" .").casefold()


def _is_prose(line: str) -> bool:
    """A line that reads as a sentence of the article rather than a heading or page furniture."""
    return len(line.split()) >= 6 and line.rstrip().endswith((".", "”", '"', "’", "?", "!", ":"))


def is_dateline(line: str) -> bool:
    """An "OUTLET | Published <date>" line, or a short line that holds a date (with or without a
    year, in words or in numbers) and nothing but dateline words ("Updated:", a weekday, a time,
    a zone)."""
    if OUTLET_LINE.match(line):
        return True
    match = FULL_DATE.search(line) or NUMERIC_DATE.search(line) or MONTH_DAY.search(line)
    if match is None or len(line.split()) > DATELINE_MAX_WORDS:
        return False
    rest = (line[: match.start()] + " " + line[match.end() :]).casefold()
    return all(word in DATELINE_WORDS or _TIME_WORD.fullmatch(word) for word in re.findall(r"[^\W_]+", rest))


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if title is not None and is_dateline(title):
        # A scraper's "title" that is only a date is the dateline; the headline is in the text.
        lines.insert(0, title.strip())
        title = None
    lines = _without_teasers(lines)
    # The header: the lines above the first sentence of prose (site name, section, dateline, title).
    # A text with no sentence at all (a list of headlines, a brief) is all body.
    first_body = next(
        (i for i, line in enumerate(lines) if _is_prose(line) or len(line.split()) >= HEADING_MAX_WORDS), 0
    )
    header, body = lines[:first_body], lines[first_body:]
    # A dateline can sit just below a photo caption; it still belongs to the header.
    for line in body[:HEADER_REACH]:
        if is_dateline(line):
            header.append(line)
            body.remove(line)
    if title is None:
        title = _title_from_header(header)
    kept: list[str] = []
    # A line repeating the title is dropped, unless it is all there is (a one-sentence brief).
    drop_title = bool(title) and len(body) > 1
    for line in body:
        if is_furniture(line) or PLACE_DATELINE.match(line) or (drop_title and _same(line, title or "")):
            continue
        paragraph = _clean_paragraph(line)
        if paragraph and not (kept and _same(kept[-1], paragraph)):
            kept.append(paragraph)
    return Cleaned(text="\n\n".join(kept), title=title, header=tuple(header))


def _teaser_entry(line: str) -> bool:
    """A line of a teaser block: a date, a headline (no sentence), or a snippet cut off mid-way."""
    return is_dateline(line) or not _is_prose(line) or line.endswith(SNIPPET_ENDS)


def _without_teasers(lines: list[str]) -> list[str]:
    """The lines without "Related ..." blocks. A block is its heading and the entries under it
    (dates, headlines, snippets cut off with an ellipsis). One that the article's sentences resume
    after, in the first half of the page or closed by a cut-off snippet, is a teaser set into the
    article, and the article goes on below it; otherwise a heading in the second half starts the
    list of other stories that ends the page, and everything from it down goes. Headings above the
    article's first sentence are the page's menu, not teasers."""
    kept: list[str] = []
    index = 0
    # Above the first sentence is the page's header, where "Latest news" is a menu item.
    body_starts = next((i for i, line in enumerate(lines) if _is_prose(line)), len(lines))
    while index < len(lines):
        if index < body_starts or not TEASERS.match(lines[index]):
            kept.append(lines[index])
            index += 1
            continue
        end = index + 1
        while end < len(lines) and _teaser_entry(lines[end]):
            end += 1
        resumes = end < len(lines) and (index < len(lines) // 2 or lines[end - 1].endswith(SNIPPET_ENDS))
        if not resumes and index >= len(lines) // 2:
            break
        index = end
    return kept


def _title_from_header(header: list[str]) -> str | None:
    """The headline among the header lines: a repeated line, else the longest with 4+ words that
    is not a caption (a sentence ending in a full stop) or a dateline. A "RELATED:" label in front
    of a headline, as aggregator pages print it, is dropped."""
    unlabelled = [RELATED_LABEL.sub("", line) for line in header]
    candidates = [
        line
        for line in unlabelled
        if len(line.split()) >= 4
        and not is_furniture(line)
        and not is_dateline(line)
        and not line.endswith(".")
    ]
    for line in candidates:
        if sum(_same(line, other) for other in unlabelled) > 1:
            return line.rstrip(" .")
    best = max(candidates, key=len, default=None)
    return best.rstrip(" .") if best else None
