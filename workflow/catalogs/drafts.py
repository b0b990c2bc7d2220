"""Machine drafts awaiting review, worst first: a reviewer starts where the model was least sure.

`leaflet translate` records the model, its licence and its score in each draft's `leaflet-mt:`
comment (`leaflet-mt: nllb en→mr nllb-200-distilled-600M-ct2 (CC-BY-NC-4.0); score 0.62`; lines
written before licences were recorded have no `(…)`); this reads it back. Drafts
without a score (reused translations, translation memory, older drafts) come after the scored
ones. check and publish never look at scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..base.files import Inputs, relative
from ..source.site import load_site
from . import pofile, repository, states

_SCORE = re.compile(r";\s*score\s+(\d+(?:\.\d+)?)")
#: `<engine> <source>→<target> <model> (<licence>)`, the part of a note before the first `;`.
_MODEL = re.compile(r"^(?P<model>\S+ \S+→\S+ \S+)(?: \((?P<licence>[^()]+)\))?$")


@dataclass(frozen=True)
class Draft:
    lang: str
    path: str  # the catalog, relative to the project root
    line: int | None
    msgid: str
    score: float | None
    note: str  # the `leaflet-mt:` line


def score_of(note: str | None) -> float | None:
    """The model's score recorded in a `leaflet-mt: <engine>; score 0.87` line, if any."""
    m = _SCORE.search(note or "")
    return float(m.group(1)) if m else None


def split_note(note: str | None) -> tuple[str | None, str | None]:
    """(engine, score as written) of a `leaflet-mt: argos en→hi 1.9; score 0.82` line."""
    if not note:
        return None, None
    text = note.split(states.MT_MARK, 1)[-1].strip()
    m = _SCORE.search(text)
    if not m:
        return text or None, None
    return (text[: m.start()] + text[m.end():]).strip() or None, m.group(1)


def model_of(note: str | None) -> tuple[str, str | None] | None:
    """(`<engine> <pair> <model>`, licence or None) of a machine draft's note; None for a draft
    from translation memory or reused from another catalog."""
    if not note:
        return None
    text = note.split(states.MT_MARK, 1)[-1].split(";", 1)[0].strip()
    m = _MODEL.match(text)
    return (m.group("model"), m.group("licence")) if m else None


def list_drafts(root: Path, langs: Iterable[str] | None = None, inputs: Inputs | None = None) -> list[Draft]:
    """Every machine draft of `langs` (default: every configured language), lowest score first."""
    site = load_site(root, inputs)
    selected = site.select_languages(tuple(langs or ()), all_=not langs)
    drafts = []
    for lang in selected:
        for domain in repository.catalog_domains(root, lang):
            path = repository.catalog_path(root, lang, domain)
            catalog = pofile.read_catalog(path, root, inputs)
            for entry in states.active(catalog):
                if states.is_machine_draft(entry):
                    note = states.mt_note(entry) or ""
                    drafts.append(Draft(lang, relative(path, root), catalog.msgstr_line(entry), entry.msgid,
                                        score_of(note), note))
    return sorted(drafts, key=lambda d: (d.score is None, d.score or 0.0, d.lang, d.path, d.line or 0))


@dataclass(frozen=True)
class Reviewed:
    """A reviewed translation and the `leaflet-mt:` note of the draft it started from, if any."""

    source: str
    translation: str
    note: str | None
    where: str  # `path:line`, relative to the project root


def reviewed_pairs(root: Path, lang: str, inputs: Inputs | None = None) -> list[Reviewed]:
    """Every reviewed singular entry of `lang`'s catalogs, each msgid once: the test set
    `models evaluate` scores engines on."""
    pairs: dict[str, Reviewed] = {}
    for domain in repository.catalog_domains(root, lang):
        path = repository.catalog_path(root, lang, domain)
        catalog = pofile.read_catalog(path, root, inputs)
        for entry in states.active(catalog):
            if states.is_reviewed(entry) and not entry.msgid_plural and entry.msgid not in pairs:
                pairs[entry.msgid] = Reviewed(entry.msgid, entry.msgstr, states.mt_note(entry),
                                              f"{relative(path, root)}:{catalog.msgstr_line(entry)}")
    return list(pairs.values())
