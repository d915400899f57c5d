"""The event filter read from query parameters, for every route that takes one (the gateway's
public routes and the query service's internal ones): one definition, so a name cannot drift."""

from datetime import date
from typing import Annotated

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from shared.event_filter import EventFilter
from shared.messages import EntityType

_FIELDS = EventFilter.model_fields


def _doc(name: str) -> str:
    return _FIELDS[name].description or ""


async def event_filter(
    q: Annotated[str | None, Query(max_length=500, description=_doc("q"))] = None,
    entity: Annotated[list[str], Query(description=_doc("entity"))] = [],  # noqa: B006 (FastAPI copies it)
    type: Annotated[EntityType | None, Query(description=_doc("type"))] = None,
    country: Annotated[str | None, Query(max_length=2, description=_doc("country"))] = None,
    near: Annotated[str | None, Query(max_length=60, description=_doc("near"))] = None,
    radius_km: Annotated[float | None, Query(description=_doc("radius_km"))] = None,
    source: Annotated[list[str], Query(description=_doc("source"))] = [],  # noqa: B006
    min_articles: Annotated[int | None, Query(description=_doc("min_articles"))] = None,
    since: Annotated[date | None, Query(alias="from", description="earliest event date, YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(alias="to", description="latest event date, YYYY-MM-DD")] = None,
    story: Annotated[str | None, Query(max_length=40, description=_doc("story"))] = None,
) -> EventFilter:
    try:
        return EventFilter(
            q=q, entity=tuple(entity), type=type, country=country, near=near, radius_km=radius_km,
            source=tuple(source), min_articles=min_articles, since=since, until=until, story=story,
        )  # fmt: skip
    except ValidationError as exc:
        aliases = {"since": "from", "until": "to"}
        raise RequestValidationError(
            [
                {**error, "loc": ("query", *(aliases.get(str(p), p) for p in error["loc"]))}
                for error in exc.errors(include_url=False, include_context=False)
            ]
        ) from None
