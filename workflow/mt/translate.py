"""`leaflet translate`: fill a language's catalogs with machine drafts a translator then reviews.

A draft is a machine draft as `catalogs` defines it: flagged `fuzzy` (so gettext tools and
publish treat it as unreviewed) with a translator comment `leaflet-mt: <provenance>`, which
survives `leaflet update` and stays when the reviewer clears `fuzzy`.

Only untranslated entries are drafted (and, with `redraft`, entries that are still machine
drafts). Reviewed entries, fuzzy entries from update (a human's translation of an earlier
string) and entries marked `leaflet-no-mt` are never touched. A msgid already reviewed in another
catalog of the language is reused instead of translated, and one very similar to a
reviewed msgid (translation memory, `memory`) becomes a draft from that translation.

Every string is protected (`protect`) before it reaches the engine. When a draft's masks
come back wrong (real models drop and reorder them), the entry is translated again run by
run: the text between protected spans goes to the engine without any mask and is put back
between the spans, which cannot break the markup. The draft's comment says so. A draft that
still does not come back intact is not written but reported; one cut at the decoding limit
(the model did not stop) is reported at once, since its runs would not stop either. Glossary
terms are masked only where that leaves every sentence with at most a third of its words
masked (`protect_for_model`); elsewhere the model translates them and check warns on a draft
without the approved target. Each draft's comment records
the model's score, so reviewers can start where the model was least sure (`drafts`).
Running twice changes nothing.

The run holds the project lock. A catalog that an editor saved while the engine was working is
not replaced (the save is kept): the run stops naming it, after writing the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import polib

from .. import catalogs
from ..base.errors import UsageError
from ..base.files import bad_character, relative, remove_leftovers
from ..base.lock import project_lock
from ..catalogs.glossary import Term, load_glossary
from ..catalogs.markers import no_mt
from .argos import Engine, Progress, Translation
from .masking import Masked, ProtectionError, protect_for_model, restore
from .memory import Memory


@dataclass(frozen=True)
class Rejected:
    """A draft that was not written, and why."""

    path: str  # the catalog, relative to the project root
    line: int | None
    msgid: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        short = self.msgid if len(self.msgid) <= 60 else self.msgid[:59] + "…"
        return f"{where}: {self.reason}: {short!r}"


@dataclass
class LanguageReport:
    """What one language's run did (`report.translate_lines` prints it)."""

    lang: str
    provenance: str
    drafted: int = 0  # by the engine, fallbacks included
    fallback: int = 0  # drafted run by run because the masks came back wrong
    memory: int = 0  # from a similar reviewed msgid
    reused: int = 0
    skipped: int = 0  # left for a human: marked leaflet-no-mt, or fuzzy from update
    rejected: list[Rejected] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


@dataclass
class _Work:
    domain: str
    entry: polib.POEntry


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgid, entry.msgid_plural or "")


def _wanted(entry: polib.POEntry, redraft: bool) -> bool | None:
    """True: draft it; False: a human's work to leave alone (counted as skipped); None: done."""
    if no_mt(entry):
        return False if not catalogs.is_reviewed(entry) else None
    if catalogs.is_untranslated(entry):
        return True
    if catalogs.is_machine_draft(entry):
        return True if redraft else None
    if catalogs.is_reviewed(entry):
        return None
    return False  # fuzzy from update, or marked fuzzy by hand


def _note_lines(entry: polib.POEntry, note: str) -> str:
    """The translator comment with its `leaflet-mt:` line replaced; a translator's own lines stay."""
    kept = [line for line in entry.tcomment.split("\n")
            if not line.strip().startswith(catalogs.MT_MARK)] if entry.tcomment else []
    return "\n".join(kept + [f"{catalogs.MT_MARK} {note}"])


def _fill(entry: polib.POEntry, singular: str, plural: str | None, nplurals: int, note: str) -> None:
    """Make `entry` a machine draft with this text (msgstr[0] from the singular, the rest plural)."""
    if entry.msgid_plural:
        forms = [singular] + [plural or singular] * (nplurals - 1) if nplurals > 1 else [plural or singular]
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = singular
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgctxt = None
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.tcomment = _note_lines(entry, note)


def _copy_translation(entry: polib.POEntry, source: polib.POEntry, nplurals: int, note: str) -> None:
    if entry.msgid_plural and source.msgid_plural:
        values = [source.msgstr_plural.get(i, "") for i in range(nplurals)]
        _fill(entry, values[0], None, 1, note)
        entry.msgstr_plural = dict(enumerate(values))
    else:
        _fill(entry, source.msgstr, None, nplurals, note)


