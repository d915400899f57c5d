"""One `eventwire up` per data directory: two would run two Redis servers on one append-only file
and two writers on one SQLite file. The lock is an OS file lock, so it goes with the process that
holds it, however that process ends: a crashed instance never leaves a stale lock behind."""

import fcntl
import os
from pathlib import Path


class DataDirInUse(RuntimeError):
    pass


def lock_data_dir(data_dir: Path):
    """Hold the data directory's lock until the returned file is closed (or the process ends)."""
    path = data_dir / "run" / "eventwire.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise DataDirInUse(
            f"{data_dir} is in use by a running Eventwire (pid {holder}); stop it, or pick another --data-dir"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle
