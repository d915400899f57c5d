from typing import Literal

from pydantic import model_validator

from shared.settings import CommonSettings


class GatewaySettings(CommonSettings):
    port: int = 8000
    query_url: str = "http://127.0.0.1:8104"
    ingest_url: str = "http://127.0.0.1:8101"  # ingest's feed registry
    webhooks_url: str = "http://127.0.0.1:8105"  # the webhooks service's subscriptions
    # How long POST /v1/articles waits for ingest's answer before telling the client to retry.
    ingest_timeout_s: float = 10.0
    # Request bodies over this size are refused with 413 before they are read into memory.
    max_body_bytes: int = 2_000_000
    # Each SSE client gets a queue this long; a client that falls this far behind is disconnected
    # (it can reconnect with Last-Event-ID and miss nothing still in the stream).
    sse_queue_size: int = 1000
    # API keys: on, every /v1 route needs a key with its scope. EVENTWIRE_ADMIN_KEY is the admin
    # key that makes the others, and is needed when auth is on. `eventwire up` on loopback turns
    # auth off unless told otherwise.
    auth: Literal["on", "off"] = "on"
    admin_key: str = ""
    # Requests a minute per key (per client address with auth off); 0 for no limit.
    rate_limit_per_min: int = 1200
    # Origins that browsers may call the API from (comma-separated), e.g. https://app.example.com;
    # empty for none.
    cors_origins: str = ""

    @model_validator(mode="after")
    def _admin_key_with_auth(self) -> "GatewaySettings":
        if self.auth == "on" and len(self.admin_key) < 16:
            raise ValueError(
                "EVENTWIRE_AUTH=on needs EVENTWIRE_ADMIN_KEY (at least 16 characters), the key that makes the others"
            )
        return self
