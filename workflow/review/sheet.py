"""`leaflet review`: a bilingual review sheet per edition, for the clinician who signs it off.

Every segment of the article in document order, English beside the translation, with its
state (reviewed; machine draft with engine and confidence; fuzzy; untranslated), the findings
of `leaflet check`'s rules and the glossary terms it uses. When the edition was signed before,
what changed since is marked, the signed text beside the current one. The footer carries the
edition's digest, the value `leaflet signoff` records. Written as HTML (screen) and PDF (A4)
under `output/review/<lang>/`; nothing in `locales/` is touched.

With back-translation (`--back-translate`, or the language in `[translation.back] review`),
every translated or drafted segment also shows its translation machine-translated back into
English, styled as machine output, with its chrF score and meaning flags (`checks.meaning`),
and the sheet opens with the flagged segments, each linking to its row.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import jinja2
import polib
from markupsafe import Markup

from .. import TEMPLATES_DIR, catalogs
from ..base.errors import InputError
from ..base.files import (
    MAX_IMAGE_BYTES,
    check_inside,
    check_output_folder,
    replace_if_changed,
    temp_beside,
    write_atomic,
    write_error,
)
from ..base.languages import language
from ..catalogs.drafts import split_note
from ..catalogs.glossary import Term
from ..catalogs.pofile import build_date
from ..catalogs.repository import catalog_path
from ..checks.findings import Finding, check_entry, context_for
from ..checks.meaning import KINDS, Drift, compare, count_flags
from ..editions.shown import glossary
from ..editions.signoff import (
    CHANGED,
    SIGNED,
    Change,
    Verdict,
    select_articles,
    verdict,
)
from ..render.assets import write_assets
from ..source.project import Project, project_of
from ..source.segments import parse_article
from .markup import IMAGES, SheetMarkup

if TYPE_CHECKING:
    from ..mt.back import BackReport

REVIEW_DIR = Path("review")
REVIEWED, DRAFT, FUZZY, UNTRANSLATED = "reviewed", "machine draft", "fuzzy", "untranslated"


@dataclass(frozen=True)
class TermUse:
    """A glossary term the English uses, and whether the translation has an accepted form."""

    term: Term
    rendered: bool | None  # None: no translation to look in


@dataclass(frozen=True)
class Row:
    number: int  # 1-based position in document order
    line: int  # line in the article file
    kind: str  # the kind of block (heading, paragraph, table cell …)
    msgid: str
    msgstr: str  # "" when untranslated
    state: str
    engine: str | None = None  # machine drafts: the `leaflet-mt:` provenance
    confidence: str | None = None  # machine drafts, when the engine recorded one
    previous: str | None = None  # fuzzy from update: the English the translation was made for
    findings: tuple[Finding, ...] = ()
    terms: tuple[TermUse, ...] = ()
    change: Change | None = None
    po_line: int | None = None  # line of the entry in the catalog
    drift: Drift | None = None  # the back-translation and its comparison with the English


@dataclass
class Sheet:
    lang: str
    slug: str
    title: str
    centre: str
    rows: list[Row]
    verdict: Verdict
    generated: dt.datetime
    catalog: str  # the catalog's path, relative to the project
    other_changes: list[Change] = field(default_factory=list)  # removed segments and interface strings
    back: str | None = None  # with back-translation: the engine and direction ("… ta→en")
    root: Path = Path(".")
    article_path: str = ""  # the article, relative to the project: its images are relative to it
    website: str = ""  # the centre's, for links to pages on paper

    @property
    def flagged(self) -> list[Row]:
        return [r for r in self.rows if r.drift is not None and r.drift.flags]

    @property
    def flag_counts(self) -> dict[str, int]:
        return count_flags(r.drift for r in self.rows if r.drift is not None)

    @property
    def counts(self) -> dict[str, int]:
        out = {state: 0 for state in (REVIEWED, DRAFT, FUZZY, UNTRANSLATED)}
        for row in self.rows:
            out[row.state] += 1
        return out

    @property
    def changed(self) -> int:
        return sum(1 for r in self.rows if r.change is not None) + len(self.other_changes)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows for f in r.findings if f.severity == "error")


def state_of(entry: polib.POEntry | None) -> str:
    if entry is None or catalogs.is_untranslated(entry):
        return UNTRANSLATED
    if catalogs.is_reviewed(entry):
        return REVIEWED
    if catalogs.is_machine_draft(entry):
        return DRAFT
    return FUZZY


def _terms(msgid: str, msgstr: str, glossary: Iterable[Term]) -> tuple[TermUse, ...]:
    """Terms the English uses, in order of first use; a term only inside a longer one
    ("fracture" in "compression fracture") is the longer term's, as the glossary check reads it."""
    claimed: list[tuple[int, int]] = []
    found: list[tuple[int, TermUse]] = []
    for term in glossary:  # longest source first
        spans = [m.span() for m in term.pattern().finditer(msgid)
                 if not any(a <= m.start() and m.end() <= b for a, b in claimed)]
        if spans:
            claimed += spans
            rendered = any(form in msgstr for form in term.forms) if msgstr else None
            found.append((spans[0][0], TermUse(term, rendered)))
    return tuple(use for _, use in sorted(found, key=lambda f: f[0]))


