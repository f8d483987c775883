"""One ingest at a time per data dir: a lock file (filelock) plus a writability check."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from filelock import FileLock, Timeout

from core.errors import StoreError
from core.settings import Settings


def check_writable(settings: Settings) -> None:
    """One clear line if the data dir cannot be created or written (read-only, full disk)."""
    data = settings.data_dir
    try:
        data.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-probe-", dir=data)
        try:
            os.write(fd, b"ok")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise StoreError(f"data dir {data} is not writable: {exc.strerror or exc}") from exc


@contextmanager
def ingest_lock(settings: Settings, timeout: float) -> Iterator[None]:
    check_writable(settings)
    lock = FileLock(str(settings.lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"another ingest is already running on {settings.data_dir} (lock file {settings.lock_path}); "
            "wait for it to finish, then run again"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot take the ingest lock {settings.lock_path}: {exc.strerror or exc}") from exc
    try:
        yield
    finally:
        lock.release()
