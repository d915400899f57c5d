"""The read model behind a small interface, on SQLAlchemy Core so SQLite and PostgreSQL share it.

Writes are idempotent: an article's row and entities overwrite themselves, and an event
revision is stored only if it is not older than the one held, so redelivered or reordered messages
leave the same state. Every write first admits its message's generation, in the same transaction:
a newer generation empties the model (a replay is rebuilding it), an older one is ignored.
"""

import json
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from services.query.database import Database
from services.query.event_index import facets, index_events
from services.query.filters import named_by
from services.query.full_text import FullText
from services.query.migrate import migrate
from services.query.search_keys import search_key
from services.query.stories import put_story
from services.query.tables import (
    articles,
    entity_aliases,
    entity_events,
    entity_names,
    event_articles,
    event_entities,
    event_redirects,
    event_sources,
    events,
    generation,
    stories,
    story_events,
    story_redirects,
)
from shared.api_models import ArticlePublic, EventPublic
from shared.entity_ids import entity_id_of
from shared.messages import Article, EntityMention, EventSnapshot, StorySnapshot
from shared.search_text import indexed


class Change(NamedTuple):
    """What one assembled-event message brings: the event revision, the article that caused it,
    that article's entities, the generation the message belongs to, and the stories it touched."""

    event: EventSnapshot
    article: Article
    mentions: tuple[EntityMention, ...] = ()
    generation: int = 0
    stories: tuple[StorySnapshot, ...] = ()


class Recorded(NamedTuple):
    """What a change did: whether its event revision is now the one served and whether the event
    is new to the read model; the stories it brought that are now served, each with whether it is
    new."""

    current: bool
    created: bool
    stories: tuple[tuple[StorySnapshot, bool], ...] = ()


