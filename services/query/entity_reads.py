"""Reads by entity: search by name, and one entity with its events and its company."""

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.query.store import escape_like
from services.query.tables import entity_events, events
from shared.api_models import EntityDetail, EntitySummary, EventPublic


class EntityReads:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def entities(self, *, prefix: str | None, kind: str | None, limit: int) -> list[EntitySummary]:
        """Entities whose name, or a word of it, starts with `prefix`; most widely reported first."""
        query = _entity_summaries()
        if prefix:
            folded = escape_like(prefix.casefold().strip())
            column = entity_events.c.folded
            query = query.where(
                or_(column.like(f"{folded}%", escape="\\"), column.like(f"% {folded}%", escape="\\"))
            )
        if kind:
            query = query.where(entity_events.c.type == kind)
        query = query.order_by(func.count().desc(), func.sum(entity_events.c.count).desc()).limit(limit)
        async with self._engine.connect() as conn:
            return [_summary(row) for row in await conn.execute(query)]

    async def entity(self, entity_id: str, recent: int = 20, related: int = 10) -> EntityDetail | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(_entity_summaries().where(entity_events.c.entity_id == entity_id))
            ).first()
            if row is None:
                return None
            its_events = select(entity_events.c.event_id).where(entity_events.c.entity_id == entity_id)
            bodies = await conn.execute(
                select(events.c.body)
                .where(events.c.id.in_(its_events))
                .order_by(events.c.day.desc())
                .limit(recent)
            )
            company = await conn.execute(
                _entity_summaries()
                .where(entity_events.c.event_id.in_(its_events), entity_events.c.entity_id != entity_id)
                .order_by(func.count().desc())
                .limit(related)
            )
            return EntityDetail(
                **_summary(row).model_dump(),
                recent_events=[EventPublic.model_validate_json(b) for (b,) in bodies],
                seen_with=[_summary(r) for r in company],
            )


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
