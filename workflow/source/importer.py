"""A saved web page (WordPress, Drupal and similar CMSs) as a leaflet article.

readability-lxml finds the article body and leaves the page chrome behind (menus, sidebars,
share buttons, comment forms, related posts, author boxes); markdownify writes that body as
Markdown. Around them this module does what neither knows about leaflet: the front matter from
the page's metadata, the Markdown subset the source loader accepts (no raw HTML, inline links
only, tables with a header row), the images saved with the page, and a list of what had to be
left out so the content manager can see it.

Dates come only from machine-readable fields (`article:published_time`, JSON-LD, `<time
datetime>`): the dates a page displays are ambiguous (Drupal's default "02/03/2025" is 3 February).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from ..base.errors import InputError, UsageError
from ..base.files import MAX_IMAGE_BYTES, read_limited, relative, write_atomic
from .articles import (
    RESERVED_SLUGS,
    SLUG_RE,
    article_from_text,
    articles_dir,
    load_article,
)
from .webpage import (
    ImageCopy,
    article_body,
    drop_chrome,
    faq_headings,
    mark_embeds,
    set_tables_aside,
    unwrap_layout_tables,
)


@dataclass(frozen=True)
class ImportedArticle:
    """The article a page becomes: the whole Markdown file, the images to copy, what was left out."""

    slug: str
    text: str
    images: tuple[ImageCopy, ...] = ()
    dropped: tuple[str, ...] = ()


@dataclass
class ImportResult:
    article: ImportedArticle
    written: list[Path] = field(default_factory=list)


# ---------------------------------------------------------------- reading the page

def _read_page(page: Path) -> str:
    """The page's text, decoded the way browsers do (BOM, meta charset, then a guess)."""
    from bs4 import UnicodeDammit
    try:
        data = page.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", page) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a saved web page", page) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", page) from None
    head = data[:4096].lower()
    if b"\0" in data[:4096] or not re.search(rb"<(!doctype html|html|head|body|article|main|div|p)\b", head
                                               if len(data) > 4096 else data.lower()):
        raise InputError("not an HTML page: save the article from the browser as "
                         "'Web Page, complete' (.html)", page)
    text = UnicodeDammit(data, is_html=True).unicode_markup
    if text is None:
        raise InputError("cannot tell the page's character encoding", page)
    return text


def _meta(doc, *names: str) -> str:  # noqa: ANN001 - an lxml element
    """The first non-empty `<meta>` content among `names` (name=, property= or itemprop=)."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for value in doc.xpath(f"//meta[@{attr}=$n]/@content", n=name):
                if value.strip():
                    return " ".join(value.split())
    return ""


def _canonical(doc) -> str:  # noqa: ANN001
    for href in doc.xpath("//link[@rel='canonical']/@href"):
        if urlsplit(href).scheme in ("http", "https"):
            return href.strip()
    url = _meta(doc, "og:url")
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        m = re.match(r"\d{4}-\d{2}-\d{2}", value)
        try:
            return dt.date.fromisoformat(m.group(0)) if m else None
        except ValueError:
            return None


def _json_ld_dates(doc) -> list[str]:  # noqa: ANN001
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("datePublished", "dateModified"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for script in doc.xpath("//script[@type='application/ld+json']/text()"):
        try:
            walk(json.loads(script))
        except (ValueError, RecursionError):  # not JSON, or nested deeper than any page's data
            continue
    return found


def _date(doc) -> dt.date | None:  # noqa: ANN001
    """The published date, else the modified one, from the page's machine-readable fields."""
    candidates = [_meta(doc, "article:published_time", "datePublished", "og:published_time"),
                  *_json_ld_dates(doc),
                  *doc.xpath("//article//time[contains(concat(' ', @class, ' '), ' published ')]/@datetime"),
                  *doc.xpath("//article//time/@datetime"),
                  _meta(doc, "article:modified_time", "og:updated_time", "dateModified")]
    for value in candidates:
        if value and (date := _parse_date(value)):
            return date
    return None


def _title(doc, fallback: str) -> str:  # noqa: ANN001
    for value in (_meta(doc, "og:title"),
                  *(" ".join(h.text_content().split()) for h in doc.xpath("//article//h1 | //main//h1")),
                  fallback):
        if value and value.strip():
            return value.strip()
    return ""


# ---------------------------------------------------------------- slug and file

