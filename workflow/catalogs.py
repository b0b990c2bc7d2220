"""Gettext catalogs: the only module that reads or writes `.po`/`.pot` files (through polib).

A catalog is a `polib.POFile` value. This module knows where catalogs live, how to read them
with errors that name file and line, how to write them atomically in gettext's own layout,
how to merge a template into a catalog the way msgmerge does, and the entry states every
command shares.
"""

from __future__ import annotations

import datetime as dt
import difflib
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import polib

from .errors import InputError, UsageError
from .files import relative as _shown, write_atomic
from .poformat import GettextEntry, adopt
from .source import SITE_DOMAIN

TEMPLATES_DIR = Path("locales") / "templates"
#: Translator-comment prefix that marks a machine draft and records where it came from.
MT_MARK = "leaflet-mt:"
#: Similarity from which a changed string inherits a fuzzy translation (gettext's threshold).
FUZZY_THRESHOLD = 0.6
PROJECT = "leaflet-workflow"

# CLDR plural rules for the languages we serve; Babel's gettext table has (n != 1) for all.
_ONE_OR_ZERO = "nplurals=2; plural=(n > 1);"
_ONLY_ONE = "nplurals=2; plural=(n != 1);"
PLURAL_FORMS = {
    "hi": _ONE_OR_ZERO, "bn": _ONE_OR_ZERO, "gu": _ONE_OR_ZERO, "kn": _ONE_OR_ZERO,
    "pa": _ONE_OR_ZERO, "as": _ONE_OR_ZERO,
    "mr": _ONLY_ONE, "ta": _ONLY_ONE, "te": _ONLY_ONE, "ml": _ONLY_ONE, "or": _ONLY_ONE,
    "ur": _ONLY_ONE, "ne": _ONLY_ONE, "en": _ONLY_ONE,
}


# ---------------------------------------------------------------- locations

def template_path(root: Path, domain: str) -> Path:
    return root / TEMPLATES_DIR / f"{domain}.pot"


