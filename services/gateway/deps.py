"""Dependencies the routes take, as `Annotated` aliases; the objects live on `app.state`."""

from typing import Annotated

from fastapi import Depends, Request

from services.gateway.clients import IngestClient, ServiceClient
from services.gateway.feed import FeedTail


def _ingest(request: Request) -> IngestClient:
    return request.app.state.ingest


def _query(request: Request) -> ServiceClient:
    return request.app.state.query


def _ingest_api(request: Request) -> ServiceClient:
    return request.app.state.ingest_api


def _feed(request: Request) -> FeedTail:
    return request.app.state.feed


IngestDep = Annotated[IngestClient, Depends(_ingest)]
QueryDep = Annotated[ServiceClient, Depends(_query)]
IngestApiDep = Annotated[ServiceClient, Depends(_ingest_api)]
FeedDep = Annotated[FeedTail, Depends(_feed)]
