"""A local HTTP server for feed and webhook tests: pages are set per path, ETags are honoured, a
path can be made to fail, hang, or redirect, and POSTs are answered as GETs are."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str | None = None
    delay_s: float = 0.0
    location: str | None = None


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def start(self) -> "FeedServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path, Route(status=404, body=b"not here"))
                time.sleep(route.delay_s)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                if route.location:
                    self.send_header("Location", route.location)
                if route.etag:
                    self.send_header("ETag", route.etag)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def do_POST(self) -> None:  # a webhook receiver: the request is kept, the route answers
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def rss(items: list[dict]) -> bytes:
    """An RSS 2.0 document; each item has guid, title, link and optionally pubDate and content."""
    parts = []
    for item in items:
        content = (
            f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>" if item.get("content") else ""
        )
        date = f"<pubDate>{item['pubDate']}</pubDate>" if item.get("pubDate") else ""
        parts.append(
            f"<item><guid>{item['guid']}</guid><title>{item['title']}</title><link>{item['link']}</link>"
            f"<description>{item['title']}</description>{date}{content}</item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Test feed</title><link>http://example.com/</link>{''.join(parts)}</channel></rss>"
    ).encode()
