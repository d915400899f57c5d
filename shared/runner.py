"""Runs one service's app under uvicorn: the body of every `python -m services.<name>`."""

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.http_limits import limited_protocol
from shared.logs import configure_logging
from shared.redis_clients import wait_until_redis_answers
from shared.settings import CommonSettings


def serve(name: str, settings: CommonSettings, create_app: Callable[[CommonSettings], FastAPI]) -> None:
    configure_logging(name, settings.log_level, settings.log_format)
    # The app's clients depend on whether Redis is a cluster, which only Redis can say.
    wait_until_redis_answers(settings.redis_url)
    app = create_app(settings)
    # Keep-alive connections live longer than any client of ours keeps them idle (20 s for the
    # gateway's clients, 5 s for httpx's default): a server closing a connection at the moment a
    # client reuses it makes the request fail.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=30,
        http=limited_protocol(settings.request_head_timeout_s, settings.max_request_head_bytes),
        limit_concurrency=settings.max_connections,
    )
