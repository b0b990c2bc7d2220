"""The articles under `source/articles/`: validated front matter and the Markdown body.

Nothing here parses Markdown; `segments` does that. Loading validates slugs and front matter so
errors name the file and line up front.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..base.errors import InputError
from ..base.files import MAX_SOURCE_BYTES, Inputs, bad_character, relative
from .site import Site, bad_character_in

RESERVED_SLUGS = frozenset({"site", "index"})  # the site domain; the index pages
FRONT_MATTER_FIELDS = ("title", "description", "author", "date", "tags", "languages")
#: Front-matter fields that are shown to readers and so extracted for translation.
TRANSLATABLE_FIELDS = ("title", "description")
SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Article:
    """One source article: validated front matter and the Markdown body."""

    slug: str
    path: str  # relative to the project root, POSIX separators: used in PO references
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    field_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> file line

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def description(self) -> str:
        return self.meta.get("description", "")

    @property
    def author(self) -> str:
        return self.meta.get("author", "")

    @property
    def date(self) -> dt.date | None:
        return self.meta.get("date")

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self.meta.get("tags", ()))


def articles_dir(root: Path) -> Path:
    return root / "source" / "articles"


def load_articles(root: Path, inputs: Inputs | None = None) -> list[Article]:
    """Every article under `source/articles/`, sorted by slug; slugs validated and unique."""
    base = articles_dir(root)
    articles: dict[str, Article] = {}
    for path in sorted(base.rglob("*.md")) if base.is_dir() else []:
        article = load_article(path, root, inputs)
        if article.slug in articles:
            raise InputError(f"duplicate slug {article.slug!r}: also {articles[article.slug].path}",
                             article.path)
        articles[article.slug] = article
    return [articles[slug] for slug in sorted(articles)]


def load_article(path: Path, root: Path, inputs: Inputs | None = None) -> Article:
    shown = relative(path, root)
    slug = path.stem
    if not SLUG_RE.fullmatch(slug):
        raise InputError(f"bad slug {slug!r}: a file name must match [a-z0-9]+(-[a-z0-9]+)*", shown)
    if slug in RESERVED_SLUGS:
        raise InputError(f"the slug {slug!r} is reserved: rename the file", shown)
    real = path.resolve()
    if real.is_file() and not real.is_relative_to((root / "source").resolve()):  # devices: "not a regular file"
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        raise InputError("is a link to a file outside source/: articles, like their images, must be "
                         "files under source/", shown)
    try:
        raw = (inputs or Inputs(root)).read(path, MAX_SOURCE_BYTES, shown)
    except FileNotFoundError:
        raise InputError("cannot read: no such file", shown) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start}): save the article as UTF-8", shown,
                         raw[: exc.start].count(b"\n") + 1) from None
    return article_from_text(text, slug, shown)


def article_from_text(text: str, slug: str, shown: str) -> Article:
    """Split front matter from body and validate it; `shown` is the path used in messages."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    bad = bad_character(text)
    if bad:
        raise InputError(f"{bad[1]}: remove it (it cannot go into a catalog)", shown, bad[0])
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InputError("no front matter: the file must start with a '---' line, then 'title: ...'", shown, 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise InputError("front matter is not closed: add a '---' line after it", shown, 1) from None
    fm_text = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(fm_text) if fm_text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise InputError(f"malformed front matter: {problem}", shown,
                         mark.line + 2 if mark is not None else 2) from None
    except (ValueError, OverflowError) as exc:  # PyYAML builds dates itself: `date: 2026-02-30`
        line = _bad_date_line(fm_text)
        raise InputError(f"malformed front matter: {exc} (an ISO date such as 2026-01-31?)", shown,
                         line) from None
    except RecursionError:
        raise InputError("malformed front matter: nested too deeply", shown, 2) from None
    if not isinstance(meta, dict):
        raise InputError("front matter must be 'key: value' lines", shown, 2)
    field_lines = _field_lines(fm_text)
    bad_value = bad_character_in(meta)
    if bad_value:
        keys, what = bad_value
        raise InputError(f"{what} in '{keys[0]}' (written as an escape): remove it", shown,
                         field_lines.get(keys[0], 2))
    meta = _validate_meta(meta, field_lines, shown)
    return Article(slug=slug, path=shown, meta=meta, body="\n".join(lines[end + 1:]),
                   body_line=end + 2, field_lines=field_lines)


def _bad_date_line(fm_text: str) -> int:
    """The file line of the first date-like value that is no date (front matter starts on line 2)."""
    for number, text in enumerate(fm_text.splitlines(), start=2):
        for m in re.finditer(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])", text):
            try:
                dt.date(*(int(g) for g in m.groups()))
            except ValueError:
                return number
    return 2


def _field_lines(fm_text: str) -> dict[str, int]:
    """1-based file line of each top-level front-matter key (the front matter starts on line 2)."""
    lines: dict[str, int] = {}
    for number, text in enumerate(fm_text.splitlines(), start=2):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", text)
        if m and m.group(1) not in lines:
            lines[m.group(1)] = number
    return lines


def _validate_meta(meta: dict[Any, Any], field_lines: dict[str, int], shown: str) -> dict[str, Any]:
    def line_of(key: object) -> int:
        return field_lines.get(str(key), 2)

    for key in meta:
        if key not in FRONT_MATTER_FIELDS:
            raise InputError(f"unknown front-matter field {key!r} (known: {', '.join(FRONT_MATTER_FIELDS)})",
                             shown, line_of(key))
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InputError("front matter needs a 'title'", shown, line_of("title") if "title" in meta else 1)
    for key in ("description", "author"):
        if key in meta and not isinstance(meta[key], str):
            raise InputError(f"{key!r} must be text", shown, line_of(key))
    if "date" in meta:
        value = meta["date"]
        if isinstance(value, dt.datetime):
            value = value.date()
        elif isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise InputError(f"'date' must be an ISO date such as 2026-01-31, not {value!r}",
                                 shown, line_of("date")) from None
        elif not isinstance(value, dt.date):
            raise InputError("'date' must be an ISO date such as 2026-01-31", shown, line_of("date"))
        meta["date"] = value
    if "tags" in meta:
        tags = meta["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise InputError("'tags' must be a list of words", shown, line_of("tags"))
    return dict(meta)


def due_languages(site: Site, article: Article) -> tuple[str, ...]:
    """The languages an article is due in: its front matter's `languages:` list, else all.

    A new article lists the languages it is translated into so far; check's coverage gate and
    `publish --all` hold its other editions back without failing CI.
    """
    listed = article.meta.get("languages")
    if listed is None:
        return site.languages
    line = article.field_lines.get("languages")
    if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
        raise InputError("'languages' must be a list of language codes", article.path, line)
    for lang in listed:
        if lang not in site.languages:
            raise InputError(f"'languages' names {lang!r}, which is not a language of source/site.toml "
                             f"({', '.join(site.languages)})", article.path, line)
    return tuple(lang for lang in site.languages if lang in listed)
