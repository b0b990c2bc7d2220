"""Reading and writing `.po`/`.pot` files (through polib): the only module that touches them.

A catalog is a `polib.POFile` value. This module reads one with errors that name file and line
(refusing what `msgfmt --check` refuses), writes it atomically in gettext's own layout
(`poformat`), and builds a template from extracted messages. Where catalogs live is
`repository`'s; the entry states every command shares are `states`'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polib

from ..base.errors import InputError, UsageError
from ..base.files import (
    MAX_CATALOG_BYTES,
    Inputs,
    read_limited,
    relative,
    write_atomic,
)
from . import plurals
from .poformat import format_catalog
from .posyntax import check_charset, check_syntax

PROJECT = "leaflet-workflow"


@dataclass(frozen=True)
class Lines:
    """Where an entry stands in the file it was read from: its msgid and (first) msgstr keywords."""

    msgid: int | None
    msgstr: int | None


class Catalog(polib.POFile):
    """A catalog as read: polib's entries, plus what this project knows of the file they came from.

    Declared here, as Babel's `Message.lineno` is, rather than set on polib's objects: the
    fingerprint of the bytes read (a writer replaces the file only if it still holds them) and
    each entry's lines (reports name the msgstr line, the one a translator edits).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fingerprint: str | None = None
        self._lines: dict[int, Lines] = {}

    def lines(self, entry: polib.POEntry) -> Lines:
        """The entry's lines; an entry this catalog did not read has polib's start line only."""
        return self._lines.get(id(entry)) or Lines(entry.linenum or None, None)

    def msgid_line(self, entry: polib.POEntry) -> int | None:
        return self.lines(entry).msgid

    def msgstr_line(self, entry: polib.POEntry) -> int | None:
        """The msgstr keyword's line, else the msgid's."""
        lines = self.lines(entry)
        return lines.msgstr or lines.msgid


def plural_forms(catalog: polib.POFile) -> plurals.PluralForms:
    """The catalog's Plural-Forms, parsed once per header text (read_catalog refused a bad one)."""
    return plurals.of(catalog.metadata.get("Plural-Forms"))


def nplurals(catalog: polib.POFile) -> int:
    return plural_forms(catalog).nplurals


# ---------------------------------------------------------------- reading

