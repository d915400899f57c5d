"""Stream and consumer-group names, in one place so no service spells them itself.

Groups are created from the start of the stream (id 0) before any subscriber reads: a group made
lazily at `$` would skip whatever was published before its service first started.
"""

import json

from faststream.redis import BinaryMessageFormatV1
from redis.asyncio import Redis
from redis.exceptions import ResponseError

SUBMISSIONS = "eventwire.articles.submitted"
INGESTED = "eventwire.articles.ingested"
ENRICHED = "eventwire.articles.enriched"
ASSEMBLED = "eventwire.events.assembled"
STORED = "eventwire.events.stored"
DEAD_LETTER = "eventwire.deadletter"

INGEST_GROUP = "ingest"
EXTRACT_GROUP = "extract"
DEDUP_GROUP = "dedup"

# Each service declares the (stream, group) pairs it reads in its app.py. The gateway reads STORED
# without a group: every gateway replica must see every event to fan it out to its own SSE clients.

# Work streams, trimmed once every group has acknowledged their entries (shared/stream_trim.py).
# The submissions stream is the raw archive that replay reads: it is never trimmed.
TRIMMED = frozenset({INGESTED, ENRICHED, ASSEMBLED})

# The stored-event stream is a feed for live clients, not a work queue: keep a bounded tail of it
# for clients that reconnect with Last-Event-ID.
STORED_MAXLEN = 100_000


async def ensure_group(redis: Redis, stream: str, group: str) -> None:
    try:
        await redis.xgroup_create(name=stream, groupname=group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


async def retire_group(redis: Redis, stream: str, group: str) -> bool:
    """Drop a group its service no longer reads: left behind, its unread and pending entries
    would keep the stream from ever being trimmed. True if there was one to drop."""
    if group in (INGEST_GROUP, EXTRACT_GROUP, DEDUP_GROUP):
        return False  # another service's group, whatever a misconfigured setting says
    try:
        return bool(await redis.xgroup_destroy(stream, group))
    except ResponseError:  # no such stream
        return False


def entry_body(fields: dict[bytes, bytes]) -> bytes:
    """The message body of a raw stream entry written by a FastStream publisher, for readers that
    page a stream themselves (XRANGE/XREAD) instead of subscribing. An entry some other producer
    wrote (plain XADD fields) is given as its fields in JSON, so that it can be refused, and
    dead-lettered, like any other message no consumer can read."""
    if b"__data__" not in fields:
        return json.dumps(
            {k.decode(errors="replace"): v.decode(errors="replace") for k, v in fields.items()}
        ).encode()
    return BinaryMessageFormatV1.parse(fields[b"__data__"])[0]
