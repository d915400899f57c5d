"""Standard Webhooks signatures (https://www.standardwebhooks.com): the secret, and the three
headers every delivery carries.

The signature is an HMAC-SHA256 of `webhook-id.webhook-timestamp.body` under the secret, in
base64, prefixed `v1,`. It is written here (a few lines) rather than with the `standardwebhooks`
package, so that the package stays an independent check: the tests verify our deliveries with it.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(secret: str, webhook_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, webhook_id, timestamp, body),
        "content-type": "application/json",
        "user-agent": "Eventwire-Webhooks/1",
    }
