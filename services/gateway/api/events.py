"""GET /v1/events, GET /v1/events/{id} and the live stream GET /v1/events/stream."""

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query
from sse_starlette import EventSourceResponse, ServerSentEvent

from services.gateway.deps import FeedDep, QueryDep
from services.gateway.ids import checked
from services.gateway.relay import relay
from shared.api_models import EntityProvenance, EventPublic, EventsPage

router = APIRouter(prefix="/v1/events", tags=["events"])

_STREAM_ID = re.compile(r"^\d{1,20}(-\d{1,20})?$")


@router.get("")
async def list_events(
    query: QueryDep,
    entity: Annotated[str | None, Query(max_length=300, description="only events naming this entity")] = None,
    since: Annotated[date | None, Query(alias="from", description="earliest event date, YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(alias="to", description="latest event date, YYYY-MM-DD")] = None,
    cursor: Annotated[
        str | None, Query(max_length=200, description="next_cursor of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> EventsPage:
    """Events, newest first, a page at a time."""
    if since and until and since > until:
        raise HTTPException(400, "'from' is after 'to'")
    params = {"entity": entity, "from": since, "to": until, "cursor": cursor, "limit": limit}
    return await relay(query, "/events", EventsPage, params)


@router.get("/stream", response_class=EventSourceResponse)
async def stream_events(
    feed: FeedDep, last_event_id: Annotated[str | None, Header(max_length=45)] = None
) -> EventSourceResponse:
    """Server-sent events: every created (`event: created`) or updated (`event: updated`) event,
    and every changed story (`event: story`), as JSON, the moment the read model holds it.
    Reconnect with `Last-Event-ID` to get what was missed."""
    if last_event_id is not None and not _STREAM_ID.match(last_event_id):
        raise HTTPException(400, "Last-Event-ID must be an id this stream sent, like 1700000000000-0")

    queue = feed.subscribe()

    async def items():
        async for item in feed.follow(queue, last_event_id):
            yield ServerSentEvent(data=item.data(), event=item.kind, id=item.entry_id)

    return EventSourceResponse(items(), ping=15)


@router.get("/{event_id}/entities/{entity_id}", responses={404: {"description": "no such event"}})
async def entity_provenance(event_id: str, entity_id: str, query: QueryDep) -> EntityProvenance:
    """Why an entity is attached to an event: each mention of it in the event's articles, with the
    article, the character offsets and the sentence. An entity the event does not have gets an
    empty list."""
    path = f"/events/{checked('event', event_id)}/entities/{checked('entity', entity_id)}"
    return await relay(query, path, EntityProvenance)


@router.get("/{event_id}", responses={404: {"description": "no such event"}})
async def get_event(event_id: str, query: QueryDep) -> EventPublic:
    """One event: title, date, location, entities, its articles and its revision."""
    return await relay(query, f"/events/{checked('event', event_id)}", EventPublic)
