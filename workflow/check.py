"""`leaflet check` and `leaflet status`: what the catalogs are worth before anything is published.

For each catalog: counts that agree with `msgfmt --statistics`, coverage against the threshold of
its language, staleness (a template out of date with its source, a catalog out of date with its
template), and the per-entry checks of `checks` on every translated entry. Returns values; the
CLI prints them (`report`) and picks the exit code.

Two coverages, on purpose. `check` applies `min_coverage` to each catalog's *translated* share as
`msgfmt --statistics` counts it (fuzzy and machine drafts excluded, reviewed or not): a CI gate on
each file. `status` says whether `leaflet publish --all` includes a language, so its verdict is
publish's own rule: the *reviewed* share over the articles' and the site's domains, a missing
catalog counting its template's entries (`catalogs.reviewed_counts`, see `catalogs.coverage_domains`).

Reading catalogs dominates the run time, so with many catalogs the work is spread over a process
pool, one task per domain (its template, its source and its catalogs in every language).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

import polib

from . import catalogs
from .checks import CODES, ERROR, IGNORE_FLAG, LANGUAGE_NAMES, WARNING, check_entry, context_for
from .files import relative as _rel
from .glossary import Term, load_glossary
from .source import SITE_DOMAIN, Article, Site, load_articles, load_site

COVERAGE = "coverage"
STALE = "stale"
#: A `#, leaflet-ignore:<code>` flag naming no check: it silences nothing.
FLAGS = "flags"
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


def unknown_ignores(entry: polib.POEntry) -> list[str]:
    """Codes of `#, leaflet-ignore:<code>` flags that name no check (a typo silences nothing)."""
    return [flag[len(IGNORE_FLAG):] for flag in entry.flags
            if flag.startswith(IGNORE_FLAG) and flag[len(IGNORE_FLAG):] not in CODES]


def check_catalog(catalog: polib.POFile, lang: str, domain: str, shown: str,
                  glossary: Iterable[Term] = ()) -> list[Problem]:
    """The per-entry checks of `checks` over every translated entry of one catalog.

    An unknown `leaflet-ignore` code is reported on every live entry, reviewed or not: the
    translator meant to silence something, and the flag stays when the entry is reviewed.
    """
    ctx = context_for(lang, catalog, glossary)
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        line = getattr(entry, "msgid_line", entry.linenum)
        if is_checked(entry):
            for finding in check_entry(entry, ctx):
                problems.append(Problem(lang, domain, shown, line, entry.msgid, finding.code,
                                        finding.severity, finding.message))
        if entry.flags:
            for code in unknown_ignores(entry):
                problems.append(Problem(lang, domain, shown, line, entry.msgid, FLAGS, WARNING,
                                        f"unknown check {code!r} in `#, {IGNORE_FLAG}{code}`: it silences "
                                        f"nothing (checks: {', '.join(sorted(CODES))})"))
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


_GLOSSARIES: dict[str, tuple[Term, ...]] = {}


def _init_worker(glossaries: dict[str, tuple[Term, ...]]) -> None:
    global _GLOSSARIES
    _GLOSSARIES = glossaries


def _check_domain(task: _Task) -> _Outcome:
    outcome = _Outcome()
    _check_domain_into(task, outcome)
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
    template = catalogs.read_catalog(pot_path, root) if pot_path.exists() else None
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
        catalog = catalogs.read_catalog(path, root)
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


# ---------------------------------------------------------------- the process pool

T = TypeVar("T")
R = TypeVar("R")


def _in_pool(func: Callable[[T], R], tasks: Sequence[T], size: int, jobs: int | None,
             initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> list[R]:
    """`func` over `tasks`, in a process pool when there is enough work (`size` catalogs).

    A worker's LeafletError reaches the caller as it was raised (it pickles whole).
    """
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 8) if size >= POOL_FROM else 1
    if jobs <= 1 or len(tasks) < 2:
        if initializer is not None:
            initializer(*initargs)
        return [func(task) for task in tasks]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                             initializer=initializer, initargs=initargs) as pool:
        return list(pool.map(func, tasks, chunksize=max(1, len(tasks) // (jobs * 6))))


# ---------------------------------------------------------------- check

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


def _select(site: Site, langs: Iterable[str] | None) -> list[str]:
    langs = tuple(langs or ())
    return site.select_languages(langs, all_=not langs)


def run_check(root: Path, langs: Iterable[str] | None = None, min_coverage: float | None = None,
              jobs: int | None = None) -> CheckResult:
    """Check the catalogs of `langs` (default: every configured language).

    Coverage here is each catalog's translated share as `msgfmt --statistics` counts it, against
    `min_coverage` (default: site.toml's threshold of the language). Raises a LeafletError for
    bad input (a malformed catalog, article, site.toml or glossary: file and line named).
    """
    site = load_site(root)
    selected = _select(site, langs)
    ready = catalogs.initialized_languages(root, selected)
    problems = [Problem(lang, "", f"locales/{lang}", None, None, STALE, ERROR,
                        f"no catalogs for {LANGUAGE_NAMES.get(lang, lang)}: run `leaflet init --lang {lang}`")
                for lang in selected if lang not in ready]
    thresholds = [min_coverage if min_coverage is not None else site.coverage_threshold(l) for l in ready]
    glossaries = {lang: tuple(load_glossary(root, lang)) for lang in ready}
    tasks = _tasks(root, site, ready, thresholds)
    outcomes = _in_pool(_check_domain, tasks, len(tasks) * max(1, len(ready)), jobs,
                        _init_worker, (glossaries,))
    return _collect(outcomes, problems, selected)


def _collect(outcomes: list[_Outcome], problems: list[Problem], langs: list[str]) -> CheckResult:
    result = CheckResult(problems=list(problems))
    for outcome in outcomes:
        result.catalogs.extend(outcome.reports)
        result.problems.extend(outcome.problems)
    order = {lang: i for i, lang in enumerate(langs)}

    def where(p: Problem) -> tuple:
        return (p.lang is not None, order.get(p.lang or "", -1), p.domain != SITE_DOMAIN, p.domain,
                p.path, p.line or 0)

    result.catalogs.sort(key=lambda r: (order[r.lang], r.domain != SITE_DOMAIN, r.domain))
    result.problems.sort(key=where)
    return result


# ---------------------------------------------------------------- status

@dataclass(frozen=True)
class LanguageStatus:
    """One language as `leaflet publish --all` sees it: reviewed entries over `catalogs.coverage_domains`."""

    lang: str
    reviewed: int
    total: int
    machine_drafts: int  # over the language's catalogs, awaiting review
    threshold: float
    initialized: bool = True

    @property
    def reviewed_percent(self) -> float:
        """publish's share: nothing to publish counts as 0%."""
        return 100.0 * self.reviewed / self.total if self.total else 0.0

    @property
    def publishable(self) -> bool:
        """What `publish --all` decides: the reviewed share reaches the language's min_coverage."""
        return self.reviewed_percent >= self.threshold


@dataclass
class StatusResult:
    catalogs: list[CatalogReport] = field(default_factory=list)
    languages: list[LanguageStatus] = field(default_factory=list)


@dataclass(frozen=True)
class _CatalogCounts:
    root: Path
    lang: str
    domain: str
    threshold: float

    def __call__(self) -> CatalogReport:
        path = catalogs.catalog_path(self.root, self.lang, self.domain)
        catalog = catalogs.read_catalog(path, self.root)
        return _report(catalog, self.lang, self.domain, _rel(path, self.root), self.threshold)


@dataclass(frozen=True)
class _ReviewedCounts:
    root: Path
    lang: str
    domain: str

    def __call__(self) -> tuple[int, int]:
        return catalogs.reviewed_counts(self.root, self.lang, [self.domain])


def _perform(task: Callable[[], R]) -> R:
    return task()


def run_status(root: Path, langs: Iterable[str] | None = None, jobs: int | None = None) -> StatusResult:
    """Counts of every catalog of `langs` and, per language, whether `publish --all` includes it.

    No entry checks, no extraction. Languages without catalogs get a verdict too: publish
    counts them as well (0% reviewed).
    """
    site = load_site(root)
    selected = _select(site, langs)
    ready = catalogs.initialized_languages(root, selected)
    domains = tuple(catalogs.coverage_domains(root, [a.slug for a in load_articles(root)]))
    counted = [_CatalogCounts(root, lang, domain, site.coverage_threshold(lang))
               for lang in ready for domain in catalogs.catalog_domains(root, lang)]
    have = {(task.lang, task.domain) for task in counted}
    # publish's reviewed_counts(root, lang, domains): a catalog's own report already holds its
    # reviewed and total entries, so only domains without a catalog (their template) are read here.
    verdicts = [_ReviewedCounts(root, lang, domain) for lang in selected for domain in domains
                if (lang, domain) not in have]
    results = _in_pool(_perform, [*counted, *verdicts], len(counted) + len(verdicts), jobs)
    reports: list[CatalogReport] = results[:len(counted)]
    order = {lang: i for i, lang in enumerate(selected)}
    reports.sort(key=lambda r: (order[r.lang], r.domain != SITE_DOMAIN, r.domain))
    sums = {lang: [0, 0] for lang in selected}
    for report in reports:
        if report.domain in domains:
            sums[report.lang][0] += report.reviewed
            sums[report.lang][1] += report.total
    for task, (reviewed, total) in zip(verdicts, results[len(counted):]):
        sums[task.lang][0] += reviewed
        sums[task.lang][1] += total
    languages = [LanguageStatus(lang, reviewed, total, sum(r.machine_drafts for r in reports if r.lang == lang),
                                site.coverage_threshold(lang), lang in ready)
                 for lang, (reviewed, total) in sums.items()]
    return StatusResult(reports, languages)
