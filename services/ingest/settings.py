from shared.settings import CommonSettings


class IngestSettings(CommonSettings):
    port: int = 8101
    # Feeds and pages at loopback, private or link-local addresses are refused unless this is set
    # (tests set it to reach the HTTP server they start on 127.0.0.1).
    fetch_allow_private: bool = False
    fetch_timeout_s: float = 10.0
    # How often the poller looks for feeds that are due.
    feed_tick_s: float = 1.0
