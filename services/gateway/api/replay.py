"""POST /v1/replay: run every article ever taken in through the pipeline again."""

from fastapi import APIRouter
from pydantic import BaseModel

from services.gateway.deps import IngestApiDep
from services.gateway.relay import forward

router = APIRouter(prefix="/v1/replay", tags=["operations"])


class ReplayStartedPublic(BaseModel):
    generation: int
    submissions: int
    unreadable: int


@router.post("", status_code=202)
async def replay(ingest: IngestApiDep) -> ReplayStartedPublic:
    """Start a new generation and send every archived raw input through the pipeline again, in the
    order it first arrived: after an extractor or the clustering improves, the events are rebuilt
    with it. Article ids stay the same; event ids may change. While the replay runs, the feed is
    rebuilt from empty and SSE clients see the events created again."""
    return ReplayStartedPublic.model_validate((await forward(ingest, "POST", "/replay")).json())
