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
