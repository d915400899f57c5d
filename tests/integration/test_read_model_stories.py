"""Stories in the read model, on SQLite and PostgreSQL: stored with the event that changed them,
newer revisions only, redirects for stories that ended in another, and the list's filters."""

from datetime import date

import pytest

from services.query.pages import BadCursor
from services.query.store import Change
from services.query.stories import StoryReads
from shared.messages import Article, EventEntity, StorySnapshot
from tests.integration.test_read_model import NOW, event


def article(article_id: str) -> Article:
    return Article(
        id=article_id, title="T", text="x", published_at=NOW, published_at_source="metadata", ingested_at=NOW
    )


def story(
    story_id: str, events: tuple[str, ...], first: date, last: date, revision: int, merged=()
) -> StorySnapshot:
    return StorySnapshot(
        id=story_id, title=story_id, event_ids=events, first_date=first, last_date=last, revision=revision,
        entities=(EventEntity(id="ent_optus", name="Optus", type="organisation", count=1),), merged_ids=merged,
    )  # fmt: skip


SEPT, OCT = date(2022, 9, 22), date(2022, 10, 6)


async def test_stories_land_with_their_event_newer_revisions_only(model):
    reads = StoryReads(model.database)
    first = Change(
        event("e1", SEPT, 1, ("a1",), ("Optus",)),
        article("a1"),
        stories=(story("s1", ("e1",), SEPT, SEPT, 1),),
    )
    (recorded,) = await model.record_all([first])
    assert [(s.id, created) for s, created in recorded.stories] == [("s1", True)]
    grown = story("s1", ("e1", "e2"), SEPT, OCT, 2)
    second = Change(event("e2", OCT, 1, ("a2",), ("Optus",)), article("a2"), stories=(grown,))
    late = Change(
        event("e1", SEPT, 1, ("a1",), ("Optus",)),
        article("a1"),
        stories=(story("s1", ("e1",), SEPT, SEPT, 1),),
    )
    results = await model.record_all([second, late])
    assert [(s.revision, created) for s, created in results[0].stories] == [(2, False)]
    assert results[1].stories == ()  # an older revision is neither stored nor announced
    assert (await reads.story("s1")).event_ids == ("e1", "e2")


async def test_a_story_that_ended_in_another_redirects_there(model):
    reads = StoryReads(model.database)
    await model.record_all(
        [Change(event("e2", OCT, 1, ("a2",)), article("a2"), stories=(story("s2", ("e2",), OCT, OCT, 1),))]
    )
    went_on = story("s1", ("e1", "e2"), SEPT, OCT, 3, merged=("s2",))
    await model.record_all([Change(event("e2", OCT, 2, ("a2", "a3")), article("a3"), stories=(went_on,))])
    assert await reads.story("s2") is None and await reads.ended_in("s2") == "s1"
    late = await model.record_all(
        [Change(event("e2", OCT, 1, ("a2",)), article("a2"), stories=(story("s2", ("e2",), OCT, OCT, 2),))]
    )
    assert late[0].stories == () and await reads.story("s2") is None


async def test_the_list_pages_newest_first_and_filters_by_entity_and_days(model):
    reads = StoryReads(model.database)
    changes = [
        Change(event(f"e{n}", day, 1, (f"a{n}",), names), article(f"a{n}"), stories=(story(f"s{n}", (f"e{n}",), day, day, 1),))
        for n, day, names in [
            (1, date(2022, 1, 12), ("Boris Johnson",)), (2, date(2022, 9, 22), ("Optus",)),
            (3, date(2022, 10, 19), ("Medibank",)), (4, date(2022, 11, 2), ("North Korea",)),
        ]
    ]  # fmt: skip
    await model.record_all(changes)
    first = await reads.page(entity=None, since=None, until=None, cursor=None, limit=3)
    assert [s.id for s in first.data] == ["s4", "s3", "s2"] and first.count == 3
    rest = await reads.page(entity=None, since=None, until=None, cursor=first.next_cursor, limit=3)
    assert [s.id for s in rest.data] == ["s1"] and rest.next_cursor is None
    named = await reads.page(entity="optus", since=None, until=None, cursor=None, limit=10)
    assert [s.id for s in named.data] == ["s2"]
    autumn = await reads.page(
        entity=None, since=date(2022, 9, 1), until=date(2022, 10, 31), cursor=None, limit=10
    )
    assert [s.id for s in autumn.data] == ["s3", "s2"]
    with pytest.raises(BadCursor):
        await reads.page(entity=None, since=None, until=None, cursor="bm9wZQ==", limit=3)
