"""The one exception hierarchy: messages are written for the user, the CLI prints them in one line."""

from __future__ import annotations

from pathlib import Path


class LeafletError(Exception):
    """Base of every error a user can cause; `exit_code` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self):  # noqa: ANN204 - errors cross process boundaries whole
        return (self.__class__, (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(LeafletError):
    """A source article, site config, glossary or catalog that cannot be used as it is."""


class UsageError(LeafletError):
    """A request that does not fit the project: an unknown language, a missing catalog."""


class MissingModelError(UsageError):
    """No translation model is installed for a language."""


class FindingsError(LeafletError):
    """The work was refused because of findings (e.g. `publish --strict` with fallbacks)."""

    exit_code = 1
