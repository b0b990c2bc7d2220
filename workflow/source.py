"""Source side of the project: the site configuration and the articles with their front matter.

Nothing here parses Markdown; `segments` does that. Loading validates everything a later stage
would trip over (slugs, languages, front matter) so errors name the file and line up front.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, UsageError
from .files import MAX_SOURCE_BYTES, bad_character, read_limited, relative
from .mtconfig import TranslationConfig
from .mtconfig import parse as parse_translation

SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
LANG_RE = re.compile(r"[a-z]{2,3}")
RESERVED_SLUGS = frozenset({"site", "index"})  # the site domain; the index pages
FRONT_MATTER_FIELDS = ("title", "description", "author", "date", "tags", "languages")
#: Front-matter fields that are shown to readers and so extracted for translation.
TRANSLATABLE_FIELDS = ("title", "description")
SITE_DOMAIN = "site"


@dataclass(frozen=True)
class Centre:
    name: str
    tagline: str = ""
    city: str = ""
    region: str = ""
    phones: tuple[str, ...] = ()
    address: str = ""
    website: str = ""


@dataclass(frozen=True)
class Site:
    """`source/site.toml` as a value, plus the project root it was read from."""

    root: Path
    source_language: str
    languages: tuple[str, ...]
    centre: Centre
    min_coverage: float = 80.0
    min_coverage_by_lang: dict[str, float] = field(default_factory=dict)
    #: Which machine translation engine serves each language ([translation]).
    translation: TranslationConfig = field(default_factory=TranslationConfig)

    @property
    def path(self) -> Path:
        return self.root / "source" / "site.toml"

    def coverage_threshold(self, lang: str) -> float:
        return self.min_coverage_by_lang.get(lang, self.min_coverage)

    def check_language(self, lang: str) -> str:
        """Return `lang` if it is a configured target language, else raise naming the configured ones."""
        if lang == self.source_language:
            raise UsageError(f"{lang!r} is the source language: it has no catalogs, and publish builds its "
                             f"edition with every run; the configured languages are {', '.join(self.languages)}",
                             relative(self.path, self.root))
        if lang not in self.languages:
            raise UsageError(
                f"unknown language {lang!r}: the configured languages are {', '.join(self.languages)}",
                relative(self.path, self.root),
            )
        return lang

    def select_languages(self, langs: tuple[str, ...] | list[str], all_: bool) -> list[str]:
        """The `--lang`/`--all` convention shared by every command."""
        if all_ and langs:
            raise UsageError("give either --lang or --all, not both")
        if all_:
            return list(self.languages)
        if not langs:
            raise UsageError("name a language with --lang (repeatable) or use --all")
        seen: list[str] = []
        for lang in langs:
            if self.check_language(lang) not in seen:
                seen.append(lang)
        return seen


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


def load_site(root: Path) -> Site:
    path = root / "source" / "site.toml"
    shown = relative(path, root)
    try:
        raw = read_limited(path, MAX_SOURCE_BYTES, shown)
        text = raw.decode("utf-8")
        bad = bad_character(text)
        if bad:
            raise InputError(f"control character {bad[1]}: remove it", shown, bad[0])
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise InputError("no site configuration: create source/site.toml (see README)", shown) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", shown, raw[: exc.start].count(b"\n") + 1) from None
    except RecursionError:
        raise InputError("malformed TOML: nested too deeply", shown) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))
        raise InputError(f"malformed TOML: {str(exc).split(' (at')[0]}", shown,
                         int(m.group(1)) if m else None) from None

    def fail(message: str) -> InputError:
        line = key_line(path, message.split("'")[1] if "'" in message else "")
        return InputError(message, shown, line)

    from .languages import is_known
    source_language = data.get("source_language", "en")
    if not isinstance(source_language, str) or not LANG_RE.fullmatch(source_language):
        raise fail(f"'source_language' must be a language code such as \"en\", not {source_language!r}")
    if not is_known(source_language):
        raise fail(f"'source_language' is {source_language!r}, a language code Babel does not know")
    languages = data.get("languages")
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        raise fail("'languages' must be a non-empty list of language codes")
    for lang in languages:
        if not LANG_RE.fullmatch(lang) or lang == source_language:
            raise fail(f"'languages' has an invalid target language code {lang!r}")
        if not is_known(lang):
            raise fail(f"'languages' has {lang!r}, a language code Babel does not know")
    if len(set(languages)) != len(languages):
        raise fail("'languages' lists a language twice")
    centre_data = data.get("centre")
    if not isinstance(centre_data, dict) or not isinstance(centre_data.get("name"), str):
        raise fail("'centre' needs a 'name'")
    known = {f for f in Centre.__dataclass_fields__}
    for key, value in centre_data.items():
        if key not in known:
            raise fail(f"'{key}' is not a centre field (known: {', '.join(sorted(known))})")
        if key == "phones":
            if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
                raise fail("'phones' must be a list of strings")
        elif not isinstance(value, str):
            raise fail(f"'{key}' must be a string")
    centre = Centre(**{**centre_data, "phones": tuple(centre_data.get("phones", ()))})
    coverage = data.get("min_coverage", 80)
    by_lang: dict[str, float] = {}
    if isinstance(coverage, dict):
        by_lang = {k: v for k, v in coverage.items() if k != "default"}
        coverage = coverage.get("default", 80)
        for key, value in by_lang.items():
            if key not in languages:
                raise fail(f"'min_coverage' names {key!r}, which is not in 'languages'")
            if not _percentage(value):
                raise fail(f"'min_coverage' for {key} must be a percentage between 0 and 100")
    if not _percentage(coverage):
        raise fail("'min_coverage' must be a percentage between 0 and 100")
    def fail_in_translation(message: str) -> InputError:
        line = key_line(path, message.split("'")[1] if "'" in message else "", section="translation")
        return InputError(message, shown, line)

    translation = parse_translation(data.get("translation"), languages, fail_in_translation)
    return Site(root=root, source_language=source_language, languages=tuple(languages),
                centre=centre, min_coverage=float(coverage),
                min_coverage_by_lang={k: float(v) for k, v in by_lang.items()}, translation=translation)


def _percentage(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100


def key_line(path: Path, key: str, section: str | None = None) -> int | None:
    """The line of `key = …` (or `[key]`), within `[section]` when one is given."""
    if not key:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    inside = section is None
    for number, text in enumerate(lines, start=1):
        if section is not None and text.strip().startswith("["):
            inside = text.strip() == f"[{section}]"
            if key == section and inside:
                return number
            continue
        if inside and (re.match(rf"\s*{re.escape(key)}\s*=", text) or text.strip() == f"[{key}]"):
            return number
    return None


def articles_dir(root: Path) -> Path:
    return root / "source" / "articles"


def load_articles(root: Path) -> list[Article]:
    """Every article under `source/articles/`, sorted by slug; slugs validated and unique."""
    base = articles_dir(root)
    articles: dict[str, Article] = {}
    for path in sorted(base.rglob("*.md")) if base.is_dir() else []:
        article = load_article(path, root)
        if article.slug in articles:
            raise InputError(f"duplicate slug {article.slug!r}: also {articles[article.slug].path}",
                             article.path)
        articles[article.slug] = article
    return [articles[slug] for slug in sorted(articles)]


def load_article(path: Path, root: Path) -> Article:
    shown = relative(path, root)
    slug = path.stem
    if not SLUG_RE.fullmatch(slug):
        raise InputError(f"bad slug {slug!r}: a file name must match [a-z0-9]+(-[a-z0-9]+)*", shown)
    if slug in RESERVED_SLUGS:
        raise InputError(f"the slug {slug!r} is reserved: rename the file", shown)
    try:
        raw = read_limited(path, MAX_SOURCE_BYTES, shown)
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
        raise InputError(f"control character {bad[1]}: remove it (it cannot go into a catalog)", shown, bad[0])
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
