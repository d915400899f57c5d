"""Choosing the Redis clients: what a URL's Redis is, asked of Redis itself."""

from services.cli.ports import free_port
from shared import redis_clients
from shared.redis_clients import is_cluster, redact


def test_passwords_are_left_out_of_logged_urls():
    assert redact("redis://user:secret@cache.example:6379/0") == "redis://***@cache.example:6379/0"
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_a_redis_that_does_not_answer_is_asked_again_next_time():
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    assert is_cluster(url) is False
    assert url not in redis_clients._known  # not remembered: it may be a cluster once it is up
