"""Extract's subscriber: an ingested article in, the same article with its entities out."""

from faststream.redis import RedisBroker

from services.extract.logic import analyse
from services.extract.nlp import SpacyRecognizer
from shared.bus import consume
from shared.envelope import Envelope
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.settings import CommonSettings
from shared.streams import ENRICHED, EXTRACT_GROUP, INGESTED


def register(broker: RedisBroker, settings: CommonSettings, recognizer: SpacyRecognizer) -> None:
    @consume(broker, INGESTED, EXTRACT_GROUP, settings)
    @broker.publisher(stream=ENRICHED)
    async def extract_entities(envelope: Envelope[ArticleIngested]) -> Envelope[EntitiesExtracted]:
        article = envelope.payload.article
        return envelope.followed_by(analyse(article, await recognizer.spans_async(article.text)))
