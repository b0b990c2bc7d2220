"""gettext's own layout of PO entries, so files we write match what msgmerge, msgcat and Poedit write.

polib writes entries with Python's textwrap, which wraps differently from GNU gettext and counts
code points instead of display columns; every msgmerge or Poedit save would then reflow our
files. `format_entry` lays an entry out as gettext's write-po.c does: strings
broken at Unicode line-break opportunities within 79 columns, comments never rewrapped,
references filled up to the page width.
"""

from __future__ import annotations

import unicodedata

import polib

PAGE_WIDTH = 79

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
# Line-break classes (UAX #14) that forbid a break before them even after a space.
_NO_BREAK_BEFORE = set(")]}!?,.:;/\"'»›”’\u00a0\u2060\ufeff") | {" "}
# Characters after which a break is allowed before a letter (BA, HY, SY, IS, CP, danda).
_BREAK_AFTER = set("-\u2010\u2013|\u0964\u0965\t/.:;,")


# Marks that Unicode calls non-spacing but gnulib's width table counts as one column.
_SPACING_MN = frozenset("\u0cbf\u0cc6")


def _width(ch: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") and ch not in _SPACING_MN:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _can_break_before(prev: str, last: str, ch: str) -> bool:
    """UAX #14 break opportunity before `ch`, after `prev` (`last`: the last non-space before it)."""
    if ch in _NO_BREAK_BEFORE:
        return False
    if prev == " ":
        return not (last in "([{" or (last in "\"'" and ch in "([{"))
    if (ch == "\u2014") != (prev == "\u2014"):
        return True
    if prev in ")]}":
        return ch in "([{"
    if prev in "?!\u0964\u0965":
        return ch.isalnum()
    if prev in _BREAK_AFTER:
        return ch.isalpha() or ch in "*([{"
    return False


def _units(text: str) -> list[tuple[str, int, bool]]:
    """(escaped text, columns, break allowed before) for each character of one portion."""
    units = []
    prev = last = ""
    for i, ch in enumerate(text):
        escaped = _ESCAPES.get(ch, ch)
        width = len(escaped) if escaped != ch else _width(ch)
        breakable = (i > 0 and _can_break_before(prev, last, escaped[0])
                     and not (ch == "\n" and i == len(text) - 1))
        units.append((escaped, width, breakable))
        prev = escaped[-1]
        last = last if ch == " " else prev
    return units


def _linebreaks(units: list[tuple[str, int, bool]], width: int, startcol: int) -> list[bool]:
    """libunistring's ulc_width_linebreaks: break at the last opportunity before overflow."""
    breaks = [False] * len(units)
    last_p: int | None = None
    last_column, piece_width = startcol, 0
    for i, (_, w, breakable) in enumerate(units):
        if breakable:
            if last_p is not None and last_column + piece_width > width:
                breaks[last_p] = True
                last_column = 0
            last_p = i
            last_column += piece_width
            piece_width = 0
        piece_width += w
    if last_p is not None and last_column + piece_width > width:
        breaks[last_p] = True
    return breaks


def wrap_field(prefix: str, name: str, value: str, page_width: int = PAGE_WIDTH) -> list[str]:
    """Lines for `name "value"` as gettext's write-po.c lays them out."""
    portions: list[str] = []
    start = 0
    for i, ch in enumerate(value):
        if ch == "\n":
            portions.append(value[start:i + 1])
            start = i + 1
    if start < len(value) or not portions:
        portions.append(value[start:])
    after_break = len(prefix) + 1
    width = page_width - 1 - after_break
    lines: list[str] = []
    first = True
    for n, portion in enumerate(portions):
        units = _units(portion)
        startcol = len(prefix) + len(name) + 2 - after_break if first else 0
        breaks = _linebreaks(units, width, startcol)
        if first and units and (n + 1 < len(portions) or startcol > width or any(breaks)):
            lines.append(f'{prefix}{name} ""')
            first = False
            breaks = _linebreaks(units, width, 0)
        line = f'{prefix}{name} "' if first else f'{prefix}"'
        for (text, _, _), brk in zip(units, breaks):
            if brk:
                lines.append(line + '"')
                line = f'{prefix}"'
            line += text
        lines.append(line + '"')
        first = False
    return lines


def _references(occurrences: list[tuple[str, str]], page_width: int = PAGE_WIDTH) -> list[str]:
    lines: list[str] = []
    line, column = "#:", 2
    for path, lineno in occurrences:
        ref = f"{path}:{lineno}" if lineno else path
        if column > 2 and column + len(ref) + 1 > page_width:
            lines.append(line)
            line, column = "#:", 2
        line += " " + ref
        column += len(ref) + 1
    lines.append(line)
    return lines


def _field(prefix: str, name: str, value: str) -> list[str]:
    return wrap_field(prefix, name, value, PAGE_WIDTH)


def format_entry(entry: polib.POEntry) -> str:
    """One entry as GNU gettext writes it (comments, references, flags, previous strings,
    then the strings), from polib's public attributes only."""
    lines: list[str] = []
    lines += [f"# {c}" if c else "#" for c in entry.tcomment.split("\n")] if entry.tcomment else []
    if not entry.obsolete:
        lines += [f"#. {c}" if c else "#." for c in entry.comment.split("\n")] if entry.comment else []
        if entry.occurrences:
            lines += _references(entry.occurrences)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous = "#~| " if entry.obsolete else "#| "
    for name in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, f"previous_{name}")
        if value is not None:
            lines += _field(previous, name, value)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines += _field(prefix, "msgctxt", entry.msgctxt)
    lines += _field(prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        lines += _field(prefix, "msgid_plural", entry.msgid_plural)
    if entry.msgstr_plural:
        for index in sorted(entry.msgstr_plural):
            lines += _field(prefix, f"msgstr[{index}]", entry.msgstr_plural[index])
    else:
        lines += _field(prefix, "msgstr", entry.msgstr)
    return "\n".join(lines) + "\n"


def format_catalog(catalog: polib.POFile) -> str:
    """The whole catalog's text: header comment, metadata entry, live entries, obsolete ones."""
    header = ""
    if catalog.header:
        for line in catalog.header.split("\n"):
            header += "#\n" if not line else (f"#{line}\n" if line[:1] in ",:" else f"# {line}\n")
    entries = ([catalog.metadata_as_entry()] + [e for e in catalog if not e.obsolete]
               + [e for e in catalog if e.obsolete])
    return header + "\n".join(format_entry(e) for e in entries)
