"""/v1/dead-letters (admin): messages that failed every try, to be read, fixed and re-driven."""

import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from services.gateway.dead_letters import DeadLetters
from shared.api_models import DeadLetterPublic

router = APIRouter(prefix="/v1/dead-letters", tags=["operations"])
_LETTER_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
NOT_FOUND = {404: {"description": "no such dead letter"}}


def _letters(request: Request) -> DeadLetters:
    return request.app.state.dead_letters


def _checked(letter_id: str) -> str:
    if not _LETTER_ID.match(letter_id):
        raise HTTPException(404, f"no dead letter with id {letter_id!r}")
    return letter_id


@router.get("")
async def list_dead_letters(
    request: Request,
    stream: Annotated[str | None, Query(max_length=200, description="only those from this stream")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[DeadLetterPublic]:
    """The newest first, without their bodies."""
    return await _letters(request).list(limit, stream)


@router.post("/replay")
async def replay_all(request: Request) -> dict[str, int]:
    """Send every dead letter to its stream again."""
    letters = _letters(request)
    replayed = 0
    while batch := await letters.list(500):
        for letter in batch:
            replayed += await letters.replay(letter.id) is not None
    return {"replayed": replayed}


@router.get("/{letter_id}", responses=NOT_FOUND)
async def get_dead_letter(letter_id: str, request: Request) -> DeadLetterPublic:
    """One dead letter with the message itself (`body`)."""
    if (letter := await _letters(request).get(_checked(letter_id))) is None:
        raise HTTPException(404, f"no dead letter with id {letter_id!r}")
    return letter


@router.post("/{letter_id}/replay", responses=NOT_FOUND)
async def replay_one(letter_id: str, request: Request) -> DeadLetterPublic:
    """Send the message to its stream again, and remove the letter."""
    if (letter := await _letters(request).replay(_checked(letter_id))) is None:
        raise HTTPException(404, f"no dead letter with id {letter_id!r}")
    return letter


@router.delete("/{letter_id}", status_code=204, responses=NOT_FOUND)
async def drop_dead_letter(letter_id: str, request: Request) -> None:
    if not await _letters(request).drop(_checked(letter_id)):
        raise HTTPException(404, f"no dead letter with id {letter_id!r}")
