"""The bench's read load: concurrent clients asking the event list with a mix of the filters
users send, for latency percentiles under load."""

import asyncio
import itertools
import time

import httpx

QUERY_CLIENTS = 50
QUERIES = (
    {},
    {"q": "earthquake"},
    {"entity": "Putin"},
    {"country": "IR"},
    {"sort": "size", "limit": 20},
    {"q": "moon OR launch", "sort": "relevance"},
    {"from": "2023-01-01", "min_articles": 2},
    {"near": "35.69,51.39", "radius_km": 100},
)


async def query_latencies(url: str, requests: int, clients: int = QUERY_CLIENTS) -> tuple[list[float], float]:
    """Milliseconds of each of `requests` GET /v1/events spread over `clients` concurrent clients,
    and the requests per second they made together."""
    mix = itertools.cycle(QUERIES)
    remaining = iter(range(requests))
    latencies: list[float] = []

    async def client(http: httpx.AsyncClient) -> None:
        for _ in remaining:
            params = next(mix)
            started = time.perf_counter()
            response = await http.get(f"{url}/v1/events", params=params)
            response.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        started = time.monotonic()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.monotonic() - started
    return latencies, requests / elapsed
