"""GET /v1/stories and GET /v1/stories/{id}: events that continue one another over weeks or months."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from services.gateway.deps import QueryDep
from services.gateway.ids import checked
from services.gateway.relay import passed_on
from shared.api_models import StoriesPage, StoryPublic

router = APIRouter(prefix="/v1/stories", tags=["stories"])


@router.get("", response_model=StoriesPage)
async def list_stories(
    query: QueryDep,
    entity: Annotated[
        str | None, Query(max_length=300, description="only stories with an event naming this entity")
    ] = None,
    since: Annotated[
        date | None, Query(alias="from", description="stories with an event on or after this day")
    ] = None,
    until: Annotated[
        date | None, Query(alias="to", description="stories with an event on or before this day")
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=200, description="next_cursor of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Stories, newest first (by their latest event), a page at a time."""
    if since and until and since > until:
        raise HTTPException(422, "'from' is after 'to'")
    params = {"entity": entity, "from": since, "to": until, "cursor": cursor, "limit": limit}
    return await passed_on(query, "/stories", params)


@router.get(
    "/{story_id}",
    response_model=StoryPublic,
    responses={404: {"description": "no such story"}, 301: {"description": "went on in another story"}},
)
async def get_story(story_id: str, query: QueryDep) -> Response:
    """One story: its title and summary, its events in date order, its first and last day, its
    entities, its article and source counts and its revision."""
    return await passed_on(query, f"/stories/{checked('story', story_id)}")
