"""The event list in other shapes, with the same filters: an Atom feed for feed readers
(GET /v1/events.atom), a streamed export of every match (GET /v1/events/export) and counts over
time (GET /v1/timeline)."""

import csv
import io
import json
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from services.gateway.atom import atom_feed
from services.gateway.deps import QueryDep
from services.gateway.event_pages import (
    EXPORT_PAGE,
    CursorParam,
    LimitParam,
    SortParam,
    events_page,
    every_event,
)
from services.gateway.relay import forward
from shared.api_models import EventPublic, TimelineBucket
from shared.event_filter import EventFilter
from shared.filter_params import event_filter

router = APIRouter(tags=["events"])
Filter = Annotated[EventFilter, Depends(event_filter)]
CSV_COLUMNS = (
    "id", "date", "title", "summary", "place", "country", "lat", "lon", "entities", "article_count",
    "source_count", "sources", "story_id", "first_seen", "last_seen", "revision",
)  # fmt: skip


@router.get(
    "/v1/events.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "an Atom 1.0 feed"}},
)
async def events_atom(
    request: Request, query: QueryDep, wanted: Filter, sort: SortParam = "updated",
    cursor: CursorParam = None, limit: LimitParam = 50,
) -> Response:  # fmt: skip
    """The filtered events as an Atom feed, latest change first by default; a `next` link pages on."""
    page = await events_page(query, wanted, sort, cursor, limit)
    next_url = str(request.url.include_query_params(cursor=page.next_cursor)) if page.next_cursor else None
    body = atom_feed(
        page.data,
        self_url=str(request.url),
        event_url=str(request.base_url) + "v1/events/{id}",
        next_url=next_url,
        now=datetime.now(UTC),
    )
    return Response(body, media_type="application/atom+xml")


def _row(event: EventPublic) -> list:
    place = event.location
    return [
        event.id, event.date.isoformat(), event.title, event.summary, place.name if place else "",
        (place.country_code or "") if place else "", place.lat if place else "", place.lon if place else "",
        "; ".join(e.name for e in event.entities), event.article_count, event.source_count,
        "; ".join(event.sources), event.story_id or "", event.first_seen.isoformat(),
        event.last_seen.isoformat(), event.revision,
    ]  # fmt: skip


@router.get(
    "/v1/events/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"application/x-ndjson": {}, "text/csv": {}},
            "description": "every matching event: one JSON object per line, or CSV with a header row",
        }
    },
)
async def export_events(
    query: QueryDep,
    wanted: Filter,
    format: Annotated[Literal["jsonl", "csv"], Query(description="JSON Lines or CSV")] = "jsonl",
    sort: SortParam = "date",
) -> StreamingResponse:
    """Every event passing the filters, streamed a page at a time, however many there are."""
    # The first page is read before the answer starts, so a bad filter or a query service that is
    # down is still a proper error status rather than a cut stream.
    first = await events_page(query, wanted, sort, None, EXPORT_PAGE)

    async def lines():
        if format == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(CSV_COLUMNS)
            async for event in every_event(query, wanted, sort, first):
                writer.writerow(_row(event))
                if buffer.tell() > 64_000:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()
        else:
            async for event in every_event(query, wanted, sort, first):
                yield json.dumps(event.model_dump(mode="json"), ensure_ascii=False) + "\n"

    media = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}[format]
    disposition = {"Content-Disposition": f'attachment; filename="events.{format}"'}
    return StreamingResponse(lines(), media_type=media, headers=disposition)


@router.get("/v1/timeline", tags=["events"])
async def timeline(
    query: QueryDep,
    wanted: Filter,
    bucket: Annotated[
        Literal["day", "week", "month"], Query(description="count per day, week (from Monday) or month")
    ] = "day",
) -> list[TimelineBucket]:
    """How many events passing the filters are dated in each bucket, oldest first; empty buckets
    are left out."""
    response = await forward(query, "GET", "/timeline", params={**wanted.params(), "bucket": bucket})
    return [TimelineBucket.model_validate(b) for b in response.json()]
