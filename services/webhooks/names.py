"""Entity names of subscription filters resolved to the ids the read model knows them by (names
and aliases), as the event list resolves them, kept for a minute. When the query service does not
answer, a filter still matches by the event's own entity names."""

import logging
import time

import httpx

from shared.event_filter import EventFilter

log = logging.getLogger("eventwire.webhooks")
KEEP_S = 60.0


class EntityNames:
    def __init__(self, query_url: str) -> None:
        self._http = httpx.AsyncClient(base_url=query_url, timeout=2.0)
        self._known: dict[str, tuple[float, frozenset[str]]] = {}

    async def known_as(self, wanted: EventFilter) -> dict[str, frozenset[str]]:
        return {value: await self._ids(value) for value in wanted.entity}

    async def _ids(self, value: str) -> frozenset[str]:
        held = self._known.get(value)
        if held and held[0] > time.monotonic():
            return held[1]
        try:
            response = await self._http.get("/entities/known-as", params={"name": value})
            response.raise_for_status()
            ids = frozenset(response.json())
        except httpx.HTTPError as exc:
            log.warning("cannot resolve entity %r (%s); matching by name only", value, exc)
            return held[1] if held else frozenset()
        self._known[value] = (time.monotonic() + KEEP_S, ids)
        return ids

    async def close(self) -> None:
        await self._http.aclose()
