"""`leaflet status`: how far each catalog is, and which languages `publish --all` includes.

Counts agree with `msgfmt --statistics` (translated, fuzzy, untranslated, obsolete) and add
the entry states of `catalogs` (reviewed, machine drafts). The verdict per language is
publish's own rule (`editions`): the *reviewed* share over the articles' and the site's
domains, a missing catalog counting its template's entries. No entry checks, no extraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import polib

from .. import catalogs
from ..base.files import Inputs, relative
from ..base.pool import parallel_map
from ..catalogs.repository import coverage_domains, reviewed_counts
from ..source.articles import due_languages
from ..source.project import Project, project_of
from ..source.site import SITE_DOMAIN


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
        elif not catalogs.first_msgstr(entry):
            untranslated += 1
        elif "fuzzy" in entry.flags:
            fuzzy += 1
        else:
            translated += 1
    return translated, fuzzy, untranslated, obsolete


def catalog_report(catalog: polib.POFile, lang: str, domain: str, shown: str, threshold: float) -> CatalogReport:
    translated, fuzzy, untranslated, obsolete = counts(catalog)
    live = [e for e in catalog if not e.obsolete]
    return CatalogReport(
        lang=lang, domain=domain, path=shown, total=translated + fuzzy + untranslated,
        translated=translated, fuzzy=fuzzy, untranslated=untranslated, obsolete=obsolete,
        reviewed=sum(1 for e in live if catalogs.is_reviewed(e)),
        machine_drafts=sum(1 for e in live if catalogs.is_machine_draft(e)),
        threshold=threshold)


@dataclass(frozen=True)
class LanguageStatus:
    """One language as `leaflet publish --all` sees it: reviewed entries over `catalogs.coverage_domains`."""

    lang: str
    reviewed: int
    total: int
    machine_drafts: int  # over the language's catalogs, awaiting review
    threshold: float
    initialized: bool = True
    #: Editions `publish --all` takes by coverage: due articles whose catalog reaches the
    #: threshold, when the interface (site.po) does too. (Entries check rejects are not counted
    #: here; `leaflet check` reports them.)
    editions: tuple[str, ...] = ()

    @property
    def reviewed_percent(self) -> float:
        """publish's share: nothing to publish counts as 0%."""
        return 100.0 * self.reviewed / self.total if self.total else 0.0

    @property
    def publishable(self) -> bool:
        """What `publish --all` decides: at least one edition of the language is published."""
        return bool(self.editions)


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

    def __call__(self, inputs: Inputs) -> CatalogReport:
        path = catalogs.catalog_path(self.root, self.lang, self.domain)
        catalog = catalogs.read_catalog(path, self.root, inputs)
        return catalog_report(catalog, self.lang, self.domain, relative(path, self.root), self.threshold)


@dataclass(frozen=True)
class _ReviewedCounts:
    root: Path
    lang: str
    domain: str

    def __call__(self, inputs: Inputs) -> tuple[int, int]:
        return reviewed_counts(self.root, self.lang, [self.domain], inputs)


def _perform(inputs: Inputs, task: _CatalogCounts | _ReviewedCounts) -> CatalogReport | tuple[int, int]:
    return task(inputs)


def run_status(project: Project | Path, langs: Iterable[str] | None = None, jobs: int | None = None) -> StatusResult:
    """Counts of every catalog of `langs` and, per language, whether `publish --all` includes it.

    No entry checks, no extraction. Languages without catalogs get a verdict too: publish
    counts them as well (0% reviewed).
    """
    project = project_of(project)
    root, site = project.root, project.site
    selected = site.select_languages(tuple(langs or ()), all_=not langs)
    ready = catalogs.initialized_languages(root, selected)
    articles = project.articles
    domains = tuple(coverage_domains(root, [a.slug for a in articles]))
    counted = [_CatalogCounts(root, lang, domain, site.coverage_threshold(lang))
               for lang in ready for domain in catalogs.catalog_domains(root, lang)]
    have = {(task.lang, task.domain) for task in counted}
    # publish's reviewed_counts(root, lang, domains): a catalog's own report already holds its
    # reviewed and total entries, so only domains without a catalog (their template) are read here.
    verdicts = [_ReviewedCounts(root, lang, domain) for lang in selected for domain in domains
                if (lang, domain) not in have]
    results = parallel_map(_perform, [*counted, *verdicts], project.inputs, jobs=jobs,
                           executor=project.executor)
    reports: list[CatalogReport] = results[:len(counted)]
    order = {lang: i for i, lang in enumerate(selected)}
    reports.sort(key=lambda r: (order[r.lang], r.domain != SITE_DOMAIN, r.domain))
    sums = {lang: [0, 0] for lang in selected}
    shares: dict[tuple[str, str], float] = {}
    for lang, domain, reviewed, total in [(r.lang, r.domain, r.reviewed, r.total) for r in reports] + \
            [(t.lang, t.domain, *counts) for t, counts in zip(verdicts, results[len(counted):])]:
        if domain in domains:
            sums[lang][0] += reviewed
            sums[lang][1] += total
            shares[(lang, domain)] = 100.0 * reviewed / total if total else 0.0

    def editions(lang: str) -> tuple[str, ...]:
        threshold = site.coverage_threshold(lang)
        if shares.get((lang, SITE_DOMAIN), 0.0) < threshold:
            return ()
        return tuple(a.slug for a in articles if lang in due_languages(site, a)
                     and shares.get((lang, a.slug), 0.0) >= threshold)

    languages = [LanguageStatus(lang, reviewed, total, sum(r.machine_drafts for r in reports if r.lang == lang),
                                site.coverage_threshold(lang), lang in ready, editions(lang))
                 for lang, (reviewed, total) in sums.items()]
    return StatusResult(reports, languages)
