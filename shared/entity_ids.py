"""How a mention becomes an entity key and id: one rule for dedup, which builds events, and the
query service, which shows which mentions stand behind an event's entity."""

import hashlib

from shared.messages import EntityMention


def entity_key(mention: EntityMention) -> str:
    """A key under which mentions of one thing meet across articles: the name extract resolved
    (`canonical`), folded. A person is keyed by surname, so an article that only says "Putin" still
    meets one that says "Vladimir Putin"."""
    name = (mention.canonical or mention.text).casefold().strip()
    if mention.type == "person":
        name = name.split()[-1]
    return f"{mention.type}:{name}"


def entity_id_for(key: str) -> str:
    return "ent_" + hashlib.sha256(key.encode()).hexdigest()[:12]


def entity_id_of(mention: EntityMention) -> str:
    return entity_id_for(entity_key(mention))
