"""Pages of filtered events from the query service, for every gateway route that serves them: the
list, the Atom feed and the export (which walks every page)."""

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Query

from services.gateway.clients import ServiceClient
from services.gateway.relay import relay
from shared.api_models import EventPublic, EventsPage
from shared.event_filter import EventFilter

Sort = Literal["date", "updated", "size", "relevance"]
SortParam = Annotated[
    Sort,
    Query(
        description="newest event date first (`date`), latest change first (`updated`), most articles "
        "first (`size`), or best match of `q` first (`relevance`)"
    ),
]
CursorParam = Annotated[str | None, Query(max_length=300, description="next_cursor of the previous page")]
LimitParam = Annotated[int, Query(ge=1, le=200, description="events per page")]
EVENT_FIELDS = tuple(EventPublic.model_fields)
EXPORT_PAGE = 200


async def events_page(
    query: ServiceClient, wanted: EventFilter, sort: Sort, cursor: str | None, limit: int
) -> EventsPage:
    return await relay(query, "/events", EventsPage, page_params(wanted, sort, cursor, limit))


def page_params(wanted: EventFilter, sort: Sort, cursor: str | None, limit: int) -> dict:
    return {**wanted.params(), "sort": sort, "cursor": cursor, "limit": limit}


async def every_event(
    query: ServiceClient, wanted: EventFilter, sort: Sort, first: EventsPage
) -> AsyncIterator[EventPublic]:
    """The events of `first` and of every page after it."""
    page = first
    while True:
        for event in page.data:
            yield event
        if page.next_cursor is None:
            return
        page = await events_page(query, wanted, sort, page.next_cursor, EXPORT_PAGE)


def chosen_fields(fields: str | None) -> tuple[str, ...] | None:
    """The event fields `fields=` asks for (comma-separated), or None for all; 400 for a name
    an event does not have."""
    if fields is None:
        return None
    names = tuple(dict.fromkeys(name.strip() for name in fields.split(",") if name.strip()))
    unknown = [name for name in names if name not in EVENT_FIELDS]
    if unknown or not names:
        raise HTTPException(
            400, f"fields: unknown field {', '.join(map(repr, unknown)) or '(none given)'}; "
            f"an event has {', '.join(EVENT_FIELDS)}",
        )  # fmt: skip
    return names


def trimmed(event: EventPublic, names: tuple[str, ...] | None) -> dict[str, Any]:
    whole = event.model_dump(mode="json")
    return whole if names is None else {name: whole[name] for name in names}
