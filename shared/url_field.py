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
HttpUrlText = Annotated[str, Field(max_length=4000), AfterValidator(_absolute_http_url)]
