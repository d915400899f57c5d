"""Passes a read on to the query service and its answer back, keeping its 4xx messages."""

from typing import Any, TypeVar

import httpx
from fastapi import HTTPException
from pydantic import BaseModel

from services.gateway.clients import QueryClient

M = TypeVar("M", bound=BaseModel)
PASSED_ON = frozenset({400, 404, 422})


async def relay(query: QueryClient, path: str, model: type[M], params: dict[str, Any] | None = None) -> M:
    try:
        response = await query.get(path, params)
    except httpx.HTTPError:
        raise HTTPException(503, "the read model is not reachable; retry shortly") from None
    if response.status_code == 200:
        return model.model_validate(response.json())
    if response.status_code in PASSED_ON:
        raise HTTPException(response.status_code, response.json().get("detail"))
    raise HTTPException(502, f"the read model answered {response.status_code}")
