"""Keep what machine translation must not touch out of its reach, and prove it came back intact.

Before a string goes to the engine, inline Markdown syntax (emphasis markers, code spans,
link brackets and targets), placeholders (`%(name)s`, `%s`, `{name}`), URLs, e-mail
addresses, phone numbers, numbers with their units and approved glossary terms are each
replaced by one private-use character. Models treat such a character as an unknown word and
copy it through (CTranslate2's `replace_unknowns`, or SentencePiece byte fallback), so a
placeholder like `%(user_name)s` never reaches the tokenizer, whose decode turns `_` into a
space. After translation every mask must come back exactly once, and the restored string
must carry the same inline markup as the source (`markup`); otherwise the draft is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from ..base.patterns import (
    AUTOLINK,
    CODE_SPAN,
    EMAIL,
    LINK,
    NUMBER,
    PLACEHOLDER,
    UNITS,
    URL,
    phones,
)
from ..catalogs.glossary import Term
from ..source.markup import difference

#: First private-use code point used for masks (U+E000..U+F8FF: 6,400 masks per string).
MASK_BASE = 0xE000
MASK_LIMIT = 0xF8FF
_MASK_RE = re.compile("[\ue000-\uf8ff]")

OPEN, CLOSE, ATOM = "open", "close", "atom"

_UNITS = UNITS
_NUMBER = NUMBER.pattern

# URLs, e-mail addresses, phone numbers, placeholders, code spans and links are defined in
# `patterns`, shared with `leaflet check`; a number with its unit is only MT's concern.
_QUANTITY = re.compile(rf"(?<![\w.]){_NUMBER}(?:\s?[-–]\s?{_NUMBER})?(?:\s?(?:{_UNITS})(?![A-Za-z]))?")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_HARD_BREAK = re.compile(r"\\\n|\n")
_DELIMITER_RUN = re.compile(r"\*+|_+|~~")


@dataclass(frozen=True)
class Mask:
    """One protected span: what it stands for in the translation, and how it binds to words."""

    restore: str
    kind: str  # OPEN binds to the word after it, CLOSE to the word before it, ATOM to neither
    what: str  # for messages: "link", "code", "number", "glossary term", ...


@dataclass
class Masked:
    """A source string as the engine sees it, and what each mask character stands for."""

    source: str
    text: str
    masks: list[Mask] = field(default_factory=list)


class ProtectionError(ValueError):
    """A translation that lost, duplicated or scrambled protected content."""


def mask_char(index: int) -> str:
    return chr(MASK_BASE + index)


def _claim(spans: list[tuple[int, int, Mask]], taken: bytearray, start: int, end: int, mask: Mask) -> bool:
    if start >= end or any(taken[start:end]):
        return False
    taken[start:end] = b"\x01" * (end - start)
    spans.append((start, end, mask))
    return True


def protect(text: str, terms: Sequence[Term] = ()) -> Masked:
    """Replace every protected span of `text` by one mask character (see the module doc)."""
    if has_masks(text):
        raise ProtectionError("the source contains private-use characters, which are reserved for masks")
    spans: list[tuple[int, int, Mask]] = []
    taken = bytearray(len(text))

    def claim_all(pattern: re.Pattern[str], what: str, kind: str = ATOM) -> None:
        for m in pattern.finditer(text):
            _claim(spans, taken, m.start(), m.end(), Mask(m.group(0), kind, what))

    # In priority order: an earlier pattern claims its characters first.
    claim_all(CODE_SPAN, "code")
    claim_all(AUTOLINK, "link")
    for m in LINK.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        what = "image" if m["open"] == "![" else "link"
        _claim(spans, taken, m.start("open"), m.end("open"), Mask(m["open"], OPEN, what))
        _claim(spans, taken, m.start("close"), m.end("close"), Mask(m["close"], CLOSE, what))
    claim_all(URL, "URL")
    claim_all(EMAIL, "e-mail address")
    claim_all(PLACEHOLDER, "placeholder")
    for m in phones(text):
        _claim(spans, taken, m.start(), m.end(), Mask(m.group(0), ATOM, "phone number"))
    claim_all(_QUANTITY, "number")
    for term in terms:
        for m in _term_pattern(term).finditer(text):
            _claim(spans, taken, m.start(), m.end(), Mask(term.preferred, ATOM, "glossary term"))
    claim_all(_ENTITY, "entity")
    claim_all(_ESCAPE, "escape")
    claim_all(_HARD_BREAK, "line break")
    for m in _DELIMITER_RUN.finditer(text):
        if any(taken[m.start():m.end()]):
            continue
        _claim(spans, taken, m.start(), m.end(), Mask(m.group(0), _flanking(text, m.start(), m.end()),
                                                       "emphasis"))
    spans.sort(key=lambda s: s[0])
    if len(spans) > MASK_LIMIT - MASK_BASE:
        raise ProtectionError("too many protected spans in one string")
    out: list[str] = []
    masks: list[Mask] = []
    pos = 0
    for start, end, mask in spans:
        out.append(text[pos:start])
        out.append(mask_char(len(masks)))
        masks.append(mask)
        pos = end
    out.append(text[pos:])
    return Masked(text, "".join(out), masks)


@lru_cache(maxsize=4096)
def _term_pattern(term: Term) -> re.Pattern[str]:
    """`term.pattern()`, compiled once per run rather than once per string translated."""
    return term.pattern()


def _flanking(text: str, start: int, end: int) -> str:
    """OPEN for a left-flanking delimiter run, CLOSE for a right-flanking one (CommonMark)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if after.isspace() and not before.isspace():
        return CLOSE
    if before.isspace() and not after.isspace():
        return OPEN
    if not before.isalnum() and after.isalnum():
        return OPEN
    if before.isalnum() and not after.isalnum():
        return CLOSE
    return ATOM


