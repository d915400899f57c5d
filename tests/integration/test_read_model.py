"""The read model on a real SQLite database file: idempotent writes, ordering, paging, filters."""

from datetime import UTC, date, datetime

import pytest

from services.query.event_search import EventSearch
from services.query.pages import BadCursor
from services.query.store import Change
from shared.event_filter import EventFilter
from shared.messages import Article, EntityMention, EventEntity, EventSnapshot

NOW = datetime(2024, 1, 1, tzinfo=UTC)


async def events_page(model, *, entity=None, cursor=None, limit=50, sort="date", **conditions):
    wanted = EventFilter(entity=(entity,) if entity else (), **conditions)
    return await EventSearch(model.database, model.full_text).page(wanted, sort, cursor, limit)


def event(
    event_id: str, day: date, revision: int, articles: tuple[str, ...], names=("Putin",)
) -> EventSnapshot:
    entities = tuple(EventEntity(id=f"ent_{n}", name=n, type="person", count=1) for n in names)
    return EventSnapshot(
        id=event_id, title=event_id, date=day, entities=entities, article_ids=articles,
        revision=revision, first_seen=NOW, last_seen=NOW,
    )  # fmt: skip


async def test_an_assembled_event_brings_its_article_and_entities_in_one_write(model):
    article = Article(
        id="a1", title="T", text="Putin", published_at=NOW, published_at_source="metadata", ingested_at=NOW
    )
    mentions = (EntityMention(text="Putin", label="PERSON", type="person", start=0, end=5),)
    assert await model.record(event("e1", date(2017, 11, 1), 1, ("a1",)), article, mentions) == (True, True)
    assert await model.record(event("e1", date(2017, 11, 1), 1, ("a1",)), article, mentions) == (True, False)
    found = await model.article("a1")
    assert found.event_id == "e1" and [m.text for m in found.entities] == ["Putin"]
    assert await model.article("nope") is None


async def test_a_list_of_messages_lands_in_order_in_one_transaction(model):
    def article(article_id: str) -> Article:
        return Article(
            id=article_id, title="T", text="Putin", published_at=NOW, published_at_source="metadata",
            ingested_at=NOW,
        )  # fmt: skip

    day = date(2017, 11, 1)
    changes = [
        (event("e1", day, 1, ("a1",)), article("a1"), (), 0),
        (event("e1", day, 2, ("a1", "a2")), article("a2"), (), 0),
        (event("e1", day, 1, ("a1",)), article("a1"), (), 0),  # a late redelivery of revision 1
        (event("e2", day, 1, ("a3",)), article("a3"), (), 0),
    ]
    results = await model.record_all([Change(*change) for change in changes])
    assert [(r.current, r.created) for r in results] == [
        (True, True),
        (True, False),
        (False, False),
        (True, True),
    ]
    assert (await model.event("e1")).article_ids == ("a1", "a2")
    assert (await model.article("a3")).event_id == "e2"


async def test_older_revisions_never_overwrite_newer_ones(model):
    assert await model.put_event(event("e1", date(2017, 11, 1), 2, ("a1", "a2"))) == (True, True)
    assert await model.put_event(event("e1", date(2017, 11, 1), 1, ("a1",))) == (False, False)
    assert await model.put_event(event("e1", date(2017, 11, 1), 2, ("a1", "a2"))) == (True, False)
    assert (await model.event("e1")).revision == 2


async def test_pages_newest_first_with_filters(model):
    for n in range(5):
        await model.put_event(event(f"e{n}", date(2020, 1, 1 + n), 1, (f"a{n}",), names=("Putin", f"P{n}")))
    await model.put_event(event("quake", date(2023, 2, 6), 1, ("q",), names=("Gaziantep",)))
    first = await events_page(model, entity=None, since=None, until=None, cursor=None, limit=4)
    assert [e.id for e in first.data] == ["quake", "e4", "e3", "e2"] and first.next_cursor
    rest = await events_page(model, entity=None, since=None, until=None, cursor=first.next_cursor, limit=4)
    assert [e.id for e in rest.data] == ["e1", "e0"] and rest.next_cursor is None
    putin = await events_page(
        model, entity="putin", since=date(2020, 1, 2), until=date(2020, 1, 3), cursor=None, limit=10
    )
    assert [e.id for e in putin.data] == ["e2", "e1"]
    with pytest.raises(BadCursor):
        await events_page(model, entity=None, since=None, until=None, cursor="garbage!", limit=4)


