"""Extraction: articles, the site configuration and the page templates into message lists.

Article text goes through `segments.parse_article`, the same segmentation publish uses.
Template strings (`{% trans %}`, `gettext`, `ngettext`) go through Babel's extraction with
Jinja2's extractor. No format flags are guessed for article text: "90% of patients" is prose,
not a python-format string.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Iterator

from .. import TEMPLATES_DIR
from ..base.errors import InputError
from ..base.files import remove_leftovers
from ..base.lock import project_lock
from ..base.patterns import NAMED_PY, POSITIONAL_PY
from ..source.articles import Article, article_from_text, load_articles
from ..source.segments import parse_article
from ..source.site import SITE_DOMAIN, Site, load_site
from .pofile import Message, build_date, build_template, write_template
from .repository import template_domains, template_path

#: Site fields shown to readers, extracted into the `site` domain.
SITE_FIELDS = ("name", "tagline", "city", "region")


def _collect(items: Iterator[tuple[str, str, int, str, str, list[str]]]) -> list[Message]:
    """Merge (msgid, path, line, comment, plural, flags) items into messages, first-seen order."""
    messages: dict[tuple[str, str], Message] = {}
    for msgid, path, line, comment, plural, flags in items:
        message = messages.setdefault((msgid, plural), Message(msgid=msgid, msgid_plural=plural,
                                                               flags=list(flags)))
        if (path, line) not in message.occurrences:
            message.occurrences.append((path, line))
        if comment and comment not in message.comments:
            message.comments.append(comment)
    return list(messages.values())


def article_messages(article: Article) -> list[Message]:
    parsed = parse_article(article)
    return _collect((s.msgid, article.path, s.line, s.comment, "", []) for s in parsed.segments)


def site_messages(site: Site, templates_dir: Path = TEMPLATES_DIR) -> list[Message]:
    return _collect(_site_items(site, templates_dir))


def _site_items(site: Site, templates_dir: Path) -> Iterator[tuple[str, str, int, str, str, list[str]]]:
    shown = "source/site.toml"
    for name in SITE_FIELDS:
        value = getattr(site.centre, name)
        if value:
            yield value, shown, site.line_of(name) or 1, f"centre {name}", "", []
    yield from template_items(templates_dir)


def template_items(templates_dir: Path) -> Iterator[tuple[str, str, int, str, str, list[str]]]:
    """Interface strings of the Jinja2 templates, extracted with Babel."""
    from babel.messages.extract import extract
    from jinja2.ext import babel_extract

    base = templates_dir.parent.parent
    for path in sorted(templates_dir.glob("*.html")):
        shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
        with path.open("rb") as handle:
            for line, message, comments, _context in extract(
                    babel_extract, handle, comment_tags=("Translators:",), strip_comment_tags=True,
                    options={"extensions": "jinja2.ext.i18n", "trimmed": "true"}):
                singular, plural = (message if isinstance(message, tuple) else (message, ""))[:2]
                if not singular:
                    continue
                flags = ["python-format"] if _python_format(singular + (plural or "")) else []
                comment = " ".join(comments) if comments else "interface string"
                yield singular, shown, line, comment, plural or "", flags


def _python_format(text: str) -> bool:
    """Interface strings with %(name)s or %s are python-format, so msgfmt checks translations."""
    return bool(NAMED_PY.search(text) or POSITIONAL_PY.search(text.replace("%%", "")))


def babel_extract_markdown(fileobj: Any, keywords: Any, comment_tags: Any,
                           options: dict[str, Any]) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor entry point (`leaflet_markdown`), so `pybabel extract` reads articles.

    pybabel prints a traceback for any exception, so a file leaflet would refuse (not UTF-8,
    bad front matter, raw HTML, a reference link) is skipped with one warning naming file and
    line, as a file without front matter is."""
    name = Path(getattr(fileobj, "name", "article.md"))
    try:
        segments = _segments(fileobj.read(), name)
    except InputError as exc:
        warnings.warn(f"{exc}; skipped", stacklevel=2)
        return
    for segment in segments:
        yield segment.line, None, segment.msgid, [segment.comment]


def _segments(text: str | bytes, name: Path) -> list:
    """The segments of an article's text; [] with a warning for Markdown that is not an article."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text[: exc.start].count(b"\n") + 1
            raise InputError(f"not UTF-8 (byte {exc.start})", name.as_posix(), line) from None
    if not text.lstrip("\ufeff").startswith("---"):
        # Not an article (a README, notes): nothing to extract. Babel maps every *.md of a
        # folder to this extractor, so this is expected, not an error.
        warnings.warn(f"{name.as_posix()}: skipped, not an article (no front matter)", stacklevel=3)
        return []
    return parse_article(article_from_text(text, name.stem, name.as_posix())).segments


def all_templates(site: Site, articles: list[Article]) -> dict[str, list[Message]]:
    """Domain -> messages for every article and for the site."""
    domains = {article.slug: article_messages(article) for article in articles}
    domains[SITE_DOMAIN] = site_messages(site)
    return domains


def run(root: Path) -> list[tuple[Path, str]]:
    """Write every template that changed; remove templates of deleted articles.

    Everything is parsed and built before the first write, so bad input leaves no file touched.
    Returns (path, "written" | "unchanged" | "removed") for each template.
    """
    site = load_site(root)
    templates = all_templates(site, load_articles(root))
    with project_lock(root):
        remove_leftovers(root / "locales")
        return _write_templates(root, templates)


def _write_templates(root: Path, templates: dict[str, list[Message]]) -> list[tuple[Path, str]]:
    created = build_date()
    built = {domain: build_template(domain, messages, created) for domain, messages in templates.items()}
    results = []
    for domain, pot in sorted(built.items()):
        path = template_path(root, domain)
        results.append((path, "written" if write_template(pot, path) else "unchanged"))
    for domain in template_domains(root):
        if domain not in built:
            path = template_path(root, domain)
            path.unlink()
            results.append((path, "removed"))
    return results
