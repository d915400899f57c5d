"""Refuses query parameters a route does not take: a misspelt or unsupported filter (`?entiy=`,
`?sort=`) answered with every event would look like a result; a 400 that names it says what is
wrong."""

from fastapi import HTTPException, Request
from fastapi.dependencies.models import Dependant


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def refuse_unknown_parameters(request: Request) -> None:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    unknown = sorted(set(request.query_params) - _query_names(dependant))
    if unknown:
        raise HTTPException(400, f"unknown query parameter: {', '.join(repr(name) for name in unknown)}")
