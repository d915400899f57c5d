"""After a replay, the state of older generations is removed; the new generation's and any
generation-free keys stay."""

from shared.generation import forget_generations_before, older_generation


def test_keys_of_older_generations_are_told_apart():
    assert older_generation("eventwire:{dedup}:g0:event:e_1", 1)
    assert older_generation("eventwire:{extract}:g3:people:khamenei", 10)
    assert not older_generation("eventwire:{dedup}:g2:docs", 2)
    assert not older_generation("eventwire:{ingest}:feeds:registry", 5)  # no generation in it
    assert not older_generation("eventwire:generation", 5)


async def test_only_older_generations_are_forgotten(redis):
    old = ["eventwire:{dedup}:g0:docs", "eventwire:{ingest}:g0:text:abc", "eventwire:{extract}:g1:counted"]
    kept = ["eventwire:{dedup}:g2:docs", "eventwire:{ingest}:feeds:x", "eventwire:generation"]
    for key in old + kept:
        await redis.set(key, "1")
    assert await forget_generations_before(redis, 2) == len(old)
    assert [await redis.exists(k) for k in old] == [0, 0, 0]
    assert [await redis.exists(k) for k in kept] == [1, 1, 1]
