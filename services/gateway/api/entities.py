"""GET /v1/entities and GET /v1/entities/{id}: the people, organisations and places in the events."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.gateway.deps import QueryDep
from services.gateway.ids import checked
from services.gateway.relay import relay
from shared.api_models import EntitiesPage, EntityDetail

router = APIRouter(prefix="/v1/entities", tags=["entities"])
EntityKind = Literal["person", "organisation", "country", "place", "group", "other"]


@router.get("")
async def list_entities(
    query: QueryDep,
    q: Annotated[str | None, Query(max_length=200, description="name prefix (any word of the name)")] = None,
    kind: Annotated[EntityKind | None, Query(alias="type")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=300, description="next_cursor of the previous page")
    ] = None,
) -> EntitiesPage:
    """Entities by name prefix and type, those in the most events first, a page at a time."""
    params = {"q": q, "type": kind, "limit": limit, "cursor": cursor}
    return await relay(query, "/entities", EntitiesPage, params)


@router.get("/{entity_id}", responses={404: {"description": "no such entity"}})
async def get_entity(entity_id: str, query: QueryDep) -> EntityDetail:
    """An entity with its counts, its most recent events and the entities it appears with most."""
    return await relay(query, f"/entities/{checked('entity', entity_id)}", EntityDetail)
