"""The article body of a saved web page, cleaned and written as the Markdown leaflet accepts.

readability-lxml finds the body; around it this module sets embeds and tables aside (readability
drops short tables it cannot score), turns FAQ questions into headings, drops "Read More" lists,
makes links absolute, collects the images saved with the page, and has markdownify write the
rest, escaping what would otherwise open a block by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

#: Elements leaflet cannot show: reported when they are part of the article, never converted.
EMBEDS = ("iframe", "video", "audio", "object", "embed", "canvas", "svg", "math")
#: Elements that carry no article text, removed from the body without a word.
NOISE = ("script", "style", "noscript", "template", "form", "input", "button", "select",
         "textarea", "label", "link", "meta")
#: Lead words of the "read more" links CMSs and authors put between paragraphs.
READ_MORE_RE = re.compile(r"^\s*(read more|read also|also read|related( posts| articles)?|"
                          r"you may also like|see also)\s*[:\-–—]?\s*", re.I)
_TOKEN = "leafletembed{}x"  # an embed's stand-in while readability works on the page
_TOKEN_RE = re.compile(r"leafletembed(\d+)x")
_TABLE = "leaflettable{}x"  # a table's stand-in: readability drops short tables it cannot score
_TABLE_RE = re.compile(r"leaflettable(\d+)x")
_LINK_SCHEMES = ("http", "https", "mailto", "tel")
#: Class or id words of page chrome inside or beside an article: WordPress Jetpack's "Like this:"
#: and "Related" blocks, share bars, trending strips, photo credits glued to captions, gallery
#: counters. Matched as whole words of the attribute (`article__credit`, `jp-relatedposts`).
CHROME_RE = re.compile(r"(?:^|[\s_-])(sharedaddy|jp-relatedposts|jp-post-flair|sd-like|sd-sharing|share|shares|"
                       r"sharing|social|trending|related|relatedposts|credit|credits|gallery-count|"
                       r"newsletter|subscribe|breadcrumbs?)(?=$|[\s_-])", re.I)
#: Chrome is small beside the article: an element holding more of the page's text is kept whatever
#: its class says (a theme may call the whole content area "social-…").
CHROME_SHARE = 0.25


@dataclass(frozen=True)
class ImageCopy:
    """A file saved with the page, and where it goes under source/articles/."""

    source: Path
    target: str  # relative to source/articles/, POSIX separators; also the Markdown reference


# ---------------------------------------------------------------- the article body

def _describe(element) -> str:  # noqa: ANN001
    """How a dropped embed is named in the report: its kind, its title, its address."""
    tag = element.tag
    src = element.get("src") or element.get("data") or ""
    if not src:
        inner = element.xpath(".//source/@src")
        src = inner[0] if inner else ""
    host = urlsplit(src).netloc.lower()
    kind = {"iframe": "embedded frame", "video": "video", "audio": "audio", "object": "embedded object",
            "embed": "embedded object", "canvas": "drawing", "svg": "drawing", "math": "formula"}[tag]
    if tag == "iframe" and re.search(r"youtube|youtu\.be|vimeo|dailymotion|wistia", host):
        kind = "embedded video"
    title = " ".join((element.get("title") or element.get("aria-label") or "").split())
    parts = [kind] + ([f"“{title}”"] if title else []) + ([src] if src else [])
    return " ".join(parts)


def mark_embeds(doc) -> list[str]:  # noqa: ANN001
    """Replace every embed by a text token readability keeps wherever it keeps the text around it.

    readability drops some frames and keeps others, silently; with the tokens, what it kept
    tells which embeds were part of the article, so only those are reported.
    """
    from lxml import html as lxml_html
    names: list[str] = []
    for element in doc.xpath("|".join(f"//body//{tag}" for tag in EMBEDS)):
        if any(a.tag in EMBEDS for a in element.iterancestors()):
            continue
        token = lxml_html.Element("span")
        token.text = _TOKEN.format(len(names))
        token.tail = element.tail
        names.append(_describe(element))
        element.getparent().replace(element, token)
    return names


def drop_chrome(doc) -> None:  # noqa: ANN001
    """Remove the page chrome `CHROME_RE` names before readability scores the page: readability
    keeps a share bar or a credit line that sits inside the article's own container."""
    body = doc.find("body")
    total = len(body.text_content()) if body is not None else 0
    for element in doc.xpath("//body//*[@class or @id]"):
        if element.getparent() is None or element.tag in ("main", "article", "body"):
            continue
        words = f"{element.get('class', '')} {element.get('id', '')}"
        if CHROME_RE.search(words) and len(element.text_content()) <= CHROME_SHARE * total:
            element.drop_tree()


