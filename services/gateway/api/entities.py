"""GET /v1/entities and GET /v1/entities/{id}: the people, organisations and places in the events."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from services.gateway.deps import QueryDep
from services.gateway.ids import checked
from services.gateway.relay import passed_on
from shared.api_models import EntitiesPage, EntityDetail

router = APIRouter(prefix="/v1/entities", tags=["entities"])
EntityKind = Literal["person", "organisation", "country", "place", "group", "other"]


@router.get("", response_model=EntitiesPage)
async def list_entities(
    query: QueryDep,
    q: Annotated[str | None, Query(max_length=200, description="name prefix (any word of the name)")] = None,
    kind: Annotated[EntityKind | None, Query(alias="type")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=300, description="next_cursor of the previous page")
    ] = None,
) -> Response:
    """Entities by name prefix and type, those in the most events first, a page at a time."""
    params = {"q": q, "type": kind, "limit": limit, "cursor": cursor}
    return await passed_on(query, "/entities", params)


@router.get("/{entity_id}", response_model=EntityDetail, responses={404: {"description": "no such entity"}})
async def get_entity(entity_id: str, query: QueryDep) -> Response:
    """An entity with its counts, its most recent events and the entities it appears with most."""
    return await passed_on(query, f"/entities/{checked('entity', entity_id)}")
