"""HTML of the web pages and of the printed leaflets, from the Jinja2 templates.

Everything a translation says is untrusted. Article text goes through `segments.render_body`
(inline Markdown only, no raw HTML, safe link schemes). Interface strings of the templates
are escaped here before Jinja2 formats them: Jinja2's i18n extension treats a translation
as markup, so an unescaped `<script>` in `site.po` would otherwise reach the page. A
translation whose `%(name)s` placeholders do not fit its message is not used.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from .. import TEMPLATES_DIR
from ..base.languages import language
from ..base.patterns import NAMED_PY
from ..catalogs import plurals
from ..editions.shown import Usable, usable_translations
from ..source.articles import Article
from ..source.project import Project, project_of
from ..source.segments import ParsedArticle, Segment, render_body
from ..source.site import SITE_DOMAIN, Site
from .links import absolute_url, page_link, print_link, print_links, qr_svg, tel_uri

#: Placeholders for the page counters in the translated "Page %(page)s of %(pages)s".
PAGE_MARK, PAGES_MARK = "\ue000", "\ue001"
#: Around interface text shown in English for want of a translation; `_render` turns them into
#: a `lang="en"` span in text, and into bidi isolation (or nothing) inside attributes and <title>.
FALLBACK_OPEN, FALLBACK_CLOSE = "\ue002", "\ue003"
#: `@page { size }` values a leaflet may use.
PAGE_SIZES = frozenset({"A5", "A4"})


# ---------------------------------------------------------------- dates

def edition_date(date: dt.date, lang: str) -> str:
    from babel.dates import format_date
    return format_date(date, format="long", locale=lang)


# ---------------------------------------------------------------- interface strings

def _format_ok(names: set[str], translation: str) -> bool:
    """True if `translation` formats with exactly the placeholders its message offers."""
    rest = NAMED_PY.sub("", translation.replace("%%", ""))
    if "%" in rest or not {m.group(1) for m in NAMED_PY.finditer(translation)} <= names:
        return False
    try:
        translation % {name: 1 for name in names}
    except (KeyError, ValueError, TypeError):
        return False
    return True


def _plural_function(header: str) -> Callable[[int], int]:
    """The form index for n: the catalog's rule, English's when the header has none."""
    try:
        return plurals.of(header)
    except ValueError:  # a catalog read through `catalogs` has a valid header; others fall back
        return plurals.GERMANIC


class Interface:
    """The `site` domain of one language, as the templates' gettext; records what fell back.

    `source`: the source language's interface, whose strings are the msgids themselves."""

    def __init__(self, usable: Usable, rtl: bool = False, source: bool = False):
        self.usable = usable
        self.plural = _plural_function(usable.plural_forms)
        self.missing: set[str] = set()
        self.rtl = rtl
        self.source = source

    def _fallback(self, msgid: str, shown: str) -> str:
        """English in place of a missing translation, between the fallback marks `_render` resolves."""
        self.missing.add(msgid)
        return f"{FALLBACK_OPEN}{shown}{FALLBACK_CLOSE}"

    def text(self, msgid: str) -> str:
        """The translation as plain text (the caller escapes), or the English message."""
        if self.source:
            return msgid
        value = self.usable.messages.get(msgid)
        if value is None or not _format_ok({m.group(1) for m in NAMED_PY.finditer(msgid)}, value):
            return self._fallback(msgid, msgid)
        return value

    def gettext(self, msgid: str) -> str:
        return str(escape(self.text(msgid)))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.source:
            return str(escape(singular if self.plural(n) == 0 else plural))
        forms = self.usable.plurals.get(singular)
        names = {m.group(1) for m in NAMED_PY.finditer(singular + plural)}
        if forms:
            index = self.plural(n)
            if 0 <= index < len(forms) and forms[index] and _format_ok(names, forms[index]):
                return str(escape(forms[index]))
        return str(escape(self._fallback(singular, singular if n == 1 else plural)))


def css_string(text: str) -> str:
    """A CSS string literal; every ASCII sign and control is hex-escaped, so `</style>` is inert."""
    out = []
    for ch in text:
        if (ch.isascii() and not (ch.isalnum() or ch == " ")) or unicodedata.category(ch)[0] in "CZ" \
                and ch != " ":
            out.append(f"\\{ord(ch):06x} ")  # the space ends the escape and is not shown
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def css_content(value: Any) -> Markup:
    """Jinja2 filter: a translated label with page counters as a CSS `content` value."""
    text = value.unescape() if isinstance(value, Markup) else str(value)
    text = text.replace(FALLBACK_OPEN, "").replace(FALLBACK_CLOSE, "")
    parts = []
    for part in re.split(f"({PAGE_MARK}|{PAGES_MARK})", text):
        if part == PAGE_MARK:
            parts.append("counter(page)")
        elif part == PAGES_MARK:
            parts.append("counter(pages)")
        elif part:
            parts.append(css_string(part))
    return Markup(" ".join(parts) or '""')


