"""The URL field of request bodies: an absolute http or https URL, kept as the client wrote it."""

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field


def _absolute_http_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("url must be an absolute http or https URL")
    return value


# Kept as the client wrote it (pydantic's HttpUrl would rewrite it, adding a trailing slash).
# The schema's pattern tells clients and API tools the shape; the validator checks it, with a
# message that says what is wanted.
_SHAPE = {"pattern": r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+"}
HttpUrlText = Annotated[
    str, Field(max_length=4000, json_schema_extra=_SHAPE), AfterValidator(_absolute_http_url)
]
