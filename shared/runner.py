"""Runs one service's app under uvicorn: the body of every `python -m services.<name>`."""

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from shared.logs import configure_logging
from shared.settings import CommonSettings


def serve(name: str, settings: CommonSettings, create_app: Callable[[CommonSettings], FastAPI]) -> None:
    configure_logging(name, settings.log_level)
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False)
