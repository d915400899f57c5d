"""The events' full-text index, in each database's own engine: an FTS5 table on SQLite, a
tsvector column with a GIN index on PostgreSQL. Both index text already split into words by
shared/search_text.py and answer the same parsed `q`; a higher score is a better match.
"""

from sqlalchemy import Connection, Select, bindparam, column, func, literal_column, select, table, text

from shared.search_text import SearchQuery, fts5_match, tsquery

_SEARCH = table("events_search", column("event_id"), column("body"))


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
        statement = _SEARCH.delete()
        if event_ids is not None:
            if not event_ids:
                return
            statement = statement.where(_SEARCH.c.event_id.in_(event_ids))
        conn.execute(statement)

    def put(self, conn: Connection, rows: list[dict[str, str]]) -> None:
        """Each {"event_id", "body"} replaces what was indexed for its event; `body` is indexed
        text (shared.search_text.indexed)."""
        if not rows:
            return
        self.drop(conn, [row["event_id"] for row in rows])
        if self._sqlite:
            conn.execute(_SEARCH.insert(), rows)
        else:
            conn.execute(
                text(
                    "INSERT INTO events_search (event_id, body) VALUES (:event_id, to_tsvector('simple', :body))"
                ),
                rows,
            )

    def matching_ids(self, query: SearchQuery) -> Select:
        """The event ids `matching` finds, unranked."""
        return self.matching(query).with_only_columns(_SEARCH.c.event_id)

    def matching(self, query: SearchQuery) -> Select:
        """(event_id, score) of every event the query matches."""
        if self._sqlite:
            # bm25() is lower for better matches; negated so that every ordering reads "higher first".
            score = literal_column("-bm25(events_search)").label("score")
            match = literal_column("events_search").op("MATCH")(bindparam("q_match", fts5_match(query)))
            return select(_SEARCH.c.event_id, score).where(match)
        asked = func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("q_tsquery", tsquery(query)))
        body = literal_column("events_search.body")
        return select(_SEARCH.c.event_id, func.ts_rank(body, asked).label("score")).where(
            body.op("@@")(asked)
        )
