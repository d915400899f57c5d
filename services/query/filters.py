"""Filters shared by the reads: the entity filter of events and stories, and LIKE escaping."""

from sqlalchemy import Select, literal, select, union

from services.query.tables import entity_events, entity_names


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def name_keys(name: str) -> set[str]:
    """The entity filter values that name `name`: the case-folded name itself and every run of
    whole words at its start or its end, so "Pezeshkian" finds "Masoud Pezeshkian"
    (shared.event_filter.names_entity is the same rule in Python, for live events)."""
    folded = name.casefold().strip()
    keys = {folded} if folded else set()
    for at, char in enumerate(folded):
        if char == " ":
            keys.update(part for part in (folded[:at], folded[at + 1 :]) if part)
    return keys


def named_by(names: set[tuple[str, str]]) -> list[dict[str, str]]:
    """entity_names rows for (entity id, name) pairs."""
    return [
        {"key": key, "entity_id": entity_id}
        for key, entity_id in sorted({(k, e) for e, name in names for k in name_keys(name)})
    ]


def entities_known_as(value: str) -> Select:
    """Ids of the entities that `value` names: its own id, or a name or alias of theirs by the
    rule of `name_keys`."""
    return union(
        select(literal(value).label("entity_id")),
        select(entity_names.c.entity_id).where(entity_names.c.key == value.casefold().strip()),
    )


def events_naming(entity: str) -> Select:
    """Events with an entity that `entity` names."""
    return select(entity_events.c.event_id).where(entity_events.c.entity_id.in_(entities_known_as(entity)))
