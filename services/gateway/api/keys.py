"""POST, GET and DELETE /v1/keys: API keys, made and revoked by an admin key."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from services.gateway.access.keys import ApiKey, KeyStore
from services.gateway.access.scopes import require
from services.gateway.ids import checked

router = APIRouter(prefix="/v1/keys", tags=["keys"], dependencies=[Depends(require("admin"))])
Scope = Literal["read", "ingest", "admin"]


class KeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=200, description="who or what uses it")]
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=3)]


class KeyPublic(BaseModel):
    id: str
    name: str
    scopes: list[Scope]
    created_at: datetime


class KeyCreated(KeyPublic):
    key: str  # send as Authorization: Bearer <key>; shown only in this answer


def _public(key: ApiKey) -> KeyPublic:
    return KeyPublic(id=key.id, name=key.name, scopes=list(key.scopes), created_at=key.created_at)


def _store(request: Request) -> KeyStore:
    return request.app.state.keys


@router.post("", status_code=201)
async def create_key(body: KeyCreate, request: Request) -> KeyCreated:
    """A new key with these scopes; the answer holds the key itself, shown only here (it is stored
    as a digest)."""
    record, key = await _store(request).create(body.name, tuple(dict.fromkeys(body.scopes)))
    return KeyCreated(**_public(record).model_dump(), key=key)


@router.get("")
async def list_keys(request: Request) -> list[KeyPublic]:
    return [_public(k) for k in await _store(request).all()]


@router.delete("/{key_id}", status_code=204, responses={404: {"description": "no such key"}})
async def revoke_key(key_id: str, request: Request) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    if not await _store(request).revoke(checked("key", key_id)):
        raise HTTPException(404, f"no key with id {key_id!r}")
