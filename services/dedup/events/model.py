"""An event's state inside dedup, how an article changes it, and the snapshot it publishes."""

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel

from services.dedup.events.features import CLUSTERING_TYPES, KEY_PEOPLE, key_people
from services.dedup.events.offices import offices_held
from services.dedup.events.salience import HEADLINE_BONUS, locate, mention_weight, named_in, names_a_place
from services.dedup.events.scoring import Candidate
from services.dedup.events.similarity import Vector, add_vectors, normalised
from services.dedup.events.summary import lead_of, most_central
from shared.entity_ids import entity_id_for, entity_key
from shared.gazetteer import Gazetteer
from shared.messages import Article, Copy, EntityMention, EntityType, EventEntity, EventSnapshot, Location

SNAPSHOT_ENTITIES = 25


@dataclass(frozen=True)
class Seen:
    """What dedup read in an article about its happening, added up in its event."""

    place: Location | None = None  # where it says the happening was
    lead_keys: frozenset[str] = frozenset()  # entity keys its headline and lead name


NOWHERE = Seen()


class Member(BaseModel):
    id: str
    title: str
    source: str | None
    published_at: datetime
    dated: bool
    happened_on: date | None = None  # from the article's lead, when it says
    lead: str = ""  # its first sentence or two, for the event's summary
    duplicate_of: str | None = None  # the first copy of the story, when this article is a copy

    @property
    def day(self) -> date | None:
        """The day this article puts the happening on: what its lead says, else its dateline."""
        return self.happened_on or (self.published_at.date() if self.dated else None)


class Tally(BaseModel):
    name: str
    type: EntityType
    count: int
    salience: float = 0.0  # see salience.py
    where: float = 0.0  # the salience of mentions naming it as a place (not "Iranian"), for location


class EventState(BaseModel):
    id: str
    revision: int
    term_sum: Vector
    members: list[Member]
    entities: dict[str, Tally]
    first_seen: datetime
    last_seen: datetime
    merged: list[str] = []  # ids of the events merged into this one
    offices: list[tuple[str, str]] = []  # (office, holder) as its articles name them: offices.py
    places: list[Location] = []  # the distinct places its articles say it happened at (places.py)
    lead_counts: dict[str, int] = {}  # entity key -> how many of its articles' leads name it
    story_id: str | None = None  # the story it is part of (services/dedup/stories)


def event_id_for(article_id: str) -> str:
    # Named after its first article, so re-running the same first article re-creates the same id.
    return "e_" + hashlib.sha256(article_id.encode()).hexdigest()[:16]


def _member(article: Article, happened: date | None, duplicate_of: str | None) -> Member:
    return Member(
        id=article.id,
        title=article.title,
        source=article.source,
        published_at=article.published_at,
        dated=article.published_at_source != "ingest_time",
        happened_on=happened,
        lead=lead_of(article.text),
        duplicate_of=duplicate_of,
    )


def _places(places: list[Location], more: list[Location]) -> list[Location]:
    return list({(p.name, p.country_code): p for p in [*places, *more]}.values())


def _counted(counts: dict[str, int], keys: Iterable[str]) -> dict[str, int]:
    added = dict(counts)
    for key in keys:
        added[key] = added.get(key, 0) + 1
    return added


def _tally(
    entities: dict[str, Tally], mentions: tuple[EntityMention, ...], headline: str
) -> dict[str, Tally]:
    merged = dict(entities)
    headlined: set[str] = set()
    for mention in mentions:
        key = entity_key(mention)
        seen = merged.get(key)
        # The longest form seen is the most informative name ("Vladimir Putin" over "Putin").
        text = mention.canonical or mention.text
        name = text if seen is None or len(text) > len(seen.name) else seen.name
        weight = mention_weight(mention)
        if key not in headlined and named_in(headline, text):
            headlined.add(key)
            weight += HEADLINE_BONUS
        merged[key] = Tally(
            name=name,
            type=mention.type,
            count=(seen.count if seen else 0) + 1,
            salience=(seen.salience if seen else 0.0) + weight,
            where=(seen.where if seen else 0.0) + (weight if names_a_place(mention) else 0.0),
        )
    return merged


def start_event(
    article: Article,
    mentions: tuple[EntityMention, ...],
    vector: Vector,
    now: datetime,
    happened: date | None = None,
    seen: Seen = NOWHERE,
) -> EventState:
    return EventState(
        id=event_id_for(article.id),
        revision=1,
        term_sum=dict(vector),
        members=[_member(article, happened, None)],
        entities=_tally({}, mentions, article.title),
        first_seen=now,
        last_seen=now,
        offices=sorted(offices_held(article.text, mentions)),
        places=[seen.place] if seen.place else [],
        lead_counts=_counted({}, seen.lead_keys),
    )


