"""Stories in the read model: writing a story revision inside an assembled event's transaction,
and the reads behind GET /stories and GET /stories/{id}.

A revision is stored only if it is not older than the one held (redelivered or reordered messages
leave the same state). A story that ended in another (its only event went on there) stops being
served and its id leads to the other, as a merged event's does.
"""

import base64
from collections.abc import Callable
from datetime import date

from sqlalchemy import Connection, and_, delete, or_, select

from services.query.database import Database
from services.query.filters import events_naming
from services.query.tables import stories, story_events, story_redirects
from shared.api_models import StoriesPage, StoryPublic
from shared.messages import StorySnapshot


class BadStoryCursor(ValueError):
    pass


def _cursor(day: date, story_id: str) -> str:
    return base64.urlsafe_b64encode(f"s|{day.isoformat()}|{story_id}".encode()).decode()


def _uncursor(cursor: str) -> tuple[date, str]:
    try:
        kind, day, story_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 2)
        if kind != "s":
            raise ValueError(kind)
        return date.fromisoformat(day), story_id
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadStoryCursor("cursor is not one this API returned for stories") from exc


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
        if cursor:
            day, story_id = _uncursor(cursor)
            query = query.where(
                or_(stories.c.last_day < day, and_(stories.c.last_day == day, stories.c.id < story_id))
            )
        query = query.order_by(stories.c.last_day.desc(), stories.c.id.desc()).limit(limit + 1)
        rows = await self._db.read(lambda conn: conn.execute(query).all())
        page = rows[:limit]
        next_cursor = _cursor(page[-1].last_day, page[-1].id) if len(rows) > limit else None
        data = [StoryPublic.model_validate_json(r.body) for r in page]
        return StoriesPage(data=data, count=len(data), next_cursor=next_cursor)
