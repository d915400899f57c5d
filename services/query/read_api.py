"""The query service's internal read API, which the gateway calls. Not public: the gateway adds
validation, limits and the /v1 paths."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from services.query.store import BadCursor, ReadModel
from shared.api_models import ArticlePublic, EventPublic, EventsPage


def read_router(model: ReadModel) -> APIRouter:
    router = APIRouter()

    @router.get("/articles/{article_id}")
    async def get_article(article_id: str) -> ArticlePublic:
        found = await model.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return found

    @router.get("/events")
    async def list_events(
        entity: str | None = None,
        since: Annotated[date | None, Query(alias="from")] = None,
        until: Annotated[date | None, Query(alias="to")] = None,
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> EventsPage:
        try:
            return await model.events_page(
                entity=entity, since=since, until=until, cursor=cursor, limit=limit
            )
        except BadCursor as exc:
            raise HTTPException(400, str(exc)) from exc

    @router.get("/events/{event_id}")
    async def get_event(event_id: str) -> EventPublic:
        found = await model.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return found

    return router