async def test_entity_filter_matches_whole_words_at_either_end_of_a_name(model):
    await model.put_event(event("visit", date(2025, 1, 17), 1, ("a",), names=("Masoud Pezeshkian",)))
    await model.put_event(event("other", date(2025, 1, 18), 1, ("b",), names=("Pezeshkianville Mayor",)))
    for query in ("Pezeshkian", "masoud", "MASOUD PEZESHKIAN"):
        page = await events_page(model, entity=query, since=None, until=None, cursor=None, limit=10)
        assert [e.id for e in page.data] == ["visit"], query
    none = await events_page(model, entity="%", since=None, until=None, cursor=None, limit=10)
    assert none.data == []


async def test_a_newer_generation_starts_afresh_and_an_older_one_is_ignored(model):
    article = Article(
        id="a1", title="T", text="x", published_at=NOW, published_at_source="metadata", ingested_at=NOW
    )
    await model.record(event("old", date(2017, 11, 1), 3, ("a1",)), article, (), 0)

    assert await model.put_event(event("new", date(2017, 11, 1), 1, ("a1",)), 1) == (True, True)
    assert await model.generation() == 1
    assert await model.event("old") is None and await model.article("a1") is None  # rebuilt from empty
    await model.set_entities(article, (), 1)
    assert (await model.article("a1")).event_id == "new"

    stale = article.model_copy(update={"id": "stale"})
    assert await model.record(event("late", date(2017, 11, 1), 9, ("a1",)), stale, (), 0) == (False, False)
    assert await model.event("late") is None and await model.article("stale") is None


async def test_entities_are_found_by_name_prefix_with_their_events_and_company(model):
    from services.query.entity_reads import EntityReads

    await model.put_event(
        event("visit17", date(2017, 11, 1), 1, ("a",), names=("Vladimir Putin", "Ali Khamenei"))
    )
    await model.put_event(
        event("visit22", date(2022, 7, 19), 1, ("b",), names=("Vladimir Putin", "Ebrahim Raisi"))
    )
    reads = EntityReads(model.database)
    found = (await reads.entities(prefix="put", kind="person", limit=10)).data
    assert [(e.name, e.events) for e in found] == [("Vladimir Putin", 2)]
    assert [e.name for e in (await reads.entities(prefix="vlad", kind=None, limit=10)).data] == [
        "Vladimir Putin"
    ]
    assert (await reads.entities(prefix="put", kind="place", limit=10)).data == []
    assert (await reads.entities(prefix="%", kind=None, limit=10)).data == []
    # Every entity once, most reported first, a page at a time.
    pages, cursor = [], None
    while True:
        page = await reads.entities(prefix=None, kind=None, limit=1, cursor=cursor)
        pages += [e.name for e in page.data]
        if not (cursor := page.next_cursor):
            break
    assert pages == ["Vladimir Putin", "Ali Khamenei", "Ebrahim Raisi"]

    detail = await reads.entity(found[0].id)
    assert [e.id for e in detail.recent_events] == ["visit22", "visit17"]  # newest first
    assert sorted(e.name for e in detail.seen_with) == ["Ali Khamenei", "Ebrahim Raisi"]
    assert await reads.entity("ent_missing") is None


async def test_provenance_lists_each_mention_with_its_sentence(model):
    from services.query.provenance import ProvenanceReads
    from shared.entity_ids import entity_id_of

    text = "Leaders met in Tehran. Vladimir Putin arrived first.\nLater, Putin left."
    mentions = (
        EntityMention(
            text="Vladimir Putin", label="PERSON", type="person", start=23, end=37, canonical="Vladimir Putin"
        ),
        EntityMention(
            text="Putin", label="PERSON", type="person", start=60, end=65, canonical="Vladimir Putin"
        ),
        EntityMention(text="Tehran", label="GPE", type="place", start=15, end=21, canonical="Tehran"),
    )
    article = Article(
        id="a1", title="T", text=text, published_at=NOW, published_at_source="metadata", ingested_at=NOW
    )
    await model.set_entities(article, mentions)
    await model.put_event(event("visit", date(2017, 11, 1), 1, ("a1",)))
    reads = ProvenanceReads(model.database)

    putin = await reads.mentions("visit", entity_id_of(mentions[0]))
    assert [(m.text, m.start, m.sentence) for m in putin.mentions] == [
        ("Vladimir Putin", 23, "Vladimir Putin arrived first."),
        ("Putin", 60, "Later, Putin left."),
    ]
    assert (await reads.mentions("visit", "ent_nobody")).mentions == []
    assert await reads.mentions("no-such-event", entity_id_of(mentions[0])) is None


