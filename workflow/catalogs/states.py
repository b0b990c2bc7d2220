"""The four states of a catalog entry, which every command agrees on.

untranslated (empty msgstr) · fuzzy from an update (`#| msgid`) · machine draft (fuzzy with a
`leaflet-mt:` translator comment) · reviewed (a translation without `fuzzy`).
"""

from __future__ import annotations

import polib

#: Translator-comment prefix that marks a machine draft and records where it came from.
MT_MARK = "leaflet-mt:"


def has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(v for v in entry.msgstr_plural.values())
    return bool(entry.msgstr)


def mt_note(entry: polib.POEntry) -> str | None:
    """The `leaflet-mt: ...` provenance line of an entry, if any."""
    for line in (entry.tcomment or "").split("\n"):
        if line.strip().startswith(MT_MARK):
            return line.strip()
    return None


def first_msgstr(entry: polib.POEntry) -> str:
    """msgstr, or msgstr[0] of a plural entry: what msgfmt looks at."""
    if entry.msgid_plural:
        return (entry.msgstr_plural or {}).get(0, "")
    return entry.msgstr


def is_untranslated(entry: polib.POEntry) -> bool:
    return not has_translation(entry)


def is_machine_draft(entry: polib.POEntry) -> bool:
    return (has_translation(entry) and entry.fuzzy and entry.previous_msgid is None
            and mt_note(entry) is not None)


def is_reviewed(entry: polib.POEntry) -> bool:
    return has_translation(entry) and not entry.fuzzy


def active(catalog: polib.POFile) -> list[polib.POEntry]:
    """Entries that are not obsolete and not the header."""
    return [e for e in catalog if not e.obsolete and e.msgid != ""]


