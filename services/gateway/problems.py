"""Every error the gateway answers is an RFC 9457 problem: `application/problem+json` with `type`,
`title`, `status` and `detail`, and, for input that failed validation, the offending `field` and
the list of `errors` (each with its `loc` and `msg`).

`type` is "about:blank" (the status says what kind of problem it is) and `title` the status's
reason phrase, as the RFC recommends when a problem has no semantics beyond its status.
"""

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.problem import MEDIA_TYPE, problem_body

log = logging.getLogger("eventwire.gateway")
# How long a client is asked to wait while Redis does not answer: a restart on its append-only
# file takes a second or two; an outage longer than that is met by the client asking again.
REDIS_RETRY_AFTER_S = 5
_WHERE = ("body", "query", "path", "header", "cookie")


def problem(status: int, detail: Any, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse(
        problem_body(status, detail, **extra), status_code=status, headers=headers, media_type=MEDIA_TYPE
    )


async def send_problem(send, status: int, detail: str) -> None:
    """A problem answered straight from ASGI middleware, before any app has run."""
    body = json.dumps(problem_body(status, detail)).encode()
    headers = [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def field_of(loc: tuple | list) -> str:
    parts = [str(p) for p in loc]
    return ".".join(parts[1:] if parts and parts[0] in _WHERE else parts)


def _invalid(errors: list[dict]) -> JSONResponse:
    # The input itself is not echoed back: it can be large, and it can hold what should not be
    # repeated into logs and proxies (a secret pasted into the wrong field).
    listed = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in errors
    ]
    first = listed[0] if listed else {"loc": [], "msg": "invalid input"}
    field = field_of(first["loc"])
    detail = f"{field}: {first['msg']}" if field else first["msg"]
    if len(listed) > 1:
        detail += f" (and {len(listed) - 1} more)"
    return problem(422, detail, field=field or None, errors=listed)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 422 and isinstance(exc.detail, list):
            return _invalid(exc.detail)  # an internal service's validation errors, passed on
        return problem(exc.status_code, exc.detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_input(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _invalid(list(exc.errors()))

    @app.exception_handler(RedisError)
    async def redis_unreachable(_: Request, exc: RedisError) -> JSONResponse:
        log.warning("Redis did not answer: %r", exc)
        return problem(
            503,
            "Redis, which holds the streams and keys, did not answer in time; the request may not "
            "have taken effect: repeat it after Retry-After (an article sent again gets the same id)",
            headers={"Retry-After": str(REDIS_RETRY_AFTER_S)},
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return problem(500, "an unexpected error; it has been logged")


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An RFC 9457 problem",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Not Found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"description": "what is wrong", "example": "no event with id 'e_0123456789abcdef'"},
        "field": {"type": ["string", "null"], "description": "the offending field, for invalid input"},
        "errors": {
            "type": "array",
            "description": "every validation error, for invalid input",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}
COMMON = {
    "400": "a query parameter this route does not take, or a value it cannot use",
    "503": "an internal service is not reachable; Retry-After says when to try again",
}


def describe_problems(schema: dict) -> None:
    """The OpenAPI document says what the handlers above answer: every 4xx and 5xx of every
    operation is a Problem, and every /v1 operation may answer 400 and 503."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if path.startswith("/v1"):
                for status, description in COMMON.items():
                    responses.setdefault(status, {"description": description})
            if "requestBody" in operation:
                responses.setdefault(
                    "413", {"description": "the request body is over EVENTWIRE_MAX_BODY_BYTES"}
                )
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = content
