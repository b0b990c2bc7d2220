"""leaflet's own per-entry markers: `no-mt` (never machine-translate) and `ignore <check>`.

They are written as translator comments, `# leaflet-no-mt` and `# leaflet-ignore: numbers, phones`,
because gettext's msgcat and msgmerge, Weblate and XLIFF round trips (po2xliff/xliff2po) drop flags
they do not know but keep comments. The older flag form (`#, no-mt`, `#, leaflet-ignore:numbers`)
is still read, and `leaflet update` rewrites it as comments. A marker may also stand in an
extracted comment (`#. leaflet-no-mt`), as a template would carry it.
"""

from __future__ import annotations

import polib

NO_MT = "no-mt"
#: Comment forms (what leaflet writes) and the older flag forms (still read).
NO_MT_COMMENT = "leaflet-no-mt"
IGNORE_COMMENT = "leaflet-ignore:"
NO_MT_FLAG = "no-mt"
IGNORE_FLAG = "leaflet-ignore:"


def _from_comments(entry: polib.POEntry) -> set[str]:
    found: set[str] = set()
    for text in (entry.tcomment, entry.comment):
        if not text or "leaflet-" not in text:
            continue
        for line in text.split("\n"):
            line = line.strip()
            if line == NO_MT_COMMENT:
                found.add(NO_MT)
            elif line.startswith(IGNORE_COMMENT):
                found |= {f"ignore:{code.strip()}" for code in line[len(IGNORE_COMMENT):].split(",") if code.strip()}
    return found


def _from_flags(flags: list[str]) -> set[str]:
    return {NO_MT if f == NO_MT_FLAG else f"ignore:{f[len(IGNORE_FLAG):]}" for f in flags
            if f == NO_MT_FLAG or (f.startswith(IGNORE_FLAG) and f[len(IGNORE_FLAG):])}


def markers(entry: polib.POEntry) -> set[str]:
    """The entry's markers in one spelling, whichever form holds them: {"no-mt", "ignore:numbers"}."""
    return _from_comments(entry) | _from_flags(entry.flags or [])


def no_mt(entry: polib.POEntry) -> bool:
    """Marked never to be machine-translated (`# leaflet-no-mt`, or the old `#, no-mt` flag)."""
    return NO_MT in markers(entry)


def ignored(entry: polib.POEntry) -> set[str]:
    """Check codes silenced for this entry (`# leaflet-ignore: numbers`, or `#, leaflet-ignore:numbers`)."""
    return {m[len("ignore:"):] for m in markers(entry) if m.startswith("ignore:")}


def spelled(marker: str) -> str:
    """How a marker is written in a catalog: `leaflet-no-mt`, `leaflet-ignore: numbers`."""
    return NO_MT_COMMENT if marker == NO_MT else f"{IGNORE_COMMENT} {marker[len('ignore:'):]}"


def as_comments(entry: polib.POEntry) -> bool:
    """Rewrites old marker flags of `entry` as translator comments; True if it changed anything."""
    old = [f for f in entry.flags if f == NO_MT_FLAG or f.startswith(IGNORE_FLAG)]
    if not old:
        return False
    new = [spelled(m) for m in sorted(_from_flags(old) - _from_comments(entry))]
    entry.tcomment = "\n".join(filter(None, [entry.tcomment, *new]))
    entry.flags = [f for f in entry.flags if f not in old]
    return True


def lost(catalog: polib.POFile, before: polib.POFile) -> list[tuple[polib.POEntry, list[str]]]:
    """(entry, markers written as in a catalog) of each live entry of `catalog` that lost markers its
    counterpart in `before` (the template, or the previous version of the catalog) had."""
    had = {(e.msgctxt, e.msgid): found for e in before
           if not e.obsolete and e.msgid and (found := markers(e))}
    if not had:
        return []
    gone = []
    for entry in catalog:
        if entry.obsolete or (entry.msgctxt, entry.msgid) not in had:
            continue
        missing = had[(entry.msgctxt, entry.msgid)] - markers(entry)
        if missing:
            gone.append((entry, [spelled(m) for m in sorted(missing)]))
    return gone
