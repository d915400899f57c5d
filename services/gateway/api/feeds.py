"""POST, GET and DELETE /v1/feeds: the RSS and Atom feeds Eventwire polls."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from services.gateway.access.scopes import require
from services.gateway.deps import IngestApiDep
from services.gateway.ids import checked
from services.gateway.relay import forward, relay
from shared.api_models import FeedPublic
from shared.url_field import HttpUrlText

router = APIRouter(prefix="/v1/feeds", tags=["feeds"])


class FeedCreate(BaseModel):
    url: Annotated[HttpUrlText, Field(description="an RSS or Atom feed, http or https")]
    interval_s: Annotated[int, Field(ge=1, le=86_400, description="seconds between polls")] = 900


@router.post(
    "",
    dependencies=[Depends(require("ingest"))],
    status_code=201,
    responses={
        200: {"description": "already registered"},
        400: {"description": "the URL may not be fetched"},
    },
)
async def register_feed(body: FeedCreate, ingest: IngestApiDep, response: Response) -> FeedPublic:
    """Register a feed; it is fetched at once, then every `interval_s` seconds (with conditional GET,
    and backing off after failures). Registering a URL again returns the existing feed."""
    answer = await forward(ingest, "POST", "/feeds", json=body.model_dump())
    response.status_code = answer.status_code
    return FeedPublic.model_validate(answer.json())


@router.get("", dependencies=[Depends(require("read"))])
async def list_feeds(ingest: IngestApiDep) -> list[FeedPublic]:
    answer = await forward(ingest, "GET", "/feeds")
    return [FeedPublic.model_validate(feed) for feed in answer.json()]


@router.get(
    "/{feed_id}", responses={404: {"description": "no such feed"}}, dependencies=[Depends(require("read"))]
)
async def get_feed(feed_id: str, ingest: IngestApiDep) -> FeedPublic:
    """A feed with its last poll: `last_fetched_at`, `last_status`, `last_error`, `articles_ingested`."""
    return await relay(ingest, f"/feeds/{checked('feed', feed_id)}", FeedPublic)


@router.delete(
    "/{feed_id}",
    status_code=204,
    responses={404: {"description": "no such feed"}},
    dependencies=[Depends(require("ingest"))],
)
async def delete_feed(feed_id: str, ingest: IngestApiDep) -> None:
    await forward(ingest, "DELETE", f"/feeds/{checked('feed', feed_id)}")
