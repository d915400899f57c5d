"""Newest-first pages with a stable cursor, for every list the read API serves.

A page is ordered by a day, then by id, both descending; its cursor is the (day, id) of its last
row, so the next page starts strictly after it whatever was stored in between.
"""

import base64
from datetime import date

from sqlalchemy import Select, and_, or_


class BadCursor(ValueError):
    pass


def encode_cursor(day: date, item_id: str) -> str:
    return base64.urlsafe_b64encode(f"{day.isoformat()}|{item_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[date, str]:
    try:
        day, item_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 1)
        return date.fromisoformat(day), item_id
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadCursor("cursor is not one this API returned") from exc


def newest_first(query: Select, day_column, id_column, cursor: str | None, limit: int) -> Select:
    """`query` ordered newest first, after `cursor`, with one row more than a page (to tell
    whether another page follows)."""
    if cursor:
        day, item_id = decode_cursor(cursor)
        query = query.where(or_(day_column < day, and_(day_column == day, id_column < item_id)))
    return query.order_by(day_column.desc(), id_column.desc()).limit(limit + 1)


def page_of(rows: list, limit: int, day_of) -> tuple[list, str | None]:
    """The page's rows and the cursor of the next page (None on the last)."""
    page = rows[:limit]
    return page, encode_cursor(day_of(page[-1]), page[-1].id) if len(rows) > limit else None
