"""Ingest's subscriber: a submission in, ids back to the caller, the new articles onto the bus."""

from collections.abc import Awaitable, Callable
from datetime import datetime

from faststream.redis import RedisBroker

from services.ingest.logic import article_id_for, build_article, text_fingerprint
from services.ingest.prepare import NoArticleText, prepare
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
    generation: Callable[[], Awaitable[int]],
    clock: Callable[[], datetime] = utc_now,
) -> None:
    ingested = broker.publisher(stream=INGESTED)

    @consume(broker, SUBMISSIONS, INGEST_GROUP, settings)
    async def take_submission(envelope: Envelope[SubmitArticle]) -> IngestResult:
        submission = envelope.payload
        # A replayed submission belongs to the generation its replay started; a new one to the
        # generation current now.
        gen = envelope.generation if submission.replay_of else await generation()
        original_id = submission.replay_of or envelope.message_id
        try:
            pieces = prepare(submission)
        except NoArticleText as refusal:
            # A verdict on the input, not a failure: acknowledged, and the caller is told why.
            return IngestResult(rejected=str(refusal))
        received_at = clock()
        ids, known = [], []
        for index, piece in enumerate(pieces):
            article = build_article(article_id_for(original_id, index), piece, submission.url, received_at)
            # The URL names the whole page; pieces of one page are told apart by their text alone.
            if len(pieces) > 1:
                article = article.model_copy(update={"canonical_url": None})
            owner = await registry.claim(article, text_fingerprint(article.text), gen)
            # The owner may still be unpublished if an earlier attempt died after claiming: publish
            # it now. Downstream handlers are idempotent, so a second publish is harmless.
            pending = await registry.unpublished(owner, gen)
            if pending is not None:
                await ingested.publish(wrap(ArticleIngested(article=pending), envelope.correlation_id, gen))
                await registry.mark_published(owner, gen)
            ids.append(owner)
            known.append(owner != article.id)
        # The return value goes to the caller's reply channel, when the caller waits for one.
        return IngestResult(ids=tuple(ids), duplicate=all(known))