def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; '' when nothing usable is left."""
    import unicodedata
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


#: A page address's file extension, never part of a slug.
_EXTENSION_RE = re.compile(r"\.(s?html?|php\d?|phtml|aspx?|jsp|cfm|cgi)$", re.I)
#: A word of an address that is an id, not a word: five digits or more, or letters and digits
#: mixed over eight characters or more (a hash, a CMS's picture number).
_OPAQUE_RE = re.compile(r"\d{5,}|(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]{8,}")


def _slug(given: str | None, url: str, title: str, page: Path) -> str:
    if given is not None:
        if not SLUG_RE.fullmatch(given) or given in RESERVED_SLUGS:
            raise UsageError(f"--slug {given!r}: a slug must match [a-z0-9]+(-[a-z0-9]+)* and not be "
                             f"{' or '.join(sorted(RESERVED_SLUGS))}")
        return given
    segments = [s for s in urlsplit(url).path.split("/") if s]
    candidates = [_EXTENSION_RE.sub("", unquote(segments[-1]))] if segments else []
    candidates.append(title)
    for candidate in candidates:
        slug = "-".join(word for word in slugify(candidate).split("-") if not _OPAQUE_RE.fullmatch(word))
        if slug and SLUG_RE.fullmatch(slug) and slug not in RESERVED_SLUGS and re.search(r"[a-z]{3}", slug):
            return slug
    raise InputError("cannot make a slug from the page's address or title: give one with --slug", page)


def convert_page(page: Path, slug: str | None = None) -> ImportedArticle:
    """Turn a saved article page into the text of an article file, without writing anything."""
    from lxml import html as lxml_html
    from readability import Document
    text = _read_page(page)
    try:
        doc = lxml_html.document_fromstring(text)
    except Exception:  # noqa: BLE001 - lxml raises several kinds on hopeless input
        raise InputError("not an HTML page: it cannot be parsed", page) from None
    base = _canonical(doc)
    description = _meta(doc, "description", "og:description", "twitter:description")
    date = _date(doc)
    drop_chrome(doc)
    names = mark_embeds(doc)
    unwrap_layout_tables(doc)
    tables = set_tables_aside(doc)
    faq_headings(doc)
    prepared = lxml_html.tostring(doc, encoding="unicode")
    try:
        readable = Document(prepared)
        main_html = readable.summary(html_partial=True)
        fallback_title = readable.short_title()
    except Exception:  # noqa: BLE001 - readability's Unparseable and lxml's errors alike
        raise InputError("no article found in the page", page) from None
    title = _title(doc, fallback_title)
    if not title:
        raise InputError("the page has no title", page)
    slug = _slug(slug, base, title, page)
    dropped: list[str] = []
    body, copies = article_body(main_html, names, tables, page, slug, title, base, dropped)
    if len(re.findall(r"\w+", re.sub(r"\([^)]*\)|[#*|>\-]", " ", body))) < 20:
        raise InputError("no article found in the page: fewer than 20 words of text "
                         "outside menus, sidebars and forms", page)
    meta: dict[str, object] = {"title": title}
    if description:
        meta["description"] = description
    if date:
        meta["date"] = date
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    article_text = f"---\n{front}---\n\n{body}\n"
    _validate(article_text, slug, page)
    return ImportedArticle(slug=slug, text=article_text, images=tuple(copies), dropped=tuple(dropped))


def _validate(text: str, slug: str, page: Path) -> None:
    """The article must load as leaflet reads it; anything else is this module's failure, named."""
    from .segments import parse_article
    try:
        parse_article(article_from_text(text, slug, f"{slug}.md"))
    except InputError as exc:
        raise InputError(f"the page converts to Markdown leaflet refuses ({exc}); "
                         "please report this page", page) from None


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def _existing_copy(root: Path, imported: ImportedArticle) -> str | None:
    """The article that already is this page, under any slug: the same title, or the same body.
    An article that does not load is no copy of anything (check reports it on its own)."""
    new = article_from_text(imported.text, imported.slug, f"{imported.slug}.md")
    base = articles_dir(root)
    for path in sorted(base.rglob("*.md")) if base.is_dir() else []:
        try:
            old = load_article(path, root)
        except InputError:
            continue
        if _same(old.title) == _same(new.title) or _same(old.body) == _same(new.body):
            return old.path
    return None


def write_imported(root: Path, imported: ImportedArticle) -> list[Path]:
    """Write the article and copy its images; refuse, before writing anything, to replace a file."""
    base = articles_dir(root)
    target = base / f"{imported.slug}.md"
    if target.exists():
        raise UsageError(f"{relative(target, root)} already exists: choose another slug with --slug")
    copy = _existing_copy(root, imported)
    if copy:
        raise UsageError(f"{copy} is already this page ({imported.slug!r} would be a second copy of it): "
                         "edit that article, or delete it first to import the page again")
    for image in imported.images:
        path = base / image.target
        if path.exists() and read_limited(path, MAX_IMAGE_BYTES, relative(path, root)) != image.source.read_bytes():
            raise UsageError(f"{relative(path, root)} already exists with other content: "
                             "choose another slug with --slug")
    written: list[Path] = []
    for image in imported.images:
        path = base / image.target
        if not path.exists():
            write_atomic(path, image.source.read_bytes())
            written.append(path)
    write_atomic(target, imported.text.encode("utf-8"))
    written.append(target)
    return written


def import_page(root: Path, page: Path, slug: str | None = None) -> ImportResult:
    """`leaflet import`: convert the page, then write it into source/articles/."""
    imported = convert_page(page, slug)
    return ImportResult(article=imported, written=write_imported(root, imported))
