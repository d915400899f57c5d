"""A webhook receiver for tests: a local HTTP server in a thread that verifies each delivery with
the `standardwebhooks` library (as a user's receiver would) and records it."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Delivery:
    webhook_id: str
    status: int  # what the receiver answered
    body: dict
    received_at: float


@dataclass
class Receiver:
    secret: str | None = None  # set once the subscription is made
    fail_first: int = 0  # answer 500 to this many first tries of each webhook-id
    always_fail: bool = False
    delay_s: float = 0.0
    deliveries: list[Delivery] = field(default_factory=list)
    bad_signatures: int = 0
    _tries: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                status = receiver.answer(body, {k: v for k, v in self.headers.items()})
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def answer(self, body: bytes, headers: dict[str, str]) -> int:
        if self.delay_s:
            time.sleep(self.delay_s)
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            with self._lock:
                self.bad_signatures += 1
            return 400
        webhook_id = headers["webhook-id"]
        with self._lock:
            tries = self._tries[webhook_id] = self._tries.get(webhook_id, 0) + 1
            status = 500 if self.always_fail or tries <= self.fail_first else 204
            self.deliveries.append(Delivery(webhook_id, status, payload, time.monotonic()))
        return status

    def accepted(self) -> list[Delivery]:
        with self._lock:
            return [d for d in self.deliveries if d.status < 300]

    def stop(self) -> None:
        self.server.shutdown()


def event_ids(deliveries: list[Delivery]) -> set[str]:
    return {d.body["data"]["id"] for d in deliveries}


def dumps(deliveries: list[Delivery]) -> str:
    return json.dumps([(d.webhook_id, d.status, d.body["type"], d.body["data"]["id"]) for d in deliveries])
