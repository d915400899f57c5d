"""The message contract as an AsyncAPI 3.0 document: every Redis stream is a channel, every
payload a message whose schema is the envelope around the shared pydantic model, so the document
cannot drift from the code (a test checks each schema against the models)."""

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from shared.envelope import Envelope, Payload
from shared.messages import (
    ArticleIngested,
    DeadLettered,
    EntitiesExtracted,
    EventAssembled,
    EventStored,
    IngestResult,
    StoryStored,
    SubmitArticle,
)
from shared.streams import ASSEMBLED, DEAD_LETTER, ENRICHED, INGESTED, STORED, SUBMISSIONS

# Each stream, what it carries, who writes it and who reads it.
CHANNELS: dict[str, tuple[tuple[type[Payload], ...], str, str]] = {
    SUBMISSIONS: ((SubmitArticle,), "gateway", "ingest (never trimmed: the archive that replay reads)"),
    INGESTED: ((ArticleIngested,), "ingest", "extract"),
    ENRICHED: ((EntitiesExtracted,), "extract", "dedup"),
    ASSEMBLED: ((EventAssembled,), "dedup", "query"),
    STORED: ((EventStored, StoryStored), "query", "gateway (SSE, no group) and webhooks"),
    DEAD_LETTER: ((DeadLettered,), "every consumer, after its last try", "eventwire dlq"),
}


def _message_name(payload: type[Payload]) -> str:
    return f"{payload.message_type}.v{payload.schema_version}"


def asyncapi_document(version: str) -> dict:
    models: list[type[BaseModel]] = [Envelope[p] for payloads, *_ in CHANNELS.values() for p in payloads]
    models.append(IngestResult)
    keyed, definitions = models_json_schema(
        [(m, "validation") for m in models], ref_template="#/components/schemas/{model}"
    )
    schemas = definitions.get("$defs", {})
    channels, messages, operations = {}, {}, {}
    for stream, (payloads, writer, reader) in CHANNELS.items():
        refs = {}
        for payload in payloads:
            name = _message_name(payload)
            schema = keyed[(Envelope[payload], "validation")]
            messages[name] = {
                "name": name,
                "title": payload.__name__,
                "summary": (payload.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
                "contentType": "application/json",
                "payload": schema,
            }
            refs[name] = {"$ref": f"#/components/messages/{name}"}
        channels[stream] = {
            "address": stream,
            "description": f"A Redis stream. Written by {writer}; read by {reader}.",
            "messages": refs,
        }
        operations[f"publish {stream}"] = {
            "action": "send", "channel": {"$ref": f"#/channels/{stream}"}, "summary": f"{writer} writes it",
        }  # fmt: skip
        operations[f"consume {stream}"] = {
            "action": "receive", "channel": {"$ref": f"#/channels/{stream}"}, "summary": f"{reader} reads it",
        }  # fmt: skip
    messages["eventwire.ingest.result"] = {
        "name": "eventwire.ingest.result",
        "title": "IngestResult",
        "summary": (IngestResult.__doc__ or "").strip().replace("\n", " "),
        "contentType": "application/json",
        "payload": keyed[(IngestResult, "validation")],
    }
    channels["replies"] = {
        "address": "eventwire:replies:{gateway}",
        "description": "Redis pub/sub, one channel per gateway process: ingest's answer to each "
        "submission, matched by correlation id.",
        "parameters": {"gateway": {"description": "chosen by each gateway at start"}},
        "messages": {"eventwire.ingest.result": {"$ref": "#/components/messages/eventwire.ingest.result"}},
    }
    operations["answer submissions"] = {
        "action": "send", "channel": {"$ref": "#/channels/replies"}, "summary": "ingest answers the gateway",
    }  # fmt: skip
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Eventwire streams",
            "version": version,
            "description": "The messages Eventwire's services exchange over Redis Streams. Every message is "
            "an envelope (id, type with version, time, correlation id, generation) around its payload; "
            "ingest answers each submission with an IngestResult on the reply channel it names.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "redis": {"host": "localhost:6379", "protocol": "redis", "description": "EVENTWIRE_REDIS_URL"}
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
