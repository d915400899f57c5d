"""Refuses to fetch from this machine's own network: loopback, private, link-local and other
reserved addresses, unless the operator allows it (EVENTWIRE_FETCH_ALLOW_PRIVATE=true).

A feed URL is user input; without this check, registering http://169.254.169.254/ or
http://localhost:6379/ would make the poller probe the inside of the deployment.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class FetchRefused(ValueError):
    pass


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not ip.is_global or ip.is_multicast


async def check_url(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"only absolute http and https URLs can be fetched: {url!r}")
    if allow_private:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or 80, type=socket.SOCK_STREAM
        )
    except socket.gaierror as exc:
        raise FetchRefused(f"cannot resolve {parts.hostname!r}: {exc.strerror}") from exc
    for *_, sockaddr in infos:
        if _forbidden(sockaddr[0]):
            raise FetchRefused(f"{parts.hostname!r} resolves to a private or local address ({sockaddr[0]})")
