"""Advisory locks, so two leaflet commands never write the same folder at once.

Commands that write `locales/` (init, update, translate) hold the project's lock; commands that
write an output folder hold that folder's. The lock is `flock` on a small file in the folder:
the kernel drops it when the process dies, so a killed run never leaves a lock behind. A
second run waits up to `timeout` seconds, then stops with a message naming the folder.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Iterator

from .errors import UsageError

LOCK_NAME = ".leaflet.lock"
#: How long a second command waits for the first before giving up.
WAIT_SECONDS = 30.0


@contextmanager
def folder_lock(folder: Path, what: str, timeout: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of `folder` (created if missing) for the duration of the block."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UsageError(f"another leaflet command is writing {what}; try again when it "
                                     "has finished", folder) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def is_locked(folder: Path) -> bool:
    """True while some process holds `folder`'s lock (a stale-leftover sweep must not run then)."""
    path = folder / LOCK_NAME
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def project_lock(root: Path, timeout: float = WAIT_SECONDS) -> AbstractContextManager[None]:
    """The lock of the project's `locales/`, for commands that write catalogs."""
    return folder_lock(root / "locales", "locales/", timeout)


def output_lock(out: Path, timeout: float = WAIT_SECONDS) -> AbstractContextManager[None]:
    """The lock of an output folder, for publish."""
    return folder_lock(out, str(out), timeout)
