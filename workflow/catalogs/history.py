"""The previous version of catalogs, from git, so that `check` can name markers a tool dropped.

The previous version of a catalog is the one committed at HEAD when the file has changed since
(a translator's round trip through msgcat or Weblate, not yet committed), else the one of HEAD's
first parent (the commit under test in CI, a merged pull request). A project outside git, or git
missing, has no previous versions; that is not an error.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

import polib

from ..base.files import MAX_CATALOG_BYTES
from .pofile import fingerprint_of


@lru_cache(maxsize=None)
def _toplevel(root: Path) -> Path | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def _blobs(top: Path, specs: list[str]) -> list[bytes | None]:
    """The content of each `rev:path` in `specs` (None when missing or too large), one git process."""
    try:
        done = subprocess.run(["git", "-C", str(top), "cat-file", "--batch"], input="".join(f"{s}\n" for s in specs)
                              .encode("utf-8"), capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return [None] * len(specs)
    if done.returncode != 0:
        return [None] * len(specs)
    out, at, blobs = done.stdout, 0, []
    for _ in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            blobs.append(None)
            continue
        size = int(header[2])
        blobs.append(out[at:at + size] if size <= MAX_CATALOG_BYTES else None)
        at += size + 1
    return blobs


def previous_versions(root: Path, read: dict[Path, str | None]) -> dict[Path, polib.POFile]:
    """The previous version (see the module) of each catalog that git has one of.

    `read` maps each catalog path to the fingerprint of the bytes read (`read_catalog`'s).
    """
    paths = list(read)
    top = _toplevel(root) if paths else None
    if top is None:
        return {}
    names = []
    for path in paths:
        try:
            names.append(path.resolve().relative_to(top.resolve()).as_posix())
        except ValueError:
            return {}
    blobs = _blobs(top, [f"{rev}:{name}" for name in names for rev in ("HEAD", "HEAD^")])
    found = {}
    for index, path in enumerate(paths):
        head, parent = blobs[2 * index], blobs[2 * index + 1]
        previous = head if head is not None and fingerprint_of(head) != read[path] else parent
        if previous is None:
            continue
        try:
            found[path] = polib.pofile(previous.decode("utf-8"), encoding="utf-8")
        except (OSError, ValueError, UnicodeDecodeError):  # a broken old version tells nothing
            continue
    return found
