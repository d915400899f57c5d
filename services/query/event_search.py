"""Events by filter, in SQL: the list (sorted, paged, with its total) and the timeline.

A page is found on the narrow columns (id and sort key) and only its own rows' bodies are read
afterwards: ordering tens of thousands of matches with their snapshots in tow was most of a
popular filter's cost. Its `total` is counted up to a bound (`total_limit`): past it the page
says `total_exact: false`, and `total` is the bound, a lower limit. Past it too, on SQLite, the
page is read in the sort's index order (see `filtered`'s `walk`): with that many matches the
page's rows come early, where finding every match first grew with their number.

Every condition of an EventFilter is a lookup in a table kept for it: the facet columns of
`events`, `entity_names` and `entity_events` for entities, `event_sources`, and the full-text
index. The live matcher (shared/event_filter.py) applies the same rules to one snapshot.
"""

import json
import math
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import Select, func, select

from services.query.database import Database
from services.query.filters import entities_known_as
from services.query.full_text import FullText
from services.query.pages import BY_DAY, BY_SCORE, BY_SIZE, BY_TIME, BadCursor, newest_first, page_of
from services.query.tables import entity_events, event_sources, events
from shared.api_models import EventsPage, TimelineBucket
from shared.event_filter import EARTH_RADIUS_KM, EventFilter
from shared.search_text import parse

Sort = Literal["date", "updated", "size", "relevance"]
Bucket = Literal["day", "week", "month"]
_ORDERINGS = {"date": BY_DAY, "updated": BY_TIME, "size": BY_SIZE, "relevance": BY_SCORE}


def _within(point: tuple[float, float], radius_km: float):
    """The event's place at most `radius_km` from `point`. Haversine, compared before its arcsine:
    distance <= r exactly when h <= sin^2(r / 2R), and no rounding can push asin out of range."""
    lat, lon = point
    dlat = func.radians(events.c.lat - lat) / 2
    dlon = func.radians(events.c.lon - lon) / 2
    h = func.sin(dlat) * func.sin(dlat) + math.cos(math.radians(lat)) * func.cos(
        func.radians(events.c.lat)
    ) * func.sin(dlon) * func.sin(dlon)
    degrees = radius_km / 111.0  # a box first, to pass over most rows cheaply
    limit = math.sin(min(radius_km / (2 * EARTH_RADIUS_KM), math.pi / 2)) ** 2
    return events.c.lat.between(lat - degrees, lat + degrees) & (h <= limit)


# Counting every match of a common word in a million articles takes longer than the page itself;
# ten thousand is as far as a count still tells a reader something a "more than" does not.
DEFAULT_TOTAL_LIMIT = 10_000


def filtered(
    wanted: EventFilter, search: FullText, known: Mapping[str, list[str]], walk: bool = False
) -> tuple[Select, object | None]:
    """The events passing `wanted` (id, day, updated_at, size), and the score column when there
    is a `q` (unless `walk`). `known` holds the entity ids each of `wanted.entity` stands for
    (`EventSearch.known_ids`): given the ids themselves, PostgreSQL's planner estimates a popular
    name's events from its statistics, where a subquery got the average of all names (1,397 for
    Putin's 48,300 at a million articles) and a plan 9x slower.

    `walk` writes the conditions on other tables as lookups for the event in hand, so SQLite
    reads the events in the sort's own index order, checks each against the conditions' indexes
    and stops at the page's end: the fast plan when the matches are many (a page is found within
    the first few thousand events), the slow one when they are few, which is why the caller
    chooses it only for a count past its bound. Finding every match first instead grew with
    their number: 96,600 events named Putin were gathered to fill a page of 50."""
    query = select(events.c.id, events.c.day, events.c.updated_at, events.c.size)
    score = None
    # Walking, the facet columns are read off the walked index, not looked up in their own.
    country = events.c.country + "" if walk else events.c.country
    size = events.c.size + 0 if walk else events.c.size

    def among(ids: Select, event_id) -> None:
        nonlocal query
        if walk:
            query = query.where(ids.where(event_id == events.c.id).exists())
        else:
            query = query.where(events.c.id.in_(ids))

    if wanted.q and walk:
        query = query.where(search.matches_event(parse(wanted.q), events))
    elif wanted.q:
        matching, ref = search.matching(parse(wanted.q), events)
        matched = matching.subquery()
        query = query.join(matched, matched.c.ref == ref).add_columns(matched.c.score)
        score = matched.c.score
    for value in wanted.entity:
        having = select(entity_events.c.event_id).where(entity_events.c.entity_id.in_(known[value]))
        if wanted.type:
            having = having.where(entity_events.c.type == wanted.type)
        among(having, entity_events.c.event_id)
    if wanted.type and not wanted.entity:
        among(
            select(entity_events.c.event_id).where(entity_events.c.type == wanted.type),
            entity_events.c.event_id,
        )
    if wanted.country:
        query = query.where(country == wanted.country)
    if wanted.point:
        query = query.where(_within(wanted.point, wanted.radius))
    if wanted.source:
        outlets = [s.casefold() for s in wanted.source]
        among(
            select(event_sources.c.event_id).where(event_sources.c.source.in_(outlets)),
            event_sources.c.event_id,
        )
    if wanted.min_articles:
        query = query.where(size >= wanted.min_articles)
    if wanted.since:
        query = query.where(events.c.day >= wanted.since)
    if wanted.until:
        query = query.where(events.c.day <= wanted.until)
    if wanted.story:
        query = query.where(events.c.story_id == wanted.story)
    return query, score


