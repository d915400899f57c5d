"""Examples for the API description: one of every request and response body, built from the
models themselves (so each is valid by construction) around one happening, a visit to Tehran,
written for this project. `add_examples` puts them into the OpenAPI document, by schema name."""

from datetime import UTC, date, datetime
from functools import cache

from services.gateway.api.articles import ArticleCreate
from services.gateway.api.feeds import FeedCreate
from services.gateway.api.keys import KeyCreate, KeyCreated, KeyPublic
from services.gateway.api.replay import ReplayStartedPublic
from shared import api_models as api
from shared.event_filter import EventFilter
from shared.messages import Copy, EntityMention, EventEntity, Location

AT = datetime(2017, 11, 1, 9, 30, tzinfo=UTC)
EVENT_ID, ARTICLE_ID, STORY_ID = "e_3f9c2a7d41b0e865", "a_8d2e61f0c4b9a573", "s_3f9c2a7d41b0e865"
PUTIN = EventEntity(id="ent_5b1e0c9a7d32", name="Vladimir Putin", type="person", count=9, salience=1.0)
TEHRAN = Location(name="Tehran", country_code="IR", lat=35.694, lon=51.422)
TITLE = "Putin lands in Tehran for talks and a three-way summit"
SUMMARY = "The Russian president arrived in Tehran on Wednesday for talks on energy and a summit with Iran and Azerbaijan."
TEXT = SUMMARY + " The leaders discussed a north-south transport corridor."


@cache
def examples() -> dict[str, object]:
    """Example values by schema name (JSON-ready)."""
    mention = EntityMention(
        text="Putin", label="PERSON", type="person", start=4, end=9, canonical="Vladimir Putin"
    )
    event = api.EventPublic(
        id=EVENT_ID, title=TITLE, summary=SUMMARY, date=date(2017, 11, 1), location=TEHRAN,
        entities=(PUTIN, EventEntity(id="ent_0a4c7e2b9d11", name="Tehran", type="place", count=5, salience=0.6)),
        article_ids=(ARTICLE_ID, "a_1c7b2e9f0d4a6638"), article_count=1, source_count=2,
        sources=("Caspian Ledger", "Gulf Monitor"),
        duplicates=(Copy(article_id="a_1c7b2e9f0d4a6638", duplicate_of=ARTICLE_ID),),
        revision=2, first_seen=AT, last_seen=AT, story_id=STORY_ID,
    )  # fmt: skip
    story = api.StoryPublic(
        id=STORY_ID, title=TITLE, summary=SUMMARY, event_ids=(EVENT_ID,), first_date=date(2017, 11, 1),
        last_date=date(2017, 11, 1), entities=(PUTIN,), article_count=1, source_count=2, revision=1,
    )  # fmt: skip
    summary = api.EntitySummary(id=PUTIN.id, name=PUTIN.name, type="person", mentions=9, events=1)
    wanted = EventFilter(q="tehran", entity=("Putin",), country="IR")
    subscription = {
        "id": "sub_2c9e1f7a0b3d5e84", "url": "https://hooks.example.com/eventwire", "filter": wanted,
        "description": "Putin in Iran", "status": "active", "created_at": AT, "pending": 0, "dead_letters": 0,
    }  # fmt: skip
    key = {"id": "key_7e3a91c0b2d4", "name": "dashboard", "scopes": ["read"], "created_at": AT}
    models = {
        "ArticleCreate": ArticleCreate(
            title=TITLE,
            text=TEXT,
            url="https://example.com/world/putin-tehran",
            source="Caspian Ledger",
            published_at=AT,
        ),
        "ArticleAccepted": api.ArticleAccepted(id=ARTICLE_ID, ids=[ARTICLE_ID]),
        "ArticlePublic": api.ArticlePublic(
            id=ARTICLE_ID,
            title=TITLE,
            text=TEXT,
            url="https://example.com/world/putin-tehran?utm_source=x",
            canonical_url="https://example.com/world/putin-tehran",
            source="Caspian Ledger",
            published_at=AT,
            published_at_source="metadata",
            language="en",
            ingested_at=AT,
            event_id=EVENT_ID,
            entities=[mention],
        ),
        "EventPublic": event,
        "EventsPage": api.EventsPage(data=[event], count=1, total=1, next_cursor=None),
        "StoryPublic": story,
        "StoriesPage": api.StoriesPage(data=[story], count=1, next_cursor=None),
        "EntitySummary": summary,
        "EntitiesPage": api.EntitiesPage(data=[summary], count=1, next_cursor=None),
        "EntityDetail": api.EntityDetail(
            **summary.model_dump(),
            aliases=["Vladimir Putin", "Putin"],
            location=None,
            recent_events=[event],
            seen_with=[],
        ),
        "EntityProvenance": api.EntityProvenance(
            event_id=EVENT_ID,
            entity_id=PUTIN.id,
            mentions=[
                api.MentionPublic(
                    article_id=ARTICLE_ID,
                    article_title=TITLE,
                    source="Caspian Ledger",
                    text="Putin",
                    start=4,
                    end=9,
                    sentence=SUMMARY,
                )
            ],
        ),
        "TimelineBucket": api.TimelineBucket(start=date(2017, 11, 1), count=1),
        "FeedCreate": FeedCreate(url="https://example.com/world/rss.xml", interval_s=600),
        "FeedPublic": api.FeedPublic(
            id="f_4b8e2a1c9d07",
            url="https://example.com/world/rss.xml",
            interval_s=600,
            created_at=AT,
            last_fetched_at=AT,
            last_status="ok",
            last_error=None,
            articles_ingested=12,
            next_poll_at=AT,
        ),
        "SubscriptionCreate": api.SubscriptionCreate(
            url="https://hooks.example.com/eventwire", filter=wanted, description="Putin in Iran"
        ),
        "SubscriptionChange": api.SubscriptionChange(status="paused"),
        "SubscriptionPublic": api.SubscriptionPublic(**subscription),
        "SubscriptionCreated": api.SubscriptionCreated(**subscription, secret="whsec_" + "A" * 32),
        "DeliveryAttempt": api.DeliveryAttempt(
            webhook_id="msg_5e0c3b8a1f2d4e6a7b9c0d1e",
            event_id=EVENT_ID,
            type="event.updated",
            attempt=1,
            at=AT,
            status_code=204,
            error=None,
            duration_ms=41.7,
            outcome="delivered",
        ),
        "KeyCreate": KeyCreate(name="dashboard", scopes=["read"]),
        "KeyPublic": KeyPublic(**key),
        "KeyCreated": KeyCreated(**key, key="ew_" + "x" * 43),
        "ReplayStartedPublic": ReplayStartedPublic(generation=2, submissions=1520, unreadable=0),
        "EventFilter": wanted,
        "PipelineStatus": api.PipelineStatus(
            ready=True,
            dead_letters=0,
            groups=[
                api.GroupStatus(
                    stream="eventwire.articles.ingested",
                    group="extract",
                    replicas=2,
                    consumers=["extract-1", "extract-2"],
                    lag=3,
                    pending=1,
                    dead_letters=0,
                    last_error=None,
                )
            ],
        ),
        "DeadLetterPublic": api.DeadLetterPublic(
            id="1509528600000-0",
            stream="eventwire.articles.ingested",
            group="extract",
            entry_id="1509528500000-0",
            deliveries=5,
            error="ValueError: text is empty",
            dead_lettered_at=AT,
            correlation_id="5f0c3b8a1f2d4e6a",
        ),
    }
    return {name: model.model_dump(mode="json", by_alias=True) for name, model in models.items()}


