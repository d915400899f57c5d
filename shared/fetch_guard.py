"""Refuses to fetch from or post to this machine's own network: loopback, private, link-local and other
reserved addresses, unless the operator allows it (EVENTWIRE_FETCH_ALLOW_PRIVATE=true).

Feed and webhook URLs are user input; without this check, registering http://169.254.169.254/
or http://localhost:6379/ would make the poller, or the webhook sender, probe the inside of the
deployment.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import httpcore
import httpx


class FetchRefused(ValueError):
    pass


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not ip.is_global or ip.is_multicast


async def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, all of them public, or FetchRefused."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchRefused(f"cannot resolve {host!r}: {exc.strerror}") from exc
    addresses = [sockaddr[0] for *_, sockaddr in infos]
    for address in addresses:
        if _forbidden(address):
            raise FetchRefused(f"{host!r} resolves to a private or local address ({address})")
    return addresses


class GuardedNetwork(httpcore.AsyncNetworkBackend):
    """Connects only to public addresses, resolving the name itself at connect time and dialling the
    address it checked. Checking the URL before the request is not enough: a name can resolve to a
    public address for the check and to 127.0.0.1 a moment later for the connection (DNS
    rebinding). TLS still verifies the certificate against the host name httpcore passes on."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        address = (await public_addresses(host, port))[0]
        return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise FetchRefused("fetching over a unix socket is not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(**options) -> httpx.AsyncHTTPTransport:
    """httpx's transport with its connection pool dialling through GuardedNetwork. httpx offers no
    parameter for the network backend, so the pool's (httpx and httpcore are pinned)."""
    transport = httpx.AsyncHTTPTransport(**options)
    pool = transport._pool
    pool._network_backend = GuardedNetwork(pool._network_backend)
    return transport


async def check_url(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"only absolute http and https URLs can be fetched: {url!r}")
    if allow_private:
        return
    await public_addresses(parts.hostname, parts.port or 80)
