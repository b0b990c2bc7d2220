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
from typing import Callable, Iterable, Iterator

import polib

from .glossary import Term

ERROR = "error"
WARNING = "warning"
IGNORE_FLAG = "leaflet-ignore:"

# ---------------------------------------------------------------- scripts and digits

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
LANGUAGE_SCRIPT = {
    "hi": "Devanagari", "mr": "Devanagari", "ne": "Devanagari", "gu": "Gujarati",
    "bn": "Bengali", "as": "Bengali", "pa": "Gurmukhi", "or": "Odia", "ta": "Tamil",
    "te": "Telugu", "kn": "Kannada", "ml": "Malayalam", "ur": "Arabic",
}
LANGUAGE_NAMES = {
    "hi": "Hindi", "mr": "Marathi", "ne": "Nepali", "gu": "Gujarati", "bn": "Bengali",
    "as": "Assamese", "pa": "Punjabi", "or": "Odia", "ta": "Tamil", "te": "Telugu",
    "kn": "Kannada", "ml": "Malayalam", "ur": "Urdu",
}
_SCRIPT_RE = {name: re.compile(f"[{chars}]") for name, chars in SCRIPT_LETTERS.items()}
#: Per script, the letters of every other non-Latin script we know, in one pattern.
_OTHER_SCRIPTS_RE = {name: re.compile("[" + "".join(c for other, c in SCRIPT_LETTERS.items()
                                                    if other not in (name, "Latin")) + "]")
                     for name in SCRIPT_LETTERS}

#: Native decimal digits (Devanagari ०-९, Bengali, Gurmukhi, Gujarati, Odia, Tamil, Telugu,
#: Kannada, Malayalam, Arabic-Indic ٠-٩ and Extended ۰-۹) to ASCII; Arabic separators too.
_DIGIT_BLOCKS = (0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0660, 0x06F0)
DIGITS = {start + d: str(d) for start in _DIGIT_BLOCKS for d in range(10)}
DIGITS.update({0x066B: ".", 0x066C: ","})


def ascii_digits(text: str) -> str:
    """`text` with every native digit written as the ASCII digit of the same value."""
    return text.translate(DIGITS)


# ---------------------------------------------------------------- shared patterns

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)
_LINK = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                   r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_LINK_TARGET = re.compile(r"\]\(\s*(?:<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"'`]+", re.I)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-().\u00a0]{5,}\d(?!\w)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TRAILING_PUNCT = ".,;:!?"

_NAMED_PY = re.compile(r"%\(([A-Za-z_]\w*)\)[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")
_NAMED_BRACE = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_POSITIONAL_PY = re.compile(r"%(?!\()[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")
_C_FORMAT = re.compile(r"%(?:(\d+)\$)?[#0\- +']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?"
                       r"[diouxXeEfFgGaAcspn%]")
_BRACE_ANY = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")


def _clean(text: str) -> str:
    """Text without code spans and link targets: what a reader sees of addresses is checked apart."""
    if "`" in text:
        text = _CODE_SPAN.sub(" ", text)
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)
    return text


def _urls(text: str) -> list[str]:
    return [u.rstrip(_TRAILING_PUNCT) for u in _URL.findall(text)] if ("://" in text or "www." in text) else []


def _emails(text: str) -> list[str]:
    return _EMAIL.findall(text) if "@" in text else []


def _phone_digits(raw: str) -> str | None:
    """The digits of a phone number (8 to 15, starting with + or 0, or at least 10), else None."""
    raw = raw.strip()
    digits = re.sub(r"\D", "", raw)
    return digits if 8 <= len(digits) <= 15 and (raw[0] in "+0" or len(digits) >= 10) else None


def _phones(text: str) -> list[str]:
    return [d for d in (_phone_digits(m.group(0)) for m in _PHONE.finditer(text)) if d]


