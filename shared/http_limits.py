"""uvicorn's HTTP protocol with the limits it lacks: how long a request's head may take to arrive,
how large it may be, and a proper answer to a client that half-closes its connection.

uvicorn arms no timer when a connection opens, and any byte received cancels its keep-alive
timer, so a client sending a header a byte at a time (slow-loris), or connecting and sending
nothing, holds a connection for ever; and it sets no bound on a request's head (a 2 MB header
was taken and answered). A client that sends its request and then shuts its side of the socket
(as `nc -N` and some proxies do) got no answer at all: uvicorn closes on end-of-file. These
are properties of the protocol object, so they are fixed there, by subclassing it.
"""

import asyncio
import json
from http import HTTPStatus

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from shared.problem import MEDIA_TYPE, problem_body

LINGER_S = 2.0


def _refusal(status: int, detail: str) -> bytes:
    body = json.dumps(problem_body(status, detail)).encode()
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\ncontent-type: {MEDIA_TYPE}\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


def limited_protocol(head_timeout_s: float, max_head_bytes: int) -> type[asyncio.Protocol]:
    """The protocol class for uvicorn's `http=` setting, with these limits."""

    class LimitedHttpToolsProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None
        _head_bytes = 0
        _in_head = True  # receiving a request's head (or waiting for one on a new connection)
        _refused = False

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return  # read and dropped, until the lingering close
            if self._in_head:
                if self._deadline is None:
                    self._arm()
                # The head ends at the first blank line; what follows it in this chunk is body.
                end = data.find(b"\r\n\r\n")
                self._head_bytes += len(data) if end < 0 else end + 4
                if self._head_bytes > max_head_bytes:
                    self._refuse(431, f"over {max_head_bytes} bytes")
                    return
            super().data_received(data)

        def on_headers_complete(self) -> None:
            self._in_head = False
            self._disarm()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            self._in_head, self._head_bytes = True, 0
            super().on_response_complete()  # arms the keep-alive timer; the next byte, our deadline

        def eof_received(self) -> bool | None:
            if self.cycle is not None and not self.cycle.response_complete and not self._in_head:
                if self.cycle.more_body:  # its body never will be complete
                    self._refuse(400, "the connection was closed before the body was complete")
                    return None
                # The whole request is here: answer it, then close.
                self.cycle.keep_alive = False
                return True
            if self._head_bytes:
                self._refuse(400, "the connection was closed before the request was complete")
            return None

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(head_timeout_s, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if self._in_head and not self.transport.is_closing():
                if self._head_bytes:
                    self._refuse(408, f"the request's head took over {head_timeout_s:g} s")
                else:
                    self.transport.close()  # connected and said nothing: nothing to answer

        def _refuse(self, status: int, detail: str) -> None:
            # Answer, close our side, and read on for a moment before closing: closing with the
            # client's bytes unread makes the kernel reset the connection and drop the answer.
            self._disarm()
            if self._refused or self.transport.is_closing():
                return
            self._refused = True
            self.transport.write(_refusal(status, detail))
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(LINGER_S, self.transport.close)

    return LimitedHttpToolsProtocol