def has_masks(text: str) -> bool:
    return bool(_MASK_RE.search(text))


def restore(masked: Masked, translated: str) -> str:
    """Put the protected spans back into `translated`; raise ProtectionError if any went wrong."""
    if _has_stray_masks(masked, translated):
        raise ProtectionError("the engine produced a placeholder character it was not given")
    counts = Counter(_MASK_RE.findall(translated))
    for index, mask in enumerate(masked.masks):
        n = counts.get(mask_char(index), 0)
        if n == 0:
            raise ProtectionError(f"{mask.what} {_show(mask.restore)} missing from the translation")
        if n > 1:
            raise ProtectionError(f"{mask.what} {_show(mask.restore)} repeated in the translation")
    text = translated
    for index, mask in enumerate(masked.masks):
        char = mask_char(index)
        if mask.kind == OPEN:
            text = re.sub(re.escape(char) + r"[ \t]+", char, text)
        elif mask.kind == CLOSE:
            text = re.sub(r"[ \t]+" + re.escape(char), char, text)
    text = _MASK_RE.sub(lambda m: masked.masks[ord(m.group(0)) - MASK_BASE].restore, text)
    changed = difference(masked.source, text)
    if changed:
        raise ProtectionError(f"inline markup changed: {changed}")
    return text


def _has_stray_masks(masked: Masked, translated: str) -> bool:
    limit = MASK_BASE + len(masked.masks)
    return any(ord(c) >= limit for c in _MASK_RE.findall(translated))


def _show(value: str, limit: int = 30) -> str:
    value = value.replace("\n", "\\n")
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


# ---------------------------------------------------------------- how much of a sentence is masked

#: A sentence may reach the model with at most this share of its words masked: past it the
#: model translates a row of placeholders, not a sentence, and drops or moves them.
MAX_MASKED_SHARE = 1 / 3

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD_CHAR = re.compile(r"[^\W_]")


def masked_words(masked: Masked) -> list[tuple[str, int, int]]:
    """Per sentence of the masked text: the sentence, its source words that reach the model as
    masks, and its source words.

    A chunk between spaces with a letter or digit of its own is one word the model reads
    (`**Pain` too); a chunk of masks alone stands for the words of what the masks restore
    (a two-word glossary term is two words masked; a markup delimiter alone is none).
    """
    out = []
    for sentence in _SENTENCE_END.split(masked.text):
        masks = words = 0
        for chunk in sentence.split():
            if _WORD_CHAR.search(_MASK_RE.sub("", chunk)):
                words += 1
                continue
            hidden = sum(len(_WORD_CHAR.findall(masked.masks[ord(c) - MASK_BASE].restore)) and
                         max(1, len(masked.masks[ord(c) - MASK_BASE].restore.split()))
                         for c in _MASK_RE.findall(chunk))
            masks, words = masks + hidden, words + hidden
        if words:
            out.append((sentence, masks, words))
    return out


def too_masked(masked: Masked) -> bool:
    """Some sentence would reach the model with more than `MAX_MASKED_SHARE` of its words masked."""
    return any(masks > MAX_MASKED_SHARE * words for _, masks, words in masked_words(masked))


def protect_for_model(text: str, terms: Sequence[Term] = ()) -> Masked:
    """`protect`, keeping glossary terms as words where masking them would leave a sentence with
    more than a third of its words masked: the model translates the term in its sentence, and
    `leaflet check` warns on a draft without the approved target (`check_glossary`)."""
    masked = protect(text, terms)
    if terms and too_masked(masked) and any(m.what == "glossary term" for m in masked.masks):
        return protect(text)
    return masked
