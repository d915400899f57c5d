"""When the happening an article reports took place: a date mention in its lead, read against the
article's own publish time ("arrived on Wednesday", "will travel Monday", "on Nov. 1", "last week").

The lead is where news says when; dates further down are mostly background. A weekday is the most
recent such day on or before publication, or the next on or after it when the sentence speaks of
the future ("will", "is to", "plans to"). Other expressions are read by dateparser. A result more than
MAX_DISTANCE from publication is background ("the 2015 deal"), not the happening. A mention that
names one day beats a vague one that names a week or a month.
"""

import re
from datetime import date, datetime, timedelta

import dateparser

from shared.sentences import sentence_around

LEAD_CHARS = 600
MAX_DISTANCE = timedelta(days=45)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FUTURE = re.compile(
    r"\b(will|would|is to|are to|plans? to|is due to|is expected to|is slated to|is scheduled to|"
    r"next|upcoming|to (visit|travel|meet|attend|hold))\b",
    re.IGNORECASE,
)
# What names a day: a weekday, a month, yesterday/today, or last/this/next/ago. "Two days" alone is a
# duration, which dateparser would read as two days ago.
_NAMES_A_DAY = re.compile(
    r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?\b|\b(yesterday|today|tonight|last|this|next|ago|earlier)\b|\d{1,2}/\d{1,2}",
    re.IGNORECASE,
)
_STRETCH = re.compile(r"\b(weeks?|weekend|months?|years?|recently|earlier)\b", re.IGNORECASE)
_ONE_DAY = re.compile(
    r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)day\b|\d|\b(yesterday|today|tonight)\b", re.IGNORECASE
)
_YEAR_ONLY = re.compile(r"^(in |the )?(\d{4}s?|\w+ \d{4})$", re.IGNORECASE)


def _weekday(expression: str, published: date, future: bool) -> date | None:
    words = expression.casefold().replace("on ", "").split()
    if len(words) != 1 or words[0] not in WEEKDAYS:
        return None
    offset = (WEEKDAYS.index(words[0]) - published.weekday()) % 7
    return published + timedelta(days=offset) if future else published - timedelta(days=(7 - offset) % 7)


def resolve(expression: str, sentence: str, published: datetime) -> date | None:
    expression = expression.strip()
    if _YEAR_ONLY.match(expression) or not _NAMES_A_DAY.search(expression):
        return None
    future = bool(_FUTURE.search(sentence))
    found = _weekday(expression, published.date(), future)
    if found is None:
        parsed = dateparser.parse(
            expression,
            languages=["en"],
            settings={
                "RELATIVE_BASE": published.replace(tzinfo=None),
                "PREFER_DATES_FROM": "future" if future else "past",
            },
        )
        found = parsed.date() if parsed else None
    if found is None or abs(found - published.date()) > MAX_DISTANCE:
        return None
    return found


def is_vague(expression: str) -> bool:
    """An expression that names a stretch of days, not one ("last week", "earlier this month")."""
    return bool(_STRETCH.search(expression)) and not _ONE_DAY.search(expression)


def happened_on(text: str, date_spans: list[tuple[int, int]], published: datetime) -> date | None:
    """The first date mention in the lead that resolves to a day near publication; one that names
    a single day beats one that names a stretch, wherever the two stand in the lead ("the visit
    last week ... Putin was in Tehran on Nov. 1": dateparser reads the week as seven days back)."""
    vague = None
    for start, end in sorted(date_spans):
        if start >= LEAD_CHARS:
            break
        expression = text[start:end]
        found = resolve(expression, sentence_around(text, start, end), published)
        if found is None:
            continue
        if not is_vague(expression):
            return found
        vague = vague or found
    return vague
