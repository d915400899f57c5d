"""Extraction spread over worker processes with the real spaCy model: the same answers as in one
process, in the list's order; a dead worker costs one try of one list, not the service; workers
of a killed extract process leave with it."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.cli.bench_corpus import news_length_corpus
from services.extract.extraction import PooledExtraction, contiguous_pieces
from services.extract.in_process import InProcessExtraction
from services.extract.settings import ExtractSettings
from shared.messages import Article

MODEL = ExtractSettings().spacy_model
NOW = datetime(2024, 5, 1, tzinfo=UTC)


def articles(count: int) -> list[Article]:
    return [
        Article(
            id=f"a_{n}",
            title=body["title"],
            text=body["text"],
            published_at=NOW,
            published_at_source="metadata",
            ingested_at=NOW,
        )
        for n, body in enumerate(news_length_corpus(count))
    ]


@pytest.fixture(scope="module")
def pooled():
    extraction = PooledExtraction(MODEL, workers=2)
    extraction.load()
    yield extraction
    extraction.close()


def test_pieces_are_contiguous_nearly_equal_and_never_empty():
    assert contiguous_pieces(list(range(7)), 2) == [[0, 1, 2, 3], [4, 5, 6]]
    assert contiguous_pieces([1], 2) == [[1]]
    assert contiguous_pieces([], 2) == [[]]


async def test_workers_answer_as_one_process_does_in_the_lists_order(pooled):
    batch = articles(9)
    alone = InProcessExtraction(MODEL)
    alone.load()
    expected = await alone.analyse_all(batch)
    one_by_one = [(await alone.analyse_all([article]))[0] for article in batch]
    assert expected == one_by_one  # texts through the model together find what each finds alone
    got = await pooled.analyse_all(batch)
    assert [e.article.id for e in got] == [a.id for a in batch]
    assert got == expected


async def test_a_killed_worker_fails_one_list_and_new_workers_take_the_next(pooled):
    for pid in list(pooled._pool._processes):
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(BrokenProcessPool):
        await pooled.analyse_all(articles(2))
    again = await pooled.analyse_all(articles(2))
    assert [e.article.id for e in again] == ["a_0", "a_1"]


def test_workers_of_a_killed_extract_process_leave_with_it():
    program = textwrap.dedent(f"""
        from services.extract.extraction import PooledExtraction
        import sys, time
        pool = PooledExtraction({MODEL!r}, workers=2)
        pool.load()
        print(" ".join(str(pid) for pid in pool._pool._processes), flush=True)
        time.sleep(600)
    """)
    parent = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    parent.kill()
    parent.wait()
    end = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < end:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)], "a worker outlived its extract process"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose (its parent, the test, reaps nothing but its own child).
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_an_extract_service_with_workers_never_imports_spacy_itself():
    program = textwrap.dedent(f"""
        import sys
        from services.extract.extraction import extraction_for
        pool = extraction_for({MODEL!r}, workers=2)
        pool.load()
        print("spacy" in sys.modules, flush=True)
        pool.close()
    """)
    done = subprocess.run(
        [sys.executable, "-c", program], check=True, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr
