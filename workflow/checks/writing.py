"""Rules about how a language is written: its script, no runs of English left in it, no bidi
controls the source lacks, its own sentence-end marks, and spacing.

Each is a rule as `rules` defines them (a `Text` and a `Context` in, a message or None out);
the facts they apply come from the language registry (`languages`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..base.languages import LANGUAGES, LATIN, SCRIPTS, language
from ..base.patterns import UNITS, without_addresses
from .rules import Context, Text

# ---------------------------------------------------------------- scripts (see `languages`)

_SCRIPT_RE = {name: re.compile(f"[{script.letters}]") for name, script in SCRIPTS.items()}
#: Per script, the letters of every other non-Latin script we know, in one pattern.
_OTHER_SCRIPTS_RE = {name: re.compile("[" + "".join(other.letters for other in SCRIPTS.values()
                                                    if other.name not in (name, LATIN.name)) + "]")
                     for name in SCRIPTS}

def check_script(text: Text, ctx: Context) -> str | None:
    """The translation is written mostly in the language's script, and in no other Indian script."""
    script = ctx.script
    target = text.target_clean
    found = _OTHER_SCRIPTS_RE[script].search(target)
    if found:
        other = next(name for name, pattern in _SCRIPT_RE.items() if pattern.match(found.group(0)))
        return f"{other} letters ({found.group(0)!r}) in a {ctx.language} translation, written in {script}"
    latin = _SCRIPT_RE["Latin"].findall(target)
    if len(latin) < 3:
        return None
    target = without_addresses(target)
    if ctx.latin_glossary_forms is not None:
        target = ctx.latin_glossary_forms.sub(" ", target)
    latin_count = len(_SCRIPT_RE["Latin"].findall(target))
    if latin_count >= 3 and latin_count > len(_SCRIPT_RE[script].findall(target)):
        return f"mostly Latin letters: a {ctx.language} translation is written in {script}"
    return None


_DIGIT = re.compile(r"\d")
#: Per script, its languages' digits and ASCII ones: any other decimal digit is foreign there.
_OWN_DIGITS = {name: frozenset("0123456789" + "".join(chr(z + d) for z in script.digit_zeros for d in range(10)))
               for name, script in SCRIPTS.items()}


def check_digits(text: Text, ctx: Context) -> str | None:
    """Digits are ASCII or the language's own: a digit of another script misreads (Bengali ৪,
    four, looks like the Devanagari ८, eight)."""
    if text.target.isascii():
        return None
    own = _OWN_DIGITS[ctx.script]
    for m in _DIGIT.finditer(text.target):
        digit = m.group()
        if digit not in own and digit not in text.source:
            value = unicodedata.digit(digit, None)
            script = unicodedata.name(digit, "UNKNOWN DIGIT").split(" DIGIT")[0].title()
            return (f"digit {digit!r} ({script} {value}) is not a {ctx.language} digit: write "
                    f"{language(ctx.lang).digits[value] if value is not None else 'the number'} or {value}")
    return None


_SENTENCE_ENDS = {".": "full stop", "?": "question mark", "!": "exclamation mark", ":": "colon"}
_ENDINGS = set(".?!:॥") | {mark for facts in LANGUAGES.values() for mark in (facts.full_stop, facts.question_mark)}
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
        return set(facts.sentence_ends)
    if source_end == "?":
        return {facts.question_mark}
    return {source_end}


def _preferred_first(lang: str, marks: set[str]) -> list[str]:
    """The language's own full stop first, then the other accepted marks."""
    own = language(lang).full_stop
    return sorted(marks, key=lambda m: (m != own, m))


