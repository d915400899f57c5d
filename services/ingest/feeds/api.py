"""Ingest's internal feed API, which the gateway's /v1/feeds passes requests to."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Response
from pydantic import BaseModel, Field

from services.ingest.feeds.items import feed_id_for
from services.ingest.feeds.model import Feed
from services.ingest.feeds.store import FeedStore
from services.ingest.logic import canonical_url
from shared.envelope import utc_now
from shared.fetch_guard import FetchRefused, check_url


class FeedCreate(BaseModel):
    url: Annotated[str, Field(max_length=4000)]
    interval_s: Annotated[int, Field(ge=1, le=86_400)] = 900


def feed_router(store: FeedStore, allow_private: bool) -> APIRouter:
    router = APIRouter(prefix="/feeds")

    @router.post("", status_code=201)
    async def register_feed(body: FeedCreate, response: Response) -> Feed:
        try:
            await check_url(body.url, allow_private)
        except FetchRefused as refusal:
            raise HTTPException(400, str(refusal)) from None
        url = canonical_url(body.url)
        now = utc_now()
        feed = Feed(
            id=feed_id_for(url), url=url, interval_s=body.interval_s, created_at=now, next_poll_at=now
        )
        if not await store.add(feed):
            response.status_code = 200  # already registered: the existing feed, unchanged
            feed = await store.get(feed.id) or feed
        return feed

    @router.get("")
    async def list_feeds() -> list[Feed]:
        return await store.all()

    @router.get("/{feed_id}")
    async def get_feed(feed_id: str) -> Feed:
        feed = await store.get(feed_id)
        if feed is None:
            raise HTTPException(404, f"no feed with id {feed_id!r}")
        return feed

    @router.delete("/{feed_id}", status_code=204)
    async def delete_feed(feed_id: str) -> None:
        if not await store.delete(feed_id):
            raise HTTPException(404, f"no feed with id {feed_id!r}")

    return router
