"""How a mention becomes an entity key and id: one rule for dedup, which builds events, and the
query service, which shows which mentions stand behind an event's entity."""

import hashlib

from shared.messages import EntityMention


def entity_key(mention: EntityMention) -> str:
    """A key under which mentions of one thing meet across articles: the name extract resolved
    (`canonical`), folded. Extract resolves people across articles too (its person registry), so
    an article that only says "Putin" carries "Vladimir Putin" here, and two people who share a
    surname keep two keys."""
    name = " ".join((mention.canonical or mention.text).casefold().split())
    return f"{mention.type}:{name}"


def entity_id_for(key: str) -> str:
    return "ent_" + hashlib.sha256(key.encode()).hexdigest()[:12]


def entity_id_of(mention: EntityMention) -> str:
    return entity_id_for(entity_key(mention))
