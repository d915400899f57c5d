"""The read model's database: whole transactions run as plain functions of a SQLAlchemy Connection.

SQLite is driven synchronously in a worker thread, one hop per transaction. The async SQLite
driver (aiosqlite) hops to its thread for every cursor call, about 50 hops per article for the
projector's writes; measured, that overhead was most of the query service's CPU (the writes took
12.9 ms per article, 5.7 ms this way). Writes to SQLite are serialised here, as SQLite
allows one writer at a time anyway. PostgreSQL keeps the async driver (asyncpg): the same
functions run through `run_sync`.
"""

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, make_url
from sqlalchemy import event as sqlalchemy_events
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

T = TypeVar("T")


def _sqlite_pragmas(connection, _record) -> None:
    # In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a crash of the process
    # loses nothing, a power cut may lose the last commits, as Redis's once-a-second AOF sync may.
    # Every commit otherwise waits for the disk, three times per article.
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        self._sync: Engine | None = None
        self._async: AsyncEngine | None = None
        if self.dialect == "sqlite":
            # "sqlite+aiosqlite://..." (accepted for older settings) names the same file.
            self._sync = create_engine(parsed.set(drivername="sqlite"))
            sqlalchemy_events.listen(self._sync, "connect", _sqlite_pragmas)
            self._writing = asyncio.Lock()
        else:
            self._async = create_async_engine(parsed)

    async def write(self, work: Callable[[Connection], T]) -> T:
        """Runs `work` in one transaction, committed if it returns, rolled back if it raises."""
        if self._sync is not None:
            async with self._writing:
                return await asyncio.to_thread(self._in_transaction, work)
        assert self._async is not None
        async with self._async.begin() as conn:
            return await conn.run_sync(work)

    async def read(self, work: Callable[[Connection], T]) -> T:
        if self._sync is not None:
            return await asyncio.to_thread(self._connected, work)
        assert self._async is not None
        async with self._async.connect() as conn:
            return await conn.run_sync(work)

    def _in_transaction(self, work: Callable[[Connection], T]) -> T:
        assert self._sync is not None
        with self._sync.begin() as conn:
            return work(conn)

    def _connected(self, work: Callable[[Connection], T]) -> T:
        assert self._sync is not None
        with self._sync.connect() as conn:
            return work(conn)

    async def dispose(self) -> None:
        if self._sync is not None:
            self._sync.dispose()
        if self._async is not None:
            await self._async.dispose()
