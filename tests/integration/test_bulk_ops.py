"""Dedup's many-key scripts against a real Redis: the candidate count made in Redis picks the
same events, in the same order, as counting every member in Python would."""

import random
from collections import Counter

from services.dedup.bulk_ops import BulkOps


async def test_the_most_shared_members_are_those_counter_would_pick(redis):
    rng = random.Random(3)
    keys = [f"eventwire:{{dedup}}:test:idx:{k}" for k in range(30)]
    for key in keys:
        members = {f"e{rng.randrange(400)}": rng.randrange(100) for _ in range(rng.randrange(1, 120))}
        await redis.zadd(key, members)
    bulk = BulkOps(redis)
    probe = rng.sample(keys, 20) + ["eventwire:{dedup}:test:idx:none"]

    listed = []
    for key in probe:
        listed += await redis.zrangebyscore(key, 20, "(70")
    expected = [m for m, _ in Counter(listed).most_common(64)]
    assert await bulk.most_shared_between(probe, 20, "(70", 64) == expected

    listed = []
    for key in probe:
        listed += await redis.zrevrange(key, 0, 9)
    expected = [m for m, _ in Counter(listed).most_common(64)]
    assert await bulk.most_shared_recent(probe, 10, 64) == expected
    assert await bulk.most_shared_recent([], 10, 64) == []
