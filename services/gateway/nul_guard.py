"""ASGI middleware that refuses the NUL character (U+0000) anywhere in a request: in the path, the
query string (`%00`) or a JSON body (`\\u0000`). PostgreSQL's text types cannot hold it, so a NUL
that got in would fail the read model's write for good (a dead letter) or a query (a 500); and no
article, name or URL has a use for one. Refused here, once, with a 400 that says so."""

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.gateway.problems import send_problem

# A \u0000 escape, not an escaped backslash followed by "u0000": an odd run of backslashes.
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def _has_nul(scope: Scope) -> bool:
    query = scope.get("query_string", b"").lower()
    return "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query


class RefuseNul:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _has_nul(scope):
            await send_problem(send, 400, "the path or query holds a NUL character (%00)")
            return
        if scope["method"] not in _WITH_BODY:
            await self.app(scope, receive, send)
            return
        # The body is read whole (the size limit outside bounds it), as the JSON parser would.
        chunks, message = [], {"more_body": True}
        while message.get("more_body"):
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left
            chunks.append(message.get("body", b""))
        body = b"".join(chunks)
        if b"\x00" in body or _ESCAPED_NUL.search(body):
            await send_problem(send, 400, "the body holds a NUL character (\\u0000)")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
