"""The rules a translation is checked by against its source, each a small function.

Like Babel's `babel.messages.checkers`, every check is a small function. A text check gets one
source/translation pair (`Text`; plural entries give one pair per form) and returns a one-line
message or None; the `plurals` check looks at the whole entry. Rules about how a language is
written (script, sentence ends, spacing) are in `writing`; `findings` says which rules run, with
which code and severity.

Everything here is plain `re` over strings: `leaflet check` runs these over every translated
entry of every catalog, so no Markdown parser is involved, and nothing heavy is imported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import polib

from ..base.languages import LATIN, language
from ..base.patterns import (
    BRACE_ANY,
    C_FORMAT,
    CODE_SPAN,
    EMAIL,
    LINK_TARGET,
    NAMED_BRACE,
    NAMED_PY,
    NUMBER,
    PHONE,
    POSITIONAL_BRACE,
    POSITIONAL_PY,
    URL,
    ascii_digits,
    phone_digits,
    phones,
    without_addresses,
)
from ..catalogs.glossary import Term
from ..source import markup

_LATIN_LETTER = re.compile(f"[{LATIN.letters}]")

# ---------------------------------------------------------------- addresses and numbers (see `patterns`)


def _clean(text: str) -> str:
    """Text without code spans and link targets: what a reader sees of addresses is checked apart."""
    if "`" in text:
        text = CODE_SPAN.sub(" ", text)
    if "](" in text:
        text = LINK_TARGET.sub("]", text)
    return text


def _urls(text: str) -> list[str]:
    return URL.findall(text) if ("://" in text or "www." in text) else []


def _emails(text: str) -> list[str]:
    return EMAIL.findall(text) if "@" in text else []


def _phones(text: str) -> list[str]:
    return [d for d in (phone_digits(m.group(0)) for m in PHONE.finditer(text)) if d]


def _strip_phones(text: str) -> str:
    return PHONE.sub(lambda m: " " if phone_digits(m.group(0)) else m.group(0), text)


def _number_value(raw: str) -> str:
    whole, _, fraction = raw.replace(",", "").partition(".")
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


# ---------------------------------------------------------------- context and text pairs

@dataclass(frozen=True)
class Context:
    """What a check needs to know beyond the strings: the catalog's language and its settings."""

    lang: str
    nplurals: int = 2
    glossary: tuple[Term, ...] = ()
    #: True when plural form 0 is used for exactly n == 1 (it may then leave out the number).
    form0_is_one: bool = False
    usual_ratio: float = 1.0

    @cached_property
    def script(self) -> str:
        return language(self.lang).script.name

    @cached_property
    def language(self) -> str:
        return language(self.lang).name

    @cached_property
    def glossary_patterns(self) -> list[tuple[Term, re.Pattern[str]]]:
        return [(term, term.pattern()) for term in self.glossary]

    @cached_property
    def glossary_any(self) -> re.Pattern[str] | None:
        if not self.glossary:
            return None
        return re.compile("|".join(f"(?:{p.pattern})" for _, p in self.glossary_patterns), re.I)

    @cached_property
    def latin_glossary_forms(self) -> re.Pattern[str] | None:
        forms = sorted({f for t in self.glossary for f in t.forms if _LATIN_LETTER.search(f)},
                       key=len, reverse=True)
        return re.compile("|".join(re.escape(f) for f in forms), re.I) if forms else None


class Text:
    """One source string and its translation (a plural entry gives one per form).

    `source_clean`/`target_clean` are the strings without code spans and link targets; they are
    computed once here because most checks look at them (and this runs for every entry).
    """

    __slots__ = ("source", "target", "flags", "form", "source_clean", "target_clean")

    def __init__(self, source: str, target: str, flags: tuple[str, ...] = (), form: int | None = None):
        self.source = source
        self.target = target
        self.flags = flags
        self.form = form  # plural form index, None for a singular entry
        self.source_clean = _clean(source)
        self.target_clean = _clean(target)


# ---------------------------------------------------------------- the checks

def check_markdown(text: Text, ctx: Context) -> str | None:
    """Inline Markdown kept: bold, emphasis, code spans, line breaks and link/image targets."""
    return markup.difference(text.source, text.target)


