"""Back-translation: translations machine-translated back into the source language, for a
reviewer who does not read the language, through the cache `check` reads.

The engine is the one `[translation.back]` names for the direction (else the language's own,
run the other way: `engines.load_engine(back=True)`). Only texts the cache lacks reach it, and
the engine is not even loaded when it lacks none: a second review calls no engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .. import catalogs
from ..checks.backcache import load_cache
from ..source.articles import load_articles
from .engines import load_engine


@dataclass
class BackReport:
    lang: str
    direction: str
    engine: str  # the spec's identity: what the cache is keyed by
    texts: dict[str, str] = field(default_factory=dict)  # msgstr → back-translation
    translated: int = 0  # by the engine in this run
    cached: int = 0
    warnings: list[str] = field(default_factory=list)  # LibreTranslate servers taken out on the way


def back_translate(site: Any, lang: str, msgstrs: Iterable[str]) -> BackReport:
    """The back-translation of every distinct msgstr; new ones are added to the cache."""
    spec = site.translation.back_spec(lang)
    cache = load_cache(site.root, site.source_language, lang, spec)
    wanted = list(dict.fromkeys(t for t in msgstrs if t.strip()))
    report = BackReport(lang, cache.direction, spec.identity)
    missing = []
    for text in wanted:
        hit = cache.get(text)
        if hit is None:
            missing.append(text)
        else:
            report.texts[text] = hit
            report.cached += 1
    if missing:
        engine = load_engine(site, lang, back=True)
        for text, back in zip(missing, engine.translate(missing)):
            cache.put(text, back)
            report.texts[text] = back
        report.warnings = list(getattr(engine, "warnings", []))
        report.translated = len(missing)
        cache.save()
    return report


def article_msgstrs(root: Any, lang: str) -> list[str]:
    """Every translated or drafted msgstr of the articles' catalogs of `lang` (what check compares)."""
    texts = []
    for article in load_articles(root):
        path = catalogs.catalog_path(root, lang, article.slug)
        if path.exists():
            texts += [e.msgstr for e in catalogs.active(catalogs.read_catalog(path, root))
                      if not e.msgid_plural and e.msgstr.strip()]
    return texts
