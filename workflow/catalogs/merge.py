"""Merging templates into catalogs the way `msgmerge --previous` does, and `init`/`update`.

`merge` is a pure function from (catalog, template) to a new catalog value; `init_catalogs`
and `update_catalogs` read, merge and write through `catalogs`, every catalog read and merged
(on every core when there are many) before the first write, so bad input writes nothing.

Both hold the project lock, so two leaflet commands never write `locales/` at once. A
translator's editor does not take that lock: each catalog is replaced only if it still has the
bytes that were merged; one saved in between is read and merged again, so the save is kept.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Iterable, TypeVar

import polib

from ..base.errors import UsageError
from ..base.files import relative, remove_leftovers
from ..base.languages import language
from ..base.lock import project_lock
from ..base.pool import Executor, parallel_map
from .markers import as_comments
from .pofile import (
    PROJECT,
    CatalogChanged,
    build_date,
    dumps,
    format_date,
    nplurals,
    read_catalog,
    write_text,
)
from .repository import catalog_path, template_domains, template_path
from .states import has_translation

#: Similarity from which a changed string inherits a fuzzy translation (gettext's threshold).
FUZZY_THRESHOLD = 0.6

T = TypeVar("T")
#: Merges of one catalog that an editor's saves may interrupt before update gives up on it.
MERGE_ATTEMPTS = 3


def new_catalog(template: polib.POFile, lang: str, domain: str) -> polib.POFile:
    """An empty catalog for `lang` from a template, with a correct gettext header."""
    po = polib.POFile(wrapwidth=79)
    name = language(lang).name
    po.header = (f"{name} translations for {domain}.\n"
                 "Translate in Poedit, Lokalize or Weblate; `leaflet update` keeps your work.")
    po.metadata = {
        "Project-Id-Version": f"{PROJECT} {domain}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", ""),
        "PO-Revision-Date": format_date(build_date()),
        "Last-Translator": "",
        "Language-Team": name,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": language(lang).plural_forms,
    }
    return merge(po, template)


# ---------------------------------------------------------------- merge

def _fresh(t: polib.POEntry, n: int) -> polib.POEntry:
    return polib.POEntry(msgctxt=t.msgctxt, msgid=t.msgid, msgid_plural=t.msgid_plural,
                        msgstr="", msgstr_plural={i: "" for i in range(n)} if t.msgid_plural else {},
                        occurrences=list(t.occurrences), comment=t.comment, flags=_format_flags(t))


def _format_flags(entry: polib.POEntry) -> list[str]:
    return [f for f in entry.flags if f.endswith("-format")]


def _carry(old: polib.POEntry, t: polib.POEntry, n: int) -> polib.POEntry:
    """The template's entry with the old entry's translation, translator comment and own flags."""
    new = _fresh(t, n)
    new.tcomment = old.tcomment
    new.flags = [f for f in old.flags if not f.endswith("-format")] + _format_flags(t)
    as_comments(new)  # old marker flags become comments, which msgcat, Weblate and XLIFF keep
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


def closest(msgid: str, candidates: Iterable[tuple[str, T]], threshold: float) -> tuple[T, float] | None:
    """The candidate whose text is most similar to `msgid` (difflib ratio, at least `threshold`)
    and its ratio; the first of equals wins. Cheapest tests first, as difflib recommends."""
    best: tuple[T, float] | None = None
    best_ratio = threshold
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(msgid)
    size = len(msgid)
    for other, item in candidates:
        if 2 * min(size, len(other)) / (size + len(other) or 1) < best_ratio:
            continue
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (best is None and ratio >= best_ratio):
            best, best_ratio = (item, ratio), ratio
    return best


def merge(catalog: polib.POFile, template: polib.POFile) -> polib.POFile:
    """Merge `template` into `catalog` as msgmerge --previous does; return the new catalog.

    Translations are kept; new strings come in untranslated, or fuzzy with `#| msgid` when a
    similar translated string existed; strings gone from the template are kept as obsolete
    when translated and revived when they come back. References and extracted comments come
    from the template; translator comments and flags stay with the translation (leaflet's old
    marker flags, `no-mt` and `leaflet-ignore:…`, as the comments other tools keep: `markers`).
    """
    n = nplurals(catalog)
    current = {_key(e): e for e in catalog if not e.obsolete and e.msgid != ""}
    obsolete = {_key(e): e for e in catalog if e.obsolete}
    translated = [(e.msgid, e) for e in list(current.values()) + list(obsolete.values()) if has_translation(e)]
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
        match = closest(t.msgid, translated, FUZZY_THRESHOLD)
        similar = match[0] if match else None
        if similar is None:
            merged.append(_fresh(t, n))
            continue
        new = _carry(similar, t, n)
        if "fuzzy" not in new.flags:
            new.flags.insert(0, "fuzzy")
        # `#| msgid` is the text the translation was made for: a fuzzy entry already records
        # it (an earlier edit), so a second edit keeps it rather than the intermediate text.
        made_for = similar if "fuzzy" not in similar.flags or similar.previous_msgid is None else None
        new.previous_msgctxt = made_for.msgctxt if made_for else similar.previous_msgctxt
        new.previous_msgid = made_for.msgid if made_for else similar.previous_msgid
        new.previous_msgid_plural = ((made_for.msgid_plural or None) if made_for
                                     else similar.previous_msgid_plural)
        merged.append(new)
        used.add(_key(similar))
    for key, old in list(current.items()) + list(obsolete.items()):
        if key in used or not has_translation(old):
            continue
        gone = old
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
    with project_lock(root):
        remove_leftovers(root / "locales")
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
            _replace(root, path, dumps(catalog), None)
        return results


def _merged_text(templates: dict[str, polib.POFile], task: tuple[Path, Path, str, str]) -> tuple[str | None, str]:
    """(fingerprint of the catalog merged, None when it did not exist; the merged text)."""
    root, path, lang, domain = task
    template = templates[domain]
    if path.exists():
        catalog = read_catalog(path, root)
        return catalog.fingerprint, dumps(merge(catalog, template))
    return None, dumps(new_catalog(template, lang, domain))


def update_catalogs(root: Path, langs: list[str], executor: Executor | None = None) -> list[tuple[Path, str]]:
    """Merge every template into every catalog of `langs` (creating catalogs of new domains).

    All catalogs are read and merged, on every core when there are many, before the first
    write: one malformed file stops the run with nothing written. A catalog saved by someone
    else since it was read is merged again from what they saved.
    """
    with project_lock(root):
        remove_leftovers(root / "locales")
        templates = _templates(root)
        tasks = [(root, catalog_path(root, lang, domain), lang, domain) for lang in langs for domain in templates]
        merged = parallel_map(_merged_text, tasks, templates, executor=executor)
        results = []
        for task, (seen, text) in zip(tasks, merged):
            for _ in range(MERGE_ATTEMPTS - 1):
                try:
                    written = write_text(text, task[1], seen)
                    break
                except CatalogChanged:  # saved meanwhile: merge what was saved
                    seen, text = _merged_text(templates, task)
            else:
                written = _replace(root, task[1], text, seen)
            results.append((task[1], "updated" if written else "unchanged"))
        return results


def _replace(root: Path, path: Path, text: str, expected: str | None) -> bool:
    """Write `text` if the file still has the `expected` fingerprint; name it relative when not."""
    try:
        return write_text(text, path, expected)
    except CatalogChanged as exc:
        raise CatalogChanged(exc.message, relative(path, root)) from None