def _strip_phones(text: str) -> str:
    return _PHONE.sub(lambda m: " " if _phone_digits(m.group(0)) else m.group(0), text)


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
        return LANGUAGE_SCRIPT.get(self.lang)

    @cached_property
    def language(self) -> str:
        return LANGUAGE_NAMES.get(self.lang, self.lang)

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
        src_code = Counter(m[1] for m in _CODE_SPAN.findall(source))
        tgt_code = Counter(m[1] for m in _CODE_SPAN.findall(target))
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
    return Counter(("image" if bang else "link", target.strip("<>"))
                   for bang, _label, target in _LINK.findall(_CODE_SPAN.sub(" ", text)))


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
    src = set(_NAMED_PY.findall(source)) | set(_NAMED_BRACE.findall(source))
    src_shown = {n: f"%({n})s" for n in _NAMED_PY.findall(source)} | \
        {n: f"{{{n}}}" for n in _NAMED_BRACE.findall(source)}
    tgt_py, tgt_brace = _NAMED_PY.findall(target), _NAMED_BRACE.findall(target)
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
        a, b = _POSITIONAL_PY.findall(source), _POSITIONAL_PY.findall(target)
        if a != b:
            return f"python-format directives differ: {' '.join(a) or 'none'} in the source, {' '.join(b) or 'none'}"
    if "c-format" in flags:
        a = Counter(m.group(0) for m in _C_FORMAT.finditer(source))
        b = Counter(m.group(0) for m in _C_FORMAT.finditer(target))
        if a != b:
            return (f"c-format directives differ: {' '.join(sorted(a.elements())) or 'none'} in the source, "
                    f"{' '.join(sorted(b.elements())) or 'none'}")
    if "python-brace-format" in flags:
        a, b = Counter(_BRACE_ANY.findall(source)), Counter(_BRACE_ANY.findall(target))
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
            shown = next((m.group(0).strip() for m in _PHONE.finditer(text.source_clean)
                          if re.sub(r"\D", "", m.group(0)) == digits), digits)
            return f"phone number {shown} is missing or changed"
    return None


def _numbers(text: str) -> Counter[str]:
    if "%(" in text or "{" in text:
        text = _NAMED_BRACE.sub(" ", _NAMED_PY.sub(" ", text))
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    text = _strip_phones(ascii_digits(text))
    return Counter(_number_value(n) for n in _NUMBER.findall(text) if n.isascii())


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
    source = _URL.sub(" ", _EMAIL.sub(" ", text.source_clean))
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
        target = _URL.sub(" ", target)
    if "@" in target:
        target = _EMAIL.sub(" ", target)
    if "%(" in target or "{" in target:
        target = _NAMED_BRACE.sub(" ", _NAMED_PY.sub(" ", target))
    if ctx.latin_glossary_forms is not None:
        target = ctx.latin_glossary_forms.sub(" ", target)
    latin_count = len(_SCRIPT_RE["Latin"].findall(target))
    if latin_count >= 3 and latin_count > len(_SCRIPT_RE[script].findall(target)):
        return f"mostly Latin letters: a {ctx.language} translation is written in {script}"
    return None


#: Sentence-end table: what a source full stop, question mark, exclamation mark and colon become.
FULL_STOP = {"hi": "।", "bn": "।", "pa": "।", "or": "।", "as": "।", "ne": "।",
             "mr": ".", "gu": ".", "ta": ".", "te": ".", "kn": ".", "ml": ".",
             "ur": "۔"}
QUESTION_MARK = {"ur": "؟"}
_SENTENCE_ENDS = {".": "full stop", "?": "question mark", "!": "exclamation mark", ":": "colon"}
_ENDINGS = set(".?!:।॥۔؟")
_CLOSERS = "*_)]}\"'`”’»›\u200c\u200d "


def _last(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


def expected_end(lang: str, source_end: str) -> set[str]:
    """Accepted last characters of a translation whose source ends with `source_end`."""
    if source_end == ".":
        stop = FULL_STOP.get(lang, ".")
        return {stop, "॥"} if stop == "।" else {stop}
    if source_end == "?":
        return {QUESTION_MARK.get(lang, "?")}
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


#: Usual length of a translation relative to English, in characters, per language.
USUAL_RATIO = {"hi": 1.0, "mr": 1.0, "gu": 1.0, "bn": 1.0, "pa": 1.0, "or": 1.05, "as": 1.0, "ne": 1.0,
               "ta": 1.3, "te": 1.1, "kn": 1.15, "ml": 1.35, "ur": 0.95}
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
    plural = catalog.metadata.get("Plural-Forms", "")
    m = re.search(r"nplurals\s*=\s*(\d+)", plural)
    nplurals = int(m.group(1)) if m else 2
    compact = re.sub(r"\s+", "", plural)
    return Context(lang=lang, nplurals=nplurals, glossary=tuple(glossary),
                   form0_is_one="plural=(n!=1)" in compact or "plural=n!=1" in compact,
                   usual_ratio=USUAL_RATIO.get(lang, 1.0))