class EventSearch:
    def __init__(self, database: Database, search: FullText, total_limit: int = DEFAULT_TOTAL_LIMIT) -> None:
        self._db = database
        self._search = search
        self._total_limit = total_limit

    async def page(self, wanted: EventFilter, sort: Sort, cursor: str | None, limit: int) -> EventsPage:
        """`page_json`, read back: the page exactly as the read API serves it."""
        return EventsPage.model_validate_json(await self.page_json(wanted, sort, cursor, limit))

    async def page_json(self, wanted: EventFilter, sort: Sort, cursor: str | None, limit: int) -> str:
        """`page` as the JSON of an EventsPage, written from the stored snapshots as they are:
        parsing each one into a model only to write it out again was half of a read's CPU."""
        bodies, count, next_cursor = await self._rows(wanted, sort, cursor, limit)
        exact = count <= self._total_limit
        return (
            f'{{"data":[{",".join(bodies)}],"count":{len(bodies)},"total":{min(count, self._total_limit)},'
            f'"total_exact":{json.dumps(exact)},"next_cursor":{json.dumps(next_cursor)}}}'
        )

    async def _rows(self, wanted: EventFilter, sort: Sort, cursor: str | None, limit: int):
        known = await self.known_ids(wanted)
        query, score = filtered(wanted, self._search, known)
        if sort == "relevance" and score is None:
            raise BadCursor("sort=relevance needs q")
        key = {
            "date": events.c.day,
            "updated": events.c.updated_at,
            "size": events.c.size,
            "relevance": score,
        }[sort]
        ordering = _ORDERINGS[sort]
        # One past the bound, to tell "exactly the bound" from "more"; the score is left out of
        # the count, so full-text matches are only found, not ranked.
        bounded = query.with_only_columns(events.c.id).limit(self._total_limit + 1).subquery()
        total = select(func.count()).select_from(bounded)
        paged = newest_first(query, key, events.c.id, cursor, limit, ordering)
        can_walk = self._db.dialect == "sqlite" and sort != "relevance"

        def read(conn):
            count = conn.execute(total).scalar() or 0
            if can_walk and count > self._total_limit:
                walking, _ = filtered(wanted, self._search, known, walk=True)
                paged_here = newest_first(walking, key, events.c.id, cursor, limit, ordering)
            else:
                paged_here = paged
            rows = conn.execute(paged_here).all()
            ids = [row.id for row in rows[:limit]]
            stored = dict(conn.execute(select(events.c.id, events.c.body).where(events.c.id.in_(ids))).all())
            # An event merged away between the two reads is left out rather than failing the page.
            return rows, [stored[i] for i in ids if i in stored], count

        rows, bodies, count = await self._db.read(read)
        _, next_cursor = page_of(rows, limit, lambda row: getattr(row, key.name), ordering)
        return bodies, count, next_cursor

    async def known_as(self, value: str) -> list[str]:
        query = entities_known_as(value)
        return sorted(await self._db.read(lambda conn: list(conn.execute(query).scalars())))

    async def known_ids(self, wanted: EventFilter) -> dict[str, list[str]]:
        """The entity ids each of `wanted.entity` stands for, as `filtered` takes them."""
        return {value: await self.known_as(value) for value in wanted.entity}

    async def timeline(self, wanted: EventFilter, bucket: Bucket) -> list[TimelineBucket]:
        """How many matching events fall in each day, week (from Monday) or month, oldest first;
        buckets with none are left out."""
        query, _ = filtered(wanted, self._search, await self.known_ids(wanted))
        days = query.with_only_columns(events.c.day, func.count()).group_by(events.c.day)
        counts: Counter[date] = Counter()
        for day, n in await self._db.read(lambda conn: conn.execute(days).all()):
            counts[_bucket_start(day, bucket)] += n
        return [TimelineBucket(start=start, count=n) for start, n in sorted(counts.items())]


def _bucket_start(day: date, bucket: Bucket) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day
