"""Dependencies the routes take, as `Annotated` aliases; the objects live on `app.state`."""

from typing import Annotated

from fastapi import Depends, Request

from services.gateway.clients import IngestClient, QueryClient
from services.gateway.feed import FeedTail


def _ingest(request: Request) -> IngestClient:
    return request.app.state.ingest


def _query(request: Request) -> QueryClient:
    return request.app.state.query


def _feed(request: Request) -> FeedTail:
    return request.app.state.feed


IngestDep = Annotated[IngestClient, Depends(_ingest)]
QueryDep = Annotated[QueryClient, Depends(_query)]
FeedDep = Annotated[FeedTail, Depends(_feed)]
