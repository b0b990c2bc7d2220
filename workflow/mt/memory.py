"""Translation memory: a msgid very like one already reviewed becomes a draft from that translation.

One centre's articles repeat each other ("Most people go home the same day." and "Most
patients go home the same day."), so a reviewed translation of a near-identical string is a
better first draft than the machine's. Matching uses difflib's ratio, as `leaflet update`'s
fuzzy matching does, with a higher bar (85 %). A match must protect the same spans in the same
order (numbers, placeholders, links, glossary terms): "Take 500 mg" is never drafted from the
translation of "Take 250 mg".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import polib

from .. import catalogs
from ..catalogs.glossary import Term
from ..catalogs.merge import closest
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
    """The reviewed singular entries of every catalog of one language."""

    def __init__(self, candidates: list[_Candidate], terms: Sequence[Term], threshold: float = THRESHOLD):
        self.candidates = candidates
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
        """The most similar reviewed msgid at or above the threshold, with the same protected spans."""
        if not self.candidates:
            return None
        spans = _spans(msgid, self.terms)
        # An identical msgid is not a memory match: translate reuses it as it is.
        found = closest(msgid, ((c.msgid, c) for c in self.candidates
                                if c.msgid != msgid and c.spans == spans), self.threshold)
        if found is None:
            return None
        best, ratio = found
        return Match(best.entry, best.domain, ratio)
