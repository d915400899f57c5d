"""HTTP GET for feeds and the pages they link to: conditional, size-capped, and every redirect
re-checked against the address guard."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from urllib.parse import urljoin

import httpx

from shared.fetch_guard import check_url, guarded_transport

MAX_REDIRECTS = 5
MAX_BYTES = 5_000_000
USER_AGENT = "Eventwire/0.1 (+https://github.com/eventwire)"


class FetchFailed(Exception):
    pass


@dataclass(frozen=True)
class Fetched:
    status: int  # 200, or 304 when the validators still match
    body: bytes
    etag: str | None
    last_modified: str | None


Guard = Callable[[str], Awaitable[None]]


class Fetcher:
    def __init__(
        self,
        allow_private: bool,
        timeout_s: float = 10.0,
        guard: Guard | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._guard = guard or partial(check_url, allow_private=allow_private)
        # Without the operator's leave to fetch private addresses, every connection is checked
        # again as it is made, not only the URL before it (see guard.GuardedNetwork).
        if transport is None and not allow_private:
            transport = guarded_transport()
        self._http = httpx.AsyncClient(
            timeout=timeout_s, follow_redirects=False, headers={"User-Agent": USER_AGENT}, transport=transport
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            await self._guard(url)  # every hop: a redirect may point inside the network
            try:
                async with self._http.stream("GET", url, headers=headers) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code == 304:
                        return Fetched(304, b"", etag, last_modified)
                    if response.status_code != 200:
                        raise FetchFailed(f"HTTP {response.status_code} from {url}")
                    body = await _read_capped(response)
                    return Fetched(
                        200, body, response.headers.get("etag"), response.headers.get("last-modified")
                    )
            except httpx.TimeoutException as exc:
                raise FetchFailed(f"timed out fetching {url}") from exc
            except httpx.HTTPError as exc:
                raise FetchFailed(f"could not fetch {url}: {type(exc).__name__}") from exc
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects from {url}")


async def _read_capped(response: httpx.Response) -> bytes:
    chunks, size = [], 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchFailed(f"response larger than {MAX_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
