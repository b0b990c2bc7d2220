"""`leaflet check --back-translated`: the meaning flags of every translated segment, in CI.

Each translated or drafted segment of an article's catalog is compared (`meaning`) with the
back-translation of its msgstr that `review --back-translate` left in `.leaflet-cache/`
(`backcache`): no engine runs here. A flag is a warning on the msgstr line, or an error with
`strict` (`--strict-meaning`); a segment whose back-translation is not cached is counted and
named per catalog, since it was not compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .. import catalogs
from ..base.files import relative
from ..catalogs.glossary import load_glossary
from ..source.project import Project
from .backcache import CACHE_DIR, load_cache
from .findings import ERROR, WARNING, ignored
from .gate import Problem
from .meaning import flags

MEANING = "meaning"


def meaning_code(kind: str) -> str:
    return f"{MEANING}-{kind}"


def meaning_problems(project: Project, langs: Iterable[str], strict: bool = False) -> list[Problem]:
    """Meaning flags and uncached segments of every article catalog of `langs`."""
    root: Path = project.root
    site = project.site
    severity = ERROR if strict else WARNING
    slugs = [a.slug for a in project.articles]
    problems: list[Problem] = []
    for lang in langs:
        spec = site.translation.back_spec(lang)
        cache = load_cache(root, site.source_language, lang, spec)
        terms = load_glossary(root, lang, project.inputs)
        for slug in slugs:
            path = catalogs.catalog_path(root, lang, slug)
            if not path.exists():
                continue
            shown = relative(path, root)
            missing = []
            catalog = catalogs.read_catalog(path, root, project.inputs)
            for entry in catalogs.active(catalog):
                if entry.msgid_plural or not entry.msgstr.strip():
                    continue
                back = cache.get(entry.msgstr)
                msgid_line, line = catalog.msgid_line(entry), catalog.msgstr_line(entry)
                if back is None:
                    missing.append(line)
                    continue
                skip = ignored(entry)
                for flag in flags(entry.msgid, back, terms):
                    if meaning_code(flag.kind) not in skip:
                        problems.append(Problem(lang, slug, shown, line, entry.msgid, meaning_code(flag.kind),
                                                severity, f"{flag.message} (back: “{back}”)", msgid_line))
            if missing:
                problems.append(Problem(
                    lang, slug, shown, missing[0], None, MEANING, severity,
                    f"{len(missing)} segment{'s' if len(missing) > 1 else ''} not compared: no back-translation "
                    f"by {spec.identity} {cache.direction} in {CACHE_DIR}/ (run `leaflet review --lang {lang} "
                    f"{slug} --back-translate`)"))
    return problems
