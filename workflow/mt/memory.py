"""Translation memory: a msgid very like one already reviewed becomes a draft from that translation.

One centre's articles repeat each other ("Most people go home the same day." and "Most
patients go home the same day."), so a reviewed translation of a near-identical string is a
better first draft than the machine's. Similarity is rapidfuzz's `fuzz.ratio` (characters in
common, in order, over both lengths: the Indel similarity), at least 85 %. A match must protect
the same spans in the same order (numbers, placeholders, links, glossary terms): "Take 500 mg" is
never drafted from the translation of "Take 250 mg".

Every untranslated msgid is compared with every reviewed one that protects the same spans, so the
comparison must be cheap: rapidfuzz's is compiled and cuts off on length (on a 1,600-article site,
some 12,000 distinct reviewed msgids, a difflib scan took 297 s and this 1.7 s: bench_memory.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

import polib

from .. import catalogs
from ..catalogs.glossary import Term
from .masking import ProtectionError, protect

THRESHOLD = 0.85


@dataclass(frozen=True)
class Match:
    entry: polib.POEntry
    domain: str
    ratio: float

    @property
    def percent(self) -> int:
        return int(self.ratio * 100)


@dataclass(frozen=True)
class _Candidate:
    msgid: str
    spans: tuple[str, ...]
    entry: polib.POEntry
    domain: str


def _spans(text: str, terms: Sequence[Term]) -> tuple[str, ...] | None:
    try:
        return tuple(m.restore for m in protect(text, terms).masks)
    except ProtectionError:
        return None


class Memory:
    """The reviewed singular entries of every catalog of one language, by the spans they protect."""

    def __init__(self, candidates: list[_Candidate], terms: Sequence[Term], threshold: float = THRESHOLD):
        self.groups: dict[tuple[str, ...], list[_Candidate]] = defaultdict(list)
        for candidate in candidates:
            self.groups[candidate.spans].append(candidate)
        self.texts = {spans: [c.msgid for c in group] for spans, group in self.groups.items()}
        self.terms = terms
        self.threshold = threshold

    @classmethod
    def of(cls, books: Mapping[str, polib.POFile], terms: Sequence[Term] = (),
           threshold: float = THRESHOLD) -> "Memory":
        seen: set[str] = set()
        candidates = []
        for domain, book in books.items():
            for entry in catalogs.active(book):
                if catalogs.is_reviewed(entry) and not entry.msgid_plural and entry.msgid not in seen:
                    spans = _spans(entry.msgid, terms)
                    if spans is not None:
                        seen.add(entry.msgid)
                        candidates.append(_Candidate(entry.msgid, spans, entry, domain))
        return cls(candidates, terms, threshold)

    def best(self, msgid: str) -> Match | None:
        """The most similar reviewed msgid at or above the threshold with the same protected spans;
        the first of equals (catalog order) wins."""
        from rapidfuzz import fuzz, process  # the [mt] extra's: modules import without it

        spans = _spans(msgid, self.terms)
        if spans not in self.groups:
            return None
        # An identical msgid is not a memory match: translate reuses it as it is. Msgids are
        # distinct, so the best other one is among the first two.
        for text, score, index in process.extract(msgid, self.texts[spans], scorer=fuzz.ratio, processor=None,
                                                  score_cutoff=self.threshold * 100, limit=2):
            if text != msgid:
                found = self.groups[spans][index]
                return Match(found.entry, found.domain, score / 100)
        return None
