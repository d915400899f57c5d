"""Reads by entity: search by name or alias, and one entity with its aliases, place, events and
company."""

from sqlalchemy import Connection, and_, func, or_, select

from services.query.database import Database
from services.query.filters import escape_like
from services.query.pages import BY_REACH, decode_cursor, encode_cursor
from services.query.tables import entity_aliases, entity_events, events
from shared.api_models import EntitiesPage, EntityDetail, EntitySummary, EventPublic
from shared.gazetteer import Gazetteer


def _starts_a_word(column, prefix: str):
    folded = escape_like(prefix.casefold().strip())
    return or_(column.like(f"{folded}%", escape="\\"), column.like(f"% {folded}%", escape="\\"))


class EntityReads:
    def __init__(self, database: Database, gazetteer: Gazetteer | None = None) -> None:
        self._db = database
        self._gazetteer = gazetteer or Gazetteer()

    async def entities(
        self, *, prefix: str | None, kind: str | None, limit: int, cursor: str | None = None
    ) -> EntitiesPage:
        """Entities whose name or an alias, or a word of either, starts with `prefix` ("america"
        finds the United States); most widely reported first (in most events, then most mentions,
        then by id), a page at a time."""
        query = _entity_summaries()
        if prefix:
            by_alias = select(entity_aliases.c.entity_id).where(
                _starts_a_word(entity_aliases.c.folded, prefix)
            )
            query = query.where(
                or_(_starts_a_word(entity_events.c.folded, prefix), entity_events.c.entity_id.in_(by_alias))
            )
        if kind:
            query = query.where(entity_events.c.type == kind)
        reach, mentions = func.count(), func.sum(entity_events.c.count)
        if cursor:
            (events_after, mentions_after), id_after = decode_cursor(cursor, BY_REACH)
            query = query.having(
                or_(
                    reach < events_after,
                    and_(reach == events_after, mentions < mentions_after),
                    and_(
                        reach == events_after,
                        mentions == mentions_after,
                        entity_events.c.entity_id > id_after,
                    ),
                )
            )
        query = query.order_by(reach.desc(), mentions.desc(), entity_events.c.entity_id).limit(limit + 1)
        rows = await self._db.read(lambda conn: conn.execute(query).all())
        page = [_summary(row) for row in rows[:limit]]
        last = page[-1] if page else None
        next_cursor = (
            encode_cursor([last.events, last.mentions], last.id, BY_REACH) if len(rows) > limit else None
        )
        return EntitiesPage(data=page, count=len(page), next_cursor=next_cursor)

    async def entity(self, entity_id: str, recent: int = 20, related: int = 10) -> EntityDetail | None:
        def read(conn: Connection):
            row = conn.execute(_entity_summaries().where(entity_events.c.entity_id == entity_id)).first()
            if row is None:
                return None
            its_events = select(entity_events.c.event_id).where(entity_events.c.entity_id == entity_id)
            bodies = conn.execute(
                select(events.c.body)
                .where(events.c.id.in_(its_events))
                .order_by(events.c.day.desc())
                .limit(recent)
            ).all()
            company = conn.execute(
                _entity_summaries()
                .where(entity_events.c.event_id.in_(its_events), entity_events.c.entity_id != entity_id)
                .order_by(func.count().desc())
                .limit(related)
            ).all()
            aliases = conn.execute(
                select(entity_aliases.c.alias)
                .where(entity_aliases.c.entity_id == entity_id)
                .group_by(entity_aliases.c.alias)
                .order_by(func.count().desc(), entity_aliases.c.alias)
            ).all()
            return row, bodies, company, aliases

        found = await self._db.read(read)
        if found is None:
            return None
        row, bodies, company, aliases = found
        summary = _summary(row)
        return EntityDetail(
            **summary.model_dump(),
            aliases=[a for (a,) in aliases],
            location=self._place(summary),
            recent_events=[EventPublic.model_validate_json(b) for (b,) in bodies],
            seen_with=[_summary(r) for r in company],
        )

    def _place(self, summary: EntitySummary):
        if summary.type == "country":
            return self._gazetteer.country(summary.name)
        return self._gazetteer.city(summary.name) if summary.type == "place" else None


def _entity_summaries():
    return select(
        entity_events.c.entity_id,
        func.max(entity_events.c.name).label("name"),
        func.max(entity_events.c.type).label("type"),
        func.sum(entity_events.c.count).label("mentions"),
        func.count().label("events"),
    ).group_by(entity_events.c.entity_id)


def _summary(row) -> EntitySummary:
    return EntitySummary(
        id=row.entity_id, name=row.name, type=row.type, mentions=row.mentions, events=row.events
    )
