"""Dependencies the routes take, as `Annotated` aliases; the objects live on `app.state`.

They are `async def` although they await nothing: FastAPI runs a plain `def` dependency in a
worker thread, a thread hop on every request."""

from typing import Annotated

from fastapi import Depends, Request

from services.gateway.clients import IngestClient, ServiceClient
from services.gateway.feed import FeedTail


async def _ingest(request: Request) -> IngestClient:
    return request.app.state.ingest


async def _query(request: Request) -> ServiceClient:
    return request.app.state.query


async def _ingest_api(request: Request) -> ServiceClient:
    return request.app.state.ingest_api


async def _webhooks(request: Request) -> ServiceClient:
    return request.app.state.webhooks


async def _feed(request: Request) -> FeedTail:
    return request.app.state.feed


IngestDep = Annotated[IngestClient, Depends(_ingest)]
QueryDep = Annotated[ServiceClient, Depends(_query)]
IngestApiDep = Annotated[ServiceClient, Depends(_ingest_api)]
WebhooksDep = Annotated[ServiceClient, Depends(_webhooks)]
FeedDep = Annotated[FeedTail, Depends(_feed)]