def read_catalog(path: Path, root: Path | None = None, inputs: Inputs | None = None) -> Catalog:
    """Read a `.po`/`.pot` file; any problem msgfmt would refuse becomes an InputError naming
    file and line, so no command works on (and rewrites) a catalog gettext cannot compile.

    The catalog (a `Catalog`) knows each entry's lines and the fingerprint of the bytes read.
    """
    shown = relative(path, root)
    try:
        raw = (inputs or Inputs(root)).read(path, MAX_CATALOG_BYTES, shown)
    except FileNotFoundError:
        raise UsageError("no such catalog (run `leaflet init` or `leaflet extract` first)", shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8: catalogs must be saved as UTF-8", shown, line) from None
    lines = text.split("\n")
    check_syntax(text, lines, shown)
    try:
        catalog = polib.pofile(text, wrapwidth=79, encoding="utf-8", klass=Catalog)
    except (OSError, ValueError) as exc:
        message = str(exc)
        m = re.search(r"\(line (\d+)\)", message)
        if m:
            raise InputError("PO syntax error", shown, int(m.group(1))) from None
        raise InputError(f"cannot parse: {message}", shown) from None
    check_charset(text, catalog, shown)
    catalog.fpath = str(path)
    catalog.fingerprint = fingerprint_of(raw)
    forms = _plural_forms(catalog, lines, shown)
    seen: set[tuple[str | None, str]] = set()
    for entry in catalog:
        msgid_line = _msgid_line(lines, entry)
        _check_plurals(entry, forms, lines, shown, msgid_line)
        catalog._lines[id(entry)] = Lines(msgid_line, _keyword_line(lines, msgid_line, "msgstr"))
        if not entry.obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key in seen:  # polib's own duplicate check is a linear search per entry
                raise InputError(f"duplicate message {entry.msgid[:60]!r}", shown, msgid_line)
            seen.add(key)
    return catalog


def _plural_forms(catalog: polib.POFile, lines: list[str], shown: str) -> int | None:
    """nplurals of the header's Plural-Forms (None without one), refused as msgfmt refuses it:
    it must parse, and give an index in 0..nplurals-1 for every n tried."""
    value = catalog.metadata.get("Plural-Forms")
    if value is None:
        return None
    line = next((i + 1 for i, text in enumerate(lines) if "Plural-Forms:" in text), None)
    try:
        return plurals.parse(value).nplurals
    except ValueError as exc:
        raise InputError(f"Plural-Forms {value.strip()!r}: {exc}", shown, line) from None


def _check_plurals(entry: polib.POEntry, forms: int | None, lines: list[str], shown: str,
                   msgid_line: int | None) -> None:
    """msgstr[N] only with msgid_plural, numbered 0, 1, ... up to nplurals-1, as msgfmt requires."""
    if not entry.msgid_plural:
        if entry.msgstr_plural:
            raise InputError("msgstr[N] without msgid_plural (use msgstr)", shown,
                             _keyword_line(lines, msgid_line, "msgstr["))
        return
    if not entry.msgstr_plural:
        raise InputError("a message with msgid_plural needs msgstr[0], msgstr[1]..., not msgstr", shown,
                         _keyword_line(lines, msgid_line, "msgstr"))
    if forms is None and not entry.obsolete and any(entry.msgstr_plural.values()):
        raise InputError("plural translations, but the header has no Plural-Forms "
                         "(e.g. \"Plural-Forms: nplurals=2; plural=(n > 1);\\n\")", shown,
                         _keyword_line(lines, msgid_line, "msgstr["))
    indices = sorted(int(k) for k in entry.msgstr_plural)
    expected = list(range(forms if forms is not None else max(len(indices), 1)))
    if indices != expected:
        wrong = next((i for i in indices if i not in expected), None)
        if wrong is not None:
            message = (f"msgstr[{wrong}] is out of range: Plural-Forms has nplurals={forms}" if forms
                       else f"msgstr[{wrong}]: plural forms must be numbered from 0 without gaps")
            raise InputError(message, shown, _keyword_line(lines, msgid_line, f"msgstr[{wrong}]"))
        missing = next(i for i in expected if i not in indices)
        raise InputError(f"msgstr[{missing}] is missing: Plural-Forms has nplurals={forms}", shown,
                         msgid_line)


def _keyword_line(lines: list[str], msgid_line: int | None, keyword: str) -> int | None:
    """Line of the first `keyword` at or after the entry's msgid (for messages about msgstr)."""
    start = max((msgid_line or 1) - 1, 0)
    for i in range(start, len(lines)):
        if lines[i].lstrip().removeprefix("#~").lstrip().startswith(keyword):
            return i + 1
    return msgid_line


def fingerprint_of(data: bytes | None) -> str | None:
    """What `write_text(expected=...)` compares: a hash of the bytes, None for no file."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def _msgid_line(lines: list[str], entry: polib.POEntry) -> int | None:
    """1-based line of the entry's msgid keyword (polib records where the entry starts): the
    line gettext's tools, and our reports, name."""
    start = max((entry.linenum or 1) - 1, 0)
    return next((i + 1 for i in range(start, len(lines))
                 if lines[i].lstrip().startswith(("msgid ", "#~ msgid "))), entry.linenum)


# ---------------------------------------------------------------- writing

def dumps(catalog: polib.POFile) -> str:
    """The catalog's text exactly as it would be written."""
    return format_catalog(catalog)


class CatalogChanged(UsageError):
    """The file changed on disk between reading and replacing it (an editor saved it)."""


#: Called with the path right before `write_text` checks and replaces a file: tests put an
#: editor's save here to make the read/write race happen deterministically.
before_replace: Callable[[Path], None] | None = None

_ANY = object()


def write_catalog(catalog: polib.POFile, path: Path, expected: str | None | object = _ANY) -> bool:
    """Write atomically (temp file + rename); return False when the file already had this text.

    With `expected` (a `fingerprint`, None for "must not exist"), a file that no longer has
    it is not replaced: CatalogChanged is raised and the other writer's save is kept.
    """
    return write_text(dumps(catalog), path, expected)


def write_text(text: str, path: Path, expected: str | None | object = _ANY) -> bool:
    """Write `text` atomically unless the file already holds exactly it; True when written."""
    data = text.encode("utf-8")
    if before_replace is not None:
        before_replace(path)
    try:  # the writer's one allowed second read: did the file change since it was read?
        current: bytes | None = read_limited(path, MAX_CATALOG_BYTES, str(path))
    except FileNotFoundError:
        current = None
    if expected is not _ANY and fingerprint_of(current) != expected:
        raise CatalogChanged("changed on disk while leaflet was working on it (saved in an editor?); "
                             "that version is kept: run the command again", path)
    if current == data:
        return False
    write_atomic(path, data)
    return True


# ---------------------------------------------------------------- templates

@dataclass
class Message:
    """One message of a template, as extraction produces it."""

    msgid: str
    occurrences: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    msgid_plural: str = ""
    flags: list[str] = field(default_factory=list)


def build_date() -> dt.datetime:
    """Now, or `SOURCE_DATE_EPOCH` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch.strip())
            if seconds < 0:
                raise ValueError
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a date: give a whole number of "
                             "seconds since 1970-01-01 UTC, up to the year 9999, or unset it") from None
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def format_date(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M%z")


def build_template(domain: str, messages: list[Message], created: dt.datetime) -> polib.POFile:
    pot = polib.POFile(wrapwidth=79)
    pot.header = (f"Translations template for {domain}.\n"
                  "This file is generated by `leaflet extract`: edit the sources, not this file.")
    pot.metadata = {
        "Project-Id-Version": f"{PROJECT} {domain}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": format_date(created),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    pot.metadata_is_fuzzy = True
    for message in messages:
        pot.append(polib.POEntry(
            msgid=message.msgid,
            msgid_plural=message.msgid_plural,
            msgstr="",
            msgstr_plural={0: "", 1: ""} if message.msgid_plural else {},
            occurrences=[(path, str(line)) for path, line in message.occurrences],
            comment="\n".join(message.comments),
            flags=list(message.flags),
        ))
    return pot


def write_template(pot: polib.POFile, path: Path) -> bool:
    """Write a template unless only its creation date would change."""
    text = dumps(pot)
    try:
        before = read_limited(path, MAX_CATALOG_BYTES, str(path)).decode("utf-8", errors="replace")
    except FileNotFoundError:
        before = None
    if before is not None and _without_date(before) == _without_date(text):
        return False
    return write_text(text, path)


def _without_date(text: str) -> str:
    return re.sub(r'"POT-Creation-Date: [^"]*"', "", text)


