"""An event's face: the headline and the sentences that represent its articles best.

The representative article is the one closest to the event's centroid (its title and lead against
the sum of all its articles' terms): the report most in line with what the others say, rather
than the first to arrive, which is often a thin breaking-news item. Reports about as central as
the best (within CLOSE_ENOUGH) yield to the earliest published of them, whose headline usually
names the happening itself rather than its aftermath. Its headline is the event's
`title`, and its lead (the first sentence or two, as news puts the essentials first) the
`summary`.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from services.dedup.events.features import terms
from services.dedup.events.similarity import cosine, normalised
from shared.sentences import sentences

LEAD_SENTENCES = 2
SUMMARY_CHARS = 400
CLOSE_ENOUGH = 0.1
CANDIDATES = 50  # members weighed for centrality; an event's first reports are enough to judge


class Report(Protocol):
    title: str
    lead: str
    published_at: datetime


def lead_of(text: str) -> str:
    """The first sentence or two of a text, cut at a sentence end within SUMMARY_CHARS when it can."""
    first_paragraph = next((p.strip() for p in text.split("\n") if p.strip()), "")
    lead = ""
    for sentence in sentences(first_paragraph)[:LEAD_SENTENCES]:
        joined = f"{lead} {sentence}".strip()
        if lead and len(joined) > SUMMARY_CHARS:
            break
        lead = joined
    return lead if len(lead) <= SUMMARY_CHARS else lead[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


@lru_cache(maxsize=4096)
def _report_vector(title: str, lead: str) -> Mapping[str, float]:
    # An event's snapshot weighs the same reports again at every change; their vectors do not change.
    return normalised(Counter(terms(f"{title} {lead}")))


def most_central(reports: Sequence[Report], centroid: Mapping[str, float]) -> Report:
    """The earliest published of the reports whose headline and lead lie (about) closest to the
    centroid."""

    def closeness(report: Report) -> float:
        return cosine(_report_vector(report.title, report.lead), centroid)

    scored = [(closeness(r), r) for r in reports[:CANDIDATES]]
    best = max(score for score, _ in scored)
    return min((r for score, r in scored if score >= best - CLOSE_ENOUGH), key=lambda r: r.published_at)