def check_placeholders(text: Text, ctx: Context) -> str | None:
    """Named placeholders `%(name)s` and `{name}` kept, and the formats the entry's flags name."""
    source, target = text.source, text.target
    if not ("%" in source or "{" in source or "%" in target or "{" in target):
        return None
    src = set(NAMED_PY.findall(source)) | set(NAMED_BRACE.findall(source))
    src_shown = {n: f"%({n})s" for n in NAMED_PY.findall(source)} | \
        {n: f"{{{n}}}" for n in NAMED_BRACE.findall(source)}
    tgt_py, tgt_brace = NAMED_PY.findall(target), NAMED_BRACE.findall(target)
    tgt = set(tgt_py) | set(tgt_brace)
    unknown = sorted(tgt - src)
    if unknown:
        name = unknown[0]
        shown = f"%({name})s" if name in tgt_py else f"{{{name}}}"
        return f"placeholder {shown} is not in the source"
    missing = sorted(src - tgt)
    if missing and not (text.form == 0 and ctx.form0_is_one):
        return f"placeholder {src_shown[missing[0]]} is missing"
    flags = text.flags
    if "python-format" in flags:
        a, b = POSITIONAL_PY.findall(source), POSITIONAL_PY.findall(target)
        if a != b:
            return f"python-format directives differ: {' '.join(a) or 'none'} in the source, {' '.join(b) or 'none'}"
    if "c-format" in flags:
        a = Counter(m.group(0) for m in C_FORMAT.finditer(source))
        b = Counter(m.group(0) for m in C_FORMAT.finditer(target))
        if a != b:
            return (f"c-format directives differ: {' '.join(sorted(a.elements())) or 'none'} in the source, "
                    f"{' '.join(sorted(b.elements())) or 'none'}")
    if "python-brace-format" in flags:
        a, b = Counter(BRACE_ANY.findall(source)), Counter(BRACE_ANY.findall(target))
        if a != b:
            missing_fields = list((a - b).elements()) or list((b - a).elements())
            return f"python-brace-format field {{{missing_fields[0]}}} differs from the source"
    return None


_WIDTH = re.compile(r"\d{3,}")


def check_placeholder_formats(text: Text, ctx: Context) -> str | None:
    """Placeholders written as in the source, with no width or precision of their own: a safety
    limit, which `leaflet-ignore:placeholders` does not turn off."""
    target = text.target
    if not ("%" in target or "{" in target):
        return None
    source = text.source
    written = {m.group(0) for pattern in (NAMED_PY, NAMED_BRACE) for m in pattern.finditer(source)}
    for pattern in (NAMED_PY, NAMED_BRACE):
        for m in pattern.finditer(target):
            if m.group(0) not in written and m.group(1) in source:
                # A width or precision pads the page with spaces (`%(date)100000s`), or never ends.
                return (f"placeholder {m.group(0)} is not written as in the source "
                        f"({' '.join(sorted(written)) or 'none'}): no width, precision or other format of its own")
    for pattern in (POSITIONAL_PY, C_FORMAT, POSITIONAL_BRACE):
        for m in pattern.finditer(target):
            if _WIDTH.search(m.group(0)) and m.group(0) not in source:
                return f"placeholder {m.group(0)} has a width or precision the source does not have"
    return None


def check_urls(text: Text, ctx: Context) -> str | None:
    """Every web address of the text is in the translation, character for character."""
    for url in _urls(text.source_clean):
        if url not in text.target:
            return f"web address {url} is missing or changed"
    return None


def check_emails(text: Text, ctx: Context) -> str | None:
    """Every e-mail address of the text is in the translation, unchanged."""
    for email in _emails(text.source_clean):
        if email not in text.target:
            return f"e-mail address {email} is missing or changed"
    return None


def check_phones(text: Text, ctx: Context) -> str | None:
    """Every phone number is in the translation with the same digits (native digits allowed)."""
    if not _has_digit(text.source):
        return None
    wanted = _phones(text.source_clean)
    if not wanted:
        return None
    have = set(_phones(ascii_digits(text.target)))
    for digits in wanted:
        if digits not in have:
            shown = next((m.group(0).strip() for m in phones(text.source_clean)
                          if phone_digits(m.group(0)) == digits), digits)
            return f"phone number {shown} is missing or changed"
    return None


