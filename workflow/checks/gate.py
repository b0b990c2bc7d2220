"""`leaflet check`: the CI gate. Nothing it rejects may reach a reader.

For each catalog: counts that agree with `msgfmt --statistics` (`status`), coverage against
the threshold of its language, staleness (a template out of date with its source, a catalog
out of date with its template), and the per-entry rules of `rules` on every translated entry.
Returns values; the CLI prints them (`report`) and picks the exit code.

`check` applies `min_coverage` to each catalog's *translated* share as `msgfmt --statistics`
counts it (fuzzy and machine drafts excluded, reviewed or not): a CI gate on each file, and so
on each edition (an article in a language), but only in the languages the article is due in
(`editions.due_languages`). An image publish could not show is an error here first.

Reading catalogs dominates the run time, so with many catalogs the work is spread over the
cores (`pool`), one task per domain (its template, its source and its catalogs in every language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import polib

from .. import catalogs
from ..base.files import Inputs, relative
from ..base.languages import language
from ..base.pool import parallel_map
from ..catalogs import history, markers
from ..catalogs.glossary import Term, load_glossary
from ..source.articles import Article, due_languages
from ..source.images import image_problems
from ..source.project import Project, project_of
from ..source.segments import parse_article
from ..source.site import SITE_DOMAIN, Site
from .findings import (
    CODES,
    DRAFT_CHECKS,
    ERROR,
    WARNING,
    check_entry,
    context_for,
    is_checked,
    unknown_ignores,
)
from .status import CatalogReport, catalog_report

COVERAGE = "coverage"
STALE = "stale"
#: An article's image that is not a file under source/: publish cannot build its editions.
IMAGES = "images"
#: A `leaflet-ignore` marker naming no check: it silences nothing.
FLAGS = "flags"
#: leaflet's markers (`leaflet-no-mt`, `leaflet-ignore`) that the template or the previous version of
#: the catalog had and the catalog lost: a tool that does not know them dropped them.
MARKERS = "markers"


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
    msgid_line: int | None = None  # `line` is the msgstr's, the line a translator edits


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

    def add(self, problems: list[Problem]) -> None:
        """More problems (of `--back-translated`, `--source`), kept grouped by file in check's order."""
        first: dict[str, int] = {}
        for i, p in enumerate(self.problems + problems):
            first.setdefault(p.path, i)
        self.problems = sorted(self.problems + problems, key=lambda p: (first[p.path], p.line or 0))

    @property
    def failed(self) -> bool:
        """Exit status 1: any error, coverage below the threshold included."""
        return self.errors > 0


def check_catalog(catalog: catalogs.Catalog, lang: str, domain: str, shown: str,
                  glossary: Iterable[Term] = ()) -> list[Problem]:
    """The per-entry checks of `checks` over every translated entry of one catalog, and the
    glossary check over machine drafts (a warning: the reviewer's to fix).

    An unknown `leaflet-ignore` code is reported on every live entry, reviewed or not: the
    translator meant to silence something, and the flag stays when the entry is reviewed.
    """
    ctx = context_for(lang, catalog, glossary)
    problems = []
    for entry in catalog:
        if entry.obsolete:
            continue
        msgid_line = catalog.msgid_line(entry)
        line = catalog.msgstr_line(entry)
        if is_checked(entry):
            for finding in check_entry(entry, ctx):
                problems.append(Problem(lang, domain, shown, line, entry.msgid, finding.code,
                                        finding.severity, finding.message, msgid_line))
        elif catalogs.is_machine_draft(entry) and catalogs.first_msgstr(entry):
            for finding in check_entry(entry, ctx, DRAFT_CHECKS):
                problems.append(Problem(lang, domain, shown, line, entry.msgid, finding.code, WARNING,
                                        f"machine draft: {finding.message}", msgid_line))
        for code in unknown_ignores(entry):
            problems.append(Problem(lang, domain, shown, line, entry.msgid, FLAGS, WARNING,
                                    f"unknown check {code!r} in `leaflet-ignore: {code}`: it silences "
                                    f"nothing (checks: {', '.join(sorted(CODES))})", msgid_line))
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


def _check_domain(shared: tuple[dict[str, tuple[Term, ...]], Inputs], task: _Task) -> _Outcome:
    glossaries, inputs = shared
    outcome = _Outcome()
    _check_domain_into(task, outcome, glossaries, inputs)
    return outcome


