"""Who may call a route: `Depends(require("read"))` on every /v1 route.

With EVENTWIRE_AUTH=on a request needs `Authorization: Bearer <key>` for a key with the scope
(401 without one or with one unknown or revoked, 403 with a key lacking the scope). Then, or
straight away with auth off, the caller's rate limit is drawn on (429 when it is spent).
Scopes: `read` (reads, streams, subscriptions), `ingest` (posting articles and feeds), `admin`
(keys, replay; and anything else).
"""

from fastapi import HTTPException, Request, Response

from services.gateway.access.keys import KeyStore
from services.gateway.access.rate_limit import RateLimiter

BEARER = {"WWW-Authenticate": 'Bearer realm="eventwire"'}


def require(scope: str):
    async def check(request: Request, response: Response) -> None:
        state = request.app.state
        who = f"addr:{request.client.host if request.client else 'unknown'}"
        if state.auth_on:
            keys: KeyStore = state.keys
            scheme, _, presented = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not presented.strip():
                raise HTTPException(
                    401, "an API key is needed: send Authorization: Bearer <key>", headers=BEARER
                )
            key = await keys.find(presented.strip())
            if key is None:
                raise HTTPException(401, "this API key is not valid (unknown or revoked)", headers=BEARER)
            if not key.allows(scope):
                raise HTTPException(
                    403, f"this API key lacks the {scope!r} scope (it has {', '.join(key.scopes)})"
                )
            who = f"key:{key.id}"
        limiter: RateLimiter | None = state.limiter
        if limiter is None:
            return
        verdict = await limiter.take(who)
        if not verdict.allowed:
            raise HTTPException(
                429, f"rate limit of {verdict.limit} requests a minute reached; retry after {verdict.retry_after_s} s",
                headers=verdict.headers(),
            )  # fmt: skip
        response.headers.update(verdict.headers())

    return check
