"""Filters shared by the reads: the entity filter of events and stories, and LIKE escaping."""

from sqlalchemy import or_, select

from services.query.tables import event_entities


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def naming(column, value: str):
    """A case-folded name `column` that is `value`, or starts or ends with it as whole words, so
    "Pezeshkian" finds "Masoud Pezeshkian" (shared.event_filter.names_entity is the same rule in
    Python, for live events)."""
    name = value.casefold().strip()
    escaped = escape_like(name)
    return or_(
        column == name, column.like(f"% {escaped}", escape="\\"), column.like(f"{escaped} %", escape="\\")
    )


def events_naming(entity: str):
    """Events with an entity of that name, by the rule of `naming`."""
    return select(event_entities.c.event_id).where(naming(event_entities.c.name, entity))
