"""A PostgreSQL server of one's own, for the tests and for `eventwire bench --scale --read-model
postgresql`: initdb in a temporary folder, a free port, trust authentication, stopped at the end.
As root, the server runs as the `postgres` user, since PostgreSQL refuses to run as root."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from services.cli.ports import free_port


def postgres_bin_dir() -> Path | None:
    if found := shutil.which("pg_ctl"):
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def _run_as_server_user(args: list[str]) -> None:
    command = ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


@contextmanager
def postgres_server(bin_dir: Path) -> Iterator[str]:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="eventwire-pg-") as workdir:
        data = Path(workdir) / "data"
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(workdir, user.pw_uid, user.pw_gid)
        _run_as_server_user(
            [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]
        )
        options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run_as_server_user(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", f"{workdir}/log", "start"]
        )
        try:
            yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
        finally:
            _run_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])


async def empty_database(url: str) -> None:
    """Drop everything in the server's database, for a test that needs it empty."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