def join_event(
    state: EventState,
    article: Article,
    mentions: tuple[EntityMention, ...],
    vector: Vector,
    now: datetime,
    happened: date | None = None,
    duplicate_of: str | None = None,
    seen: Seen = NOWHERE,
) -> EventState:
    return state.model_copy(
        update={
            "revision": state.revision + 1,
            "term_sum": add_vectors(state.term_sum, vector),
            "members": [*state.members, _member(article, happened, duplicate_of)],
            "entities": _tally(state.entities, mentions, article.title),
            "last_seen": now,
            "offices": sorted(set(state.offices) | offices_held(article.text, mentions)),
            "places": _places(state.places, [seen.place] if seen.place else []),
            "lead_counts": _counted(state.lead_counts, seen.lead_keys),
        }
    )


def _most_given(days: Counter[date]) -> date | None:
    """The day given most often, the earliest on a tie; None for no days."""
    if not days:
        return None
    top = max(days.values())
    return min(day for day, n in days.items() if n == top)


def event_day(state: EventState) -> date:
    """The day most articles put the happening on; else the earliest seen."""
    happened = _most_given(Counter(m.day for m in state.members if m.day is not None))
    return happened or min(m.published_at for m in state.members).date()


def publication_day(state: EventState) -> date | None:
    """The day most of the dated articles were published on, for the time window."""
    return _most_given(Counter(m.published_at.date() for m in state.members if m.dated))


def window_day(state: EventState) -> date:
    """The day the candidate index files an event under: the same publication day the window
    compares articles against, or, for an event with no dated article, its earliest arrival."""
    return publication_day(state) or min(m.published_at for m in state.members).date()


def as_candidate(state: EventState) -> Candidate:
    """The event as scoring sees it."""
    keys = frozenset(k for k, t in state.entities.items() if t.type in CLUSTERING_TYPES)
    people = Counter({k: t.count for k, t in state.entities.items() if t.type == "person"})
    # Per candidate, per article: the top two, not a sort of every person the event has named.
    most_salient = heapq.nsmallest(
        KEY_PEOPLE,
        ((k, t) for k, t in state.entities.items() if t.type == "person"),
        key=lambda kv: (-kv[1].salience, kv[0]),
    )
    return Candidate(
        event_id=state.id,
        centroid=normalised(state.term_sum),
        entity_keys=keys,
        day=publication_day(state),
        key_people=key_people(people),
        top_people=tuple(k for k, _ in most_salient),
        offices=frozenset(state.offices),
        places=tuple(state.places),
        # What at least half of its reports name up front: what the event is about, not what one
        # report mentions in passing.
        lead_keys=frozenset(k for k, n in state.lead_counts.items() if 2 * n >= len(state.members)),
    )


def merged_reading(a: EventState, b: EventState) -> dict:
    """The places and lead counts of two events merged into one."""
    counts = dict(a.lead_counts)
    for key, n in b.lead_counts.items():
        counts[key] = counts.get(key, 0) + n
    return {"places": _places(a.places, b.places), "lead_counts": counts}


def _location(entities: dict[str, Tally], gazetteer: Gazetteer) -> Location | None:
    ranked = sorted(entities.values(), key=lambda t: (-t.where, -t.count))
    return locate(((t.name, t.type, t.where) for t in ranked if t.where > 0), gazetteer)


def event_location(state: EventState, gazetteer: Gazetteer) -> Location | None:
    return _location(state.entities, gazetteer)


def snapshot(state: EventState, gazetteer: Gazetteer) -> EventSnapshot:
    # Key participants first: who the reports are about, then the rest.
    ranked = sorted(state.entities.items(), key=lambda kv: (-kv[1].salience, -kv[1].count, kv[1].name))
    top = max((t.salience for t in state.entities.values()), default=0.0) or 1.0
    face = most_central([m for m in state.members if m.duplicate_of is None], normalised(state.term_sum))
    copies = tuple(
        Copy(article_id=m.id, duplicate_of=m.duplicate_of) for m in state.members if m.duplicate_of
    )
    outlets: dict[str, str] = {}
    for member in state.members:
        if member.source:
            outlets.setdefault(member.source.casefold(), member.source)
    return EventSnapshot(
        id=state.id,
        title=face.title or next((m.title for m in state.members if m.title), ""),
        summary=face.lead,
        date=event_day(state),
        location=event_location(state, gazetteer),
        entities=tuple(
            EventEntity(
                id=entity_id_for(key),
                name=t.name,
                type=t.type,
                count=t.count,
                salience=round(t.salience / top, 3),
            )
            for key, t in ranked[:SNAPSHOT_ENTITIES]
        ),
        article_ids=tuple(m.id for m in state.members),
        article_count=len(state.members) - len(copies),
        source_count=len(outlets),
        sources=tuple(outlets.values()),
        duplicates=copies,
        merged_ids=tuple(state.merged),
        revision=state.revision,
        first_seen=state.first_seen,
        last_seen=state.last_seen,
    )
