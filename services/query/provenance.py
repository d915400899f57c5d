"""Why an entity is attached to an event: every mention of it in the event's articles, with the
article, the character offsets and the sentence it stands in."""

import json

from sqlalchemy import Connection, select

from services.query.database import Database
from services.query.tables import articles, event_articles, events
from shared.api_models import EntityProvenance, MentionPublic
from shared.entity_ids import entity_id_of
from shared.messages import Article, EntityMention
from shared.sentences import sentence_around


class ProvenanceReads:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def mentions(self, event_id: str, entity_id: str) -> EntityProvenance | None:
        """None when there is no such event; an empty list when the entity is not in it."""

        def read(conn: Connection):
            if conn.execute(select(events.c.id).where(events.c.id == event_id)).first() is None:
                return None
            members = select(event_articles.c.article_id).where(event_articles.c.event_id == event_id)
            return conn.execute(
                select(articles.c.body, articles.c.entities)
                .where(articles.c.id.in_(members))
                .order_by(articles.c.id)
            ).all()

        rows = await self._db.read(read)
        if rows is None:
            return None
        found = []
        for body, entities in rows:
            article = Article.model_validate_json(body)
            for raw in json.loads(entities or "[]"):
                mention = EntityMention.model_validate(raw)
                if entity_id_of(mention) == entity_id:
                    found.append(
                        MentionPublic(
                            article_id=article.id,
                            article_title=article.title,
                            source=article.source,
                            text=mention.text,
                            start=mention.start,
                            end=mention.end,
                            sentence=sentence_around(article.text, mention.start, mention.end),
                        )
                    )
        return EntityProvenance(event_id=event_id, entity_id=entity_id, mentions=found)