class ReadModel:
    def __init__(self, database: Database) -> None:
        self._db = database
        dialects = {"sqlite": sqlite, "postgresql": postgresql}
        self._insert = dialects[database.dialect].insert
        self._search = FullText(database.dialect)

    @property
    def database(self) -> Database:
        return self._db

    @property
    def full_text(self) -> FullText:
        return self._search

    @classmethod
    def from_url(cls, url: str) -> "ReadModel":
        return cls(Database(url))

    async def create_schema(self) -> None:
        def create(conn: Connection) -> None:
            if self._db.dialect == "sqlite":
                # Readers keep reading while the projector writes.
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            migrate(conn)
            conn.execute(
                self._insert(generation).values(id=1, number=0).on_conflict_do_nothing(index_elements=["id"])
            )

        await self._db.write(create)

    async def close(self) -> None:
        await self._db.dispose()

    def _admit(self, conn: Connection, number: int) -> bool:
        """Whether a message of generation `number` may write; starts that generation if newer."""
        held = conn.execute(
            select(generation.c.number).where(generation.c.id == 1).with_for_update()
        ).scalar()
        if number < (held or 0):
            return False
        if number > (held or 0):
            self._search.drop(conn)
            tables = (
                event_sources,
                stories,
                story_events,
                story_redirects,
                entity_aliases,
                entity_events,
                entity_names,
                event_entities,
                event_articles,
                event_redirects,
                events,
                articles,
            )
            for table in tables:
                conn.execute(delete(table))
            conn.execute(generation.update().where(generation.c.id == 1).values(number=number))
        return True

    async def generation(self) -> int:
        return await self._db.read(lambda conn: conn.execute(select(generation.c.number)).scalar() or 0)

    async def record(
        self, event: EventSnapshot, article: Article, mentions: tuple[EntityMention, ...], number: int = 0
    ) -> tuple[bool, bool]:
        """The article (with its entities) and the event revision it caused, in one transaction:
        what one assembled-event message brings. Returns what `put_event` returns."""
        (result,) = await self.record_all([Change(event, article, mentions, number)])
        return result.current, result.created

    async def record_all(self, changes: list[Change]) -> list[Recorded]:
        """`record` for several messages in one transaction (one commit instead of one each),
        applied in order, with the stories each brought; all of them land or none."""
        prepared = [
            (self._article_writes(change.article, change.mentions), change, change.event.model_dump_json())
            for change in changes
        ]

        def store(conn: Connection) -> list[Recorded]:
            results = []
            for writes, change, body in prepared:
                if not self._admit(conn, change.generation):
                    results.append(Recorded(False, False))
                    continue
                writes(conn)
                current, created = self._put_event(conn, change.event, body)
                stored = []
                for story in change.stories:
                    story_current, story_created = put_story(conn, self._insert, story)
                    if story_current:
                        stored.append((story, story_created))
                results.append(Recorded(current, created, tuple(stored)))
            return results

        return await self._db.write(store)

    async def set_entities(
        self, article: Article, mentions: tuple[EntityMention, ...], number: int = 0
    ) -> None:
        writes = self._article_writes(article, mentions)

        def store(conn: Connection) -> None:
            if self._admit(conn, number):
                writes(conn)

        await self._db.write(store)

    def _article_writes(
        self, article: Article, mentions: tuple[EntityMention, ...]
    ) -> Callable[[Connection], None]:
        """The article row (its entities overwritten) and its aliases, prepared outside the
        transaction."""
        entities = json.dumps([m.model_dump() for m in mentions])
        statement = self._insert(articles).values(
            id=article.id, body=article.model_dump_json(), entities=entities,
            words=indexed(f"{article.title} {article.text}"),
        )  # fmt: skip
        statement = statement.on_conflict_do_update(index_elements=["id"], set_={"entities": entities})
        aliases = {
            (entity_id_of(m), name, article.id): {
                "entity_id": entity_id_of(m), "alias": name, "article_id": article.id, "folded": name.casefold()
            }
            for m in mentions
            for name in {m.text, m.canonical or m.text}
        }  # fmt: skip

        keys = named_by({(row["entity_id"], row["folded"]) for row in aliases.values()})

        def write(conn: Connection) -> None:
            conn.execute(statement)
            if aliases:
                conn.execute(self._insert(entity_aliases).on_conflict_do_nothing(), list(aliases.values()))
                if keys:
                    conn.execute(self._insert(entity_names).on_conflict_do_nothing(), keys)

        return write

    async def put_event(self, event: EventSnapshot, number: int = 0) -> tuple[bool, bool]:
        """Store a revision unless a newer one is held. Returns (current, created): whether this
        revision is now the one served, and whether the event is new to the read model."""
        body = event.model_dump_json()

        def store(conn: Connection) -> tuple[bool, bool]:
            return self._put_event(conn, event, body) if self._admit(conn, number) else (False, False)

        return await self._db.write(store)

    def _put_event(self, conn: Connection, event: EventSnapshot, body: str) -> tuple[bool, bool]:
        held = conn.execute(select(events.c.revision).where(events.c.id == event.id)).scalar()
        if held is not None and held > event.revision:
            return False, False
        if self._merged_into(conn, event.id):
            return False, False  # a late revision of an event that was merged away since
        self._redirect(conn, event.merged_ids, event.id)
        row = {
            "id": event.id, "day": event.date, "revision": event.revision, "body": body,
            "search_key": search_key(event.id), **facets(event),
        }  # fmt: skip
        conn.execute(
            self._insert(events).values(**row).on_conflict_do_update(index_elements=["id"], set_=row)
        )
        copies = {c.article_id: c.duplicate_of for c in event.duplicates}
        links = [
            {"article_id": a, "event_id": event.id, "duplicate_of": copies.get(a)} for a in event.article_ids
        ]
        if links:
            link = self._insert(event_articles)
            relink = {"event_id": link.excluded.event_id, "duplicate_of": link.excluded.duplicate_of}
            conn.execute(link.on_conflict_do_update(index_elements=["article_id"], set_=relink), links)
        conn.execute(delete(event_entities).where(event_entities.c.event_id == event.id))
        conn.execute(delete(entity_events).where(entity_events.c.event_id == event.id))
        if event.entities:
            rows = {
                e.id: {"entity_id": e.id, "event_id": event.id, "name": e.name, "folded": e.name.casefold(),
                       "type": e.type, "count": e.count, "day": event.date}
                for e in event.entities
            }  # fmt: skip
            conn.execute(entity_events.insert(), list(rows.values()))
            keys = named_by({(row["entity_id"], row["folded"]) for row in rows.values()})
            if keys:
                conn.execute(self._insert(entity_names).on_conflict_do_nothing(), keys)
        names = {e.name.casefold(): e.id for e in event.entities}
        if names:
            conn.execute(
                event_entities.insert(),
                [{"event_id": event.id, "name": n, "entity_id": i} for n, i in names.items()],
            )
        index_events(conn, self._search, [event])
        return True, held is None

    @staticmethod
    def _merged_into(conn: Connection, event_id: str) -> str | None:
        query = select(event_redirects.c.new_id).where(event_redirects.c.old_id == event_id)
        return conn.execute(query).scalar()

    def _redirect(self, conn: Connection, old_ids: tuple[str, ...], new_id: str) -> None:
        """Events merged into `new_id` stop being served and their ids lead to it, as do the ids
        of events they had absorbed before."""
        if not old_ids:
            return
        for table, column in ((events, events.c.id), (entity_events, entity_events.c.event_id),
                              (event_entities, event_entities.c.event_id),
                              (event_sources, event_sources.c.event_id)):  # fmt: skip
            conn.execute(delete(table).where(column.in_(old_ids)))
        self._search.drop(conn, old_ids)
        rows = [{"old_id": old, "new_id": new_id} for old in old_ids]
        upsert = self._insert(event_redirects)
        conn.execute(
            upsert.on_conflict_do_update(index_elements=["old_id"], set_={"new_id": upsert.excluded.new_id}),
            rows,
        )

    async def merged_into(self, event_id: str) -> str | None:
        return await self._db.read(lambda conn: self._merged_into(conn, event_id))

    async def article(self, article_id: str) -> ArticlePublic | None:
        query = (
            select(
                articles.c.body, articles.c.entities, event_articles.c.event_id, event_articles.c.duplicate_of
            )
            .select_from(articles.outerjoin(event_articles, articles.c.id == event_articles.c.article_id))
            .where(articles.c.id == article_id)
        )
        row = await self._db.read(lambda conn: conn.execute(query).first())
        if row is None:
            return None
        article = Article.model_validate_json(row.body)
        mentions = [EntityMention.model_validate(m) for m in json.loads(row.entities or "[]")]
        return ArticlePublic(
            **article.model_dump(), event_id=row.event_id, duplicate_of=row.duplicate_of, entities=mentions
        )

    async def event(self, event_id: str) -> EventPublic | None:
        query = select(events.c.body).where(events.c.id == event_id)
        body = await self._db.read(lambda conn: conn.execute(query).scalar())
        return EventPublic.model_validate_json(body) if body else None
