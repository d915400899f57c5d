"""GET /v1/stories and GET /v1/stories/{id}: events that continue one another over weeks or months."""

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from services.gateway.deps import QueryDep
from services.gateway.relay import relay
from shared.api_models import StoriesPage, StoryPublic

router = APIRouter(prefix="/v1/stories", tags=["stories"])

# Story ids are "s_" and 16 hex digits (named after their first event); anything else is no story,
# answered here rather than passed on to the query service as path text.
_STORY_ID = re.compile(r"^s_[0-9a-f]{16}$")


@router.get("")
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
) -> StoriesPage:
    """Stories, newest first (by their latest event), a page at a time."""
    if since and until and since > until:
        raise HTTPException(400, "'from' is after 'to'")
    params = {"entity": entity, "from": since, "to": until, "cursor": cursor, "limit": limit}
    return await relay(query, "/stories", StoriesPage, params)


@router.get(
    "/{story_id}",
    responses={404: {"description": "no such story"}, 301: {"description": "went on in another story"}},
)
async def get_story(story_id: str, query: QueryDep) -> StoryPublic:
    """One story: its title and summary, its events in date order, its first and last day, its
    entities, its article and source counts and its revision."""
    if not _STORY_ID.match(story_id):
        raise HTTPException(404, f"no story with id {story_id!r}")
    return await relay(query, f"/stories/{story_id}", StoryPublic)