def check_punctuation(text: Text, ctx: Context) -> str | None:
    """Sentence-end punctuation by the language's table (`.` → `।` in Hindi, `۔` in Urdu...)."""
    source = text.source.rstrip()
    if source.endswith(("...", "…")) or not text.target.strip():
        return None
    src_end, tgt_end = _last(source), _last(text.target)
    if src_end in _SENTENCE_ENDS:
        accepted = expected_end(ctx.lang, src_end)
        if tgt_end not in accepted:
            want = " or ".join(f"'{a}'" for a in _preferred_first(ctx.lang, accepted))
            if tgt_end in _ENDINGS or tgt_end in _SENTENCE_ENDS:
                return (f"the source ends with a {_SENTENCE_ENDS[src_end]}: {ctx.language} ends it "
                        f"with {want}, not '{tgt_end}'")
            return (f"the source ends with a {_SENTENCE_ENDS[src_end]}: {want} is missing at the end "
                    f"of the {ctx.language} translation")
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


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")


def check_bidi(text: Text, ctx: Context) -> str | None:
    """No bidi embedding, override or isolate control the source does not have (U+202E shows a
    phone number reversed)."""
    if not _BIDI_RE.search(text.target):
        return None
    extra = Counter(_BIDI_RE.findall(text.target)) - Counter(_BIDI_RE.findall(text.source))
    if extra:
        ch = sorted(extra)[0]
        return f"bidirectional control U+{ord(ch):04X} is not in the source: it can reorder what the reader sees"
    return None


#: Latin-script words in a row that make a run of untranslated text (longer than a term).
LATIN_RUN_WORDS = 4
_LATIN_WORD = r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*"
_LATIN_RUN = re.compile(rf"{_LATIN_WORD}(?:[ \t\n,;:/()\"'’‘“”–-]+{_LATIN_WORD}){{{LATIN_RUN_WORDS - 1},}}")
_ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
#: Emphasis and strong spans of the source: where it keeps names (`**Dr. Anil Mehta**`).
_SPAN = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


#: Lowercase Latin words in a row that make a short run of English prose: names of drugs and
#: brands, abbreviations and units are capitalised, in capitals or in `UNITS`.
SHORT_RUN_WORDS = 2
_ANY_LATIN_RUN = re.compile(rf"{_LATIN_WORD}(?:[ \t\n,;:/\"'’‘“”–-]+{_LATIN_WORD})*")
_UNIT_WORDS = frozenset(u.lower() for u in UNITS.split("|"))


def _prose_words(run: str) -> int:
    """Words of two letters or more of an all-lowercase Latin run, units left out: English prose.
    A run with a capital in it is a name or a term (`CT scan report`, `Dolo tablets`): none."""
    words = re.findall(_LATIN_WORD, run)
    if not all(w.islower() for w in words):
        return 0
    return sum(1 for w in words if len(w) > 1 and w not in _UNIT_WORDS)


def check_latin(text: Text, ctx: Context) -> str | None:
    """No run of Latin-script words (four or more, or two or three lowercase ones) that is
    neither kept text of the source (code, web and e-mail addresses, names in its emphasis), a
    gloss in parentheses nor a glossary form: untranslated English."""
    if ctx.script == LATIN.name or len(_ASCII_WORD.findall(text.target_clean)) < SHORT_RUN_WORDS:
        return None
    target = text.target_clean
    target = without_addresses(target)
    for m in _SPAN.finditer(text.source_clean):
        kept = m.group(2).strip("*_ ")
        if kept:
            target = re.sub(re.escape(kept), " ", target, flags=re.I)
    if ctx.latin_glossary_forms is not None:
        target = ctx.latin_glossary_forms.sub(" ", target)
    run = _LATIN_RUN.search(target)
    if run is None:
        run = next((m for m in _ANY_LATIN_RUN.finditer(target) if _prose_words(m.group()) >= SHORT_RUN_WORDS
                    and not _glossed(target, m)), None)
        if run is None:
            return None
    words = len(re.findall(_LATIN_WORD, run.group(0)))
    shown = run.group(0) if len(run.group(0)) <= 50 else run.group(0)[:49].rstrip() + "…"
    return f"{words} words in Latin letters ({shown!r}): English left untranslated in a {ctx.language} translation"


def _glossed(target: str, run: re.Match[str]) -> bool:
    """The run is a gloss, alone in parentheses after the term it explains: `सीमेंट (bone cement)`."""
    return target[:run.start()].rstrip().endswith("(") and target[run.end():].lstrip().startswith(")")
