"""Machine drafts awaiting review, worst first: a reviewer starts where the model was least sure.

`leaflet translate` records the model's score in each draft's `leaflet-mt:` comment
(`leaflet-mt: nllb en→mr nllb-200-distilled-600M-ct2; score 0.62`); this reads it back. Drafts
without a score (reused translations, translation memory, older drafts) come after the scored
ones. check and publish never look at scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import catalogs
from .files import relative
from .source import load_site

_SCORE = re.compile(r";\s*score\s+(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Draft:
    lang: str
    path: str  # the catalog, relative to the project root
    line: int | None
    msgid: str
    score: float | None
    note: str  # the `leaflet-mt:` line


def score_of(note: str | None) -> float | None:
    m = _SCORE.search(note or "")
    return float(m.group(1)) if m else None


def list_drafts(root: Path, langs: Iterable[str] | None = None) -> list[Draft]:
    """Every machine draft of `langs` (default: every configured language), lowest score first."""
    site = load_site(root)
    selected = site.select_languages(tuple(langs or ()), all_=not langs)
    drafts = []
    for lang in selected:
        for domain in catalogs.catalog_domains(root, lang):
            path = catalogs.catalog_path(root, lang, domain)
            for entry in catalogs.active(catalogs.read_catalog(path, root)):
                if catalogs.is_machine_draft(entry):
                    note = catalogs.mt_note(entry) or ""
                    drafts.append(Draft(lang, relative(path, root), entry.msgid_line, entry.msgid,
                                        score_of(note), note))
    return sorted(drafts, key=lambda d: (d.score is None, d.score or 0.0, d.lang, d.path, d.line or 0))


def format_drafts(drafts: list[Draft], limit: int | None = None) -> str:
    """One line per draft: score, where to open it, the start of the msgid."""
    if not drafts:
        return "no machine drafts awaiting review"
    shown = drafts[:limit] if limit else drafts
    lines = []
    for d in shown:
        score = f"{d.score:.2f}" if d.score is not None else "  - "
        one_line = " ".join(d.msgid.split())
        excerpt = one_line if len(one_line) <= 60 else one_line[:59] + "…"
        where = f"{d.path}:{d.line}" if d.line else d.path
        lines.append(f"{score}  {where}  {excerpt!r}")
    rest = len(drafts) - len(shown)
    lines.append(f"{len(drafts)} machine draft{'s' if len(drafts) != 1 else ''} awaiting review, lowest score first"
                 + (f" ({rest} more not shown)" if rest else ""))
    return "\n".join(lines)
