"""Filters shared by the reads: the entity filter of events and stories, and LIKE escaping."""

from sqlalchemy import or_, select

from services.query.tables import event_entities


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def events_naming(entity: str):
    """Events with an entity of that name, or whose name starts or ends with it as whole words, so
    "Pezeshkian" finds "Masoud Pezeshkian"."""
    name = entity.casefold().strip()
    escaped = escape_like(name)
    column = event_entities.c.name
    return select(event_entities.c.event_id).where(
        or_(
            column == name, column.like(f"% {escaped}", escape="\\"), column.like(f"{escaped} %", escape="\\")
        )
    )