def _fresh_keys(task: _Task) -> dict[tuple[str | None, str, str], int]:
    """(msgctxt, msgid, msgid_plural) of every message a fresh extraction gives, with its line."""
    from ..catalogs import extract
    if task.article is not None:
        messages = extract.article_messages(task.article)
    else:
        messages = extract.site_messages(task.site)
    return {(None, m.msgid, m.msgid_plural or ""): (m.occurrences[0][1] if m.occurrences else 0)
            for m in messages}


def _keys(catalog: polib.POFile) -> dict[tuple[str | None, str, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or ""): e for e in catalog if not e.obsolete}


def _check_domain_into(task: _Task, outcome: _Outcome, glossaries: dict[str, tuple[Term, ...]],
                       inputs: Inputs) -> None:
    root, domain = task.root, task.domain
    pot_path = catalogs.template_path(root, domain)
    pot_shown = relative(pot_path, root)
    template = catalogs.read_catalog(pot_path, root, inputs) if pot_path.exists() else None
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
    due = task.site.languages
    if task.article is not None:
        due = due_languages(task.site, task.article)
        for problem in image_problems(root, parse_article(task.article)):  # publish could not show it
            problems.append(Problem(None, domain, task.article.path, problem.line, None, IMAGES, ERROR,
                                    problem.message))

    read: list[tuple[str, str, catalogs.Catalog]] = []
    for lang, threshold in zip(task.langs, task.thresholds):
        path = catalogs.catalog_path(root, lang, domain)
        shown = relative(path, root)
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
        catalog = catalogs.read_catalog(path, root, inputs)
        report = catalog_report(catalog, lang, domain, shown, threshold)
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
        if report.total and report.percent < threshold and lang in due:
            problems.append(Problem(
                lang, domain, shown, None, None, COVERAGE, ERROR,
                f"{report.percent:.1f}% translated ({report.translated} of {report.total}), below the "
                f"{threshold:g}% required for {language(lang).name}"))
        problems.extend(check_catalog(catalog, lang, domain, shown, glossaries.get(lang, ())))
        read.append((lang, shown, catalog))
    problems.extend(_lost_markers(root, domain, template, read))


def _lost_markers(root: Path, domain: str, template: catalogs.Catalog | None,
                  read: list[tuple[str, str, catalogs.Catalog]]) -> list[Problem]:
    """Markers the template or the previous version (git) of each catalog had and the catalog lost."""
    previous = history.previous_versions(root, {Path(c.fpath): c.fingerprint for _, _, c in read})
    problems = []
    for lang, shown, catalog in read:
        for before, since in ((template, "its template"), (previous.get(Path(catalog.fpath)), "the previous version")):
            if before is None:
                continue
            for entry, gone in markers.lost(catalog, before):
                line = catalog.msgstr_line(entry)
                problems.append(Problem(
                    lang, domain, shown, line, entry.msgid, MARKERS, WARNING,
                    f"lost {', '.join(f'`# {m}`' for m in gone)} that {since} had: a tool that does not know "
                    "leaflet's markers dropped them (msgcat, msgmerge, Weblate, XLIFF); restore them as "
                    "translator comments", catalog.msgid_line(entry)))
    return problems


# ---------------------------------------------------------------- check

def _tasks(project: Project, langs: list[str], thresholds: list[float]) -> list[_Task]:
    root, site = project.root, project.site
    articles = {a.slug: a for a in project.articles}
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


def run_check(project: Project | Path, langs: Iterable[str] | None = None, min_coverage: float | None = None,
              jobs: int | None = None) -> CheckResult:
    """Check the catalogs of `langs` (default: every configured language).

    Coverage here is each catalog's translated share as `msgfmt --statistics` counts it, against
    `min_coverage` (default: site.toml's threshold of the language). Raises a LeafletError for
    bad input (a malformed catalog, article, site.toml or glossary: file and line named).
    """
    project = project_of(project)
    root, site = project.root, project.site
    selected = site.select_languages(tuple(langs or ()), all_=not langs)
    ready = catalogs.initialized_languages(root, selected)
    problems = [Problem(lang, "", f"locales/{lang}", None, None, STALE, ERROR,
                        f"no catalogs for {language(lang).name}: run `leaflet init --lang {lang}`")
                for lang in selected if lang not in ready]
    thresholds = [min_coverage if min_coverage is not None else site.coverage_threshold(l) for l in ready]
    glossaries = {lang: tuple(load_glossary(root, lang, project.inputs)) for lang in ready}
    tasks = _tasks(project, ready, thresholds)
    outcomes = parallel_map(_check_domain, tasks, (glossaries, project.inputs), jobs=jobs,
                            executor=project.executor, work=len(tasks) * max(1, len(ready)))
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


