"""Every service's HTTP server refuses what would hold it or break it, on a real uvicorn server
and real sockets: a head sent too slowly (slow-loris) or too large, a connection that says
nothing, and a client that half-closes its side; the server answers the next client as before."""

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI, Request

from services.cli.ports import free_port
from shared.http_limits import limited_protocol

HEAD_TIMEOUT_S = 1.0
MAX_HEAD_BYTES = 4096


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict:
        return {"bytes": len(await request.body())}

    @app.get("/ok")
    async def ok() -> dict:
        return {"ok": True}

    chosen = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=chosen, log_level="warning",
        http=limited_protocol(HEAD_TIMEOUT_S, MAX_HEAD_BYTES),
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield chosen
    server.should_exit = True
    thread.join(timeout=10)


def exchange(port: int, *parts: bytes, pause_s: float = 0.0, half_close: bool = False, wait_s: float = 5.0):
    """Sends `parts` (pausing between them), optionally shuts the write side, and returns
    (everything answered, seconds until the server closed)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.settimeout(wait_s)
        for part in parts:
            conn.sendall(part)
            time.sleep(pause_s)
        if half_close:
            conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer, time.monotonic() - started


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_a_head_trickling_in_is_answered_408_at_the_deadline(port):
    answer, took = exchange(port, b"GET /ok HTTP/1.1\r\n", b"Host: x\r\n", pause_s=0.6)
    assert status_of(answer) == 408 and b"application/problem+json" in answer
    assert HEAD_TIMEOUT_S <= took < HEAD_TIMEOUT_S + 3


def test_a_connection_that_says_nothing_is_closed_at_the_deadline(port):
    answer, took = exchange(port)
    assert answer == b"" and HEAD_TIMEOUT_S <= took < HEAD_TIMEOUT_S + 3


def test_a_head_over_the_limit_is_answered_431(port):
    big = b"GET /ok HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * (MAX_HEAD_BYTES * 8) + b"\r\n\r\n"
    answer, _ = exchange(port, big)
    assert status_of(answer) == 431


def test_a_request_then_a_half_close_is_answered(port):
    answer, _ = exchange(port, b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\n", half_close=True)
    assert status_of(answer) == 200 and answer.endswith(b'{"ok":true}')
    body = b"x" * 10
    post = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n" + body
    answer, _ = exchange(port, post, half_close=True)
    assert status_of(answer) == 200 and answer.endswith(b'{"bytes":10}')


def test_half_closing_before_the_request_is_complete_is_answered_400(port):
    answer, _ = exchange(port, b"GET /ok HTTP/1.1\r\nHo", half_close=True)
    assert status_of(answer) == 400
    answer, _ = exchange(
        port, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly", half_close=True
    )
    assert status_of(answer) == 400


def test_a_body_and_keep_alive_are_untouched_by_the_limits(port):
    body = b"y" * (MAX_HEAD_BYTES * 4)  # a body may be far larger than a head
    request = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.settimeout(5)
        for _ in range(2):  # two requests on one connection, the second after the deadline
            conn.sendall(request)
            answer = conn.recv(65536)
            assert status_of(answer) == 200 and answer.endswith(b'{"bytes":%d}' % len(body))
            time.sleep(HEAD_TIMEOUT_S + 0.2)
    answer, _ = exchange(port, b"GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 200