TEXT_EXAMPLES = {
    "application/atom+xml": '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    f"<entry><id>urn:eventwire:event:{EVENT_ID}</id><title>{TITLE}</title></entry></feed>",
    "application/x-ndjson": '{"id": "' + EVENT_ID + '", "title": "' + TITLE + '", ...}\n',
    "text/csv": f"id,date,title,...\n{EVENT_ID},2017-11-01,{TITLE},...\n",
    "text/event-stream": f'event: updated\nid: 1509528600000-0\nretry: 2000\ndata: {{"id": "{EVENT_ID}", ...}}\n\n',
}
PLAIN = {
    "/v1/dead-letters/replay": {"replayed": 2},
    "/healthz": {"status": "ok"},
    "/readyz": {"status": "ready"},
    "/v1/subscriptions/{subscription_id}/redrive": {"redriven": 3},
}


def _example_of(schema: dict, path: str) -> object | None:
    by_name = examples()
    if ref := schema.get("$ref"):
        return by_name.get(ref.rsplit("/", 1)[1])
    if schema.get("type") == "array" and (item := _example_of(schema.get("items", {}), path)) is not None:
        return [item]
    for option in schema.get("anyOf", ()):
        if (example := _example_of(option, path)) is not None:
            return example
    return PLAIN.get(path)


def add_examples(schema: dict) -> None:
    """Every request body and every successful response body gets an example."""
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            bodies = [operation.get("requestBody", {})]
            bodies += [r for status, r in operation.get("responses", {}).items() if status[0] in "23"]
            if path.endswith("/stream"):
                operation["responses"]["200"].setdefault("content", {}).setdefault("text/event-stream", {})
            for body in bodies:
                for media, content in body.get("content", {}).items():
                    if media in TEXT_EXAMPLES:
                        content["example"] = TEXT_EXAMPLES[media]
                    elif (example := _example_of(content.get("schema", {}), path)) is not None:
                        content["example"] = example
