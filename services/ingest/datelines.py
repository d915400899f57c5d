"""Finds an article's own date in its text: the dateline in the header above the body.

Only the header is searched, never the body or the teasers below it, so "Related coverage: ...,
October 12, 2017" cannot date the article. Only full dates with a year count: a page header like
"Friday, February 3rd" is the day the page was scraped, and a year-less date would be guessed.
dateparser reads the date once the pattern has found it.
"""

import re
from datetime import UTC, datetime

import dateparser

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\s?\d{2}(?:\s*[ap]\.?m\.?)?)?"  # "20: 09" from detokenised text
FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?){_TIME}",
    re.IGNORECASE,
)
_SETTINGS = {"TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first"}


def find_date(line: str) -> datetime | None:
    match = FULL_DATE.search(line)
    if match is None:
        return None
    found = re.sub(r":\s+", ":", match.group(0))
    parsed = dateparser.parse(found, languages=["en"], settings=_SETTINGS)
    return parsed.astimezone(UTC) if parsed else None


def dateline(header: tuple[str, ...]) -> datetime | None:
    """The first full date in the header lines, if any."""
    for line in header:
        if found := find_date(line):
            return found
    return None