def build_sheet(project: Project | Path, lang: str, slug: str) -> Sheet:
    """The sheet's data for one edition; reads the article, the catalog, the glossary, the sign-off."""
    project = project_of(project)
    root, site = project.root, project.site
    article = select_articles(project, [slug])[0]
    parsed = parse_article(article)
    path = catalog_path(root, lang, slug)
    catalog = catalogs.read_catalog(path, root, project.inputs) if path.exists() else None
    entries = {e.msgid: e for e in catalogs.active(catalog) if e.msgctxt is None} if catalog else {}
    terms = glossary(project, lang)
    ctx = context_for(lang, catalog, terms) if catalog is not None else None
    seen = verdict(project, lang, article)
    by_index = {c.index: c for c in seen.changes if c.index is not None and c.kind != "interface"}
    rows = []
    for number, segment in enumerate(parsed.segments, 1):
        entry = entries.get(segment.msgid)
        state = state_of(entry)
        msgstr = entry.msgstr if entry is not None else ""
        engine, confidence = split_note(catalogs.mt_note(entry)) if state == DRAFT and entry else (None, None)
        findings = tuple(check_entry(entry, ctx)) if entry is not None and ctx and msgstr else ()
        rows.append(Row(number, segment.line, segment.comment, segment.msgid, msgstr, state, engine, confidence,
                        entry.previous_msgid if state == FUZZY and entry is not None else None,
                        findings, _terms(segment.msgid, msgstr, terms), by_index.get(number - 1),
                        catalog.msgid_line(entry) if catalog is not None and entry is not None else None))
    others = [c for c in seen.changes if c.index is None or c.kind == "interface"]
    return Sheet(lang, slug, article.title, site.centre.name, rows, seen, build_date(),
                 path.relative_to(root).as_posix(), others, root=root, article_path=article.path,
                 website=site.centre.website)


def with_back(sheet: Sheet, texts: dict[str, str], engine: str, terms: Iterable[Term]) -> Sheet:
    """The sheet with each translated segment's back-translation (`texts`: msgstr → English)."""
    terms = tuple(terms)
    rows = [replace(row, drift=compare(row.msgid, texts[row.msgstr], terms)) if row.msgstr in texts else row
            for row in sheet.rows]
    return replace(sheet, rows=rows, back=engine)


# ---------------------------------------------------------------- rendering

@jinja2.pass_context
def inline(context: jinja2.runtime.Context, text: str | None) -> Markup:
    """A segment's inline Markdown as HTML by publish's link and image rules (`markup`);
    translations are untrusted, so no raw HTML passes."""
    return context["markup"](text)


def shown(value: str | tuple[str, ...] | None) -> str:
    if value is None:
        return ""
    return " | ".join(value) if isinstance(value, tuple) else value


@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters.update(inline=inline, shown=shown)
    return env


