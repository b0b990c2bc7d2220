"""Approved terminology per language: `locales/<lang>/glossary.csv` (UTF-8, header source,target,note).

`target` lists the accepted renderings separated by `|` (inflected forms); the first is the
one machine translation inserts. Machine translation and `leaflet check` both read it here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import InputError
from ..base.files import MAX_RECORD_BYTES, Inputs, relative

HEADER = ["source", "target", "note"]


@dataclass(frozen=True)
class Term:
    source: str
    forms: tuple[str, ...]  # accepted renderings; forms[0] is the preferred one
    note: str
    line: int

    @property
    def preferred(self) -> str:
        return self.forms[0]

    def pattern(self) -> re.Pattern[str]:
        """Whole-word, case-insensitive match of the source term in English text."""
        return re.compile(rf"(?<![\w-]){re.escape(self.source)}(?![\w-])", re.IGNORECASE)


def glossary_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "glossary.csv"


def load_glossary(root: Path, lang: str, inputs: Inputs | None = None) -> list[Term]:
    """The language's glossary, longest source terms first; empty when there is none."""
    path = glossary_path(root, lang)
    shown = relative(path, root)
    try:
        raw = (inputs or Inputs(root)).read(path, MAX_RECORD_BYTES, shown)
    except FileNotFoundError:
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", shown, raw[: exc.start].count(b"\n") + 1) from None
    return parse_glossary(text, shown)


def parse_glossary(text: str, shown: str = "glossary.csv") -> list[Term]:
    reader = csv.reader(io.StringIO(text))
    terms: list[Term] = []
    seen: dict[str, int] = {}
    try:
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:3]] != HEADER:
            raise InputError("the first line must be the header 'source,target,note'", shown, 1)
        for row in reader:
            line = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) < 2 or len(row) > 3:
                raise InputError(f"expected 3 columns (source,target,note), found {len(row)}", shown, line)
            source, target = row[0].strip(), row[1].strip()
            forms = tuple(f.strip() for f in target.split("|") if f.strip())
            if not source or not forms:
                raise InputError("a term needs both a source and a target", shown, line)
            key = source.lower()
            if key in seen:
                raise InputError(f"{source!r} is already defined on line {seen[key]}", shown, line)
            seen[key] = line
            terms.append(Term(source, forms, row[2].strip() if len(row) > 2 else "", line))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", shown, reader.line_num) from None
    return sorted(terms, key=lambda t: (-len(t.source), t.source.lower()))
