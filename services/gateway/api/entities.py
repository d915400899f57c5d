"""GET /v1/entities and GET /v1/entities/{id}: the people, organisations and places in the events."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import TypeAdapter

from services.gateway.deps import QueryDep
from services.gateway.ids import checked
from services.gateway.relay import forward, relay
from shared.api_models import EntityDetail, EntitySummary

router = APIRouter(prefix="/v1/entities", tags=["entities"])
EntityKind = Literal["person", "organisation", "country", "place", "group", "other"]
_SUMMARIES = TypeAdapter(list[EntitySummary])


@router.get("")
async def list_entities(
    query: QueryDep,
    q: Annotated[str | None, Query(max_length=200, description="name prefix (any word of the name)")] = None,
    kind: Annotated[EntityKind | None, Query(alias="type")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[EntitySummary]:
    """Entities by name prefix and type, those in the most events first."""
    answer = await forward(query, "GET", "/entities", params={"q": q, "type": kind, "limit": limit})
    return _SUMMARIES.validate_python(answer.json())


@router.get("/{entity_id}", responses={404: {"description": "no such entity"}})
async def get_entity(entity_id: str, query: QueryDep) -> EntityDetail:
    """An entity with its counts, its most recent events and the entities it appears with most."""
    return await relay(query, f"/entities/{checked('entity', entity_id)}", EntityDetail)
