"""`leaflet publish`: the articles and catalogs of some languages into `output/`.

Output: `output/<lang>/<slug>.html` and `.pdf`, `output/<lang>/index.html`, `output/index.html`
and the shared `output/assets/` (CSS, fonts, images); draft builds go to `output/drafts/`. Which
editions (an article in a language) are built is `editions`' decision, and what they show is
what `leaflet check` passes. The source language is published with every run (`output/en/`):
it is every translated page's `x-default` alternate. The output mirrors the decisions: pages
of a deleted article or language, or of an edition no longer published, are removed.

Incremental (`build`): `output/.leaflet-build.json` records, per file, a hash of everything it
was made from (article, catalogs, site.toml, templates, CSS, fonts, code and versions,
options). A file whose hash did not change is not rebuilt; WeasyPrint is not even imported
when no PDF needs building. Everything is rendered (PDFs into temporary files) before the
first file is replaced, so a failure or `--strict` leaves the previous output as it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..base.errors import FindingsError, InputError, UsageError
from ..base.files import (
    MAX_CATALOG_BYTES,
    MAX_IMAGE_BYTES,
    MAX_RECORD_BYTES,
    MAX_SOURCE_BYTES,
    check_inside,
    check_output_folder,
    remove_leftovers,
    staging_folder,
    write_error,
)
from ..base.files import write_atomic as _write_bytes
from ..base.lock import output_lock
from ..catalogs.glossary import glossary_path
from ..catalogs.repository import catalog_path
from ..editions.shown import (
    Decision,
    Withheld,
    edition_languages,
    publish_languages,
    usable_translations,
)
from ..render.assets import write_page_assets
from ..source.articles import (
    RESERVED_SLUGS,
    SLUG_RE,
    Article,
    articles_dir,
)
from ..source.project import Project, project_of
from ..source.site import LANG_RE, SITE_DOMAIN
from .record import broken as broken_editions
from .record import decisions as edition_decisions
from .record import (
    digest,
    known,
    load_manifest,
    remove_stale,
    remove_unused_images,
    tool_hash,
    write_manifest,
)

#: Paper sizes of `--paper`, as CSS `@page { size }` values.
PAPER_SIZES = {"a5": "A5", "a4": "A4"}
#: `progress(done, total)`: pages and leaflets rendered so far, of those this run renders.
Progress = Callable[[int, int], None]


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class ArticleReport:
    lang: str
    slug: str
    segments: int
    fallbacks: int  # segments shown in English
    drafts: int  # segments shown from machine drafts (--include-drafts)


@dataclass
class PublishResult:
    output: Path
    languages: list[str]  # published in this run
    skipped: dict[str, str] = field(default_factory=dict)  # language -> why nothing of it is published
    skipped_editions: list[Decision] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)  # translations check rejects, shown in English
    articles: list[ArticleReport] = field(default_factory=list)
    interface_fallbacks: dict[str, int] = field(default_factory=dict)  # language -> strings in English
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    unchanged: int = 0
    drafts: bool = False
    source_language: str = "en"  # its edition is the articles' own text
    damaged_record: str | None = None  # why the build record could not be used: everything rebuilt

    @property
    def fallbacks(self) -> int:
        return sum(a.fallbacks for a in self.articles) + sum(self.interface_fallbacks.values())


def _safe(lang: str | None = None, slug: str | None = None) -> None:
    """Language codes and slugs become paths: check them again right before that happens.

    `load_articles` already refuses reserved slugs, naming the file; this is the last guard.
    """
    if lang is not None and not LANG_RE.fullmatch(lang):
        raise InputError(f"invalid language code {lang!r}")
    if slug is not None and (not SLUG_RE.fullmatch(slug) or slug in RESERVED_SLUGS):
        raise InputError(f"invalid article slug {slug!r}")


def planned_editions(project: Project | Path, langs: tuple[str, ...] | list[str] = (), all_: bool = False,
                     include_drafts: bool = False) -> dict[str, list[str]]:
    """The translated editions publish would build, language -> slugs, without building anything."""
    project = project_of(project)
    site = project.site
    tool, cache = tool_hash(tuple(site.languages)), {}
    broken = broken_editions(project, tool, cache)
    return {lang: [d.slug for d in edition_decisions(project, lang, all_, include_drafts, broken, tool,
                                                     cache)[0] if d.publish]
            for lang in site.select_languages(langs, all_)}


# ---------------------------------------------------------------- publish



@dataclass
class _Planned:
    rel: str  # path under output/, POSIX
    key: str
    html: str | None = None  # text to write; None for PDFs
    leaflet: str | None = None  # leaflet HTML for PDFs

    @property
    def pdf(self) -> bool:
        return self.rel.endswith(".pdf")


def publish(project: Project | Path, langs: tuple[str, ...] | list[str] = (), all_: bool = False, *,
            strict: bool = False, include_drafts: bool = False, force: bool = False,
            paper: str = "a5", output: Path | None = None, jobs: int | None = None,
            progress: Progress | None = None) -> PublishResult:
    """Publish the selected languages' editions, and the source language's; see the module
    docstring. Returns what was done.

    Drafts go to `output/drafts/` unless `output` is given, so they never replace the public
    edition. One run at a time writes an output folder (`lock.output_lock`).
    """
    if paper not in PAPER_SIZES:
        raise UsageError(f"unknown paper size {paper!r}: use {' or '.join(PAPER_SIZES)}")
    project = project_of(project)
    root, site = project.root, project.site
    out = output if output is not None else root / "output" / ("drafts" if include_drafts else "")
    check_output_folder(root, out)
    selected = publish_languages(site, langs, all_)
    for lang in selected:
        _safe(lang=lang)
    # Bad input above: nothing written, not even a lock. Holding the lock, what a killed run
    # left here (staging folders, temp files) is no other run's and is removed.
    with output_lock(out) as held:
        if held:
            remove_leftovers(out, staging=True)
        return _publish(project, out, selected, all_, strict, include_drafts, force, paper, jobs, progress)


def _publish(project: Project, out: Path, selected: list[str], all_: bool, strict: bool,
             include_drafts: bool, force: bool, paper: str, jobs: int | None,
             progress: Progress | None) -> PublishResult:
    """Keys come from file hashes alone, so a run with nothing to rebuild parses no Markdown,
    renders no template and loads no WeasyPrint: the counts it reports are the ones recorded
    with the same keys."""
    root, site, hashed = project.root, project.site, project.inputs.hash
    articles = project.articles
    for article in articles:
        _safe(slug=article.slug)
    manifest = load_manifest(out)
    result_damaged = manifest["damaged"]
    force = force or bool(result_damaged)
    old_files: dict[str, str] = manifest["files"]
    old_langs: dict[str, dict] = manifest["languages"]
    cache: dict = manifest["coverage"]
    tool = tool_hash(tuple(site.languages))
    site_hash = hashed(site.path, MAX_SOURCE_BYTES)
    images_hash = digest(*sorted((p.relative_to(root).as_posix(), hashed(p, MAX_IMAGE_BYTES))
                                 for p in articles_dir(root).rglob("*") if not p.is_dir()
                                 and p.suffix != ".md")) if articles_dir(root).is_dir() else ""
    sources = {a.slug: hashed(root / a.path, MAX_SOURCE_BYTES) for a in articles}
    slugs = [a.slug for a in articles]
    source = site.source_language
    result = PublishResult(output=out, languages=[], drafts=include_drafts, source_language=source,
                           damaged_record=result_damaged)
    broken = broken_editions(project, digest(tool, images_hash), cache)
    # Editions after this run: this run's decisions, and earlier languages' pages still valid.
    editions: dict[str, list[str]] = {}
    for lang in edition_languages(site):
        if lang in selected:
            decisions, why = edition_decisions(project, lang, all_, include_drafts, broken, tool, cache)
            result.skipped_editions += [d for d in decisions if not d.publish]
            editions[lang] = [d.slug for d in decisions if d.publish]
            if editions[lang]:
                result.languages.append(lang)
            else:
                result.skipped[lang] = why or "no edition to publish"
        elif lang in old_langs and (out / lang / "index.html").exists():
            recorded = old_langs[lang].get("articles")
            editions[lang] = [s for s in slugs if s in (recorded if isinstance(recorded, list) else slugs)
                              and s not in broken]
    editions = {lang: shown for lang, shown in editions.items() if shown}
    languages = {lang: dict(old_langs.get(lang, {})) if lang not in selected else
                 {"drafts": include_drafts and lang != source, "paper": paper} for lang in editions}
    published = list(editions)

    def stale(plan: _Planned) -> bool:
        return force or old_files.get(plan.rel) != plan.key or not (out / plan.rel).exists()

    planned: list[_Planned] = []
    pending: list[tuple[str, bool, str, list[Article], list[_Planned], str]] = []  # languages to render
    for lang in published:
        options = languages[lang]
        drafts, lang_paper = bool(options.get("drafts")), str(options.get("paper", "a5"))
        lang_paper = lang_paper if lang_paper in PAPER_SIZES else "a5"
        refresh_only = lang not in selected
        before = old_langs.get(lang, {})
        if refresh_only and before.get("published") == editions and before.get("articles") == editions[lang]:
            continue  # an earlier language whose links are all still right: left as it was
        shown = [a for a in articles if a.slug in editions[lang]]
        catalogs = {d: hashed(catalog_path(root, lang, d), MAX_CATALOG_BYTES) for d in [SITE_DOMAIN, *editions[lang]]}
        common = (tool, site_hash, images_hash, lang, drafts, catalogs[SITE_DOMAIN], site.centre.website,
                  hashed(glossary_path(root, lang), MAX_RECORD_BYTES), editions[lang])
        plans: list[_Planned] = []
        for article in shown:
            inputs = (*common, article.slug, sources[article.slug], catalogs[article.slug])
            plans.append(_Planned(f"{lang}/{article.slug}.html", digest(*inputs, editions)))
            if not refresh_only:
                plans.append(_Planned(f"{lang}/{article.slug}.pdf", digest(*inputs, lang_paper)))
        plans.append(_Planned(f"{lang}/index.html", digest(*common, sources, catalogs, editions)))
        lang_key = digest(*(p.key for p in plans))
        report = before.get("report") if isinstance(before.get("report"), dict) else {}
        if any(stale(p) for p in plans) or report.get("key") != lang_key:
            pending.append((lang, drafts, lang_paper, shown, plans, lang_key))
        planned += plans
        options.update(published=editions, articles=editions[lang], report=report)

    # Render the pages of every language that changed; the progress counts pages, then leaflets.
    images: dict[str, Path] = {}
    parsed_articles: dict = {}
    pages = sum(len(shown) for _, _, _, shown, _, _ in pending)
    total = pages + sum(1 for p in planned if p.pdf and stale(p))
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for lang, drafts, lang_paper, shown, plans, lang_key in pending:
        report = _render_language(project, lang, drafts, lang_paper, shown, editions, plans, images,
                                  parsed_articles, tick)
        languages[lang]["report"] = dict(report, key=lang_key)
    for lang in selected:
        report = languages.get(lang, {}).get("report", {})
        for slug in editions.get(lang, []):
            result.articles.append(ArticleReport(lang, slug, *report.get("articles", {}).get(slug, [0, 0, 0])))
        if lang in editions:
            result.interface_fallbacks[lang] = report.get("interface", 0)
        result.withheld += [Withheld(*w) for w in report.get("withheld", []) if isinstance(w, list) and len(w) == 6]
    index = _Planned("index.html", digest(tool, site_hash, published,
                                          [hashed(catalog_path(root, lang, SITE_DOMAIN), MAX_CATALOG_BYTES)
                                           for lang in published]))
    if stale(index):
        from ..render.html import root_index
        index.html = root_index(project, published)
    planned.append(index)

    if strict:
        _check_strict(result, selected)
        from ..editions.signoff import verify_editions
        for lang in selected:  # the release build: every translated edition published is signed as it is
            if editions.get(lang) and lang != source:
                verify_editions(project, [lang], editions[lang])

    # Render every PDF that changed into a temporary file before replacing anything.
    todo = [p for p in planned if stale(p)]
    result.unchanged = len(planned) - len(todo)
    assets = out / "assets"
    check_inside(out, [out / p.rel for p in todo] + [assets / "images" / key for key in images]
                 + [assets / "fonts" / "-", assets / "-"] + [out / rel for rel in old_files if known(rel)])
    shown_pages = None  # the web fonts follow the pages' text: made again when a page changed
    if any(not p.pdf for p in todo) or not (assets / "fonts.css").is_file():
        rendered = {p.rel: p.html for p in planned if p.html is not None}
        rels = ["index.html", *(f"{lang}/{name}.html" for lang in editions for name in ["index", *editions[lang]])]
        shown_pages = [rendered[rel] if rel in rendered else (out / rel).read_text(encoding="utf-8")
                       for rel in rels if rel in rendered or (out / rel).is_file()]
    written, removed = write_page_assets(assets, project, images, shown_pages, jobs)
    result.written += written
    result.removed += removed
    pdfs = [p for p in todo if p.pdf]
    staging: Path | None = None
    target = out / pdfs[0].rel if pdfs else out
    try:
        if pdfs:
            from ..render.pdf import PdfJob, render_all
            staging = staging_folder(out)
            render_all([PdfJob(p.leaflet or "", out / p.rel, assets, staging / p.rel.replace("/", "__"))
                        for p in pdfs], jobs, progress and (lambda n, _: progress(pages + n, total)),
                       executor=project.executor)
        files = {rel: key for rel, key in old_files.items() if known(rel)}
        for p in todo:
            target = out / p.rel
            if p.pdf:
                assert staging is not None
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / p.rel.replace("/", "__"), target)
            else:
                _write_bytes(target, (p.html or "").encode("utf-8"))
            files[p.rel] = p.key
            result.written.append(target)
    except OSError as exc:  # a full disk, a read-only output: name the page, not the staging folder
        staged = {p.rel.replace("/", "__"): out / p.rel for p in pdfs}
        named = write_error(exc, staged.get(Path(str(exc.filename or "")).name, target))
        if named is None:
            raise
        raise named from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    result.removed += remove_stale(out, site, editions, files)
    result.removed += remove_unused_images(assets / "images", old_langs, languages)
    write_manifest(out, files, {k: v for k, v in languages.items() if k in edition_languages(site)},
                   manifest["coverage"])
    return result


def _render_language(project: Project, lang: str, drafts: bool, paper: str, articles: list[Article],
                     editions: dict[str, list[str]], plans: list[_Planned], images: dict[str, Path],
                     parsed_articles: dict, tick: Callable[[], None]) -> dict:
    """Render the pages of one language's editions into `plans`; return its fallback counts and
    the translations check withheld. Each article and catalog is parsed once per run."""
    from ..render.html import Alternate, Edition
    from ..source.segments import parse_article

    site = project.site
    by_rel = {p.rel: p for p in plans}
    edition = Edition(project, lang, drafts)
    pages = []
    counts: dict[str, list[int]] = {}
    used: set[str] = set()
    linkable = frozenset(editions[lang])
    for article in articles:
        if article.slug not in parsed_articles:
            parsed_articles[article.slug] = parse_article(article)
        parsed = parsed_articles[article.slug]
        alternates = [Alternate(other, f"../{other}/{article.slug}.html", other == lang)
                      for other, shown in editions.items() if article.slug in shown]
        page = edition.article(parsed, alternates, PAPER_SIZES[paper], site.centre.website, linkable)
        pages.append(page)
        images.update(page.images)
        used.update(page.images)
        by_rel[f"{lang}/{article.slug}.html"].html = page.html
        if f"{lang}/{article.slug}.pdf" in by_rel:
            by_rel[f"{lang}/{article.slug}.pdf"].leaflet = page.leaflet
        counts[article.slug] = [len(parsed.segments), page.fallbacks, page.drafts]
        tick()
    alternates = [Alternate(other, f"../{other}/index.html", other == lang) for other in editions]
    by_rel[f"{lang}/index.html"].html = edition.index(pages, alternates)
    withheld = [[w.lang, w.path, w.line, w.code, w.message, w.msgid]
                for domain in [SITE_DOMAIN, *(a.slug for a in articles)] if lang != site.source_language
                for w in usable_translations(project, lang, domain, drafts).withheld]
    return {"articles": counts, "interface": len(edition.interface.missing), "images": sorted(used),
            "withheld": withheld}


def _check_strict(result: PublishResult, selected: list[str]) -> None:
    problems = [f"{w.path}:{w.line} [{w.code}] withheld" for w in result.withheld]
    problems += [f"{d.lang}/{d.slug}: {d.reason}" for d in result.skipped_editions if d.error]
    problems += [f"{a.lang}/{a.slug}: {a.fallbacks} of {a.segments} segments"
                 for a in result.articles if a.fallbacks and a.lang in selected]
    problems += [f"{lang} interface (site.po): {n} strings" for lang, n in result.interface_fallbacks.items()
                 if n and lang in selected]
    if problems:
        raise FindingsError("--strict: English would be shown where a reviewed translation is missing or "
                            f"rejected by check ({'; '.join(problems)}); nothing written")
