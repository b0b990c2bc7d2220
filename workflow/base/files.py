"""File reading and writing shared by every stage: bounded reads of inputs, atomic replacement,
removal of what a killed run left behind, and paths shown relative to the project."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

import regex

from .errors import InputError, UsageError

#: Largest article or site.toml read: a real article is a few kilobytes; a huge file is a mistake.
MAX_SOURCE_BYTES = 2 * 1024 * 1024
#: Largest catalog or template read.
MAX_CATALOG_BYTES = 20 * 1024 * 1024
#: Largest glossary, sign-off record or build record read: each is a few kilobytes.
MAX_RECORD_BYTES = 4 * 1024 * 1024
#: Largest image read into a page or leaflet.
MAX_IMAGE_BYTES = 20 * 1024 * 1024

#: What `write_atomic`'s temp files and publish's staging folders are called (mkstemp/mkdtemp
#: add 8 characters of [a-z0-9_]). Both carry this package's own marker, `leaflet-` in a temp
#: file's name and a `STAGING_MARKER` file inside a staging folder, so `remove_leftovers` never
#: takes a user's `.notes.abcdefgh.tmp` or `.leaflet-archive1/` for one of ours.
TEMP_PREFIX = "."
TEMP_SUFFIX = ".leaflet-tmp"
STAGING_PREFIX = ".leaflet-staging-"
STAGING_MARKER = ".leaflet-staging"
_TEMP_RE = re.compile(re.escape(TEMP_PREFIX) + r".+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
_STAGING_RE = re.compile(re.escape(STAGING_PREFIX) + r"[a-z0-9_]{8}")

#: errno values that mean "the user's disk or permissions", reported naming the target file.
_USER_ERRORS = {errno.ENOSPC: "no space left on device", errno.EDQUOT: "disk quota exceeded",
                errno.EACCES: "permission denied", errno.EPERM: "permission denied",
                errno.EROFS: "read-only file system", errno.EFBIG: "file too large for the file system or its limit"}


def write_error(exc: BaseException, path: Path) -> InputError | None:
    """An InputError naming `path`, the file the user asked for, when `exc` is a full disk or a
    folder that cannot be written (not a temp file or staging folder they never heard of)."""
    if isinstance(exc, OSError) and exc.errno in _USER_ERRORS:
        return InputError(f"cannot write: {_USER_ERRORS[exc.errno]}", path)
    return None


def read_limited(path: Path, limit: int, shown: str) -> bytes:
    """The bytes of `path`, refused (InputError naming `shown`) unless it is a regular file of
    at most `limit` bytes: a symlink to /dev/zero or a FIFO must not be read without end."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", shown) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a device, FIFO or folder cannot be read)", shown)
    if info.st_size > limit:
        raise InputError(f"too large: {info.st_size} bytes, the limit is {limit}", shown)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", shown) from None
    if len(data) > limit:  # grew since stat
        raise InputError(f"too large: more than {limit} bytes", shown)
    return data


class Inputs:
    """The run's only cache of input file contents, keyed by path: each file is read once.

    A command builds one (inside its `Project`) and every stage reads through it, so `check`
    reads site.toml once however many stages look at it. Reads are `read_limited`'s: a FIFO,
    device or oversized file is refused, naming it. Forked workers inherit what was read before
    the fork. A writer's check that a file did not change since (`catalogs.write_text`) reads
    the disk again on purpose.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._bytes: dict[Path, bytes | None] = {}

    def read(self, path: Path, limit: int, shown: str | None = None) -> bytes:
        """The bytes of `path` (at most `limit`); FileNotFoundError when there is no such file."""
        key = Path(os.path.abspath(path))
        if key not in self._bytes:
            try:
                self._bytes[key] = read_limited(path, limit, shown or relative(path, self.root))
            except FileNotFoundError:
                self._bytes[key] = None
        data = self._bytes[key]
        if data is None:
            raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
        if len(data) > limit:
            raise InputError(f"too large: {len(data)} bytes, the limit is {limit}", shown or relative(path, self.root))
        return data

    def hash(self, path: Path, limit: int) -> str:
        """sha256 of the file's bytes, or "absent": what incremental builds compare."""
        try:
            return hashlib.sha256(self.read(path, limit)).hexdigest()
        except FileNotFoundError:
            return "absent"

    def forget(self, path: Path) -> None:
        """Drop `path` after this run wrote it, so a later stage reads what is there now."""
        self._bytes.pop(Path(os.path.abspath(path)), None)