def unwrap_layout_tables(doc) -> None:  # noqa: ANN001
    """A table that lays the page out (its article in one cell, or headings and tables inside)
    becomes plain blocks, so the article is found in it and not set aside as a data table."""
    for table in doc.xpath("//body//table[not(ancestor::table)]"):
        cells = [len(c.text_content()) for c in table.xpath(".//td|.//th")]
        nested = bool(table.xpath(".//table|.//h1|.//h2|.//h3|.//article"))
        if nested or (cells and max(cells) > 500 and max(cells) > 0.6 * len(table.text_content())):
            for part in [table, *table.xpath(".//table|.//thead|.//tbody|.//tfoot|.//tr|.//td|.//th|.//caption")]:
                part.tag = "div"


def set_tables_aside(doc) -> list:  # noqa: ANN001
    """Replace every outermost table by a paragraph token; `_restore_tables` puts it back.

    readability judges a table by its words and drops a short comparison table as clutter; the
    token keeps the table's place, and whether it is kept, tied to the text around it.
    """
    from lxml import html as lxml_html
    tables = []
    for table in doc.xpath("//body//table[not(ancestor::table)]"):
        token = lxml_html.Element("p")
        token.text = _TABLE.format(len(tables))
        token.tail = table.tail
        table.tail = None
        tables.append(table)
        table.getparent().replace(table, token)
    return tables


def _restore_tables(body, tables: list) -> None:  # noqa: ANN001
    for element in list(body.iter()):
        for attr in ("text", "tail"):
            value = getattr(element, attr)
            if not value or not _TABLE_RE.search(value):
                continue
            numbers = [int(n) for n in _TABLE_RE.findall(value)]
            setattr(element, attr, _TABLE_RE.sub("", value))
            holder = element if attr == "text" else element.getparent()
            if holder is None:
                continue
            if attr == "text" and not element.text_content().strip() and element.getparent() is not None:
                for number in reversed(numbers):
                    element.addnext(tables[number])
                element.drop_tree()
            else:
                anchor = element if attr == "tail" else holder
                for number in reversed(numbers):
                    anchor.addnext(tables[number])


def faq_headings(doc) -> None:  # noqa: ANN001
    """FAQ blocks (Yoast, Rank Math) write questions as bold text; the article reads them as headings."""
    for question in doc.xpath("//*[contains(concat(' ', @class, ' '), ' schema-faq-question ') or "
                              "contains(concat(' ', @class, ' '), ' rank-math-question ')]"):
        question.tag = "h3"
        question.attrib.clear()


def _only_links(element) -> bool:  # noqa: ANN001
    """True if all the text of `element` after a 'Read more:' lead is link text."""
    text = READ_MORE_RE.sub("", " ".join(element.text_content().split()))
    links = " ".join(" ".join(a.text_content().split()) for a in element.iter("a"))
    return bool(links) and len(text) <= len(links) + 3


def _drop_read_more(body, dropped: list[str]) -> None:  # noqa: ANN001
    for element in list(body.iter("p", "h2", "h3", "h4", "h5", "h6", "div")):
        if element.getparent() is None:
            continue
        text = " ".join(element.text_content().split())
        if not READ_MORE_RE.match(text):
            continue
        following = element.getnext()
        if element.tag.startswith("h") and READ_MORE_RE.sub("", text) == "" and \
                following is not None and following.tag in ("ul", "ol") and _only_links(following):
            dropped.append(f"“{text}” links: " + "; ".join(" ".join(a.text_content().split())
                                                         for a in following.iter("a")))
            following.drop_tree()
            element.drop_tree()
        elif element.tag != "div" and _only_links(element):
            dropped.append(f"“{text}” link")
            element.drop_tree()


def _fix_links(body, base: str) -> None:  # noqa: ANN001
    """Links become absolute (against the page's canonical address) or plain text."""
    for a in list(body.iter("a")):
        href = (a.get("href") or "").strip()
        target = urljoin(base, href) if href and not href.startswith("#") else ""
        if urlsplit(target).scheme.lower() in _LINK_SCHEMES and not (base and target.split("#")[0] == base):
            a.attrib.clear()
            a.set("href", target)
        else:
            a.drop_tag()


def _safe_name(name: str, used: set[str]) -> str:
    stem, dot, ext = unquote(name).rpartition(".")
    if not dot:
        stem, ext = ext, "img"
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "image"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower()) or "img"
    candidate, n = f"{stem}.{ext}", 2
    while candidate in used:
        candidate, n = f"{stem}-{n}.{ext}", n + 1
    used.add(candidate)
    return candidate


