"""The person registry on a real Redis: people met across articles, counted once per article."""

from services.extract.registry import PeopleRegistry
from shared.entity_ids import entity_id_of
from shared.messages import EntityMention


def person(name: str) -> EntityMention:
    return EntityMention(text=name, label="PERSON", type="person", start=0, end=len(name), canonical=name)


async def names(registry: PeopleRegistry, article_id: str, *people: str, generation: int = 0) -> list[str]:
    resolved = await registry.resolve(tuple(person(p) for p in people), article_id, generation)
    return [m.canonical for m in resolved]


async def test_a_surname_alone_meets_the_full_name_of_an_earlier_article(redis):
    registry = PeopleRegistry(redis)
    assert await names(registry, "a1", "Ali Khamenei", "Vladimir Putin") == ["Ali Khamenei", "Vladimir Putin"]
    assert await names(registry, "a2", "Khamenei", "Putin") == ["Ali Khamenei", "Vladimir Putin"]
    # Ids follow the resolved name, so both articles' mentions are one entity.
    first = await registry.resolve((person("Ali Khamenei"),), "a1")
    later = await registry.resolve((person("Khamenei"),), "a3")
    assert entity_id_of(first[0]) == entity_id_of(later[0])


async def test_two_people_sharing_a_surname_stay_two(redis):
    registry = PeopleRegistry(redis)
    await names(registry, "a1", "Ali Khamenei")
    await names(registry, "a2", "Ali Khamenei")
    assert await names(registry, "a3", "Mojtaba Khamenei") == ["Mojtaba Khamenei"]
    assert await names(registry, "a4", "Khamenei") == ["Ali Khamenei"]  # the one most reported


async def test_a_redelivered_article_is_counted_once(redis):
    registry = PeopleRegistry(redis)
    await names(registry, "a1", "Mojtaba Khamenei")
    for _ in range(3):  # the same article, delivered three times
        await names(registry, "a2", "Ali Khamenei")
    await names(registry, "a3", "Mojtaba Khamenei")
    # Two articles for Mojtaba, one for Ali: redeliveries did not make Ali the likelier Khamenei.
    assert await names(registry, "a4", "Khamenei") == ["Mojtaba Khamenei"]


async def test_each_generation_resolves_afresh(redis):
    registry = PeopleRegistry(redis)
    await names(registry, "a1", "Ali Khamenei", generation=0)
    assert await names(registry, "a2", "Khamenei", generation=1) == ["Khamenei"]