def render_sheet(sheet: Sheet, print_: bool = False, images: dict[str, Path] | None = None,
                 linkable: frozenset[str] = frozenset()) -> str:
    """The sheet as HTML: for a browser, or (`print_`) for WeasyPrint, with fonts it can load.
    The images it shows are added to `images` (assets/images/<key> -> file under source/);
    links to the articles `linkable` (sheets written beside it) are kept, as publish keeps them."""
    lang = language(sheet.lang)
    markup = SheetMarkup(sheet.root, sheet.article_path, sheet.lang, sheet.website, print_,
                         linkable=linkable, images=images if images is not None else {})
    return _environment().get_template("review.html").render(
        sheet=sheet, markup=markup, lang=sheet.lang, dir=lang.direction, language=lang, assets="../assets/",
        print=print_,
        signed=sheet.verdict.state == SIGNED, changed=sheet.verdict.state == CHANGED,
        states=(REVIEWED, DRAFT, FUZZY, UNTRANSLATED), kinds=KINDS, generated=sheet.generated.strftime("%Y-%m-%d %H:%M UTC"))


@dataclass
class ReviewResult:
    files: list[tuple[Path, str]]
    sheets: list[Sheet]
    back: BackReport | None = None  # when back-translated


def write_review(project: Project | Path, lang: str, slugs: Iterable[str] = (), output: Path | None = None,
                 pdf: bool = True, back_translate: bool | None = None) -> ReviewResult:
    """Write `<output>/review/<lang>/<slug>.html` (and `.pdf`) for each edition; return what was written.

    `back_translate`: add back-translations (None: if site.toml's `[translation.back] review`
    names the language). Every sheet is built, and back-translated, before anything is written,
    so bad input or a missing model leaves no partial sheets.
    """
    project = project_of(project)
    root = project.root
    project.site.check_language(lang)
    chosen = [a.slug for a in select_articles(project, list(slugs) or None)]
    if not chosen:
        raise InputError("no articles to review", "source/articles")
    if output is not None:
        check_output_folder(root, output)
    sheets = [build_sheet(project, lang, slug) for slug in chosen]
    back = None
    if back_translate or (back_translate is None and lang in project.site.translation.review_back):
        from ..mt.back import back_translate as run_back

        back = run_back(project.site, lang, (r.msgstr for sheet in sheets for r in sheet.rows))
        terms = glossary(project, lang)
        sheets = [with_back(sheet, back.texts, f"{back.engine} {back.direction}", terms) for sheet in sheets]
    folder = (output if output is not None else root / "output") / REVIEW_DIR
    assets = folder / "assets"
    images: dict[str, Path] = {}
    linkable = frozenset(chosen)
    pages = [(sheet, render_sheet(sheet, False, images, linkable), render_sheet(sheet, True, images, linkable)
              if pdf else "") for sheet in sheets]
    check_inside(folder.parent, [folder / lang / f"{sheet.slug}.html" for sheet in sheets]
                 + [assets / IMAGES / key for key in images] + [assets / "fonts" / "-", assets / "-"])
    results: list[tuple[Path, str]] = [(p, "written") for p in write_assets(assets, [lang], ["review.css"])]
    results += [(assets / IMAGES / key, "written") for key, source in sorted(images.items())
                if replace_if_changed(assets / IMAGES / key, project.inputs.read(source, MAX_IMAGE_BYTES))]
    for sheet, html, printed in pages:
        page = folder / lang / f"{sheet.slug}.html"
        write_atomic(page, html.encode("utf-8"))
        results.append((page, "written"))
        if pdf:
            from ..render.pdf import PdfJob, render
            target = page.with_suffix(".pdf")
            partial = None
            try:
                partial = temp_beside(target)
                render(PdfJob(printed, page, assets, partial))
                os.replace(partial, target)
            except OSError as exc:  # name the sheet, not the temp file
                named = write_error(exc, target)
                if named is None:
                    raise
                raise named from None
            finally:
                if partial is not None:
                    partial.unlink(missing_ok=True)
            results.append((target, "written"))
    return ReviewResult(results, sheets, back)
