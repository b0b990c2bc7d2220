"""Meaning drift between the English source and a back-translation of its translation.

A clinician who reads only English reviews a Tamil edition through its back-translation: the
translation machine-translated back into English. Two things are computed per segment:

- a **score**, chrF (Popović 2015) as sacrebleu computes it: the F-score of character n-grams
  (1–6), so inflection and word order in the back-translation ("eating" for "eat", a clause
  moved) cost little, and it is the sentence-level measure that agrees best with human
  judgement among the string metrics in the WMT metrics tasks. sacrebleu's implementation is
  the reference one, so a score means the same everywhere. 100 is the same text;
- **flags** for what matters clinically, which no string score weighs: a negation on one side
  only (`not`, `never`, `no`, `avoid`, `without`, `unless`, `don't` …), a quantity that differs
  (digits or number words, with the unit, duration or frequency after it: "500 mg" and "50 mg",
  "5 kg" and "5 g", "twice a day" and "once a day"), and a glossary term (a body part, a drug)
  of the source that the back-translation lost.

Only values here: no engine. Back-translations come from `backcache`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..base.languages import native_digits
from ..catalogs.glossary import Term

NEGATION, QUANTITY, TERM = "negation", "quantity", "term"
KINDS = (NEGATION, QUANTITY, TERM)

#: Words that negate what follows; contractions in -n't count too.
NEGATIONS = frozenset("not never no none nothing nobody neither nor cannot avoid avoids avoided avoiding "
                      "without unless".split())
_NEGATION = re.compile(r"\b(?:" + "|".join(sorted(NEGATIONS)) + r")\b|\b\w+n['’]t\b", re.IGNORECASE)

_ONES = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
         if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1000, "lakh": 100_000, "million": 1_000_000}
#: Frequencies written as one word: the number of times.
_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_FRACTIONS = {"half": 0.5, "quarter": 0.25}
#: Units, durations and frequencies after a number, by their normal form.
_UNITS = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "g": "g", "gram": "g", "grams": "g", "gm": "g",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "mcg": "mcg", "µg": "mcg", "microgram": "mcg", "micrograms": "mcg",
    "ml": "ml", "millilitre": "ml", "millilitres": "ml", "milliliter": "ml", "milliliters": "ml",
    "l": "l", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "mm": "mm", "cm": "cm", "m": "m", "km": "km", "°c": "°c", "°f": "°f", "c": "°c", "degrees": "°",
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute", "min": "minute",
    "mins": "minute", "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
    "day": "day", "days": "day", "night": "night", "nights": "night", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year",
    "time": "time", "times": "time", "tablet": "tablet", "tablets": "tablet", "dose": "dose",
    "doses": "dose", "drop": "drop", "drops": "drop", "%": "%", "percent": "%",
}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|°[cf]\b|%|[a-zµ]+", re.IGNORECASE)


@dataclass(frozen=True)
class Flag:
    kind: str  # NEGATION, QUANTITY or TERM
    message: str


@dataclass(frozen=True)
class Drift:
    """How far a back-translation is from the English it should say."""

    back: str
    score: float  # chrF, 0–100
    flags: tuple[Flag, ...] = ()


def plain(text: str) -> str:
    """Markdown down to the words: link targets, emphasis and code marks out."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]+", "", text)


def negations(text: str) -> list[str]:
    return [m.group(0).lower() for m in _NEGATION.finditer(text)]


def _number(token: str) -> float | None:
    if token[0].isdigit():
        try:
            return float(token.replace(",", "")) if token.count(".") <= 1 else None
        except ValueError:
            return None
    return None


def quantities(text: str) -> Counter[str]:
    """Each number (digits, native digits or words) with the unit after it: "500 mg", "2×"."""
    tokens = [t.lower() for t in _TOKEN.findall(text.translate(native_digits()))]
    found: Counter[str] = Counter()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        value, j = _number(token), i + 1
        if value is None and token in _TIMES:
            found[f"{_TIMES[token]}×"] += 1
            i += 1
            continue
        if value is None and (token in _ONES or token in _TENS or token in _FRACTIONS):
            total, current, j = 0.0, 0.0, i
            while j < len(tokens) and (tokens[j] in _ONES or tokens[j] in _TENS or tokens[j] in _SCALES
                                       or tokens[j] in _FRACTIONS or (tokens[j] == "and" and j > i)):
                word = tokens[j]
                if word in _SCALES:
                    current = (current or 1) * _SCALES[word]
                    if _SCALES[word] >= 1000:
                        total, current = total + current, 0.0
                elif word != "and":
                    current += _ONES.get(word, 0) + _TENS.get(word, 0) + _FRACTIONS.get(word, 0)
                j += 1
            while tokens[j - 1] == "and":
                j -= 1
            value = total + current
            if tokens[i] == "one" and (j >= len(tokens) or tokens[j] not in _UNITS):
                i = j  # "one of the arteries": a pronoun, not a quantity
                continue
        if value is None:
            i += 1
            continue
        unit = _UNITS.get(tokens[j], "") if j < len(tokens) else ""
        found[f"{value:g}×" if unit == "time" else f"{value:g} {unit}".strip()] += 1
        i = j + (1 if unit else 0)
    return found


def _shown(counter: Counter[str]) -> str:
    return ", ".join(sorted(counter.elements())) or "none"


def flags(source: str, back: str, terms: Iterable[Term] = ()) -> tuple[Flag, ...]:
    """The clinical flags of one segment: negation, quantity, lost glossary term."""
    source, back = plain(source), plain(back)
    out = []
    said, back_said = negations(source), negations(back)
    if len(said) != len(back_said):
        out.append(Flag(NEGATION, f"negation: the English has {len(said)} ({', '.join(said) or 'none'}), the "
                                  f"back-translation {len(back_said)} ({', '.join(back_said) or 'none'})"))
    have, back_have = quantities(source), quantities(back)
    if have != back_have:
        out.append(Flag(QUANTITY, f"quantity: the English says {_shown(have - back_have)}, the back-translation "
                                  f"{_shown(back_have - have)}"))
    lost = [t.source for t in terms if t.pattern().search(source) and not t.pattern().search(back)]
    if lost:
        out.append(Flag(TERM, f"term: {', '.join(lost)} of the English is not in the back-translation"))
    return tuple(out)


@lru_cache(maxsize=1)
def _chrf():  # noqa: ANN202
    from sacrebleu.metrics import CHRF

    return CHRF()


def chrf(source: str, back: str) -> float:
    """sacrebleu's sentence chrF of the back-translation against the English, 0–100."""
    return round(_chrf().sentence_score(plain(back), [plain(source)]).score, 1)


def compare(source: str, back: str, terms: Iterable[Term] = ()) -> Drift:
    return Drift(back, chrf(source, back), flags(source, back, terms))


def count_flags(drifts: Iterable[Drift]) -> dict[str, int]:
    """Flags per kind, every kind listed (the summary line)."""
    counts = {kind: 0 for kind in KINDS}
    for drift in drifts:
        for flag in drift.flags:
            counts[flag.kind] += 1
    return counts
