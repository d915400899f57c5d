"""The events' full-text index, in each database's own engine: an FTS5 table on SQLite, a
tsvector column with a GIN index on PostgreSQL. Both index text already split into words by
shared/search_text.py and answer the same parsed `q`; a higher score is a better match.
"""

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from services.query.search_keys import search_key
from shared.search_text import SearchQuery, fts5_match, tsquery

_SEARCH = table("events_search", column("event_id"), column("body"))
# On SQLite each event's text is the FTS5 row numbered search_key(event id) (search_keys.py).
_KEYED = table("events_search", column("rowid"), column("event_id"), column("body"))


class FullText:
    def __init__(self, dialect: str) -> None:
        self._sqlite = dialect == "sqlite"

    def create(self, conn: Connection) -> None:
        if self._sqlite:
            conn.exec_driver_sql(
                "CREATE VIRTUAL TABLE IF NOT EXISTS events_search"
                " USING fts5(event_id UNINDEXED, body, tokenize='unicode61')"
            )
        else:
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS events_search (event_id VARCHAR(40) PRIMARY KEY, body tsvector)"
            )
            conn.exec_driver_sql(
                "CREATE INDEX IF NOT EXISTS ix_events_search_body ON events_search USING GIN (body)"
            )

    def drop(self, conn: Connection, event_ids: list[str] | tuple[str, ...] | None = None) -> None:
        """Forget these events' texts (every event's when None)."""
        if event_ids is None:
            conn.execute(_SEARCH.delete())
        elif event_ids and self._sqlite:
            conn.execute(_KEYED.delete().where(_KEYED.c.rowid.in_([search_key(i) for i in event_ids])))
        elif event_ids:
            conn.execute(_SEARCH.delete().where(_SEARCH.c.event_id.in_(event_ids)))

    def put(self, conn: Connection, rows: list[dict[str, str]]) -> None:
        """Each {"event_id", "body"} replaces what was indexed for its event; `body` is indexed
        text (shared.search_text.indexed)."""
        if not rows:
            return
        self.drop(conn, [row["event_id"] for row in rows])
        if self._sqlite:
            conn.execute(_KEYED.insert(), [{"rowid": search_key(row["event_id"]), **row} for row in rows])
        else:
            conn.execute(
                text(
                    "INSERT INTO events_search (event_id, body) VALUES (:event_id, to_tsvector('simple', :body))"
                ),
                rows,
            )

    def matching(self, query: SearchQuery, events: Table) -> tuple[Select, ColumnElement]:
        """(ref, score) of every event the query matches, and the column of `events` that equals
        `ref`: the event's search_key on SQLite, where reading the FTS5 rows' event ids costs a
        row read a match (6 µs at a million events) and the key's index answers without the
        events' rows; the event id on PostgreSQL."""
        if self._sqlite:
            # bm25() is lower for better matches; negated so that every ordering reads "higher first".
            score = literal_column("-bm25(events_search)").label("score")
            return select(_KEYED.c.rowid.label("ref"), score).where(
                self._fts5_match(query)
            ), events.c.search_key
        asked = func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("q_tsquery", tsquery(query)))
        body = literal_column("events_search.body")
        ranked = select(_SEARCH.c.event_id.label("ref"), func.ts_rank(body, asked).label("score"))
        return ranked.where(body.op("@@")(asked)), events.c.id

    def matches_event(self, query: SearchQuery, events: Table) -> ColumnElement:
        """A condition on an `events` row that its text matches, for a page read in the sort's
        order: the matches' keys are gathered once (index only) and each row in hand is looked
        up among them. `+ 0` keeps SQLite from answering it with the key's index instead."""
        matched, ref = self.matching(query, events)
        return (ref + 0 if self._sqlite else ref).in_(matched.with_only_columns(matched.selected_columns.ref))

    @staticmethod
    def _fts5_match(query: SearchQuery) -> ColumnElement:
        return literal_column("events_search").op("MATCH")(bindparam("q_match", fts5_match(query)))
