"""Merging two events that turn out to be one.

Online clustering decides each article once, in arrival order, so one happening can start as two
events: a second report arrived before the words or names that tie it to the first. When an
article changes an event, the event is compared with the other candidates the article was scored
against; one that now looks like the same happening (centroid cosine and shared entity keys
together at or above MERGE_AT, inside the time window) is merged into it. The event with more
articles survives (the older on a tie) so its id, the one more clients hold, stays; the other id
redirects to it.

A merge keeps what tells happenings apart whatever their words (the window, the holders of an
office, places apart) but skips the other checks a join makes (different principals, a headline
about someone else), so its bar sits well above a join's: at 0.6, three of the five merges
made on ECB+ and its dated stand-in joined two look-alike happenings (two Iran quakes, two teams'
offers to one player, two players' arrests), at 0.7 none is made there (decision 0008).
"""

from services.dedup.events.model import EventState, Tally, as_candidate, merged_reading
from services.dedup.events.offices import different_times
from services.dedup.events.places import told_apart
from services.dedup.events.scoring import CONTENT_WEIGHT, ENTITY_WEIGHT, Candidate, within_window
from services.dedup.events.similarity import add_vectors, cosine

MERGE_AT = 0.7


def likeness(a: Candidate, b: Candidate) -> float:
    """How alike two events are: centroid cosine, and the share of the smaller one's entity keys
    the other has, weighed as an article's score is."""
    smaller = min(len(a.entity_keys), len(b.entity_keys))
    shared = len(a.entity_keys & b.entity_keys) / smaller if smaller else 0.0
    return CONTENT_WEIGHT * cosine(a.centroid, b.centroid) + ENTITY_WEIGHT * shared


def merge_partner(state: EventState, others: list[Candidate], window_days: int) -> str | None:
    """The id of the other event most like `state`, if it is alike enough to be the same happening.
    `others` are the candidates the article was scored against, as they were before it joined."""
    mine = as_candidate(state)
    best, best_score = None, MERGE_AT
    for theirs in others:
        if theirs.event_id == state.id or not within_window(mine.day, theirs.day, window_days):
            continue
        if different_times(mine.offices, theirs.offices):
            continue
        if told_apart(mine.places, mine.lead_keys, theirs.places, theirs.lead_keys):
            continue
        if (value := likeness(mine, theirs)) >= best_score:
            best, best_score = theirs.event_id, value
    return best


def _tallies(a: dict[str, Tally], b: dict[str, Tally]) -> dict[str, Tally]:
    merged = dict(a)
    for key, tally in b.items():
        if (held := merged.get(key)) is None:
            merged[key] = tally
            continue
        merged[key] = Tally(
            name=max(held.name, tally.name, key=len),
            type=held.type,
            count=held.count + tally.count,
            salience=held.salience + tally.salience,
            where=held.where + tally.where,
        )
    return merged


def merge(a: EventState, b: EventState) -> tuple[EventState, EventState]:
    """(the merged event under the surviving id, the event absorbed into it)."""
    survivor, absorbed = (
        (a, b) if (len(a.members), b.first_seen) >= (len(b.members), a.first_seen) else (b, a)
    )
    merged = survivor.model_copy(
        update={
            "revision": max(a.revision, b.revision) + 1,
            "term_sum": add_vectors(survivor.term_sum, absorbed.term_sum),
            "members": [*survivor.members, *absorbed.members],
            "entities": _tallies(survivor.entities, absorbed.entities),
            "first_seen": min(a.first_seen, b.first_seen),
            "last_seen": max(a.last_seen, b.last_seen),
            "merged": [*survivor.merged, absorbed.id, *absorbed.merged],
            "offices": sorted(set(a.offices) | set(b.offices)),
            **merged_reading(a, b),
        }
    )
    return merged, absorbed
