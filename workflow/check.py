"""`leaflet check` and `leaflet status`: what the catalogs are worth before anything is published.

For each catalog: counts that agree with `msgfmt --statistics`, coverage against the threshold of
its language, staleness (a template out of date with its source, a catalog out of date with its
template), and the per-entry checks of `checks` on every translated entry. Returns values; the
CLI prints them (`report`) and picks the exit code.

Reading catalogs dominates the run time, so with many catalogs the work is spread over a process
pool, one task per domain (its template, its source and its catalogs in every language).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import polib

from . import catalogs
from .files import relative as _rel
from .checks import ERROR, LANGUAGE_NAMES, WARNING, check_entry, context_for
from .errors import LeafletError
from .glossary import Term, load_glossary
from .source import SITE_DOMAIN, Article, Site, load_articles, load_site

COVERAGE = "coverage"
STALE = "stale"
#: From this many catalogs on, a process pool pays for its start-up.
POOL_FROM = 60


@dataclass(frozen=True)
class Problem:
    """One finding, located by file and line (line None: the whole file)."""

    lang: str | None
    domain: str
    path: str
    line: int | None
    msgid: str | None
    check: str
    severity: str
    message: str


@dataclass(frozen=True)
class CatalogReport:
    """Counts of one catalog. translated/fuzzy/untranslated are msgfmt's; the rest are entry states."""

    lang: str
    domain: str
    path: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    reviewed: int = 0
    machine_drafts: int = 0
    threshold: float = 0.0

    @property
    def percent(self) -> float:
        """Translated share as msgfmt counts it; what the coverage threshold applies to."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def reviewed_percent(self) -> float:
        return 100.0 * self.reviewed / self.total if self.total else 100.0


@dataclass
class CheckResult:
    catalogs: list[CatalogReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == WARNING)

    @property
    def failed(self) -> bool:
        """Exit status 1: any error, coverage below the threshold included."""
        return self.errors > 0


# ---------------------------------------------------------------- counting

def counts(catalog: polib.POFile) -> tuple[int, int, int, int]:
    """(translated, fuzzy, untranslated, obsolete) exactly as `msgfmt --statistics` counts.

    msgfmt looks at msgstr (msgstr[0] of a plural entry) only: empty is untranslated even when
    flagged fuzzy; a plural entry with msgstr[0] filled is translated even if another form is
    empty (the `plurals` check reports that).
    """
    translated = fuzzy = untranslated = obsolete = 0
    for entry in catalog:
        if entry.obsolete:
            obsolete += 1
        elif not _first_msgstr(entry):
            untranslated += 1
        elif "fuzzy" in entry.flags:
            fuzzy += 1
        else:
            translated += 1
    return translated, fuzzy, untranslated, obsolete


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return (entry.msgstr_plural or {}).get(0, "")
    return entry.msgstr


def _report(catalog: polib.POFile, lang: str, domain: str, shown: str, threshold: float) -> CatalogReport:
    translated, fuzzy, untranslated, obsolete = counts(catalog)
    live = [e for e in catalog if not e.obsolete]
    return CatalogReport(
        lang=lang, domain=domain, path=shown, total=translated + fuzzy + untranslated,
        translated=translated, fuzzy=fuzzy, untranslated=untranslated, obsolete=obsolete,
        reviewed=sum(1 for e in live if catalogs.is_reviewed(e)),
        machine_drafts=sum(1 for e in live if catalogs.is_machine_draft(e)),
        threshold=threshold)


def is_checked(entry: polib.POEntry) -> bool:
    """Entries the per-entry checks look at: translated as msgfmt counts (not fuzzy, msgstr filled).

    Machine drafts and fuzzy entries are not reviewed and are not published, so they are not
    checked; their review is what catches their problems.
    """
    return not entry.obsolete and "fuzzy" not in entry.flags and bool(_first_msgstr(entry))


def check_catalog(catalog: polib.POFile, lang: str, domain: str, shown: str,
                  glossary: Iterable[Term] = ()) -> list[Problem]:
    """The per-entry checks of `checks` over every translated entry of one catalog."""
    ctx = context_for(lang, catalog, glossary)
    problems = []
    for entry in catalog:
        if not is_checked(entry):
            continue
        for finding in check_entry(entry, ctx):
            problems.append(Problem(lang, domain, shown, getattr(entry, "msgid_line", entry.linenum),
                                    entry.msgid, finding.code, finding.severity, finding.message))
    return problems


# ---------------------------------------------------------------- one domain (runs in a worker)

@dataclass(frozen=True)
class _Task:
    root: Path
    domain: str
    source: str | None  # the article's path, "site", or None when the source is gone
    article: Article | None
    site: Site
    langs: tuple[str, ...]
    thresholds: tuple[float, ...]


@dataclass
class _Outcome:
    reports: list[CatalogReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: tuple[type, str, str | None, int | None] | None = None


_GLOSSARIES: dict[str, tuple[Term, ...]] = {}


def _init_worker(glossaries: dict[str, tuple[Term, ...]]) -> None:
    global _GLOSSARIES
    _GLOSSARIES = glossaries


def _check_domain(task: _Task) -> _Outcome:
    outcome = _Outcome()
    try:
        _check_domain_into(task, outcome)
    except LeafletError as exc:  # carried back by value: exceptions lose their path when pickled
        outcome.error = (type(exc), exc.message, exc.path, exc.line)
    return outcome


def _fresh_keys(task: _Task) -> dict[tuple[str | None, str, str], int]:
    """(msgctxt, msgid, msgid_plural) of every message a fresh extraction gives, with its line."""
    from . import extract
    if task.article is not None:
        messages = extract.article_messages(task.article)
    else:
        messages = extract.site_messages(task.site)
    return {(None, m.msgid, m.msgid_plural or ""): (m.occurrences[0][1] if m.occurrences else 0)
            for m in messages}


def _keys(catalog: polib.POFile) -> dict[tuple[str | None, str, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or ""): e for e in catalog if not e.obsolete}


def _check_domain_into(task: _Task, outcome: _Outcome) -> None:
    root, domain = task.root, task.domain
    pot_path = catalogs.template_path(root, domain)
    pot_shown = _rel(pot_path, root)
    template = catalogs.read_for_check(pot_path, root) if pot_path.exists() else None
    problems = outcome.problems

    def stale(path: str, message: str, lang: str | None = None, msgid: str | None = None) -> None:
        problems.append(Problem(lang, domain, path, None, msgid, STALE, ERROR, message))

    orphan = template is None and task.source is None  # catalogs left behind by a removed article
    if template is None and task.source is not None:
        stale(task.source, f"no template {pot_shown}: run `leaflet extract`")
    elif template is not None and task.source is None:
        stale(pot_shown, "template of a source that no longer exists: run `leaflet extract`")
    elif template is not None:
        fresh, have = _fresh_keys(task), _keys(template)
        added = [k for k in fresh if k not in have]
        removed = [k for k in have if k not in fresh]
        if added or removed:
            parts = ([f"{len(added)} new"] if added else []) + ([f"{len(removed)} removed"] if removed else [])
            first = added[0] if added else removed[0]
            where = f" (first: {task.source}:{fresh[first]})" if added else ""
            stale(pot_shown, f"template out of date with {task.source}: {' and '.join(parts)} "
                  f"string{'s' if len(added) + len(removed) > 1 else ''}{where}; run `leaflet extract`",
                  msgid=first[1])
    template_keys = _keys(template) if template is not None else None

    for lang, threshold in zip(task.langs, task.thresholds):
        path = catalogs.catalog_path(root, lang, domain)
        shown = _rel(path, root)
        if orphan:
            if path.exists():
                problems.append(Problem(lang, domain, shown, None, None, STALE, WARNING,
                                        "a catalog without template or source (a removed article?): "
                                        "delete it, or restore the article"))
            continue
        if not path.exists():
            if template is not None:
                stale(shown, f"no catalog for {pot_shown}: run `leaflet update --lang {lang}`", lang)
            continue
        catalog = catalogs.read_for_check(path, root)
        report = _report(catalog, lang, domain, shown, threshold)
        outcome.reports.append(report)
        if template_keys is not None:
            have = _keys(catalog)
            missing = [k for k in template_keys if k not in have]
            extra = [k for k in have if k not in template_keys]
            if missing or extra:
                parts = ([f"{len(missing)} string{'s' if len(missing) > 1 else ''} of {pot_shown} "
                          "missing"] if missing else []) + \
                        ([f"{len(extra)} no longer in it"] if extra else [])
                stale(shown, f"catalog not updated with its template: {', '.join(parts)}; "
                      f"run `leaflet update --lang {lang}`", lang, (missing or extra)[0][1])
        if report.total and report.percent < threshold:
            problems.append(Problem(
                lang, domain, shown, None, None, COVERAGE, ERROR,
                f"{report.percent:.1f}% translated ({report.translated} of {report.total}), below the "
                f"{threshold:g}% required for {LANGUAGE_NAMES.get(lang, lang)}"))
        problems.extend(check_catalog(catalog, lang, domain, shown, _GLOSSARIES.get(lang, ())))


# ---------------------------------------------------------------- the run

def _tasks(root: Path, site: Site, langs: list[str], thresholds: list[float]) -> list[_Task]:
    articles = {a.slug: a for a in load_articles(root)}
    domains = sorted(set(catalogs.template_domains(root)) | set(articles) | {SITE_DOMAIN}
                     | {d for lang in langs for d in catalogs.catalog_domains(root, lang)})
    tasks = []
    for domain in domains:
        article = articles.get(domain)
        if domain == SITE_DOMAIN:
            source: str | None = "source/site.toml"
        else:
            source = article.path if article is not None else None
        tasks.append(_Task(root, domain, source, article, site, tuple(langs), tuple(thresholds)))
    return tasks


def _run(tasks: list[_Task], glossaries: dict[str, tuple[Term, ...]], jobs: int | None) -> list[_Outcome]:
    size = len(tasks) * max(1, len(tasks[0].langs) if tasks else 1)
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 8) if size >= POOL_FROM else 1
    if jobs <= 1 or len(tasks) < 2:
        _init_worker(glossaries)
        return [_check_domain(t) for t in tasks]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_init_worker, initargs=(glossaries,)) as pool:
        return list(pool.map(_check_domain, tasks, chunksize=max(1, len(tasks) // (jobs * 6))))


def _uninitialized(root: Path, site: Site, langs: list[str]) -> tuple[list[str], list[Problem]]:
    ready, problems = [], []
    for lang in langs:
        if (root / "locales" / lang / "LC_MESSAGES").is_dir():
            ready.append(lang)
        else:
            problems.append(Problem(lang, "", f"locales/{lang}", None, None, STALE, ERROR,
                                    f"no catalogs for {LANGUAGE_NAMES.get(lang, lang)}: "
                                    f"run `leaflet init --lang {lang}`"))
    return ready, problems


def _select(site: Site, langs: Iterable[str] | None) -> list[str]:
    langs = tuple(langs or ())
    return site.select_languages(langs, all_=not langs)


def run_check(root: Path, langs: Iterable[str] | None = None, min_coverage: float | None = None,
              jobs: int | None = None) -> CheckResult:
    """Check the catalogs of `langs` (default: every configured language).

    `min_coverage` overrides site.toml's thresholds for every language. Raises a LeafletError
    for bad input (a malformed catalog, article, site.toml or glossary: file and line named).
    """
    site = load_site(root)
    selected = _select(site, langs)
    ready, problems = _uninitialized(root, site, selected)
    thresholds = [min_coverage if min_coverage is not None else site.coverage_threshold(l) for l in ready]
    glossaries = {lang: tuple(load_glossary(root, lang)) for lang in ready}
    outcomes = _run(_tasks(root, site, ready, thresholds), glossaries, jobs)
    return _collect(outcomes, problems, selected)


def run_status(root: Path, langs: Iterable[str] | None = None, jobs: int | None = None) -> list[CatalogReport]:
    """Counts of every catalog of `langs`, for `leaflet status` (no entry checks, no extraction)."""
    site = load_site(root)
    selected = _select(site, langs)
    ready = [lang for lang in selected if (root / "locales" / lang / "LC_MESSAGES").is_dir()]
    tasks = [_StatusTask(root, lang, domain, site.coverage_threshold(lang))
             for lang in ready for domain in catalogs.catalog_domains(root, lang)]
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 8) if len(tasks) >= POOL_FROM else 1
    if jobs <= 1:
        results = [_status_one(t) for t in tasks]
    else:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
            results = list(pool.map(_status_one, tasks, chunksize=max(1, len(tasks) // (jobs * 6))))
    reports = []
    for result in results:
        if isinstance(result, tuple):
            cls, message, path, line = result
            raise cls(message, path, line)
        reports.append(result)
    order = {lang: i for i, lang in enumerate(selected)}
    return sorted(reports, key=lambda r: (order[r.lang], r.domain != SITE_DOMAIN, r.domain))


@dataclass(frozen=True)
class _StatusTask:
    root: Path
    lang: str
    domain: str
    threshold: float


def _status_one(task: _StatusTask) -> CatalogReport | tuple:
    path = catalogs.catalog_path(task.root, task.lang, task.domain)
    try:
        catalog = catalogs.read_for_check(path, task.root)
    except LeafletError as exc:
        return (type(exc), exc.message, exc.path, exc.line)
    return _report(catalog, task.lang, task.domain, _rel(path, task.root), task.threshold)


def _collect(outcomes: list[_Outcome], problems: list[Problem], langs: list[str]) -> CheckResult:
    result = CheckResult(problems=list(problems))
    for outcome in outcomes:
        if outcome.error is not None:
            cls, message, path, line = outcome.error
            raise cls(message, path, line)
        result.catalogs.extend(outcome.reports)
        result.problems.extend(outcome.problems)
    order = {lang: i for i, lang in enumerate(langs)}

    def where(p: Problem) -> tuple:
        return (p.lang is not None, order.get(p.lang or "", -1), p.domain != SITE_DOMAIN, p.domain,
                p.path, p.line or 0)

    result.catalogs.sort(key=lambda r: (order[r.lang], r.domain != SITE_DOMAIN, r.domain))
    result.problems.sort(key=where)
    return result