def _numbers(text: str) -> Counter[str]:
    text = _strip_phones(ascii_digits(without_addresses(text)))
    return Counter(_number_value(n) for n in NUMBER.findall(text) if n.isascii())


def check_numbers(text: Text, ctx: Context) -> str | None:
    """The same numbers in the translation (native digits such as ०-९ count as the same number)."""
    source, target = text.source, text.target
    if not _has_digit(source) and not _has_digit(target):
        return None
    if not _ADDRESS_LIKE.search(source) and not _ADDRESS_LIKE.search(target) \
            and sorted(_DIGIT_RUN.findall(ascii_digits(source))) == sorted(_DIGIT_RUN.findall(ascii_digits(target))):
        return None  # the very same digit runs, and nowhere for a number to hide: nothing lost
    src, tgt = _numbers(text.source_clean), _numbers(text.target_clean)
    missing = list((src - tgt).elements())
    if not missing:
        return None
    extra = list((tgt - src).elements())
    where = f" (the translation has {', '.join(extra)} instead)" if extra else ""
    if len(missing) == 1:
        return f"number {missing[0]} is missing{where}"
    return f"numbers {', '.join(missing)} are missing{where}"


_ANY_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")
#: Where digits may belong to something other than a number in the text (checked apart).
_ADDRESS_LIKE = re.compile(r"://|www\.|@|`|\]\(|%\(|\{")


def _has_digit(text: str) -> bool:
    return _ANY_DIGIT.search(text) is not None


def check_glossary(text: Text, ctx: Context) -> str | None:
    """A glossary term of the source is rendered by one of its accepted forms."""
    if ctx.glossary_any is None or not ctx.glossary_any.search(text.source):
        return None
    source = URL.sub(" ", EMAIL.sub(" ", text.source_clean))
    target = text.target.casefold()
    for term, pattern in ctx.glossary_patterns:
        if pattern.search(source) and not any(f.casefold() in target for f in term.forms):
            accepted = " | ".join(term.forms)
            return f"glossary: {term.source!r} should be translated as {accepted}"
    return None


_PROSE = re.compile(r"[a-z]{3}")


def check_identical(text: Text, ctx: Context) -> str | None:
    """The translation is a copy of the English source (names and codes without prose are allowed)."""
    if text.target.strip() == text.source.strip() and _PROSE.search(_clean(text.source)):
        return "translation identical to the source"
    return None


LENGTH_MIN_SOURCE = 30
LENGTH_FACTOR = 2.5


def check_length(text: Text, ctx: Context) -> str | None:
    """Length far outside the usual ratio for the language: a lost sentence or a pasted paragraph."""
    source, target = text.source_clean.strip(), text.target_clean.strip()
    if len(source) < LENGTH_MIN_SOURCE or not target:
        return None
    ratio = len(target) / len(source)
    usual = ctx.usual_ratio
    if ratio < usual / LENGTH_FACTOR:
        return f"translation is {ratio:.0%} of the source's length (usually about {usual:.0%}): text lost?"
    if ratio > usual * LENGTH_FACTOR:
        return f"translation is {ratio:.0%} of the source's length (usually about {usual:.0%})"
    return None


def check_plurals(entry: polib.POEntry, ctx: Context) -> str | None:
    """Every plural form of a plural entry is filled, as many as the catalog's Plural-Forms say."""
    if not entry.msgid_plural:
        return None
    forms = entry.msgstr_plural or {}
    empty = [i for i in range(ctx.nplurals) if not forms.get(i)]
    if empty:
        return f"plural form msgstr[{empty[0]}] is empty ({ctx.language} has {ctx.nplurals} forms)"
    extra = sorted(i for i in forms if int(i) >= ctx.nplurals)
    if extra:
        return f"msgstr[{extra[0]}] is beyond the {ctx.nplurals} plural forms of the catalog's Plural-Forms"
    return None


#: Bidirectional embedding, override and isolate controls (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
