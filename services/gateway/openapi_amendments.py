"""The gateway's OpenAPI document as FastAPI builds it, then amended by functions that complete
it (problem documents, examples), once: the result is cached like FastAPI's own."""

from collections.abc import Callable

from fastapi import FastAPI


def amend_openapi(app: FastAPI, *amendments: Callable[[dict], None]) -> None:
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            for amend in amendments:
                amend(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
