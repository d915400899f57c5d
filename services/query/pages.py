"""Pages with a stable cursor, for every list the read API serves.

A page is ordered by one key (a day, a time, a size, a search score), then by id, both descending;
its cursor is the ordering's name with the (key, id) of its last row, so the next page starts
strictly after it whatever was stored in between, and a cursor cannot be used with another order.
"""

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, or_


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Ordering:
    name: str
    to_json: Callable[[Any], Any]
    from_json: Callable[[Any], Any]


BY_DAY = Ordering("date", date.isoformat, date.fromisoformat)
BY_TIME = Ordering("updated", datetime.isoformat, datetime.fromisoformat)
BY_SIZE = Ordering("size", int, int)
BY_SCORE = Ordering("relevance", float, float)
BY_REACH = Ordering("reach", list, tuple)  # entities: (events, mentions)


def encode_cursor(key: Any, item_id: str, ordering: Ordering = BY_DAY) -> str:
    return base64.urlsafe_b64encode(
        json.dumps([ordering.name, ordering.to_json(key), item_id]).encode()
    ).decode()


def decode_cursor(cursor: str, ordering: Ordering = BY_DAY) -> tuple[Any, str]:
    try:
        name, key, item_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if name != ordering.name:
            raise BadCursor(f"cursor belongs to sort={name}, not sort={ordering.name}")
        return ordering.from_json(key), str(item_id)
    except BadCursor:
        raise
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise BadCursor("cursor is not one this API returned") from exc


def newest_first(
    query: Select, key_column, id_column, cursor: str | None, limit: int, ordering: Ordering = BY_DAY
) -> Select:
    """`query` ordered by key then id, highest first, after `cursor`, with one row more than a
    page (to tell whether another page follows)."""
    if cursor:
        key, item_id = decode_cursor(cursor, ordering)
        query = query.where(or_(key_column < key, and_(key_column == key, id_column < item_id)))
    return query.order_by(key_column.desc(), id_column.desc()).limit(limit + 1)


def page_of(rows: list, limit: int, key_of, ordering: Ordering = BY_DAY) -> tuple[list, str | None]:
    """The page's rows and the cursor of the next page (None on the last)."""
    page = rows[:limit]
    return page, encode_cursor(key_of(page[-1]), page[-1].id, ordering) if len(rows) > limit else None
