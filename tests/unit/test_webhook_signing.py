"""Our webhook signatures, checked by the `standardwebhooks` reference library; the retry
schedule."""

import random
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from services.webhooks.retries import retry_delay_s
from services.webhooks.signing import new_secret, signed_headers

pytestmark = pytest.mark.unit


def test_the_reference_library_verifies_our_signature_and_refuses_a_changed_body():
    secret = new_secret()
    body = b'{"type":"event.created","data":{"id":"e_1"}}'
    headers = signed_headers(secret, "msg_1", int(datetime.now(UTC).timestamp()), body)
    assert Webhook(secret).verify(body, headers) == {"type": "event.created", "data": {"id": "e_1"}}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"e_1", b"e_2"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)


def test_secrets_are_new_each_time_and_in_the_standard_form():
    first, second = new_secret(), new_secret()
    assert first != second and first.startswith("whsec_") and len(first) == 6 + 32


def test_retries_back_off_exponentially_with_jitter_up_to_a_cap():
    rng = random.Random(1)
    delays = [retry_delay_s(n, 5.0, 7200.0, rng) for n in range(1, 9)]
    for n, delay in enumerate(delays, start=1):
        nominal = min(5.0 * 4 ** (n - 1), 7200.0)
        assert 0.5 * nominal <= delay < 1.5 * nominal
    assert sum(delays) > 3600  # a receiver down for an hour is still being tried
    assert len({round(retry_delay_s(1, 5.0, 7200.0), 6) for _ in range(20)}) > 1
