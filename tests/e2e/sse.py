"""A small server-sent-events reader for tests, run in a background thread."""

import json
import threading
from dataclasses import dataclass, field

import httpx


@dataclass
class SseMessage:
    id: str
    event: str
    data: dict


@dataclass
class SseCollector:
    url: str
    last_event_id: str | None = None
    params: dict | None = None  # the stream's filters
    messages: list[SseMessage] = field(default_factory=list)
    connected: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> "SseCollector":
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            self._read()
        except httpx.HTTPError:
            # The system under test stopped while the stream was open; what was read stands.
            self.connected.set()

    def _read(self) -> None:
        headers = {"Last-Event-ID": self.last_event_id} if self.last_event_id else {}
        with (
            httpx.Client(timeout=httpx.Timeout(5.0, read=30.0)) as http,
            http.stream(
                "GET", f"{self.url}/v1/events/stream", headers=headers, params=self.params
            ) as response,
        ):
            response.raise_for_status()
            self.connected.set()
            fields: dict[str, str] = {}
            for line in response.iter_lines():
                if self._stop.is_set():
                    return
                if not line:
                    if "data" in fields:
                        self.messages.append(
                            SseMessage(
                                fields.get("id", ""), fields.get("event", ""), json.loads(fields["data"])
                            )
                        )
                    fields = {}
                elif not line.startswith(":"):
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
