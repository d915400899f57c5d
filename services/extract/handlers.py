"""Extract's subscriber: an ingested article in, the same article with its entities out."""

from faststream.redis import RedisBroker

from services.extract.logic import analyse
from services.extract.nlp import SpacyRecognizer
from services.extract.registry import PeopleRegistry
from shared.bus import consume
from shared.envelope import Envelope
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.settings import CommonSettings
from shared.streams import ENRICHED, EXTRACT_GROUP, INGESTED


def register(
    broker: RedisBroker, settings: CommonSettings, recognizer: SpacyRecognizer, people: PeopleRegistry
) -> None:
    @consume(broker, INGESTED, EXTRACT_GROUP, settings)
    @broker.publisher(stream=ENRICHED)
    async def extract_entities(envelope: Envelope[ArticleIngested]) -> Envelope[EntitiesExtracted]:
        article = envelope.payload.article
        found = analyse(article, await recognizer.spans_async(article.text))
        mentions = await people.resolve(found.mentions, article.id, envelope.generation)
        return envelope.followed_by(found.model_copy(update={"mentions": mentions}))
