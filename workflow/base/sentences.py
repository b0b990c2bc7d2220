"""Sentences of a paragraph in any language of the registry, by its own sentence-end marks.

pysbd knows English abbreviations but of our languages only hi, mr and ur, and raises on Tamil
text; indic-nlp-library's splitter brings pandas and a resource download. A sentence of the
translations ends at a mark of `Language.sentence_marks` (the danda ।, the Urdu full stop ۔,
`?` `؟` `!` `.`) followed by closing quotes or brackets and whitespace: what the translators were
asked to write (`check`'s punctuation rule holds them to it). A decimal point or "e.g." inside a
word is never a sentence end, since a space must follow the mark.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .languages import language

_CLOSERS = "'\"”’)\\]»"


@lru_cache(maxsize=None)
def _boundary(lang: str) -> re.Pattern[str]:
    marks = "".join(sorted(language(lang).sentence_marks))
    return re.compile(f"[{re.escape(marks)}]+[{re.escape(_CLOSERS)}]*\\s+")


def split_sentences(paragraph: str, lang: str) -> list[str]:
    """The sentences of `paragraph` with their trailing whitespace: joined, they give it back."""
    out, start = [], 0
    for match in _boundary(lang).finditer(paragraph):
        if match.end() < len(paragraph):
            out.append(paragraph[start:match.end()])
            start = match.end()
    out.append(paragraph[start:])
    return [s for s in out if s] or [paragraph]
