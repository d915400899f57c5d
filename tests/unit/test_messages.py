"""Every payload round-trips through JSON, and its JSON schema matches the committed snapshot:
a change there is a change to the bus contract and needs a new schema_version.
Run with UPDATE_SCHEMAS=1 to rewrite the snapshots after a deliberate change."""

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from shared.envelope import Envelope, wrap
from shared.messages import (
    Article,
    ArticleIngested,
    DeadLettered,
    EntitiesExtracted,
    EntityMention,
    EventAssembled,
    EventSnapshot,
    EventStored,
    StorySnapshot,
    StoryStored,
    SubmitArticle,
)

SNAPSHOTS = Path(__file__).parent.parent / "schemas"
NOW = datetime(2024, 1, 1, tzinfo=UTC)
ARTICLE = Article(
    id="a_1", title="T", text="Body", published_at=NOW, published_at_source="metadata", ingested_at=NOW
)
EVENT = EventSnapshot(
    id="e_1", title="T", date=date(2024, 1, 1), revision=1, first_seen=NOW, last_seen=NOW, story_id="s_1"
)
STORY = StorySnapshot(
    id="s_1",
    title="T",
    event_ids=("e_1",),
    first_date=date(2024, 1, 1),
    last_date=date(2024, 1, 1),
    revision=1,
)
SAMPLES = [
    SubmitArticle(text="Body", published_at=NOW),
    ArticleIngested(article=ARTICLE),
    EntitiesExtracted(
        article=ARTICLE, mentions=(EntityMention(text="B", label="ORG", type="organisation", start=0, end=1),)
    ),
    EventAssembled(
        event=EVENT,
        article=ARTICLE,
        mentions=(EntityMention(text="B", label="ORG", type="organisation", start=0, end=1),),
        stories=(STORY,),
    ),
    EventStored(event=EVENT, created=True),
    StoryStored(story=STORY, created=True),
    DeadLettered(stream="s", group="g", entry_id="1-0", deliveries=5, error="E", body="{}"),
]


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: type(p).__name__)
def test_envelope_round_trips(payload):
    envelope = wrap(payload, "corr-1")
    assert envelope.type == f"{payload.message_type}.v{payload.schema_version}"
    parsed = Envelope[type(payload)].model_validate_json(envelope.model_dump_json())
    assert parsed == envelope


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: type(p).__name__)
def test_schema_matches_snapshot(payload):
    schema = Envelope[type(payload)].model_json_schema()
    path = SNAPSHOTS / f"{payload.message_type}.v{payload.schema_version}.json"
    if os.environ.get("UPDATE_SCHEMAS"):
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
    assert json.loads(path.read_text()) == schema


def with_fields_added(value):
    """`value` (parsed JSON) as version N+1 may write it: a new field in every object."""
    if isinstance(value, dict):
        return {**{k: with_fields_added(v) for k, v in value.items()}, "added_later": {"x": [1]}}
    if isinstance(value, list):
        return [with_fields_added(v) for v in value]
    return value


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: type(p).__name__)
def test_a_consumer_of_version_n_reads_version_n_plus_1(payload):
    envelope = json.loads(wrap(payload, "corr-1").model_dump_json())
    later = payload.schema_version + 1
    newer = {
        **envelope,
        "type": f"{payload.message_type}.v{later}",
        "schema_version": later,
        "payload": with_fields_added(envelope["payload"]),
    }
    read = Envelope[type(payload)].model_validate(newer)
    assert read.payload == payload and read.schema_version == later


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: type(p).__name__)
def test_a_version_further_ahead_or_another_kind_is_refused(payload):
    envelope = json.loads(wrap(payload, "corr-1").model_dump_json())
    ahead = payload.schema_version + 2
    with pytest.raises(ValueError, match="unknown here"):
        Envelope[type(payload)].model_validate(
            {**envelope, "type": f"{payload.message_type}.v{ahead}", "schema_version": ahead}
        )
    with pytest.raises(ValueError, match="is not"):
        Envelope[type(payload)].model_validate({**envelope, "type": "eventwire.other.thing.v1"})
    with pytest.raises(ValueError, match="is not"):  # the name and the version field disagree
        Envelope[type(payload)].model_validate({**envelope, "schema_version": payload.schema_version + 1})


def test_an_older_version_without_a_field_added_since_takes_its_default():
    # EventStored v1 had no story_id (v2 added it, with None for "none yet").
    current = json.loads(wrap(EventStored(event=EVENT, created=True), "c").model_dump_json())
    del current["payload"]["event"]["story_id"]
    old = {**current, "type": "eventwire.event.stored.v1", "schema_version": 1}
    assert Envelope[EventStored].model_validate(old).payload.event.story_id is None
