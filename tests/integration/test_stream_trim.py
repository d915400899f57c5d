"""Trimming a real Redis stream: consumed entries go, anything a group still needs stays."""

from shared.stream_trim import trim_consumed

STREAM = "eventwire.test.work"


async def test_only_entries_every_group_acknowledged_are_trimmed(redis):
    ids = [await redis.xadd(STREAM, {"n": str(n)}) for n in range(5)]
    for group in ("fast", "slow"):
        await redis.xgroup_create(STREAM, group, id="0")
    fast = await redis.xreadgroup("fast", "c1", {STREAM: ">"})
    await redis.xack(STREAM, "fast", *[entry_id for entry_id, _ in fast[0][1]])
    slow = await redis.xreadgroup("slow", "c1", {STREAM: ">"}, count=3)
    await redis.xack(STREAM, "slow", ids[0])  # ids[1] and ids[2] still pending: a crashed consumer

    assert await trim_consumed(redis, STREAM) == 1  # only ids[0]: everyone is done with it
    remaining = [entry_id for entry_id, _ in await redis.xrange(STREAM)]
    assert remaining == ids[1:]
    assert [entry_id for entry_id, _ in slow[0][1]][1:] == ids[1:3]

    await redis.xack(STREAM, "slow", ids[1], ids[2])
    assert await trim_consumed(redis, STREAM) == 2  # ids[3:] were never read by "slow"
    assert [entry_id for entry_id, _ in await redis.xrange(STREAM)] == ids[3:]


async def test_a_retired_group_is_dropped_and_the_stream_can_be_trimmed(redis):
    from shared.streams import DEDUP_GROUP, retire_group

    ids = [await redis.xadd(STREAM, {"n": str(n)}) for n in range(3)]
    for group in ("query", DEDUP_GROUP):
        await redis.xgroup_create(STREAM, group, id="0")
    await redis.xreadgroup(DEDUP_GROUP, "c1", {STREAM: ">"})
    await redis.xack(STREAM, DEDUP_GROUP, *ids)
    assert await trim_consumed(redis, STREAM) == 0  # "query" never read them: nothing may go

    assert await retire_group(redis, STREAM, "query") is True
    assert await retire_group(redis, STREAM, DEDUP_GROUP) is False  # another service's: kept
    assert await retire_group(redis, "eventwire.test.missing", "query") is False
    assert [g["name"] for g in await redis.xinfo_groups(STREAM)] == [DEDUP_GROUP.encode()]
    assert await trim_consumed(redis, STREAM) == 3
