"""Ingest's subscriber: a submission in, an id back to the caller, the new article onto the bus."""

from collections.abc import Callable
from datetime import datetime

from faststream.redis import RedisBroker

from services.ingest.logic import article_id_for, build_article, text_fingerprint
from services.ingest.store import DuplicateRegistry
from shared.bus import consume
from shared.envelope import Envelope, utc_now, wrap
from shared.messages import ArticleIngested, IngestResult, SubmitArticle
from shared.settings import CommonSettings
from shared.streams import INGEST_GROUP, INGESTED, SUBMISSIONS


def register(
    broker: RedisBroker,
    settings: CommonSettings,
    registry: DuplicateRegistry,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    ingested = broker.publisher(stream=INGESTED)

    @consume(broker, SUBMISSIONS, INGEST_GROUP, settings)
    async def take_submission(envelope: Envelope[SubmitArticle]) -> IngestResult:
        article = build_article(article_id_for(envelope.message_id), envelope.payload, clock())
        owner = await registry.claim(article, text_fingerprint(article.text))
        # The owner may still be unpublished if an earlier attempt died after claiming: publish it
        # now. Downstream handlers are idempotent, so a second publish of one article is harmless.
        pending = await registry.unpublished(owner)
        if pending is not None:
            await ingested.publish(wrap(ArticleIngested(article=pending), envelope.correlation_id))
            await registry.mark_published(owner)
        # The return value goes to the caller's reply channel, when the caller waits for one.
        return IngestResult(id=owner, duplicate=owner != article.id)
