"""Near-duplicates: copies of one story (a syndicated wire text under another headline, trimmed
paragraphs, added boilerplate) found by MinHash LSH over the body's word shingles.

datasketch computes the signatures and chooses the banding (how many bands of how many rows give a
pair at THRESHOLD Jaccard an even chance of meeting, balancing false positives and negatives).
The bands themselves are kept by dedup's store in Redis, beside the clustering index, so marking a
copy lands in the same transaction as placing it (see docs/decisions/0007-near-duplicates.md).
The headline is left out: copies often get a new one.
"""

import hashlib
import re
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.5  # estimated Jaccard of word 3-shingles at or above which two texts are copies
NUM_PERM = 128
SHINGLE = 3
MIN_SHINGLES = 12  # too short a text to call anything its copy

_WORD = re.compile(r"\w+")


@cache
def _template() -> MinHash:
    # datasketch draws the permutations from a seeded generator for every new MinHash (a fifth of
    # the signature's cost); they are the same each time, so they are drawn once.
    return MinHash(num_perm=NUM_PERM)


@cache
def _banding() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def shingles(text: str) -> set[bytes]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> bytes | None:
    """The text's MinHash as bytes, or None for a text too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch(grams)
    return minhash.hashvalues.astype(np.uint32).tobytes()


def bands(sig: bytes) -> list[str]:
    """The LSH bucket names of a signature: texts sharing any bucket are candidate copies."""
    count, rows = _banding()
    values = np.frombuffer(sig, dtype=np.uint32)
    return [
        f"{band}:{hashlib.blake2b(values[band * rows : (band + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
        for band in range(count)
    ]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts behind the signatures."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32)))


def copy_of(sig: bytes, candidates: dict[str, bytes], originals: dict[str, str]) -> str | None:
    """The first copy of the story `sig` repeats, if any: the most similar candidate at or above
    THRESHOLD, traced back to the article it was itself a copy of (`originals`)."""
    scored = [(similarity(sig, other), article_id) for article_id, other in candidates.items()]
    matches = [(score, article_id) for score, article_id in scored if score >= THRESHOLD]
    if not matches:
        return None
    _, best = max(matches)
    return originals.get(best, best)
