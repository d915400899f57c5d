"""Ingest's subscriber: submissions in, ids back to each caller, the new articles onto the bus."""

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any

from faststream.redis import RedisBroker
from faststream.redis.annotations import RedisBatchStreamMessage
from redis.asyncio import Redis

from services.ingest.logic import article_id_for, build_article, text_fingerprint
from services.ingest.prepare import NoArticleText, prepare
from services.ingest.store import DuplicateRegistry
from shared.bus import consume_batches, send_together
from shared.envelope import Envelope, utc_now, wrap
from shared.messages import ArticleIngested, IngestResult, SubmitArticle
from shared.settings import CommonSettings
from shared.streams import INGEST_GROUP, INGESTED, SUBMISSIONS


def register(
    broker: RedisBroker,
    settings: CommonSettings,
    redis: Redis,
    registry: DuplicateRegistry,
    generation: Callable[[], Awaitable[int]],
    clock: Callable[[], datetime] = utc_now,
) -> None:
    ingested = broker.publisher(stream=INGESTED)

    async def take(envelope: Envelope[SubmitArticle], current: int) -> IngestResult:
        submission = envelope.payload
        # A replayed submission belongs to the generation its replay started; a new one to the
        # generation current now.
        gen = envelope.generation if submission.replay_of else current
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
            claim = await registry.claim(article, text_fingerprint(article.text, article.source), gen)
            # The owner may still be unpublished if an earlier attempt died after claiming: publish
            # it now. Downstream handlers are idempotent, so a second publish is harmless.
            if claim.unpublished is not None:
                message = wrap(ArticleIngested(article=claim.unpublished), envelope.correlation_id, gen)
                await ingested.publish(message)
                await registry.mark_published(claim.owner, gen)
            ids.append(claim.owner)
            known.append(claim.owner != article.id)
        return IngestResult(ids=tuple(ids), duplicate=all(known))

    @consume_batches(broker, SUBMISSIONS, INGEST_GROUP, settings)
    async def take_submissions(
        envelopes: list[Envelope[SubmitArticle]], message: RedisBatchStreamMessage
    ) -> None:
        current = await generation()
        results = [await take(envelope, current) for envelope in envelopes]
        # Each result goes to its caller's reply channel, when the caller waits for one.
        await _reply(redis, broker, zip(message.batch_headers, results, strict=True))


async def _reply(
    redis: Redis, broker: RedisBroker, answers: Iterable[tuple[dict[str, Any], IngestResult]]
) -> None:
    sends = [
        partial(broker.publish, result, channel=reply_to, correlation_id=headers.get("correlation_id"))
        for headers, result in answers
        if (reply_to := headers.get("reply_to"))
    ]
    await send_together(redis, sends)
