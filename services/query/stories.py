"""Stories in the read model: writing a story revision inside an assembled event's transaction,
and the reads behind GET /stories and GET /stories/{id}.

A revision is stored only if it is not older than the one held (redelivered or reordered messages
leave the same state). A story that ended in another (its only event went on there) stops being
served and its id leads to the other, as a merged event's does.
"""

from collections.abc import Callable
from datetime import date

from sqlalchemy import Connection, delete, select

from services.query.database import Database
from services.query.filters import events_naming
from services.query.pages import newest_first, page_of
from services.query.tables import stories, story_events, story_redirects
from shared.api_models import StoriesPage, StoryPublic
from shared.messages import StorySnapshot


def put_story(conn: Connection, insert: Callable, story: StorySnapshot) -> tuple[bool, bool]:
    """Store a story revision unless a newer one is held: (current, created), as for events."""
    held = conn.execute(select(stories.c.revision).where(stories.c.id == story.id)).scalar()
    if held is not None and held > story.revision:
        return False, False
    if conn.execute(select(story_redirects.c.new_id).where(story_redirects.c.old_id == story.id)).scalar():
        return False, False  # a late revision of a story that has ended in another since
    if story.merged_ids:
        conn.execute(delete(stories).where(stories.c.id.in_(story.merged_ids)))
        upsert = insert(story_redirects)
        conn.execute(
            upsert.on_conflict_do_update(index_elements=["old_id"], set_={"new_id": upsert.excluded.new_id}),
            [{"old_id": old, "new_id": story.id} for old in story.merged_ids],
        )
    row = {
        "id": story.id,
        "first_day": story.first_date,
        "last_day": story.last_date,
        "revision": story.revision,
        "body": story.model_dump_json(),
    }
    conn.execute(insert(stories).values(**row).on_conflict_do_update(index_elements=["id"], set_=row))
    link = insert(story_events)
    conn.execute(
        link.on_conflict_do_update(index_elements=["event_id"], set_={"story_id": link.excluded.story_id}),
        [{"event_id": event_id, "story_id": story.id} for event_id in story.event_ids],
    )
    return True, held is None


def _naming(entity: str):
    """Stories with an event that names the entity, as GET /events filters it."""
    return select(story_events.c.story_id).where(story_events.c.event_id.in_(events_naming(entity)))


class StoryReads:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def story(self, story_id: str) -> StoryPublic | None:
        query = select(stories.c.body).where(stories.c.id == story_id)
        body = await self._db.read(lambda conn: conn.execute(query).scalar())
        return StoryPublic.model_validate_json(body) if body else None

    async def ended_in(self, story_id: str) -> str | None:
        query = select(story_redirects.c.new_id).where(story_redirects.c.old_id == story_id)
        return await self._db.read(lambda conn: conn.execute(query).scalar())

    async def page(
        self, *, entity: str | None, since: date | None, until: date | None, cursor: str | None, limit: int
    ) -> StoriesPage:
        """Newest first (by latest chapter, then id), `limit` at a time, after `cursor`; `from` and
        `to` keep the stories with a chapter in that span of days."""
        query = select(stories.c.id, stories.c.last_day, stories.c.body)
        if entity:
            query = query.where(stories.c.id.in_(_naming(entity)))
        if since:
            query = query.where(stories.c.last_day >= since)
        if until:
            query = query.where(stories.c.first_day <= until)
        query = newest_first(query, stories.c.last_day, stories.c.id, cursor, limit)
        rows = await self._db.read(lambda conn: conn.execute(query).all())
        page, next_cursor = page_of(rows, limit, lambda row: row.last_day)
        data = [StoryPublic.model_validate_json(r.body) for r in page]
        return StoriesPage(data=data, count=len(data), next_cursor=next_cursor)