def translate_language(root: Path, lang: str, engine: Engine, *, redraft: bool = False,
                       progress: Progress | None = None,
                       terms: list[Term] | None = None) -> LanguageReport:
    """Draft every untranslated entry of every catalog of `lang`; write only changed catalogs.

    Everything is read, translated and checked before the first write, so a bad catalog or
    an engine failure leaves every file as it was.
    """
    with project_lock(root):
        remove_leftovers(root / "locales")
        return _translate_language(root, lang, engine, redraft=redraft, progress=progress, terms=terms)


def _translate_language(root: Path, lang: str, engine: Engine, *, redraft: bool,
                        progress: Progress | None, terms: list[Term] | None) -> LanguageReport:
    domains = catalogs.catalog_domains(root, lang)
    if not domains:
        raise UsageError(f"no catalogs for {lang}: run `leaflet init --lang {lang}` first")
    paths = {d: catalogs.catalog_path(root, lang, d) for d in domains}
    books = {d: catalogs.read_catalog(paths[d], root) for d in domains}
    terms = load_glossary(root, lang) if terms is None else terms
    report = LanguageReport(lang, engine.provenance)

    reviewed: dict[tuple[str, str], tuple[str, polib.POEntry]] = {}
    for domain, book in books.items():
        for entry in catalogs.active(book):
            if catalogs.is_reviewed(entry):
                reviewed.setdefault(_key(entry), (domain, entry))

    todo: list[_Work] = []
    for domain, book in books.items():
        for entry in catalogs.active(book):
            wanted = _wanted(entry, redraft)
            if wanted:
                todo.append(_Work(domain, entry))
            elif wanted is False:
                report.skipped += 1

    changed: set[str] = set()
    to_translate: list[_Work] = []
    for work in todo:
        source = reviewed.get(_key(work.entry))
        if source is not None and source[0] != work.domain:
            _copy_translation(work.entry, source[1], catalogs.nplurals(books[work.domain]),
                              f"reused from {source[0]}")
            report.reused += 1
            changed.add(work.domain)
        else:
            to_translate.append(work)

    memory = Memory.of(books, terms)
    still: list[_Work] = []
    for work in to_translate:
        match = None if work.entry.msgid_plural else memory.best(work.entry.msgid)
        if match is None:
            still.append(work)
            continue
        _copy_translation(work.entry, match.entry, catalogs.nplurals(books[work.domain]),
                          f"tm {match.percent}% from {match.domain}")
        report.memory += 1
        changed.add(work.domain)
    to_translate = still

    texts = [t for w in to_translate for t in (w.entry.msgid, w.entry.msgid_plural) if t]
    drafts, fell_back, failures = draft_texts(engine, texts, terms, progress)

    refused: list[tuple[_Work, str]] = []
    for work in to_translate:
        entry = work.entry
        texts = list(filter(None, (entry.msgid, entry.msgid_plural)))
        failed = [failures[t] for t in texts if t in failures]
        if failed:
            refused.append((work, failed[0]))
            continue
        results = [drafts[t] for t in texts]
        scores = [r.score for r in results if r.score is not None]
        note = engine.provenance + (f"; score {min(scores):.2f}" if scores else "")
        by_runs = [fell_back[t] for t in texts if t in fell_back]
        if by_runs:
            note += f"; fallback: text between markup translated apart ({by_runs[0]})"
            report.fallback += 1
        _fill(entry, results[0].text, results[1].text if entry.msgid_plural else None,
              catalogs.nplurals(books[work.domain]), note)
        changed.add(work.domain)
        report.drafted += 1

    written: set[str] = set()
    conflicts: list[Path] = []
    for domain in domains:
        try:
            if domain in changed and catalogs.write_catalog(books[domain], paths[domain],
                                                            books[domain].fingerprint):
                report.written.append(paths[domain])
                written.add(domain)
        except catalogs.CatalogChanged:
            conflicts.append(paths[domain])
    if conflicts:
        raise catalogs.CatalogChanged(
            "changed on disk during translate (saved in an editor?): that version is kept and has no "
            f"new drafts{f' ({len(conflicts)} catalogs)' if len(conflicts) > 1 else ''}; run "
            "`leaflet translate` again", relative(conflicts[0], root))
    report.rejected = _rejected(root, paths, books, refused, written)
    report.provenance = engine.provenance  # as the drafts have it (a server taken out changes it)
    return report


class Drafted(NamedTuple):
    """What `draft_texts` made of each text."""

    drafts: dict[str, Translation]
    fell_back: dict[str, str]  # drafted run by run, and why
    failures: dict[str, str]  # no draft, and why


