"""GET /v1/events, GET /v1/events/{id} and the live stream GET /v1/events/stream."""

import json
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from services.gateway.deps import FeedDep, QueryDep
from services.gateway.event_pages import (
    CursorParam,
    LimitParam,
    SortParam,
    chosen_fields,
    events_page,
    page_params,
    trimmed,
)
from services.gateway.ids import checked
from services.gateway.live_filter import LiveFilter, known_names
from services.gateway.relay import passed_on
from shared.api_models import EntityProvenance, EventPublic, EventsPage, TrimmedEventsPage
from shared.event_filter import EventFilter
from shared.filter_params import event_filter

router = APIRouter(prefix="/v1/events", tags=["events"])

# Clients reconnect after this long (the SSE `retry:` field); a comment line every HEARTBEAT_S
# keeps proxies from closing a quiet connection.
RETRY_MS = 2000
HEARTBEAT_S = 15
_STREAM_ID = re.compile(r"^\d{1,20}(-\d{1,20})?$")


@router.get(
    "",
    response_model=EventsPage | TrimmedEventsPage,
    responses={400: {"description": "a cursor of another sort, or an unknown field"}},
)
async def list_events(
    query: QueryDep,
    wanted: Annotated[EventFilter, Depends(event_filter)],
    sort: SortParam = "date",
    fields: Annotated[
        str | None,
        Query(max_length=500, description="comma-separated event fields to return, e.g. id,title,date"),
    ] = None,
    cursor: CursorParam = None,
    limit: LimitParam = 50,
) -> Response:
    """Events passing every filter given, a page at a time: `count` events on this page, `total`
    over all pages (counted up to 10,000 by default: `total_exact` is false past it), and
    `next_cursor` for the next page (null on the last)."""
    names = chosen_fields(fields)
    if names is None:
        return await passed_on(query, "/events", page_params(wanted, sort, cursor, limit))
    page = await events_page(query, wanted, sort, cursor, limit)
    return JSONResponse({**page.model_dump(mode="json"), "data": [trimmed(e, names) for e in page.data]})


@router.get("/stream", response_class=EventSourceResponse)
async def stream_events(
    feed: FeedDep,
    query: QueryDep,
    wanted: Annotated[EventFilter, Depends(event_filter)],
    last_event_id: Annotated[str | None, Header(max_length=45)] = None,
) -> EventSourceResponse:
    """Server-sent events: every created (`event: created`) or updated (`event: updated`) event
    passing the filters, and every changed story (`event: story`) of an event that passed, as JSON,
    the moment the read model holds it. Each message has an `id:`; reconnect with `Last-Event-ID`
    to get exactly the matching messages missed, as far back as the stream's retention. Resuming
    from further back first sends `event: gap`: re-read the list (sort=updated) for what fell out."""
    if last_event_id is not None and not _STREAM_ID.match(last_event_id):
        raise HTTPException(400, "Last-Event-ID must be an id this stream sent, like 1700000000000-0")
    live = LiveFilter(wanted, await known_names(query, wanted))
    queue = feed.subscribe()
    oldest = None
    if last_event_id:
        oldest = await feed.oldest_after(last_event_id)
        if (resumed_at := await feed.entry(last_event_id)) is not None:
            live.passes(resumed_at.stored)

    async def items():
        if oldest is not None:
            gap = {"detail": "some updates after Last-Event-ID are no longer kept", "resumes_at": oldest}
            yield ServerSentEvent(data=json.dumps(gap), event="gap", retry=RETRY_MS)
        async for item in feed.follow(queue, last_event_id):
            if live.passes(item.stored):
                yield ServerSentEvent(data=item.data(), event=item.kind, id=item.entry_id, retry=RETRY_MS)

    return EventSourceResponse(items(), ping=HEARTBEAT_S)


@router.get(
    "/{event_id}/entities/{entity_id}",
    response_model=EntityProvenance,
    responses={404: {"description": "no such event"}},
)
async def entity_provenance(event_id: str, entity_id: str, query: QueryDep) -> Response:
    """Why an entity is attached to an event: each mention of it in the event's articles, with the
    article, the character offsets and the sentence. An entity the event does not have gets an
    empty list."""
    path = f"/events/{checked('event', event_id)}/entities/{checked('entity', entity_id)}"
    return await passed_on(query, path)


@router.get(
    "/{event_id}",
    response_model=EventPublic,
    responses={404: {"description": "no such event"}, 301: {"description": "merged into another event"}},
)
async def get_event(event_id: str, query: QueryDep) -> Response:
    """One event: title, date, location, entities, its articles and its revision."""
    return await passed_on(query, f"/events/{checked('event', event_id)}")
