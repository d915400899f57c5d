"""The query service's internal read API, which the gateway calls. Not public: the gateway adds
validation, limits and the /v1 paths."""

from datetime import date
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from services.query.entity_reads import EntityReads
from services.query.event_search import DEFAULT_TOTAL_LIMIT, Bucket, EventSearch, Sort
from services.query.pages import BadCursor
from services.query.provenance import ProvenanceReads
from services.query.store import ReadModel
from services.query.stories import StoryReads
from shared.api_models import (
    ArticlePublic,
    EntitiesPage,
    EntityDetail,
    EntityProvenance,
    EventPublic,
    EventsPage,
    StoriesPage,
    StoryPublic,
    TimelineBucket,
)
from shared.event_filter import EventFilter
from shared.filter_params import event_filter

T = TypeVar("T")


def found(value: T | None, kind: str, key: str) -> T:
    if value is None:
        raise HTTPException(404, f"no {kind} with id {key!r}")
    return value


def read_router(model: ReadModel, total_limit: int = DEFAULT_TOTAL_LIMIT) -> APIRouter:
    router = APIRouter()
    by_entity = EntityReads(model.database)
    evidence = ProvenanceReads(model.database)
    by_story = StoryReads(model.database)
    search = EventSearch(model.database, model.full_text, total_limit)

    @router.get("/events/{event_id}/entities/{entity_id}")
    async def entity_provenance(event_id: str, entity_id: str) -> EntityProvenance:
        return found(await evidence.mentions(event_id, entity_id), "event", event_id)

    @router.get("/entities")
    async def list_entities(
        q: str | None = None, kind: Annotated[str | None, Query(alias="type")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50, cursor: str | None = None,
    ) -> EntitiesPage:  # fmt: skip
        try:
            return await by_entity.entities(prefix=q, kind=kind, limit=limit, cursor=cursor)
        except BadCursor as exc:
            raise HTTPException(400, str(exc)) from exc

    @router.get("/entities/known-as")
    async def entities_known_as(name: Annotated[str, Query(min_length=1, max_length=300)]) -> list[str]:
        """Ids of the entities an `entity` filter value names, for the live filters."""
        return await search.known_as(name)

    @router.get("/entities/{entity_id}")
    async def get_entity(entity_id: str) -> EntityDetail:
        return found(await by_entity.entity(entity_id), "entity", entity_id)

    @router.get("/articles/{article_id}")
    async def get_article(article_id: str) -> ArticlePublic:
        article = await model.article(article_id)
        if article is None:
            # Articles are stored with the event they join, a moment after the POST answers.
            raise HTTPException(
                404, f"no article with id {article_id!r} yet: unknown, or not yet placed in an event"
            )
        return article

    @router.get("/events", response_model=EventsPage)
    async def list_events(
        wanted: Annotated[EventFilter, Depends(event_filter)],
        sort: Sort = "date",
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> Response:
        try:
            return Response(
                await search.page_json(wanted, sort, cursor, limit), media_type="application/json"
            )
        except BadCursor as exc:
            raise HTTPException(400, str(exc)) from exc

    @router.get("/timeline")
    async def timeline(
        wanted: Annotated[EventFilter, Depends(event_filter)], bucket: Bucket = "day"
    ) -> list[TimelineBucket]:
        return await search.timeline(wanted, bucket)

    @router.get("/events/{event_id}", responses={301: {"description": "merged into another event"}})
    async def get_event(event_id: str) -> EventPublic:
        if (event := await model.event(event_id)) is None and (survivor := await model.merged_into(event_id)):
            raise HTTPException(
                301,
                f"event {event_id!r} was merged into {survivor!r}",
                headers={"Location": f"/events/{survivor}"},
            )
        return found(event, "event", event_id)

    @router.get("/stories")
    async def list_stories(
        entity: str | None = None,
        since: Annotated[date | None, Query(alias="from")] = None,
        until: Annotated[date | None, Query(alias="to")] = None,
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> StoriesPage:
        try:
            return await by_story.page(entity=entity, since=since, until=until, cursor=cursor, limit=limit)
        except BadCursor as exc:
            raise HTTPException(400, str(exc)) from exc

    @router.get("/stories/{story_id}", responses={301: {"description": "ended in another story"}})
    async def get_story(story_id: str) -> StoryPublic:
        if (story := await by_story.story(story_id)) is None and (
            survivor := await by_story.ended_in(story_id)
        ):
            raise HTTPException(
                301,
                f"story {story_id!r} went on in {survivor!r}",
                headers={"Location": f"/stories/{survivor}"},
            )
        return found(story, "story", story_id)

    return router
