"""`leaflet signoff`: a clinician's sign-off of an edition, written as a record bound to its texts.

The edition's digest, its texts and the verdict on a record are `editions.signoff`'s; this
module refuses an edition that is not ready and writes the record under the project lock.
"""

from __future__ import annotations

from pathlib import Path

from .. import catalogs
from ..base.errors import FindingsError, UsageError
from ..base.files import relative, write_atomic
from ..base.lock import project_lock
from ..catalogs.pofile import build_date
from ..catalogs.repository import catalog_path
from ..editions.shown import glossary, usable_translations
from ..editions.signoff import (
    Record,
    Texts,
    edition_texts,
    excerpt,
    record_path,
    select_articles,
)
from ..source.articles import Article
from ..source.project import Project, project_of
from ..source.segments import parse_article
from ..source.site import SITE_DOMAIN


def _signer(by: str) -> str:
    name, _, role = by.strip().partition(",")
    if not name.strip() or not role.strip():
        raise UsageError(f'--by must name the clinician and their role, "NAME, ROLE" (got {by!r})')
    return f"{name.strip()}, {' '.join(role.split())}"


def refusals(project: Project, lang: str, article: Article, texts: Texts) -> list[str]:
    """Why an edition cannot be signed: English fallbacks, unreviewed interface strings, and the
    entries publish withholds for an error finding (the same judgement as `check`)."""
    withheld = [w for domain in (article.slug, SITE_DOMAIN)
                for w in usable_translations(project, lang, domain).withheld]
    rejected = {w.msgid for w in withheld}
    missing = [f'{i + 1} "{excerpt(msgid, 40)}"' for i, (msgid, shown) in enumerate(texts.segments)
               if shown is None and msgid not in rejected]
    reasons = []
    if missing:
        reasons.append(f"{len(missing)} of {len(texts.segments)} segments have no reviewed translation and would "
                       f"be shown in English (segment {', '.join(missing[:3])}{', …' if len(missing) > 3 else ''})")
    root = project.root
    path = catalog_path(root, lang, SITE_DOMAIN)
    if path.exists():
        catalog = catalogs.read_catalog(path, root, project.inputs)
        for entry in catalogs.active(catalog):
            if entry.msgctxt is None and not catalogs.is_reviewed(entry):
                reasons.append(f'{relative(path, root)}:{catalog.msgstr_line(entry)}: interface string '
                               f'"{excerpt(entry.msgid)}" is not reviewed')
    reasons += [f'{w.path}:{w.line}: [{w.code}] {w.message} ("{excerpt(w.msgid)}")' for w in withheld]
    return reasons


def back_translation_record(project: Project, lang: str, article: Article) -> dict:
    """What the back-translation sheet showed: its engine, and each segment's open meaning flags.

    Read from the cache `review --back-translate` filled (no engine runs here); a segment it lacks
    means the clinician did not see that sheet, so signing with it is refused.
    """
    from ..checks.backcache import load_cache
    from ..checks.meaning import flags

    root, site = project.root, project.site
    spec = site.translation.back_spec(lang)
    cache = load_cache(root, site.source_language, lang, spec)
    terms = glossary(project, lang)
    path = catalog_path(root, lang, article.slug)
    entries = ({e.msgid: e.msgstr for e in catalogs.active(catalogs.read_catalog(path, root, project.inputs))
                if e.msgctxt is None} if path.exists() else {})
    found, missing = [], []
    for number, segment in enumerate(parse_article(article).segments, 1):
        msgstr = entries.get(segment.msgid, "")
        if not msgstr.strip():
            continue
        back = cache.get(msgstr)
        if back is None:
            missing.append(number)
            continue
        found += [{"segment": number, "kind": f.kind, "message": f.message} for f in flags(segment.msgid, back, terms)]
    if missing:
        raise FindingsError(f"{lang}/{article.slug} has no back-translation sheet for segment "
                            f"{', '.join(map(str, missing[:5]))}{', …' if len(missing) > 5 else ''}: run "
                            f"`leaflet review --lang {lang} {article.slug} --back-translate` and read it first")
    return {"engine": f"{spec.identity} {cache.direction}", "open_flags": found}


def sign(project: Project | Path, lang: str, slug: str, by: str,
         back_translated: bool = False) -> tuple[Path, Record]:
    """Record that `by` signed the edition as it is now; refuse an edition that is not ready.

    `back_translated`: signed with the back-translation sheet; the record keeps its open flags."""
    signer = _signer(by)
    project = project_of(project)
    root = project.root
    project.site.check_language(lang)
    article = select_articles(project, [slug])[0]
    with project_lock(root):
        texts = edition_texts(project, lang, article)
        reasons = refusals(project, lang, article, texts)
        if reasons:
            more = f"; and {len(reasons) - 8} more" if len(reasons) > 8 else ""
            raise FindingsError(f"{lang}/{slug} cannot be signed off: " + "; ".join(reasons[:8]) + more)
        when = build_date().strftime("%Y-%m-%dT%H:%M:%SZ")
        back = back_translation_record(project, lang, article) if back_translated else None
        record = Record(lang, slug, signer, when, texts.digest, texts, back)
        path = record_path(root, lang, slug)
        write_atomic(path, record.to_json().encode("utf-8"))
    return path, record
