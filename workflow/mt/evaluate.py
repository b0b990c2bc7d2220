"""`leaflet models evaluate`: engines judged on the centre's own reviewed translations.

Published scores are on news and Wikipedia text; a centre's reviewed catalogs hold patient
leaflets with the draft and the translation the reviewer accepted side by side. Each engine
drafts the source side exactly as `leaflet translate` would (masks, glossary, run-by-run
fallback: `translate.draft_texts`), and its drafts are scored against the reviewed text:
chrF++ and BLEU (sacrebleu), drafts a reviewer would have accepted unchanged, the median
character edit distance to the reviewed text (rapidfuzz), and seconds per segment.

Entries whose reviewed text started from this engine's own draft (their `leaflet-mt:` note
names the same engine, language pair and model) favour it, so they are scored apart.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Sequence

from ..base.errors import InputError
from ..base.files import MAX_SOURCE_BYTES, read_limited, relative
from ..catalogs.drafts import Reviewed, model_of
from ..catalogs.glossary import Term
from .argos import Progress
from .translate import draft_texts


@dataclass(frozen=True)
class Scores:
    segments: int
    chrf: float  # chrF++ (character n-grams and word bigrams), 0–100
    bleu: float  # 0–100
    unchanged: int  # drafts equal to the reviewed text
    median_edits: float  # characters a reviewer changes in the median segment
    failed: int  # no draft came back intact (scored as empty)


@dataclass(frozen=True)
class EngineResult:
    provenance: str
    licence: str
    seconds_per_segment: float
    scores: Scores | None  # None when every segment came from its own drafts
    own: Scores | None  # segments reviewed from this engine's own drafts, apart

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def read_tsv(path: Path, root: Path | None = None) -> list[Reviewed]:
    """A user's test set: `English<TAB>reviewed translation` per line (`#` lines are comments)."""
    shown = relative(path, root) if root else str(path)
    try:
        text = read_limited(path, MAX_SOURCE_BYTES, shown).decode("utf-8")
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: {exc.reason}", shown) from None
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(f.strip() for f in fields):
            raise InputError("expected the English text and its reviewed translation, separated by one tab",
                             shown, number)
        pairs.append(Reviewed(fields[0].strip(), fields[1].strip(), None, f"{shown}:{number}"))
    if not pairs:
        raise InputError("no segments: one `English<TAB>translation` per line", shown)
    return pairs


def _scores(hypotheses: list[str], references: list[str], failed: int) -> Scores:
    import sacrebleu
    from rapidfuzz.distance import Levenshtein

    chrf = sacrebleu.CHRF(word_order=2).corpus_score(hypotheses, [references]).score
    bleu = sacrebleu.BLEU(effective_order=True).corpus_score(hypotheses, [references]).score
    edits = [Levenshtein.distance(h, r) for h, r in zip(hypotheses, references)]
    unchanged = sum(h.strip() == r.strip() for h, r in zip(hypotheses, references))
    return Scores(len(references), round(chrf, 2), round(bleu, 2), unchanged,
                  float(statistics.median(edits)), failed)


def _model(provenance: str) -> str | None:
    found = model_of(provenance)
    return found[0] if found else None


def evaluate(engine: Any, pairs: Sequence[Reviewed], terms: list[Term],
             progress: Progress | None = None) -> EngineResult:
    """Draft every source text of `pairs` with `engine` and score the drafts (module doc)."""
    sources = [p.source for p in pairs]
    start = time.perf_counter()
    drafts, _fell_back, failures = draft_texts(engine, sources, terms, progress)
    seconds = (time.perf_counter() - start) / max(1, len(set(sources)))
    own_model = _model(engine.provenance)
    groups: dict[bool, tuple[list[str], list[str], int]] = {False: ([], [], 0), True: ([], [], 0)}
    for pair in pairs:
        note = model_of(pair.note)
        own = note is not None and note[0] == own_model
        hyps, refs, failed = groups[own]
        hyps.append(drafts[pair.source].text if pair.source in drafts else "")
        refs.append(pair.translation)
        groups[own] = (hyps, refs, failed + (pair.source in failures))
    scored = {own: _scores(*g) if g[0] else None for own, g in groups.items()}
    return EngineResult(engine.provenance, engine.licence, round(seconds, 4), scored[False], scored[True])
