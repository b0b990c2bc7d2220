"""What publish may show, and which editions (an article in a language) it publishes.

A translation is shown only if `findings.check_entry` — the judgement `leaflet check` passes on
it — finds no error; an entry it rejects is *withheld* and its segment shown in English.
`publish --all` publishes an edition when the article is due in the language, its own catalog
reaches the language's `min_coverage` and nothing in it is withheld; `status` and `check`
measure coverage the same way. The source language (`site.source_language`) is an edition of
its own: its text is the articles', complete and reviewed by definition, and it is what every
translated page names as its `x-default` alternate, so it is published with every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .. import catalogs
from ..base.files import relative
from ..base.languages import language
from ..catalogs.glossary import Term, load_glossary
from ..catalogs.repository import catalog_path, template_path
from ..catalogs.states import active, is_machine_draft, is_reviewed
from ..checks.findings import ERROR, check_entry, context_for
from ..source.articles import Article, due_languages
from ..source.project import Project, project_of
from ..source.site import SITE_DOMAIN, Site


@dataclass(frozen=True)
class Withheld:
    """A reviewed (or, with drafts, machine) translation publish does not show: check rejects it."""

    lang: str
    path: str  # the catalog, relative to the project
    line: int | None  # its msgstr line
    code: str
    message: str
    msgid: str


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
    withheld: tuple[Withheld, ...] = ()
    reviewed: int = 0  # reviewed entries shown (withheld ones not counted)
    total: int = 0  # live entries of the catalog (of the template when there is no catalog)

    @property
    def share(self) -> float:
        """Reviewed share (percent) a reader is shown."""
        return 100.0 * self.reviewed / self.total if self.total else 0.0


def usable_translations(project: Project | Path, lang: str, domain: str, include_drafts: bool = False) -> Usable:
    """Usable translations of `lang`'s catalog for `domain`; an absent catalog has none.

    Every entry that would be shown is judged by `findings.check_entry`, the code path of
    `leaflet check`; one with an error finding is withheld. Computed once per run and edition.
    """
    project = project_of(project)
    return project.once(("usable", lang, domain, include_drafts),
                        lambda: _usable(project, lang, domain, include_drafts))


def glossary(project: Project, lang: str) -> tuple[Term, ...]:
    """The language's glossary, read once per run."""
    return project.once(("glossary", lang), lambda: tuple(load_glossary(project.root, lang, project.inputs)))


def _usable(project: Project, lang: str, domain: str, include_drafts: bool) -> Usable:
    root = project.root
    path = catalog_path(root, lang, domain)
    if not path.exists():
        pot = template_path(root, domain)
        total = len(active(catalogs.read_catalog(pot, root, project.inputs))) if pot.exists() else 0
        return Usable({}, {}, language(lang).plural_forms, total=total)
    catalog = catalogs.read_catalog(path, root, project.inputs)
    ctx = context_for(lang, catalog, glossary(project, lang))
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    drafts: set[str] = set()
    withheld: list[Withheld] = []
    entries = active(catalog)
    reviewed = 0
    for entry in entries:
        if entry.msgctxt is not None:
            continue
        draft = include_drafts and is_machine_draft(entry)
        if not (is_reviewed(entry) or draft):
            continue
        errors = [f for f in check_entry(entry, ctx) if f.severity == ERROR]
        if errors:
            withheld.append(Withheld(lang, relative(path, root), catalog.msgstr_line(entry),
                                     errors[0].code, errors[0].message, entry.msgid))
            continue
        reviewed += not draft
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            plurals[entry.msgid] = forms
        else:
            messages[entry.msgid] = entry.msgstr
        if draft:
            drafts.add(entry.msgid)
    return Usable(messages, plurals, catalog.metadata.get("Plural-Forms") or language(lang).plural_forms,
                  frozenset(drafts), tuple(withheld), reviewed, len(entries))


# ---------------------------------------------------------------- which editions are published

@dataclass(frozen=True)
class Decision:
    """Whether one edition is published, and if not, why (for the publish summary)."""

    lang: str
    slug: str
    publish: bool
    reason: str = ""
    error: bool = False  # skipped because of an error (an image, a withheld entry), not coverage


