"""The spaCy model behind a small interface, loaded once when the service starts."""

import asyncio

import spacy
from spacy.language import Language

# NER needs only the tokenizer, tok2vec and ner; the rest of the pipeline costs a third of the time.
_UNUSED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer"]


class SpacyRecognizer:
    def __init__(self, model: str) -> None:
        self._model = model
        self._nlp: Language | None = None

    def load(self) -> None:
        self._nlp = spacy.load(self._model, exclude=_UNUSED_PIPES)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        if self._nlp is None:
            raise RuntimeError("the NER model is not loaded")
        return [(ent.start_char, ent.end_char, ent.label_) for ent in self._nlp(text).ents]

    def spans_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        if self._nlp is None:
            raise RuntimeError("the NER model is not loaded")
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in self._nlp.pipe(texts)]

    async def spans_async(self, text: str) -> list[tuple[int, int, str]]:
        # The model holds the CPU for tens of milliseconds; run it off the event loop so health
        # checks and the reclaimer stay responsive.
        return await asyncio.to_thread(self.spans, text)