_WIDE = re.compile(r"<(table|pre)\b.*?</\1>\n?", re.S)


def scrollable(body: Any, table_label: Any, code_label: Any) -> Markup:
    """Jinja2 filter: each table and code block of `body` in a box that scrolls sideways on a
    phone, focusable so a keyboard can scroll it, and named for screen readers (a region).
    Code reads left to right, so its box starts at the left in an Urdu page too."""
    def wrap(m: re.Match) -> str:
        table = m.group(1) == "table"
        label = escape(table_label if table else code_label)
        direction = "" if table else ' dir="ltr"'
        return f'<div class="scroll" role="region" tabindex="0" aria-label="{label}"{direction}>\n{m.group(0)}</div>\n'
    return Markup(_WIDE.sub(wrap, str(body)))


@lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True  # as `leaflet extract` reads them
    env.filters["css_content"] = css_content
    env.filters["scrollable"] = scrollable
    env.globals.update(PAGE=PAGE_MARK, PAGES=PAGES_MARK)
    return env


def _render(template: str, interface: Interface, **context: Any) -> str:
    env = environment()
    env.install_gettext_callables(interface.gettext, interface.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return mark_fallbacks(env.get_template(template).render(**context), interface.rtl)


_TAG_OR_RAW = re.compile(r"<title>.*?</title>|<style>.*?</style>|<[^>]*>", re.S)
_MARKED = re.compile(f"{FALLBACK_OPEN}(.*?){FALLBACK_CLOSE}", re.S)


def mark_fallbacks(page: str, rtl: bool) -> str:
    """Resolve the fallback marks of interface text: in text a `<span lang="en">` (with
    `dir="ltr"` on a right-to-left page); inside a tag, <title> or <style>, where markup cannot
    go, bidi isolation (FSI…PDI) on a right-to-left page and nothing on a left-to-right one."""
    span = '<span lang="en" dir="ltr">' if rtl else '<span lang="en">'
    plain = "\u2068\\1\u2069" if rtl else "\\1"
    out, pos = [], 0
    for m in _TAG_OR_RAW.finditer(page):
        out.append(_MARKED.sub(lambda t: f"{span}{t.group(1)}</span>", page[pos:m.start()]))
        out.append(_MARKED.sub(plain, m.group(0)))
        pos = m.end()
    out.append(_MARKED.sub(lambda t: f"{span}{t.group(1)}</span>", page[pos:]))
    return "".join(out)


# ---------------------------------------------------------------- the centre

@dataclass(frozen=True)
class Phone:
    text: str
    tel: str


def _centre(site: Site, interface: Interface) -> dict[str, Any]:
    centre = site.centre
    website = centre.website if urlsplit(centre.website).scheme in ("http", "https") else ""
    return {
        "name": interface.text(centre.name),
        "tagline": interface.text(centre.tagline) if centre.tagline else "",
        "city": interface.text(centre.city) if centre.city else "",
        "region": interface.text(centre.region) if centre.region else "",
        "address": centre.address,
        "website": website,
        "phones": [Phone(p, tel_uri(p)) for p in centre.phones if tel_uri(p).strip("+")],
    }


# ---------------------------------------------------------------- one language

@dataclass(frozen=True)
class Alternate:
    """Another language's version of the same page, for hreflang links and the switcher."""

    lang: str
    href: str
    current: bool = False

    @property
    def name(self) -> str:
        return language(self.lang).native_name

    @property
    def dir(self) -> str:
        return language(self.lang).direction


@dataclass
class ArticlePage:
    lang: str
    slug: str
    html: str
    leaflet: str
    title: str
    title_fallback: bool
    description: str
    description_fallback: bool
    fallbacks: int  # segments shown in English (front matter included)
    drafts: int  # segments shown from machine drafts
    images: dict[str, Path] = field(default_factory=dict)  # assets/images/<key> -> source file


class Edition:
    """One language's interface and catalogs, the context every page of that language shares.

    The source language's edition shows the articles and interface strings as written: it
    reads no catalog, nothing in it falls back, and it is never a draft."""

    def __init__(self, project: Project | Site, lang: str, include_drafts: bool = False):
        self.project = project_of(project)
        self.site = site = self.project.site
        self.lang = lang
        self.source = lang == site.source_language
        self.dir = language(lang).direction
        self.include_drafts = include_drafts and not self.source
        self.interface = Interface(usable_translations(self.project, lang, SITE_DOMAIN, include_drafts)
                                   if not self.source else Usable({}, {}, language(lang).plural_forms),
                                   rtl=self.dir == "rtl", source=self.source)

    def _base(self, **context: Any) -> dict[str, Any]:
        # The centre's address and an article's author are shown as written, in the source
        # language: `written` marks them so on the other editions' pages.
        written = Markup(f' lang="{escape(self.site.source_language)}"') if not self.source else Markup("")
        return {"lang": self.lang, "dir": self.dir, "draft": self.include_drafts, "written": written,
                "centre": _centre(self.site, self.interface), "assets": "../assets/",
                "home": "index.html", "description": "", "alternates": [], "switcher": [],
                "x_default": "", **context}

    def _x_default(self, alternates: list[Alternate]) -> str:
        """The source-language page among `alternates`: the one for readers of no listed language."""
        return next((a.href for a in alternates if a.lang == self.site.source_language), "")

    def article(self, parsed: ParsedArticle, alternates: list[Alternate], paper: str = "A5",
                website: str = "", linkable: frozenset[str] = frozenset()) -> ArticlePage:
        """`linkable`: slugs published in this language, the only pages a relative link may reach."""
        article = parsed.article
        shown = usable_translations(self.project, self.lang, article.slug, self.include_drafts) \
            if not self.source else None
        drafts_used: set[str] = set()

        def translate(segment: Segment) -> str | None:
            if shown is None:  # the source edition: the text as written
                return segment.msgid
            value = shown.messages.get(segment.msgid)
            if value is not None and segment.msgid in shown.drafts:
                drafts_used.add(segment.msgid)
            return value

        images: dict[str, Path] = {}
        resolve = _image_resolver(self.site.root, article, images)
        body = render_body(parsed, translate, self.site.source_language, image_url=resolve,
                           link_url=lambda href: page_link(href, linkable))
        printed = render_body(parsed, translate, self.site.source_language, image_url=resolve,
                              link_url=lambda href: print_link(href, linkable, website, self.lang))
        title = translate(Segment(article.title.strip(), 0, ""))
        description = translate(Segment(article.description.strip(), 0, "")) \
            if article.description.strip() else ""
        fallbacks = body.fallbacks + (title is None) + (description is None)
        # "Last reviewed" only where every segment is a reviewed translation.
        reviewed = not fallbacks and not drafts_used
        date = edition_date(article.date, self.lang) if article.date and reviewed else ""
        links = [Alternate(a.lang, absolute_url(website, a.lang, article.slug) or a.href, a.current)
                 for a in alternates]
        web_page = absolute_url(website, self.lang, article.slug)
        context = self._base(
            title=title or article.title, title_lang="" if title is not None else "en",
            description=description if description is not None else article.description,
            author=article.author, date=date, iso_date=article.date.isoformat() if article.date else "",
            body=Markup(body.html), fallbacks=fallbacks, pdf_href=f"{article.slug}.pdf",
            alternates=links, x_default=self._x_default(links),
            switcher=alternates if len(alternates) > 1 else [], paper=paper if paper in PAGE_SIZES else "A5")
        return ArticlePage(
            lang=self.lang, slug=article.slug,
            html=_render("page.html", self.interface, **context),
            leaflet=_render("leaflet.html", self.interface, **{
                **context, "body": Markup(print_links(printed.html)),
                "web_page": web_page, "qr": qr_svg(web_page) if web_page else ""}),
            title=context["title"], title_fallback=title is None,
            description=context["description"], description_fallback=description is None,
            fallbacks=fallbacks, drafts=len(drafts_used), images=images)

    def index(self, pages: list[ArticlePage], alternates: list[Alternate]) -> str:
        items = [{"href": f"{p.slug}.html", "pdf_href": f"{p.slug}.pdf", "title": p.title,
                  "title_lang": "en" if p.title_fallback else "", "description": p.description,
                  "description_lang": "en" if p.description_fallback else ""} for p in pages]
        return _render("language_index.html", self.interface, **self._base(
            articles=items, alternates=alternates, x_default=self._x_default(alternates),
            switcher=alternates if len(alternates) > 1 else []))


def root_index(project: Project, languages: list[str]) -> str:
    """`output/index.html`: the published languages by their own names, in the source language."""
    site = project.site
    edition = Edition(project, site.source_language)
    items = []
    for lang in languages:
        # "Patient information" in the language itself, for readers who do not read English.
        own = Interface(usable_translations(project, lang, SITE_DOMAIN, False)) \
            if lang != site.source_language else None
        heading = own.text("Patient information") if own is not None else ""
        items.append({"lang": lang, "href": f"{lang}/index.html", "name": language(lang).native_name,
                      "dir": language(lang).direction, "note": "" if own is None or own.missing else heading})
    context = edition._base(languages=items, assets="assets/", home="index.html", draft=False)
    return _render("index.html", edition.interface, **context)


def _image_resolver(root: Path, article: Article, found: dict[str, Path]) -> Callable[[str], str]:
    """Map an image source to its copy under output/assets/images/; only files under source/."""
    from ..source.images import resolve_image
    base = (root / "source").resolve()

    def resolve(src: str) -> str:
        path = resolve_image(root, article.path, src)
        key = path.relative_to(base).as_posix()
        found[key] = path
        return "../assets/images/" + quote(key)

    return resolve