def decide(site: Site, lang: str, slug: str, all_: bool, due: bool, share: float, withheld: int,
           broken: str = "") -> Decision:
    """The edition rule. `broken`: why the article cannot be built at all (an image).

    `--lang` publishes every edition that can be built (a withheld entry is shown in English);
    `--all` only due editions at `min_coverage` with nothing withheld.
    """
    if broken:
        return Decision(lang, slug, False, broken, error=True)
    if not all_:
        return Decision(lang, slug, True)
    threshold = site.coverage_threshold(lang)
    if not due:
        return Decision(lang, slug, False, "not due: the article's `languages:` list does not name it")
    if share < threshold:
        return Decision(lang, slug, False, f"{share:.1f}% reviewed, below min_coverage {threshold:g}%")
    if withheld:
        return Decision(lang, slug, False, f"{withheld} translation{'s' if withheld > 1 else ''} rejected "
                        "by check (see withheld)", error=True)
    return Decision(lang, slug, True)


def cached(cache: dict, name: str, key: str, compute: Callable[[], Any]) -> Any:
    """`compute()` unless `cache` (publish's manifest) holds its value under the same key."""
    hit = cache.get(name)
    if isinstance(hit, list) and len(hit) == 2 and hit[0] == key:
        return hit[1]
    value = compute()
    cache[name] = [key, value]
    return value


def broken_articles(root: Path, articles: list[Article], cache: dict, key: Callable[[Article], str]) -> dict[str, str]:
    """slug -> why the article's editions cannot be built (an image that is not a file under
    source/, as `leaflet check` reports it); the article is parsed only when its key changed."""
    def problems(article: Article) -> str:
        from ..source.images import image_problems
        from ..source.segments import parse_article
        return "; ".join(str(p) for p in image_problems(root, parse_article(article)))

    found = {a.slug: cached(cache, f"images:{a.slug}", key(a), lambda a=a: problems(a)) for a in articles}
    return {slug: why for slug, why in found.items() if isinstance(why, str) and why}


def edition_languages(site: Site) -> tuple[str, ...]:
    """Every language publish writes: the source language first, then the target languages."""
    return (site.source_language, *site.languages)


def publish_languages(site: Site, langs: tuple[str, ...] | list[str], all_: bool) -> list[str]:
    """The languages a publish run builds: the selected target languages and, always, the source.

    The source edition is what the other editions' `x-default` alternates and language
    switchers point at, so a run that publishes any translation (re)builds it too; `--lang en`
    alone publishes only it. site.toml's `languages` never lists it.
    """
    source = site.source_language
    if all_ or not langs or any(lang != source for lang in langs):
        return [source, *site.select_languages([lang for lang in langs if lang != source] or langs, all_)]
    return [source]


def language_editions(site: Site, lang: str, articles: list[Article], all_: bool, broken: dict[str, str],
                      cache: dict, key: Callable[[str], str], shown: Callable[[str], Usable]
                      ) -> tuple[list[Decision], str]:
    """Each article's edition in `lang` by `decide`, and why no edition can be published at
    all when the interface (site.po) is below min_coverage under `--all`. `shown(domain)` gives
    a catalog's usable translations; their share and withheld count are cached under `key(domain)`."""
    def measure(domain: str) -> list:
        return cached(cache, f"{lang}/{domain}", key(domain),
                      lambda: (lambda u: [u.share, len(u.withheld)])(shown(domain)))

    if lang == site.source_language:  # the articles themselves: nothing to measure
        return [Decision(lang, a.slug, a.slug not in broken, broken.get(a.slug, ""), a.slug in broken)
                for a in articles], ""
    threshold = site.coverage_threshold(lang)
    if all_:
        share, _ = measure(SITE_DOMAIN)
        if share < threshold:
            return [], f"interface (site.po) {share:.1f}% reviewed, below min_coverage {threshold:g}%"
    decisions = []
    for article in articles:
        share, withheld = measure(article.slug) if all_ and article.slug not in broken else (0.0, 0)
        decisions.append(decide(site, lang, article.slug, all_, lang in due_languages(site, article), share,
                                withheld, broken.get(article.slug, "")))
    return decisions, ""
