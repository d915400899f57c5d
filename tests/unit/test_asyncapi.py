"""The AsyncAPI document describes the streams as the code has them: every stream is a channel,
and every sample message of the shared schemas validates against its channel's message schema,
while a message missing a field does not."""

import jsonschema_rs
import pytest

from shared.asyncapi import CHANNELS, asyncapi_document
from shared.envelope import wrap
from shared.streams import ASSEMBLED, DEAD_LETTER, ENRICHED, INGESTED, STORED, SUBMISSIONS
from tests.unit.test_messages import SAMPLES

pytestmark = pytest.mark.unit


def validator(document: dict, message: str) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(
        {**document, "$ref": f"#/components/messages/{message}/payload"}
    )


def test_every_stream_is_a_channel_and_every_sample_fits_its_message():
    document = asyncapi_document("test")
    assert document["asyncapi"] == "3.0.0"
    assert {SUBMISSIONS, INGESTED, ENRICHED, ASSEMBLED, STORED, DEAD_LETTER} <= set(document["channels"])
    carried = {
        f"{p.message_type}.v{p.schema_version}" for payloads, *_ in CHANNELS.values() for p in payloads
    }
    for sample in SAMPLES:
        name = f"{sample.message_type}.v{sample.schema_version}"
        assert name in carried, name
        message = wrap(sample, "corr").model_dump(mode="json")
        validator(document, name).validate(message)
        broken = {
            **message,
            "payload": {k: v for k, v in message["payload"].items() if k != next(iter(message["payload"]))},
        }
        assert (
            not validator(document, name).is_valid(broken)
            or not type(sample).model_fields[next(iter(message["payload"]))].is_required()
        )


def test_the_gateway_serves_it():
    from fastapi.testclient import TestClient

    from services.gateway.app import create_app
    from services.gateway.settings import GatewaySettings

    client = TestClient(create_app(GatewaySettings(auth="off", rate_limit_per_min=0)))
    served = client.get("/asyncapi.json").json()
    assert served["asyncapi"] == "3.0.0" and STORED in served["channels"]