def _images(body, page: Path, slug: str, dropped: list[str]) -> list[ImageCopy]:  # noqa: ANN001
    """Images saved with the page are copied next to the article; remote or missing ones are dropped."""
    copies: list[ImageCopy] = []
    by_source: dict[Path, str] = {}
    used: set[str] = set()
    folder = page.parent.resolve()
    for img in list(body.iter("img")):
        src = (img.get("src") or "").strip()
        alt = " ".join((img.get("alt") or "").split())
        parent = img.getparent()
        if parent is not None and parent.tag == "a" and not parent.text_content().strip() \
                and len(parent) == 1:
            parent.drop_tag()  # an image linking to its own full-size file
        parts = urlsplit(src)
        path = (folder / unquote(parts.path)).resolve() if src and not parts.scheme and not parts.netloc \
            else None
        if path is None or not path.is_file():
            why = "remote image" if parts.scheme in ("http", "https") or parts.netloc else \
                "image not saved with the page"
            dropped.append(f"{why} {src or '(no address)'}" + (f" (“{alt}”)" if alt else ""))
            img.drop_tree()
            continue
        if path not in by_source:
            by_source[path] = f"images/{slug}/{_safe_name(path.name, used)}"
            copies.append(ImageCopy(path, by_source[path]))
        img.attrib.clear()
        img.set("src", by_source[path])
        img.set("alt", alt)
    return copies


def _table_headers(body) -> None:  # noqa: ANN001
    """A table without <thead> gets its first row as the header row, without the bold it was given."""
    for table in body.iter("table"):
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        if not rows or table.xpath("./thead") or rows[0].xpath("./th"):
            continue
        for cell in rows[0].xpath("./td"):
            cell.tag = "th"
            children = [c for c in cell if c.tag not in ("br",)]
            if len(children) == 1 and children[0].tag in ("strong", "b") and not (cell.text or "").strip() \
                    and not (children[0].tail or "").strip():
                children[0].drop_tag()


def _markdown(body_html: str) -> str:
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        """markdownify with the escaping leaflet's Markdown needs: no raw-HTML-looking text, no
        block a sentence did not open ("1. " or "# " at the start of a paragraph)."""

        def escape(self, text: str, parent_tags: set[str]) -> str:
            if "_noformat" in parent_tags:
                return super().escape(text, parent_tags)
            text = re.sub(r"\\(?=[!-/:-@\[-`{-~])", r"\\\\", text)
            text = super().escape(text, parent_tags)
            text = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)
            text = re.sub(r"\[(?=[^\]]*\])", r"\\[", text)
            if parent_tags & {"td", "th"}:
                text = text.replace("|", r"\|")
            return text

        def convert_p(self, el, text: str, parent_tags: set[str]) -> str:  # noqa: ANN001
            return super().convert_p(el, _escape_line_starts(text), parent_tags)

        convert_figcaption = convert_p

        def convert_li(self, el, text: str, parent_tags: set[str]) -> str:  # noqa: ANN001
            first, sep, rest = text.strip("\n").partition("\n")
            return super().convert_li(el, _escape_line_starts(first) + sep + rest, parent_tags)

    return Converter(heading_style="ATX", bullets="-", strong_em_symbol="*", autolinks=False,
                     newline_style="backslash", table_infer_header=True, escape_misc=False,
                     code_language="").convert(body_html)


_BLOCK_START_RE = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[+\-](?=\s)|>|=+\s*$|-{3,}\s*$|(\d{1,9})(?=[.)](\s|$)))")


def _escape_line_starts(text: str) -> str:
    """Backslash what would open a Markdown block at the start of a line of running text."""
    def fix(line: str) -> str:
        m = _BLOCK_START_RE.match(line)
        if not m:
            return line
        if m.group(3):
            return line[:m.end()] + "\\" + line[m.end():]
        return m.group(1) + "\\" + line[len(m.group(1)):]
    return "\n".join(fix(line) for line in text.split("\n"))


def article_body(main_html: str, names: list[str], tables: list, page: Path, slug: str, title: str, base: str,
                 dropped: list[str]) -> tuple[str, list[ImageCopy]]:
    from lxml import html as lxml_html
    body = lxml_html.fragment_fromstring(main_html, create_parent="div")
    _restore_tables(body, tables)
    for element in list(body.iter(*NOISE)):
        element.drop_tree()
    for text_holder in list(body.iter()):
        for attr in ("text", "tail"):
            value = getattr(text_holder, attr)
            if value and _TOKEN_RE.search(value):
                for number in _TOKEN_RE.findall(value):
                    dropped.append(names[int(number)])
                setattr(text_holder, attr, _TOKEN_RE.sub("", value))
    for element in list(body.iter(*EMBEDS)):  # anything readability added or unwrapped
        dropped.append(_describe(element))
        element.drop_tree()
    for h1 in list(body.iter("h1")):
        if " ".join(h1.text_content().split()) == title:
            h1.drop_tree()
        else:
            h1.tag = "h2"
    _drop_read_more(body, dropped)
    _fix_links(body, base)
    copies = _images(body, page, slug, dropped)
    _table_headers(body)
    markdown = _markdown(lxml_html.tostring(body, encoding="unicode"))
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return markdown, copies