def draft_texts(engine: Engine, texts: list[str], terms: list[Term],
                progress: Progress | None = None) -> Drafted:
    """Each distinct text protected, translated in one run, restored; run by run where the masks
    came back wrong. `translate` writes these drafts; `evaluate` scores them."""
    masked: dict[str, Masked] = {}
    failures: dict[str, str] = {}
    for text in dict.fromkeys(texts):
        try:
            masked[text] = protect_for_model(text, terms)
        except ProtectionError as exc:
            failures[text] = str(exc)
    inputs = list(dict.fromkeys(m.text for m in masked.values()))
    outputs = dict(zip(inputs, _scored(engine, inputs, progress))) if inputs else {}
    drafts: dict[str, Translation] = {}
    broken: dict[str, str] = {}
    for text, m in masked.items():
        try:
            drafts[text] = _draft(m, outputs[m.text])
        except ProtectionError as exc:
            if outputs[m.text].cut:  # a model that did not stop: its runs would not stop either
                failures[text] = str(exc)
            else:
                broken[text] = str(exc)
    fell_back: dict[str, str] = {}
    for text, value in _by_runs(engine, {t: masked[t] for t in broken}).items():
        if isinstance(value, Translation):
            drafts[text], fell_back[text] = value, broken[text]
        else:
            failures[text] = f"{broken[text]}; run by run: {value}"
    return Drafted(drafts, fell_back, failures)


def _scored(engine: Engine, texts: list[str], progress: Progress | None) -> list[Translation]:
    """The engine's translations with scores; an engine without scores gives None for each."""
    scored = getattr(engine, "translate_scored", None)
    if scored is not None:
        return scored(texts, progress)
    return [Translation(t) for t in engine.translate(texts, progress)]


def _draft(masked: Masked, result: Translation) -> Translation:
    """The restored draft (`cut` unset), or ProtectionError saying what went wrong."""
    if result.cut:  # said first: a looping model also repeats the masks
        raise ProtectionError("the translation stopped at the model's length limit")
    value = restore(masked, result.text)
    if not value.strip():
        raise ProtectionError("the engine returned an empty translation")
    bad = bad_character(value)
    if bad:  # a NUL or an escape sequence must not reach a catalog, where check would refuse it
        raise ProtectionError(f"the engine returned text with {bad[1]}")
    return Translation(value, result.score)


_SPLIT = re.compile("([\ue000-\uf8ff])")


def _by_runs(engine: Engine, broken: dict[str, Masked]) -> dict[str, Translation | str]:
    """Translate the text between the masks of each string apart and put the masks back.

    The engine never sees a mask, so none can be lost or moved: only a run cut at the
    length limit (or an empty result) still fails. Returns a Translation or the reason.
    """
    parts = {text: _SPLIT.split(m.text) for text, m in broken.items()}
    runs = list(dict.fromkeys(p.strip() for ps in parts.values() for p in ps[::2]
                              if any(c.isalpha() for c in p)))
    done = dict(zip(runs, _scored(engine, runs, None))) if runs else {}
    out: dict[str, Translation | str] = {}
    for text, ps in parts.items():
        pieces, scores, cut = [], [], False
        for i, part in enumerate(ps):
            core = part.strip()
            if i % 2 or core not in done:
                pieces.append(part)
                continue
            result = done[core]
            cut = cut or result.cut
            if result.score is not None:
                scores.append(result.score)
            lead = part[:len(part) - len(part.lstrip())]
            pieces.append(lead + result.text.strip() + part[len(part.rstrip()):])
        try:
            draft = _draft(broken[text], Translation("".join(pieces), min(scores) if scores else None, cut))
        except ProtectionError as exc:
            out[text] = str(exc)
        else:
            out[text] = draft
    return out


def _rejected(root: Path, paths: dict[str, Path], books: dict[str, catalogs.Catalog],
              refused: list[tuple[_Work, str]], written: set[str]) -> list[Rejected]:
    """The refused drafts, each at its msgid line in the catalog as it is now on disk.

    Drafts written above an entry move it down, so a rewritten catalog is read again: the line
    reported is the one the translator opens and `leaflet check` names.
    """
    lines: dict[str, dict[tuple[str | None, str], int | None]] = {}
    rejected = []
    for work, reason in refused:
        entry = work.entry
        line = books[work.domain].msgid_line(entry)
        if work.domain in written:
            if work.domain not in lines:
                now = catalogs.read_catalog(paths[work.domain], root)
                lines[work.domain] = {(e.msgctxt, e.msgid): now.msgid_line(e) for e in now}
            line = lines[work.domain].get((entry.msgctxt, entry.msgid), line)
        rejected.append(Rejected(relative(paths[work.domain], root), line, entry.msgid, reason))
    return rejected

