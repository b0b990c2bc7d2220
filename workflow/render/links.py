"""Where the links of a page and of a leaflet may go, and how a leaflet shows them on paper.

A published link uses a public scheme (`http`, `https`, `mailto`, `tel`) or reaches another
page published in the same language; anything else is shown as text. A PDF resolves relative
links against the build machine's folder, so a leaflet has none: it names pages by their
address on the centre's website, prints each web link's address, and carries a QR code of its
own page.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

#: A web link of a rendered body (markdown-it writes `<a href="...">`, attributes escaped).
_WEB_LINK = re.compile(r'<a href="(https?://[^"]+)"[^>]*>(.*?)</a>', re.S | re.I)


def print_links(body: str) -> str:
    """The body for paper: each web link followed by its address, which a reader can type.

    The address is a left-to-right isolate, so it reads right in an Urdu sentence; a link whose
    text is its address already is left as it is."""
    def add(m: re.Match[str]) -> str:
        href = m.group(1)
        if re.sub(r"<[^>]+>", "", m.group(2)).strip() in (href, href.removeprefix("https://"),
                                                          href.removeprefix("http://")):
            return m.group(0)
        return f'{m.group(0)} <span class="href" dir="ltr">({href})</span>'
    return _WEB_LINK.sub(add, body)


def qr_svg(url: str) -> Markup:
    """A QR code of `url` as inline SVG (segno): no image file, nothing fetched."""
    import segno
    svg = segno.make(url, error="m").svg_inline(scale=1, border=2, dark="#000", omitsize=True)
    return Markup(svg)


def tel_uri(phone: str) -> str:
    """`tel:` target of a phone number as written in site.toml: digits, and a leading `+`."""
    digits = re.sub(r"\D", "", phone)
    return ("+" if phone.strip().startswith("+") else "") + digits


#: Schemes a published link may use; every other link is relative to another published page.
PUBLIC_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_PAGE_LINK_RE = re.compile(r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?:html|md)")


def _linked_page(href: str, linkable: frozenset[str]) -> tuple[str, str] | None:
    """(slug, fragment) of a relative link to a page published in the same language, else None."""
    parts = urlsplit(href)
    m = _PAGE_LINK_RE.fullmatch(unquote(parts.path))
    if parts.scheme or parts.netloc or parts.query or m is None or m["slug"] not in linkable:
        return None
    return m["slug"], parts.fragment


def page_link(href: str, linkable: frozenset[str]) -> str | None:
    """A web page's link target: a public scheme, a fragment, or another published page
    (`other.md` becomes `other.html`); anything else is shown as text."""
    scheme = urlsplit(href).scheme.lower()
    if scheme:
        return href if scheme in PUBLIC_SCHEMES else None
    if href.startswith("#") and len(href) > 1:
        return href
    page = _linked_page(href, linkable)
    if page is None:
        return None
    return f"{page[0]}.html" + (f"#{page[1]}" if page[1] else "")


def print_link(href: str, linkable: frozenset[str], website: str, lang: str) -> str | None:
    """A leaflet's link target: a public scheme only. A PDF resolves relative links against the
    build machine's folder (`file:///...`), so a link to another page becomes its address on
    the web site when that is known, and text otherwise."""
    scheme = urlsplit(href).scheme.lower()
    if scheme:
        return href if scheme in PUBLIC_SCHEMES else None
    page = _linked_page(href, linkable)
    return absolute_url(website, lang, page[0]) or None if page is not None else None


def absolute_url(website: str, lang: str, slug: str) -> str:
    """Absolute URL of a page when the site's web address is known (preferred for hreflang)."""
    if urlsplit(website).scheme not in ("http", "https"):
        return ""
    return f"{website.rstrip('/')}/{lang}/{slug}.html"
