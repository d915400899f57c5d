from shared.settings import CommonSettings


class WebhooksSettings(CommonSettings):
    port: int = 8105
    query_url: str = "http://127.0.0.1:8104"  # to resolve entity names of filters to ids
    consumer_group: str = "webhooks"
    # Each try of a delivery waits this long for the receiver's answer.
    webhook_timeout_s: float = 10.0
    # Tries before a delivery is dead-lettered (POST /v1/subscriptions/{id}/redrive sends it again).
    webhook_max_attempts: int = 8
    webhook_retry_base_s: float = 5.0
    webhook_retry_cap_s: float = 7200.0
    # Deliveries in flight at once in one replica, and at most per subscription, so one slow
    # receiver cannot hold every slot.
    webhook_concurrency: int = 32
    webhook_per_subscription: int = 4
    # Allow webhook URLs on loopback or private addresses (as for feeds).
    fetch_allow_private: bool = False
