"""The body of an RFC 9457 problem (`application/problem+json`): what the gateway answers for every
error, and what every service's HTTP server answers for a request it refuses before any app runs."""

from http import HTTPStatus
from typing import Any

MEDIA_TYPE = "application/problem+json"


def problem_body(status: int, detail: Any, **extra: Any) -> dict[str, Any]:
    """`type` "about:blank" and `title` the status's reason phrase, as the RFC recommends when a
    problem has no semantics beyond its status."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
