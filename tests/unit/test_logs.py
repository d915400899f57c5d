"""JSON log lines carry the ids of the messages being handled, so one article can be followed
through every service's log."""

import asyncio
import json
import logging

import pytest

from shared.bus import with_message_ids
from shared.envelope import wrap
from shared.logs import JsonLines
from shared.messages import SubmitArticle

pytestmark = pytest.mark.unit


def test_a_handler_logs_with_the_ids_of_its_messages():
    formatter = JsonLines("extract")
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(formatter.format(record))

    log = logging.getLogger("test.handler")
    log.addHandler(handler := Collect())
    log.setLevel(logging.INFO)
    messages = [wrap(SubmitArticle(text="a"), "corr-a"), wrap(SubmitArticle(text="b"), "corr-b")]

    async def handle(envelopes):
        log.info("handling %d", len(envelopes))

    try:
        asyncio.run(with_message_ids(handle)(envelopes=messages))
        log.info("outside any handler")
    finally:
        log.removeHandler(handler)
    inside, outside = (json.loads(line) for line in lines)
    assert inside["message"] == "handling 2" and inside["service"] == "extract" and inside["level"] == "INFO"
    assert inside["correlation_ids"] == ["corr-a", "corr-b"]
    assert inside["message_ids"] == [m.message_id for m in messages]
    assert "correlation_ids" not in outside