def catalog_path(root: Path, lang: str, domain: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"


def template_domains(root: Path) -> list[str]:
    """Domains that have a template, sorted."""
    folder = root / TEMPLATES_DIR
    return sorted(p.stem for p in folder.glob("*.pot")) if folder.is_dir() else []


def catalog_domains(root: Path, lang: str) -> list[str]:
    folder = root / "locales" / lang / "LC_MESSAGES"
    return sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []


def initialized_languages(root: Path, languages: tuple[str, ...] | list[str]) -> list[str]:
    return [lang for lang in languages if (root / "locales" / lang / "LC_MESSAGES").is_dir()]


# ---------------------------------------------------------------- entry states

class State(str, Enum):
    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"  # fuzzy from update (a human's translation of an earlier msgid), or marked by hand
    MACHINE_DRAFT = "machine draft"
    REVIEWED = "reviewed"


def has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(v for v in entry.msgstr_plural.values())
    return bool(entry.msgstr)


def mt_note(entry: polib.POEntry) -> str | None:
    """The `leaflet-mt: ...` provenance line of an entry, if any."""
    for line in (entry.tcomment or "").split("\n"):
        if line.strip().startswith(MT_MARK):
            return line.strip()
    return None


def is_untranslated(entry: polib.POEntry) -> bool:
    return not has_translation(entry)


def is_fuzzy_from_update(entry: polib.POEntry) -> bool:
    return has_translation(entry) and entry.fuzzy and entry.previous_msgid is not None


def is_machine_draft(entry: polib.POEntry) -> bool:
    return (has_translation(entry) and entry.fuzzy and entry.previous_msgid is None
            and mt_note(entry) is not None)


def is_reviewed(entry: polib.POEntry) -> bool:
    return has_translation(entry) and not entry.fuzzy


def state(entry: polib.POEntry) -> State:
    if is_untranslated(entry):
        return State.UNTRANSLATED
    if is_reviewed(entry):
        return State.REVIEWED
    if is_machine_draft(entry):
        return State.MACHINE_DRAFT
    return State.FUZZY


def active(catalog: polib.POFile) -> list[polib.POEntry]:
    """Entries that are not obsolete and not the header."""
    return [e for e in catalog if not e.obsolete and e.msgid != ""]


# ---------------------------------------------------------------- reading

# A quoted PO string line (keyword or continuation, active, obsolete or previous) that is not
# one well-formed C string: polib silently accepts an unterminated string and truncates it.
_BAD_STRING_RE = re.compile(
    r'^[ \t]*(?:#~\|?[ \t]*|#\|[ \t]*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]*)?'
    r'"(?!(?:[^"\\\n]++|\\.)*+"[ \t]*\r?$)', re.M)


def _lint(text: str, shown: str) -> None:
    """Catch what polib silently accepts: an unterminated or malformed quoted string."""
    bad = _BAD_STRING_RE.search(text)
    if bad:
        raise InputError("malformed PO string (unterminated or with a stray quote)", shown,
                         text.count("\n", 0, bad.start()) + 1)


def read_catalog(path: Path, root: Path | None = None) -> polib.POFile:
    """Read a `.po`/`.pot` file; any syntax problem becomes an InputError naming file and line.

    Each entry gets `msgid_line`, the line of its msgid keyword, for reports.
    """
    shown = _shown(path, root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError("no such catalog (run `leaflet init` or `leaflet extract` first)", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8: catalogs must be saved as UTF-8", shown, line) from None
    _lint(text, shown)
    try:
        catalog = polib.pofile(text, wrapwidth=79, encoding="utf-8")
    except (OSError, ValueError) as exc:
        message = str(exc)
        m = re.search(r"\(line (\d+)\)", message)
        if m:
            raise InputError("PO syntax error", shown, int(m.group(1))) from None
        raise InputError(f"cannot parse: {message}", shown) from None
    catalog.fpath = str(path)
    lines = text.split("\n")
    seen: set[tuple[str | None, str]] = set()
    for entry in catalog:
        adopt(entry)
        entry.msgid_line = _msgid_line(lines, entry)
        if not entry.obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key in seen:  # polib's own duplicate check is a linear search per entry
                raise InputError(f"duplicate message {entry.msgid[:60]!r}", shown, entry.msgid_line)
            seen.add(key)
    return catalog


def _msgid_line(lines: list[str], entry: polib.POEntry) -> int | None:
    """1-based line of the entry's msgid keyword (polib records where the entry starts): the
    line gettext's tools, and our reports, name."""
    start = max((entry.linenum or 1) - 1, 0)
    return next((i + 1 for i in range(start, len(lines))
                 if lines[i].lstrip().startswith(("msgid ", "#~ msgid "))), entry.linenum)


# ---------------------------------------------------------------- writing

def dumps(catalog: polib.POFile) -> str:
    """The catalog's text exactly as it would be written."""
    header = ""
    if catalog.header:
        for line in catalog.header.split("\n"):
            header += "#\n" if not line else (f"#{line}\n" if line[:1] in ",:" else f"# {line}\n")
    meta = adopt(catalog.metadata_as_entry())
    entries = [meta] + [e for e in catalog if not e.obsolete] + [e for e in catalog if e.obsolete]
    return header + "\n".join(adopt(e).__unicode__() for e in entries)


def write_catalog(catalog: polib.POFile, path: Path) -> bool:
    """Write atomically (temp file + rename); return False when the file already had this text."""
    return _write_text(dumps(catalog), path)


def _write_text(text: str, path: Path) -> bool:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


# ---------------------------------------------------------------- templates

@dataclass
class Message:
    """One message of a template, as extraction produces it."""

    msgid: str
    occurrences: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    msgid_plural: str = ""
    flags: list[str] = field(default_factory=list)


def build_date() -> dt.datetime:
    """Now, or `SOURCE_DATE_EPOCH` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def format_date(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M%z")


def build_template(domain: str, messages: list[Message], created: dt.datetime) -> polib.POFile:
    pot = polib.POFile(wrapwidth=79)
    pot.header = (f"Translations template for {domain}.\n"
                  "This file is generated by `leaflet extract`: edit the sources, not this file.")
    pot.metadata = {
        "Project-Id-Version": f"{PROJECT} {domain}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": format_date(created),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    pot.metadata_is_fuzzy = True
    for message in messages:
        pot.append(GettextEntry(
            msgid=message.msgid,
            msgid_plural=message.msgid_plural,
            msgstr="",
            msgstr_plural={0: "", 1: ""} if message.msgid_plural else {},
            occurrences=[(path, str(line)) for path, line in message.occurrences],
            comment="\n".join(message.comments),
            flags=list(message.flags),
        ))
    return pot


def write_template(pot: polib.POFile, path: Path) -> bool:
    """Write a template unless only its creation date would change."""
    text = dumps(pot)
    if path.exists() and _without_date(path.read_text("utf-8", errors="replace")) == _without_date(text):
        return False
    return _write_text(text, path)


def _without_date(text: str) -> str:
    return re.sub(r'"POT-Creation-Date: [^"]*"', "", text)


# ---------------------------------------------------------------- new catalogs

def plural_forms(lang: str) -> str:
    if lang in PLURAL_FORMS:
        return PLURAL_FORMS[lang]
    from babel.messages.plurals import get_plural
    return get_plural(lang).plural_forms


def nplurals(catalog: polib.POFile) -> int:
    m = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else 2


def language_name(lang: str, locale: str = "en") -> str:
    from babel import Locale
    return Locale.parse(lang).get_display_name(locale) or lang


def new_catalog(template: polib.POFile, lang: str, domain: str) -> polib.POFile:
    """An empty catalog for `lang` from a template, with a correct gettext header."""
    po = polib.POFile(wrapwidth=79)
    po.header = (f"{language_name(lang)} translations for {domain}.\n"
                 "Translate in Poedit, Lokalize or Weblate; `leaflet update` keeps your work.")
    po.metadata = {
        "Project-Id-Version": f"{PROJECT} {domain}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", ""),
        "PO-Revision-Date": format_date(build_date()),
        "Last-Translator": "",
        "Language-Team": language_name(lang),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    return merge(po, template)


# ---------------------------------------------------------------- merge

def _fresh(t: polib.POEntry, n: int) -> GettextEntry:
    return GettextEntry(msgctxt=t.msgctxt, msgid=t.msgid, msgid_plural=t.msgid_plural,
                        msgstr="", msgstr_plural={i: "" for i in range(n)} if t.msgid_plural else {},
                        occurrences=list(t.occurrences), comment=t.comment, flags=_format_flags(t))


def _format_flags(entry: polib.POEntry) -> list[str]:
    return [f for f in entry.flags if f.endswith("-format")]


def _carry(old: polib.POEntry, t: polib.POEntry, n: int) -> GettextEntry:
    """The template's entry with the old entry's translation, translator comment and own flags."""
    new = _fresh(t, n)
    new.tcomment = old.tcomment
    new.flags = [f for f in old.flags if not f.endswith("-format")] + _format_flags(t)
    if t.msgid_plural:
        if old.msgid_plural:
            new.msgstr_plural = {i: old.msgstr_plural.get(i, "") for i in range(n)}
        else:
            new.msgstr_plural = {i: old.msgstr if i == 0 else "" for i in range(n)}
    else:
        new.msgstr = old.msgstr if not old.msgid_plural else old.msgstr_plural.get(0, "")
    new.previous_msgid = old.previous_msgid if "fuzzy" in new.flags else None
    new.previous_msgid_plural = old.previous_msgid_plural if "fuzzy" in new.flags else None
    return new


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


class _FuzzyIndex:
    """Candidates for fuzzy matching, checked cheapest test first (as difflib recommends)."""

    def __init__(self, entries: list[polib.POEntry]):
        self.entries = [e for e in entries if has_translation(e)]

    def best(self, msgid: str) -> polib.POEntry | None:
        best, best_ratio = None, FUZZY_THRESHOLD
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(msgid)
        size = len(msgid)
        for entry in self.entries:
            other = entry.msgid
            if 2 * min(size, len(other)) / (size + len(other) or 1) < best_ratio:
                continue
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio and (best is None or ratio > best_ratio):
                best, best_ratio = entry, ratio
        return best


def merge(catalog: polib.POFile, template: polib.POFile) -> polib.POFile:
    """Merge `template` into `catalog` as msgmerge --previous does; return the new catalog.

    Translations are kept; new strings come in untranslated, or fuzzy with `#| msgid` when a
    similar translated string existed; strings gone from the template are kept as obsolete
    when translated and revived when they come back. References and extracted comments come
    from the template; translator comments and flags stay with the translation.
    """
    n = nplurals(catalog)
    current = {_key(e): e for e in catalog if not e.obsolete and e.msgid != ""}
    obsolete = {_key(e): e for e in catalog if e.obsolete}
    fuzzy_index = _FuzzyIndex(list(current.values()) + list(obsolete.values()))
    merged = polib.POFile(wrapwidth=79)
    merged.header = catalog.header
    merged.metadata = dict(catalog.metadata)
    merged.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    if template.metadata.get("POT-Creation-Date"):
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    merged.fpath = catalog.fpath
    used: set[tuple[str | None, str]] = set()
    for t in template:
        if t.msgid == "" or t.obsolete:
            continue
        key = _key(t)
        old = current.get(key) or obsolete.get(key)
        if old is not None:
            merged.append(_carry(old, t, n))
            used.add(key)
            continue
        similar = fuzzy_index.best(t.msgid)
        if similar is None:
            merged.append(_fresh(t, n))
            continue
        new = _carry(similar, t, n)
        if "fuzzy" not in new.flags:
            new.flags.insert(0, "fuzzy")
        new.previous_msgctxt = similar.msgctxt
        new.previous_msgid = similar.msgid
        new.previous_msgid_plural = similar.msgid_plural or None
        merged.append(new)
        used.add(_key(similar))
    for key, old in list(current.items()) + list(obsolete.items()):
        if key in used or not has_translation(old):
            continue
        gone = adopt(old)
        gone.obsolete = True
        gone.occurrences = []
        gone.comment = ""
        merged.append(gone)
    return merged


# ---------------------------------------------------------------- commands

def _templates(root: Path) -> dict[str, polib.POFile]:
    domains = template_domains(root)
    if not domains:
        raise UsageError("no templates in locales/templates: run `leaflet extract` first")
    return {d: read_catalog(template_path(root, d), root) for d in domains}


def init_catalogs(root: Path, lang: str) -> list[tuple[Path, str]]:
    """Create the catalog of every domain for `lang`; existing catalogs are left alone."""
    results: list[tuple[Path, str]] = []
    pending: list[tuple[Path, polib.POFile]] = []
    for domain, template in _templates(root).items():
        path = catalog_path(root, lang, domain)
        if path.exists():
            read_catalog(path, root)  # a malformed existing catalog is reported, not replaced
            results.append((path, "exists"))
        else:
            pending.append((path, new_catalog(template, lang, domain)))
            results.append((path, "created"))
    for path, catalog in pending:
        write_catalog(catalog, path)
    return results


#: Templates of the running update, inherited by forked workers instead of pickled to them.
_UPDATE_TEMPLATES: dict[str, polib.POFile] = {}
#: Below this many catalogs, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def _merged_text(task: tuple[Path, Path, str, str]) -> str:
    root, path, lang, domain = task
    template = _UPDATE_TEMPLATES[domain]
    if path.exists():
        return dumps(merge(read_catalog(path, root), template))
    return dumps(new_catalog(template, lang, domain))


def update_catalogs(root: Path, langs: list[str]) -> list[tuple[Path, str]]:
    """Merge every template into every catalog of `langs` (creating catalogs of new domains).

    All catalogs are read and merged, on every core when there are many, before the first
    write: one malformed file stops the run with nothing written.
    """
    global _UPDATE_TEMPLATES
    _UPDATE_TEMPLATES = _templates(root)
    tasks = [(root, catalog_path(root, lang, domain), lang, domain)
             for lang in langs for domain in _UPDATE_TEMPLATES]
    workers = min(os.cpu_count() or 1, len(tasks) // PARALLEL_FROM + 1)
    try:
        if workers > 1 and os.name == "posix":
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                texts = list(pool.map(_merged_text, tasks, chunksize=16))
        else:
            texts = [_merged_text(task) for task in tasks]
    finally:
        _UPDATE_TEMPLATES = {}
    return [(task[1], "updated" if _write_text(text, task[1]) else "unchanged")
            for task, text in zip(tasks, texts)]


# ---------------------------------------------------------------- publishing: what may be shown

@dataclass(frozen=True)
class Usable:
    """The translations of one catalog that publish may show to a reader.

    Only reviewed entries, plus machine drafts when asked; fuzzy entries from an update (a
    translation of an earlier text) and untranslated ones are never shown.
    """

    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural_forms: str
    drafts: frozenset[str] = frozenset()  # msgids whose shown translation is a machine draft


def usable_translations(root: Path, lang: str, domain: str, include_drafts: bool = False) -> Usable:
    """Usable translations of `lang`'s catalog for `domain`; an absent catalog has none."""
    path = catalog_path(root, lang, domain)
    if not path.exists():
        return Usable({}, {}, plural_forms(lang))
    catalog = read_catalog(path, root)
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    drafts: set[str] = set()
    for entry in active(catalog):
        if entry.msgctxt is not None:
            continue
        draft = include_drafts and is_machine_draft(entry)
        if not (is_reviewed(entry) or draft):
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            plurals[entry.msgid] = forms
        else:
            messages[entry.msgid] = entry.msgstr
        if draft:
            drafts.add(entry.msgid)
    return Usable(messages, plurals, catalog.metadata.get("Plural-Forms") or plural_forms(lang),
                  frozenset(drafts))


def coverage_domains(root: Path, slugs: list[str]) -> list[str]:
    """The domains a language's reviewed coverage is measured over (publish --all, status):
    every article's and the site's; with no article at all, every template's."""
    return sorted(set(slugs) | {SITE_DOMAIN}) if slugs else template_domains(root)


def reviewed_counts(root: Path, lang: str, domains: list[str]) -> tuple[int, int]:
    """(reviewed, total) active entries of `lang` over `domains`.

    A domain without a catalog yet counts its template's entries as not reviewed.
    """
    reviewed = total = 0
    for domain in domains:
        path = catalog_path(root, lang, domain)
        if path.exists():
            entries = active(read_catalog(path, root))
            reviewed += sum(1 for e in entries if is_reviewed(e))
            total += len(entries)
        elif template_path(root, domain).exists():
            total += len(active(read_catalog(template_path(root, domain), root)))
    return reviewed, total
