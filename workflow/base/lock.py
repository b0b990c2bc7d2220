"""Advisory locks, so two leaflet commands never write the same folder at once.

Commands that write `locales/` (init, update, translate) hold the project's lock; commands that
write an output folder hold that folder's. The lock is `flock` on the folder itself, so no lock
file appears in anyone's repository, and the kernel drops it when the process dies: a killed
run never leaves a lock behind. A second run waits up to `timeout` seconds, then stops with a
message naming the folder. A folder that does not exist and cannot be created is not locked:
nothing can be written there, and the block is told so (it gets False) and must not clean up.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Iterator

from .errors import UsageError

#: How long a second command waits for the first before giving up.
WAIT_SECONDS = 30.0


@contextmanager
def folder_lock(folder: Path, what: str, timeout: float | None = None) -> Iterator[bool]:
    """Hold the lock of `folder` for the duration of the block; the block gets True, or False
    when the folder does not exist and cannot be created.

    A folder that did not exist is created for the lock and removed again if the block left it
    empty, so a run refused for bad input leaves no trace.
    """
    timeout = WAIT_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + timeout
    created = not folder.exists()
    while True:
        fd = _open(folder)
        if fd is None:
            yield False
            return
        try:
            _wait(fd, folder, what, deadline)
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, folder):
            break
        os.close(fd)  # the holder removed the folder while we waited: lock the current one
    try:
        yield True
    finally:
        try:
            if created and not any(folder.iterdir()):
                folder.rmdir()  # waiters notice (_same_file) and lock afresh
        except OSError:
            pass
        os.close(fd)  # closing the descriptor releases the lock


def _open(folder: Path) -> int | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY)  # flock needs no write access
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    return None


def _wait(fd: int, folder: Path, what: str, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise UsageError(f"another leaflet command is writing {what}; try again when it "
                                 "has finished", folder) from None
            time.sleep(0.1)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def project_lock(root: Path, timeout: float | None = None) -> AbstractContextManager[bool]:
    """The lock of the project's `locales/`, for commands that write catalogs."""
    return folder_lock(root / "locales", "locales/", timeout)


def output_lock(out: Path, timeout: float | None = None) -> AbstractContextManager[bool]:
    """The lock of an output folder, for publish."""
    return folder_lock(out, str(out), timeout)
