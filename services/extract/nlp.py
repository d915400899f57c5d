"""The spaCy model behind a small interface, loaded once when the service starts."""

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from thinc.api import NumpyOps, set_current_ops
from threadpoolctl import threadpool_limits

# NER needs only the tokenizer, tok2vec and ner; the rest of the pipeline costs a third of the time.
_UNUSED_PIPES = ["tagger", "parser", "attribute_ruler", "lemmatizer"]
# Texts the model takes together. Two gets all of batching's speed on news-length texts (9.7-9.9k
# words/s of CPU, against 9.8k for four and 9.0k one at a time), and the memory a batch holds
# grows with its size: about 13 MB a 600-word text, so eight together raised a worker's peak by 107 MB.
PIPE_BATCH = 2
T = TypeVar("T")


class SpacyRecognizer:
    def __init__(self, model: str) -> None:
        self._model = model
        self._nlp: Language | None = None
        # One thread of its own, entered without the caller's context: asyncio.to_thread copies
        # the event loop's context into every call, where thinc finds no backend set and looks
        # one up through the installed packages' entry points, every time (measured: a sixth of
        # extract's CPU). In a thread of its own the backend is found once and stays.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spacy")

    def load(self) -> None:
        # Matrix products through numpy's OpenBLAS rather than thinc's blis: the blis 1.3 wheels
        # that thinc 8.3 needs fall back to BLIS's generic reference kernel on CPUs they do not
        # recognise (AMD Zen 4 here: `BLIS_ARCH_DEBUG=1` says 'generic'), where OpenBLAS picks its
        # AVX-512 kernel. Same entities to the last span, 1.6x the words/s (decision 0016).
        set_current_ops(NumpyOps(use_blis=False))
        # One BLAS thread: the matrices of one text are small, so a second thread mostly waits on
        # the first and burns CPU a second replica of extract could use.
        threadpool_limits(limits=1, user_api="blas")
        self._nlp = spacy.load(self._model, exclude=_UNUSED_PIPES)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        if self._nlp is None:
            raise RuntimeError("the NER model is not loaded")
        return [(ent.start_char, ent.end_char, ent.label_) for ent in self._nlp(text).ents]

    def spans_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        if self._nlp is None:
            raise RuntimeError("the NER model is not loaded")
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in self._nlp.pipe(texts, batch_size=PIPE_BATCH)
        ]

    async def in_model_thread(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` on the model's thread: off the event loop, so health checks and the
        reclaimer stay responsive while the model holds the CPU."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, work, *args)
