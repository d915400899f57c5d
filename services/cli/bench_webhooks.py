"""The bench's webhook receiver: a local HTTP server in a thread that notes when each article first
arrives inside a delivered event, for the delay from POST to webhook."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class WebhookArrivals:
    def __init__(self) -> None:
        self.seen: dict[str, float] = {}
        self._lock = threading.Lock()
        arrivals = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                now = time.monotonic()
                with arrivals._lock:
                    for article_id in json.loads(body)["data"]["article_ids"]:
                        arrivals.seen.setdefault(article_id, now)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def subscribe(self, gateway_url: str) -> None:
        answer = httpx.post(f"{gateway_url}/v1/subscriptions", json={"url": self.url}, timeout=10)
        answer.raise_for_status()

    def close(self) -> None:
        self._server.shutdown()
