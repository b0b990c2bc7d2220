"""Findings on one entry: which rules run, with which stable code and severity, silenced how.

This is the one code path `leaflet check` and `leaflet publish` judge an entry by. Codes are
stable: they appear in reports, in CI annotations and in the suppression marker
`# leaflet-ignore: <code>` (a translator comment; the older flag `#, leaflet-ignore:<code>` too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import polib

from .. import catalogs
from ..base.languages import language
from ..catalogs.glossary import Term
from ..catalogs.markers import ignored
from .meaning import KINDS
from .rules import (
    Context,
    Text,
    check_emails,
    check_glossary,
    check_identical,
    check_length,
    check_markdown,
    check_numbers,
    check_phones,
    check_placeholder_formats,
    check_placeholders,
    check_plurals,
    check_urls,
)
from .writing import (
    check_bidi,
    check_digits,
    check_latin,
    check_punctuation,
    check_script,
    check_whitespace,
)

ERROR = "error"
WARNING = "warning"


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
    #: The part of the check that is a safety limit, not a judgement: it runs first, and no
    #: `leaflet-ignore:` flag turns it off (a flag may silence a check, never a limit).
    limit: TextCheck | None = None

    @property
    def description(self) -> str:
        return (self.func.__doc__ or "").strip().split("\n")[0]


CHECKS: tuple[Check, ...] = (
    Check("plurals", ERROR, check_plurals, per_entry=True),
    Check("markdown", ERROR, check_markdown),
    Check("placeholders", ERROR, check_placeholders, limit=check_placeholder_formats),
    Check("urls", ERROR, check_urls),
    Check("emails", ERROR, check_emails),
    Check("phones", ERROR, check_phones),
    Check("numbers", ERROR, check_numbers),
    Check("identical", ERROR, check_identical),
    Check("script", ERROR, check_script, on_copy=False),
    Check("latin", ERROR, check_latin, on_copy=False),
    Check("bidi", ERROR, check_bidi),
    Check("digits", ERROR, check_digits),
    Check("glossary", WARNING, check_glossary, on_copy=False),
    Check("punctuation", WARNING, check_punctuation, on_copy=False),
    Check("whitespace", WARNING, check_whitespace, on_copy=False),
    Check("length", WARNING, check_length, on_copy=False),
)
CODES = frozenset(c.code for c in CHECKS)
#: What `#, leaflet-ignore:<code>` may name: the checks, and `check --back-translated`'s flags.
IGNORABLE = CODES | {f"meaning-{kind}" for kind in KINDS}
#: Checks on machine drafts too: a draft whose model was given a glossary term as a word
#: (mt.masking.protect_for_model) is warned of when it lacks the approved target.
DRAFT_CHECKS: tuple[Check, ...] = tuple(c for c in CHECKS if c.code == "glossary")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str


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
    skip = ignored(entry)
    pairs = list(texts(entry))
    copy = bool(pairs) and all(t.target.strip() == t.source.strip() for t in pairs)
    findings: list[Finding] = []
    for check in checks:
        if copy and not check.on_copy:
            continue
        silenced = bool(skip) and check.code in skip
        message = _first(check.limit, pairs, ctx) if check.limit is not None else None
        if message is None and not silenced:
            if check.per_entry:
                message = check.func(entry, ctx)  # type: ignore[arg-type]
            else:
                message = _first(check.func, pairs, ctx)  # type: ignore[arg-type]
        if message:
            findings.append(Finding(check.code, check.severity, message))
    return findings


def _first(func: TextCheck, pairs: list[Text], ctx: Context) -> str | None:
    """The message of `func` on the first pair it finds a problem in."""
    for text in pairs:
        message = func(text, ctx)
        if message:
            return message
    return None


def context_for(lang: str, catalog: polib.POFile, glossary: Iterable[Term] = ()) -> Context:
    """The check context of one catalog: language, plural forms and glossary."""
    forms = catalogs.plural_forms(catalog)
    return Context(lang=lang, nplurals=forms.nplurals, glossary=tuple(glossary),
                   form0_is_one=forms.form0_is_one,
                   usual_ratio=language(lang).usual_ratio)


def is_checked(entry: polib.POEntry) -> bool:
    """Entries the per-entry checks look at: translated as msgfmt counts (not fuzzy, msgstr filled).

    Machine drafts and fuzzy entries are not reviewed and are not published, so they are not
    checked; their review is what catches their problems.
    """
    return not entry.obsolete and "fuzzy" not in entry.flags and bool(catalogs.first_msgstr(entry))


def unknown_ignores(entry: polib.POEntry) -> list[str]:
    """Codes of `leaflet-ignore` markers that name no check (a typo silences nothing)."""
    return sorted(code for code in ignored(entry) if code not in IGNORABLE)
