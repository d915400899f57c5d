"""Extraction of a list of articles: the model's spans and extract's reading of them, in one process
or spread over worker processes, the answers always in the order of the list.

Order matters downstream: dedup places articles one after another and its placements depend on
order, so two extract replicas racing each other make the events depend on timing. Workers inside
one extract process use both cores and keep the stream's order: a list read from the stream is cut
into contiguous pieces, one per worker, and the pieces' answers are joined in order.

With workers, this process never imports spaCy (in_process.py is imported by the workers alone):
it only hands out lists, and spaCy's modules would cost it 77 MB of memory for nothing.
"""

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Protocol

from shared.messages import Article, EntitiesExtracted

if TYPE_CHECKING:
    from services.extract.in_process import InProcessExtraction

PARENT_CHECK_S = 1.0


class Extraction(Protocol):
    def load(self) -> None: ...

    async def analyse_all(self, articles: Sequence[Article]) -> list[EntitiesExtracted]: ...

    def close(self) -> None: ...


class PooledExtraction:
    """The model in each of `workers` processes; this process only hands out lists and joins them."""

    def __init__(self, model: str, workers: int) -> None:
        self.model = model
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def load(self) -> None:
        self._pool = self._new_pool()
        # Every worker loads its model now, not on the first article: each is sent a task at once.
        warm = [self._pool.submit(_analyse_piece, []) for _ in range(self.workers)]
        for task in warm:
            task.result()

    async def analyse_all(self, articles: Sequence[Article]) -> list[EntitiesExtracted]:
        if self._pool is None:
            raise RuntimeError("the extraction workers are not started")
        loop = asyncio.get_running_loop()
        pieces = contiguous_pieces(list(articles), self.workers)
        try:
            answers = await asyncio.gather(
                *(loop.run_in_executor(self._pool, _analyse_piece, p) for p in pieces)
            )
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the list stays pending and is tried again;
            # new workers take the next one.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            raise
        return [found for answer in answers for found in answer]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        # Spawned, not forked: this process runs an event loop and threads.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.model, os.getpid()),
        )


def extraction_for(model: str, workers: int) -> Extraction:
    if workers > 1:
        return PooledExtraction(model, workers)
    from services.extract.in_process import InProcessExtraction

    return InProcessExtraction(model)


def contiguous_pieces(items: list, count: int) -> list[list]:
    """`items` cut into at most `count` runs of nearly equal length, in order, none empty."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    pieces, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        pieces.append(items[start:end])
        start = end
    return pieces


_worker: "InProcessExtraction | None" = None


def _start_worker(model: str, parent: int) -> None:
    from services.extract.in_process import InProcessExtraction

    global _worker
    _worker = InProcessExtraction(model)
    _worker.load()
    # A worker whose extract process was killed would wait for work forever: it leaves instead.
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


def _analyse_piece(articles: list[Article]) -> list[EntitiesExtracted]:
    if _worker is None:
        raise RuntimeError("the worker's model is not loaded")
    return _worker.analyse_now(articles)