async def test_entities_keep_every_name_they_were_written_under(model):
    from services.query.entity_reads import EntityReads
    from shared.entity_ids import entity_id_of

    def country(text: str, start: int) -> EntityMention:
        return EntityMention(
            text=text,
            label="GPE",
            type="country",
            start=start,
            end=start + len(text),
            canonical="United States",
        )

    first = Article(
        id="a1", title="T", text="U.S. and America", published_at=NOW, published_at_source="metadata",
        ingested_at=NOW,
    )  # fmt: skip
    second = first.model_copy(update={"id": "a2", "text": "U.S. envoy"})
    await model.set_entities(first, (country("U.S.", 0), country("America", 9)))
    await model.set_entities(second, (country("U.S.", 0),))
    await model.set_entities(second, (country("U.S.", 0),))  # redelivered: adds nothing
    us = entity_id_of(country("U.S.", 0))
    entity = EventEntity(id=us, name="United States", type="country", count=3)
    await model.put_event(
        EventSnapshot(
            id="e1",
            title="T",
            date=date(2024, 1, 1),
            entities=(entity,),
            article_ids=("a1", "a2"),
            revision=1,
            first_seen=NOW,
            last_seen=NOW,
        )
    )
    reads = EntityReads(model.database)
    assert [e.id for e in (await reads.entities(prefix="america", kind=None, limit=10)).data] == [us]
    detail = await reads.entity(us)
    assert detail.aliases == ["U.S.", "United States", "America"]  # most articles first
    assert detail.location.country_code == "US"


async def test_a_merged_event_stops_being_served_and_its_id_leads_to_the_survivor(model):
    await model.set_entities(
        Article(
            id="a1",
            title="T",
            text="Herat",
            published_at=NOW,
            published_at_source="metadata",
            ingested_at=NOW,
        ),
        (),
    )
    await model.put_event(event("e_small", date(2023, 10, 7), 1, ("a1",), names=("Herat",)))
    await model.put_event(event("e_old", date(2023, 10, 7), 1, ("a0",), names=("Herat",)))
    survivor = event("e_big", date(2023, 10, 7), 3, ("a2", "a3", "a1", "a0"), names=("Herat",))
    survivor = survivor.model_copy(update={"merged_ids": ("e_small", "e_old")})
    assert await model.put_event(survivor) == (True, True)
    assert await model.event("e_small") is None and await model.merged_into("e_small") == "e_big"
    assert await model.merged_into("e_old") == "e_big"
    # A late revision of the absorbed event does not bring it back.
    assert await model.put_event(event("e_small", date(2023, 10, 7), 2, ("a1", "a9"))) == (False, False)
    page = await events_page(model, entity="herat", since=None, until=None, cursor=None, limit=10)
    assert [e.id for e in page.data] == ["e_big"]
    assert (await model.article("a1")).event_id == "e_big"


async def test_the_api_answers_a_merged_id_with_a_redirect_to_the_survivor(model):
    import httpx
    from fastapi import FastAPI, HTTPException

    from services.gateway.clients import ServiceClient
    from services.gateway.relay import forward
    from services.query.read_api import read_router

    survivor = event("e_big", date(2023, 10, 7), 2, ("a1", "a2")).model_copy(
        update={"merged_ids": ("e_small",)}
    )
    await model.put_event(survivor)
    query = FastAPI()
    query.include_router(read_router(model))
    transport = httpx.ASGITransport(app=query)
    async with httpx.AsyncClient(transport=transport, base_url="http://query") as http:
        answer = await http.get("/events/e_small")
        assert answer.status_code == 301 and answer.headers["location"] == "/events/e_big"
        assert (await http.get("/events/e_nothing")).status_code == 404
    # The gateway passes the redirect on under its own path.
    client = ServiceClient("http://query")
    client._http = httpx.AsyncClient(transport=transport, base_url="http://query")
    with pytest.raises(HTTPException) as redirect:
        await forward(client, "GET", "/events/e_small")
    await client.close()
    assert redirect.value.status_code == 301 and redirect.value.headers["Location"] == "/v1/events/e_big"
