"""Per-entry checks of a translation against its source, each with a stable code and a severity.

Like Babel's `babel.messages.checkers`, every check is a small function. A text check gets one
source/translation pair (`Text`; plural entries give one pair per form) and returns a one-line
message or None; the `plurals` check looks at the whole entry. Codes are stable: they appear in
reports, in CI annotations and in the suppression flag `#, leaflet-ignore:<code>`.

Everything here is plain `re` over strings: `leaflet check` runs these over every translated
entry of every catalog, so no Markdown parser is involved, and nothing heavy is imported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Iterator, Mapping

import polib

from . import catalogs
from .glossary import Term
from .languages import LANGUAGES, language
from .patterns import (BRACE_ANY, C_FORMAT, CODE_SPAN, EMAIL, LINK, LINK_TARGET, NAMED_BRACE, NAMED_PY, NUMBER,
                       PHONE, POSITIONAL_PY, URL, ascii_digits, phone_digits, phones, strip_placeholders)

ERROR = "error"
WARNING = "warning"
IGNORE_FLAG = "leaflet-ignore:"

# ---------------------------------------------------------------- scripts

#: Letters (digits and dandas left out) of the scripts our languages are written in.
SCRIPT_LETTERS = {
    "Devanagari": "\u0900-\u0963\u0971-\u097f",
    "Bengali": "\u0980-\u09e5\u09f0-\u09ff",
    "Gurmukhi": "\u0a00-\u0a65\u0a70-\u0a7f",
    "Gujarati": "\u0a80-\u0ae5\u0af0-\u0aff",
    "Odia": "\u0b00-\u0b65\u0b70-\u0b7f",
    "Tamil": "\u0b80-\u0be5\u0bf0-\u0bff",
    "Telugu": "\u0c00-\u0c65\u0c70-\u0c7f",
    "Kannada": "\u0c80-\u0ce5\u0cf0-\u0cff",
    "Malayalam": "\u0d00-\u0d65\u0d70-\u0d7f",
    "Arabic": "\u0600-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
              "\ufb50-\ufdff\ufe70-\ufefc",
    "Latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f",
}
_SCRIPT_RE = {name: re.compile(f"[{chars}]") for name, chars in SCRIPT_LETTERS.items()}
#: Per script, the letters of every other non-Latin script we know, in one pattern.
_OTHER_SCRIPTS_RE = {name: re.compile("[" + "".join(c for other, c in SCRIPT_LETTERS.items()
                                                    if other not in (name, "Latin")) + "]")
                     for name in SCRIPT_LETTERS}

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
    def script(self) -> str | None:
        facts = language(self.lang)
        return facts.script if facts else None

    @cached_property
    def language(self) -> str:
        return catalogs.language_name(self.lang)

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
        forms = sorted({f for t in self.glossary for f in t.forms if _SCRIPT_RE["Latin"].search(f)},
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
    """Inline Markdown kept: bold, emphasis, code spans and link/image targets unchanged."""
    source, target = text.source, text.target
    if _MARKUP_CHAR.search(source) is None and _MARKUP_CHAR.search(target) is None:
        return None
    if "`" in source or "`" in target:
        src_code = Counter(m[1] for m in CODE_SPAN.findall(source))
        tgt_code = Counter(m[1] for m in CODE_SPAN.findall(target))
    else:
        src_code = tgt_code = Counter()
    if src_code != tgt_code:
        missing = list((src_code - tgt_code).elements())
        return (f"code span `{missing[0]}` changed or missing" if missing
                else f"code span `{next((tgt_code - src_code).elements())}` not in the source")
    src_links, tgt_links = _links(source), _links(target)
    if src_links != tgt_links:
        missing = list((src_links - tgt_links).elements())
        if missing:
            kind, url = missing[0]
            return f"{kind} target {url} changed or missing"
        kind, url = next((tgt_links - src_links).elements())
        return f"{kind} target {url} is not in the source"
    source_clean, target_clean = text.source_clean, text.target_clean
    if source_clean.count("*") == target_clean.count("*") and "_" not in source_clean \
            and "_" not in target_clean and source_clean.count("\\\n") == target_clean.count("\\\n") \
            and _DELIMS.findall(source_clean) == _DELIMS.findall(target_clean):
        return None  # the same delimiter runs in the same order: nothing to compare
    src_marks, tgt_marks = _emphasis(source_clean), _emphasis(target_clean)
    for name in ("bold", "emphasis", "hard line break"):
        if src_marks[name] != tgt_marks[name]:
            return (f"{name} markers differ: {src_marks[name]} in the source, "
                    f"{tgt_marks[name]} in the translation")
    return None


_MARKUP_CHAR = re.compile(r"[*_`\[\\]")


def _links(text: str) -> Counter[tuple[str, str]]:
    if "](" not in text:
        return Counter()
    return Counter(("image" if m["open"] == "![" else "link", m["target"].strip("<>"))
                   for m in LINK.finditer(CODE_SPAN.sub(" ", text)))


_DELIMS = re.compile(r"(?<!\\)(\*+|_+)")


def _emphasis(text: str) -> Counter[str]:
    """Emphasis delimiters by kind; intraword underscores are not emphasis in CommonMark."""
    marks: Counter[str] = Counter()
    if "*" in text or "_" in text:
        for match in _DELIMS.finditer(text):
            run = match.group(0)
            if run[0] == "_":
                before = text[match.start() - 1] if match.start() else " "
                after = text[match.end()] if match.end() < len(text) else " "
                if before.isalnum() and after.isalnum():
                    continue
            strong, single = divmod(len(run), 2)
            marks["bold"] += strong
            marks["emphasis"] += single
    marks["hard line break"] = text.count("\\\n")
    return marks


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
    if "%(" in text or "{" in text:
        text = strip_placeholders(text)
    if "://" in text or "www." in text:
        text = URL.sub(" ", text)
    if "@" in text:
        text = EMAIL.sub(" ", text)
    text = _strip_phones(ascii_digits(text))
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


def check_script(text: Text, ctx: Context) -> str | None:
    """The translation is written mostly in the language's script, and in no other Indian script."""
    script = ctx.script
    if script is None:
        return None
    target = text.target_clean
    found = _OTHER_SCRIPTS_RE[script].search(target)
    if found:
        other = next(name for name, pattern in _SCRIPT_RE.items() if pattern.match(found.group(0)))
        return f"{other} letters ({found.group(0)!r}) in a {ctx.language} translation, written in {script}"
    latin = _SCRIPT_RE["Latin"].findall(target)
    if len(latin) < 3:
        return None
    if "://" in target or "www." in target:
        target = URL.sub(" ", target)
    if "@" in target:
        target = EMAIL.sub(" ", target)
    if "%(" in target or "{" in target:
        target = strip_placeholders(target)
    if ctx.latin_glossary_forms is not None:
        target = ctx.latin_glossary_forms.sub(" ", target)
    latin_count = len(_SCRIPT_RE["Latin"].findall(target))
    if latin_count >= 3 and latin_count > len(_SCRIPT_RE[script].findall(target)):
        return f"mostly Latin letters: a {ctx.language} translation is written in {script}"
    return None


