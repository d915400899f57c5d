"""Each event's row in SQLite's full-text index, numbered from its id.

FTS5 finds a row fast only by its rowid; the event id beside it is an unindexed column, and
reading it costs a row read a match. With the rowid a fixed function of the event id, kept on the
event's row too (events.search_key, indexed with the sort keys), a revision replaces its text by
rowid instead of scanning the index for the id, and a match is joined to its event, counted and
sorted on that index alone. `register` makes the function callable in SQL as `search_key(id)`,
for the migration that numbers older rows and for copies made in SQL.

64 bits of a hash: two of a million events share a number with a chance of about 3 in 10^8;
if they ever do, the second one's write fails and is retried, then dead-lettered.
"""

import hashlib


def search_key(event_id: str) -> int:
    digest = hashlib.blake2b(event_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def register(connection) -> None:
    """Makes `search_key(id)` callable in this sqlite3 connection's SQL."""
    connection.create_function("search_key", 1, search_key, deterministic=True)
