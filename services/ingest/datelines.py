"""Finds an article's own date in its text: the dateline in the header above the body.

Only the header is searched, never the body or the teasers below it, so "Related coverage: ...,
October 12, 2017" cannot date the article. Only full dates with a year count: a page header like
"Friday, February 3rd" is the day the page was scraped, and a year-less date would be guessed.
dateparser reads the date once the pattern has found it.

All-number dates ("05/28/2013", "16/08/2011") are read only when one order alone makes a date:
"05/02/2013" is the 2nd of May to an American site and the 5th of February to a British one, and a
date months off would keep the article out of its event (clustering's time window), which is worse
than no date at all.
"""

import re
from datetime import UTC, datetime

import dateparser

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\s?\d{2}(?:\s*[ap]\.?m\.?)?)?"  # "20: 09" from detokenised text
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY}(?:,|\s[-–])?\s+\d{{4}}|{_DAY}\s+{_MONTH},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?){_TIME}",
    re.IGNORECASE,
)
# Separators may have spaces around them in detokenised text ("05 / 28 / 2013").
NUMERIC_DATE = re.compile(r"\b(\d{1,2})\s?([/.])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})\b")
# A day without a year ("APR 28", "Wednesday, July 29"): recognised as a dateline, never read.
MONTH_DAY = re.compile(rf"\b(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?!\w)", re.IGNORECASE)
_SETTINGS = {"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first"}


def numeric_date(line: str) -> datetime | None:
    """An all-number date whose order is beyond doubt: one of its first two numbers exceeds 12,
    or both are the same. Two-digit years are read as 19xx from 70 up, else 20xx."""
    match = NUMERIC_DATE.search(line)
    if match is None:
        return None
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if year < 100:
        year += 1900 if year >= 70 else 2000
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first or first == second:
        month, day = first, second
    else:
        return None
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:  # "31/02/2013"
        return None


def find_date(line: str) -> datetime | None:
    match = FULL_DATE.search(line)
    if match is None:
        return numeric_date(line)
    found = re.sub(r":\s+", ":", match.group(0))
    parsed = dateparser.parse(found, languages=["en"], settings=_SETTINGS)
    return parsed.astimezone(UTC) if parsed else None


def dateline(header: tuple[str, ...]) -> datetime | None:
    """The first full date in the header lines, if any."""
    for line in header:
        if found := find_date(line):
            return found
    return None