# Control characters no article or catalog needs (tab and line ends excepted; vertical tab and
# form feed are not line ends to gettext), and the separators Python's (and so polib's) line
# splitting breaks lines at: one in a msgid would make the catalog unreadable.
_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
#: Most combining marks (and joiners) one letter carries: a real syllable of an Indian script
#: has a handful; a run of thousands stacks into one cell that takes minutes to shape and print.
MAX_COMBINING_RUN = 16
_MARK = r"[\p{M}\u200c\u200d]"
_COMBINING_RUN_RE = regex.compile(rf"{_MARK}{{{MAX_COMBINING_RUN + 1},}}")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _bmp_run_re() -> re.Pattern[str]:
    """The run pattern over the Basic Multilingual Plane for `re`, whose table lookup per
    character is several times faster than `regex`'s property test (this runs on every input)."""
    bmp = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    ranges = "".join(f"\\u{ord(m.group()[0]):04x}-\\u{ord(m.group()[-1]):04x}"
                     for m in regex.finditer(f"{_MARK}+", bmp))
    return re.compile(f"[{ranges}]{{{MAX_COMBINING_RUN + 1},}}")


def bad_character(text: str) -> tuple[int, str] | None:
    """(1-based line, what it is) of the first control character or line separator in `text`,
    or of a run of combining marks longer than any letter carries."""
    m = _BAD_CHARS_RE.search(text)
    if m is not None:
        return text.count("\n", 0, m.start()) + 1, f"control character U+{ord(m.group()):04X}"
    run = combining_run(text)
    if run is not None:
        return (text.count("\n", 0, text.index(run)) + 1,
                f"{len(run)} combining marks on one letter (at most {MAX_COMBINING_RUN})")
    return None


def combining_run(text: str) -> str | None:
    """The first run of more than `MAX_COMBINING_RUN` combining marks in `text`, if any."""
    if text.isascii():
        return None
    run = (_COMBINING_RUN_RE if _ASTRAL_RE.search(text) else _bmp_run_re()).search(text)
    return run.group() if run is not None else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temp file beside `path`, then rename: a crash leaves the old file whole.

    A full disk or a folder that cannot be written raises an InputError naming `path` (not the
    temp file, which the user never asked for).
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        named = write_error(exc, path)
        if named is not None:
            raise named from None
        raise


def replace_if_changed(path: Path, data: bytes) -> bool:
    """`write_atomic` unless the file already holds exactly `data`; True when written. A run
    that changes nothing then writes nothing, and so also works on a read-only folder."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def staging_folder(parent: Path) -> Path:
    """A new staging folder under `parent`, marked as this package's so a later run may remove
    it if this one is killed (an empty one, killed before the mark, is removed too)."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    (folder / STAGING_MARKER).write_bytes(b"")
    return folder


def _ours(folder: Path) -> bool:
    """A staging folder this package made: it holds the marker, or nothing at all."""
    try:
        return (folder / STAGING_MARKER).is_file() or not any(folder.iterdir())
    except OSError:
        return False


def remove_leftovers(folder: Path, staging: bool = False) -> list[Path]:
    """Remove the temp files (and with `staging`, publish's staging folders) a killed run left
    under `folder`. Call it only while holding the folder's lock, so no other run is using them:
    only names this package creates are touched, never anything else."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        for name in filenames:
            if _TEMP_RE.fullmatch(name):
                _remove(here / name, removed)
        if staging and here == folder:
            for name in [d for d in dirnames if _STAGING_RE.fullmatch(d) and _ours(here / d)]:
                dirnames.remove(name)
                _remove(here / name, removed)
    return removed


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(path)
    except OSError:
        pass  # a read-only folder: the leftover stays, the run goes on


#: Folders of the project that hold its inputs: no output goes into them.
INPUT_FOLDERS = ("source", "locales")


def check_output_folder(root: Path, out: Path) -> None:
    """Refuse (UsageError) an output folder that is the project itself or lies inside its inputs:
    publish would write pages among the articles and catalogs, and remove what it wrote there."""
    target, project = out.resolve(), root.resolve()
    if target == project:
        raise UsageError(f"--output {out}: is the project folder itself; use a folder of its own, such as output/")
    for name in INPUT_FOLDERS:
        if target.is_relative_to(project / name):
            raise UsageError(f"--output {out}: is inside the project's {name}/, which holds its inputs; "
                             "use a folder of its own, such as output/")


def check_inside(folder: Path, paths: list[Path]) -> None:
    """Refuse (InputError naming the path) to write or remove a file whose folder leads out of
    `folder` through a symlink (`output/hi -> ../source/articles`): an output stays an output."""
    real = folder.resolve()
    for path in paths:
        if not path.parent.resolve().is_relative_to(real):
            raise InputError(f"its folder is a link out of {folder}: nothing is written there; "
                             "remove the link", path)


def temp_beside(path: Path) -> Path:
    """A new, empty temp file next to `path`, named as `write_atomic`'s are (so a later run
    removes it if this one is killed); the caller renames it over `path` or unlinks it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    return Path(tmp)


def relative(path: Path, root: Path | None) -> str:
    """`path` as shown to users: relative to the project root when it lies inside it."""
    if root is not None:
        try:
            # the folder resolved, not the file: a symlink (to /dev/zero, say) is named as the user sees it
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