_SENTENCE_ENDS = {".": "full stop", "?": "question mark", "!": "exclamation mark", ":": "colon"}
_ENDINGS = set(".?!:।॥۔؟")
_CLOSERS = "*_)]}\"'`”’»›\u200c\u200d "


def _last(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


def expected_end(lang: str, source_end: str) -> set[str]:
    """Accepted last characters of a translation whose source ends with `source_end`.

    A full stop and a question mark become the language's own (`languages`); `!` and `:` stay.
    """
    facts = language(lang)
    if source_end == ".":
        stop = facts.full_stop if facts else "."
        return {stop, "॥"} if stop == "।" else {stop}
    if source_end == "?":
        return {facts.question_mark if facts else "?"}
    return {source_end}


def check_punctuation(text: Text, ctx: Context) -> str | None:
    """Sentence-end punctuation by the language's table (`.` → `।` in Hindi, `۔` in Urdu...)."""
    source = text.source.rstrip()
    if source.endswith(("...", "…")) or not text.target.strip():
        return None
    src_end, tgt_end = _last(source), _last(text.target)
    if src_end in _SENTENCE_ENDS:
        accepted = expected_end(ctx.lang, src_end)
        if tgt_end not in accepted:
            want = " or ".join(f"'{a}'" for a in sorted(accepted))
            got = f"'{tgt_end}'" if tgt_end else "nothing"
            return (f"the source ends with a {_SENTENCE_ENDS[src_end]}: {ctx.language} ends it "
                    f"with {want}, not {got}")
        return None
    if tgt_end in _ENDINGS and tgt_end != src_end:
        return f"ends with {tgt_end!r} but the source has no sentence-end punctuation"
    return None


_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_BEFORE = re.compile(r"\s+([।॥۔؟،,.;:!?])(?=\s|$)")


def check_whitespace(text: Text, ctx: Context) -> str | None:
    """No doubled spaces, no space before punctuation, leading/trailing whitespace as in the source."""
    source, target = text.source, text.target
    if (source[:1].isspace()) != (target[:1].isspace()):
        return "leading whitespace differs from the source"
    if (source[-1:].isspace()) != (target[-1:].isspace()):
        return "trailing whitespace differs from the source"
    if "  " in target and len(_DOUBLE_SPACE.findall(target)) > len(_DOUBLE_SPACE.findall(source)):
        return "doubled space"
    if _SPACE_BEFORE.search(target) is not None:
        before = _SPACE_BEFORE.findall(target)
        if len(before) > len(_SPACE_BEFORE.findall(source)):
            return f"space before {before[0]!r}"
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


# ---------------------------------------------------------------- registry

TextCheck = Callable[[Text, Context], "str | None"]
EntryCheck = Callable[[polib.POEntry, Context], "str | None"]


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    func: TextCheck | EntryCheck
    per_entry: bool = False
    #: Also run on a translation that is a copy of the source (style checks would only add noise).
    on_copy: bool = True

    @property
    def description(self) -> str:
        return (self.func.__doc__ or "").strip().split("\n")[0]


CHECKS: tuple[Check, ...] = (
    Check("plurals", ERROR, check_plurals, per_entry=True),
    Check("markdown", ERROR, check_markdown),
    Check("placeholders", ERROR, check_placeholders),
    Check("urls", ERROR, check_urls),
    Check("emails", ERROR, check_emails),
    Check("phones", ERROR, check_phones),
    Check("numbers", ERROR, check_numbers),
    Check("identical", ERROR, check_identical),
    Check("script", ERROR, check_script, on_copy=False),
    Check("glossary", WARNING, check_glossary, on_copy=False),
    Check("punctuation", WARNING, check_punctuation, on_copy=False),
    Check("whitespace", WARNING, check_whitespace, on_copy=False),
    Check("length", WARNING, check_length, on_copy=False),
)
CODES = frozenset(c.code for c in CHECKS)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str


def ignored(entry: polib.POEntry) -> set[str]:
    """Checks silenced for this entry by `#, leaflet-ignore:<code>` flags."""
    return {f[len(IGNORE_FLAG):] for f in entry.flags if f.startswith(IGNORE_FLAG)}


def texts(entry: polib.POEntry) -> Iterator[Text]:
    """The source/translation pairs of an entry: msgid with msgstr[0], msgid_plural with the rest."""
    flags = tuple(entry.flags)
    if entry.msgid_plural:
        for index, value in sorted((int(i), v) for i, v in (entry.msgstr_plural or {}).items()):
            if value:
                yield Text(entry.msgid if index == 0 else entry.msgid_plural, value, flags, index)
    elif entry.msgstr:
        yield Text(entry.msgid, entry.msgstr, flags)


def check_entry(entry: polib.POEntry, ctx: Context, checks: Iterable[Check] = CHECKS) -> list[Finding]:
    """Run every check not silenced on the entry; at most one finding per check."""
    skip = ignored(entry) if entry.flags else ()
    pairs = list(texts(entry))
    copy = bool(pairs) and all(t.target.strip() == t.source.strip() for t in pairs)
    findings: list[Finding] = []
    for check in checks:
        if (skip and check.code in skip) or (copy and not check.on_copy):
            continue
        if check.per_entry:
            message = check.func(entry, ctx)  # type: ignore[arg-type]
        else:
            message = None
            for text in pairs:
                message = check.func(text, ctx)  # type: ignore[arg-type]
                if message:
                    break
        if message:
            findings.append(Finding(check.code, check.severity, message))
    return findings


def context_for(lang: str, catalog: polib.POFile, glossary: Iterable[Term] = ()) -> Context:
    """The check context of one catalog: language, plural forms and glossary."""
    compact = re.sub(r"\s+", "", catalog.metadata.get("Plural-Forms", ""))
    facts = language(lang)
    return Context(lang=lang, nplurals=catalogs.nplurals(catalog), glossary=tuple(glossary),
                   form0_is_one="plural=(n!=1)" in compact or "plural=n!=1" in compact,
                   usual_ratio=facts.usual_ratio if facts else 1.0)


# ---------------------------------------------------------------- kept for existing importers

class _LanguageNames(Mapping[str, str]):
    """Babel's English name of each language we know, looked up when asked.

    Kept so `from .checks import LANGUAGE_NAMES` goes on working; new code calls
    `catalogs.language_name` directly.
    """

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return catalogs.language_name(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


LANGUAGE_NAMES: Mapping[str, str] = _LanguageNames()
#: Per language, what a source full stop and question mark become (from `languages`).
FULL_STOP = {code: facts.full_stop for code, facts in LANGUAGES.items()}
QUESTION_MARK = {code: facts.question_mark for code, facts in LANGUAGES.items()}
