"""The one segmentation of an article: what is extracted is exactly what publish looks up.

`parse_article` cuts an article into translatable segments with markdown-it-py; `render_body`
renders the same token stream with each segment replaced by its translation. Extraction and
publishing both go through here, so a msgid and the string publish asks the catalog for can
never drift apart.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..base.errors import InputError
from .articles import TRANSLATABLE_FIELDS, Article
from .typeset import refine

#: Token types of code blocks: fenced (``` or ~~~) and indented.
CODE_BLOCKS = frozenset({"fence", "code_block"})
#: URL schemes a link may use; anything else (javascript:, data:, file:) is rendered as text.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Segment:
    """One translatable string with where it came from."""

    msgid: str
    line: int  # 1-based line in the article file
    comment: str  # the kind of block, shown to translators as an extracted comment


@dataclass
class ParsedArticle:
    article: Article
    tokens: list[Token]
    env: dict
    segments: list[Segment] = field(default_factory=list)
    # (index of its token in `tokens`, its segment, "inline", "alt" or "code") per body segment
    slots: list[tuple[int, Segment, str]] = field(default_factory=list)


def validate_link(url: str) -> bool:
    """markdown-it link validator: only http(s), mailto and tel, or a relative URL."""
    scheme = urlsplit(url.strip()).scheme.lower() if ":" in url else ""
    return scheme in LINK_SCHEMES or (scheme == "" and not url.strip().lower().startswith("//"))


def _configure(md: MarkdownIt) -> MarkdownIt:
    md.enable("table")
    md.validateLink = validate_link
    md.add_render_rule("softbreak", lambda self, tokens, idx, options, env: " ")
    return md


@lru_cache(maxsize=None)
def source_parser() -> MarkdownIt:
    """Parser for source articles: raw HTML is recognised so it can be refused with its line."""
    return _configure(MarkdownIt("commonmark", {"html": True}))


@lru_cache(maxsize=None)
def translation_parser() -> MarkdownIt:
    """Parser for translations, which are untrusted: raw HTML stays text and is escaped."""
    return _configure(MarkdownIt("commonmark", {"html": False}))


def _inside_code_span(text: str) -> bool:
    """True if `text` ends inside an open code span (odd run of backticks left open)."""
    return len(re.findall(r"`+", text)) % 2 == 1


def normalize_inline(content: str) -> str:
    """Inline Markdown of one block as a one-line msgid.

    Soft line breaks become spaces, hard breaks become an explicit backslash break, and
    continuation-line indentation goes, exactly as the Markdown parser reads them, so the
    msgid renders to the same HTML as the source did.
    """
    lines = content.split("\n")
    out = lines[0]
    for nxt in lines[1:]:
        if _inside_code_span(out):
            out = f"{out} {nxt}"
            continue
        if out.endswith("\\") and (len(out) - len(out.rstrip("\\"))) % 2 == 1:
            out = f"{out}\n{nxt.lstrip(' ')}"
        elif out.endswith("  "):
            out = f"{out.rstrip(' ')}\\\n{nxt.lstrip(' ')}"
        else:
            out = f"{out.rstrip(' ')} {nxt.lstrip(' ')}"
    return out


class _Context:
    """Where the parser is in the block structure, tracked in one pass over the tokens."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.headers: list[str] = []
        self.row: list[str] = []  # raw text of the cells of the current row so far
        self.header_row = False

    def see(self, tokens: list[Token], i: int) -> None:
        token = tokens[i]
        if token.type == "table_open":
            self.headers = []
        elif token.type == "tr_open":
            self.row = []
        elif token.type in ("th_open", "td_open"):
            self.header_row = token.type == "th_open"
            self.row.append(tokens[i + 1].content if i + 1 < len(tokens) else "")
            if self.header_row:
                self.headers.append(self.row[-1])
        if token.nesting == 1:
            self.stack.append(token.type)
        elif token.nesting == -1 and self.stack:
            self.stack.pop()

    def kind(self, opener: Token) -> str:
        """Describe the block whose inline content follows `opener`, for the translator."""
        if opener.type == "heading_open":
            return f"heading level {opener.tag[1:]}"
        if opener.type in ("th_open", "td_open"):
            column = len(self.row) - 1
            if self.header_row:
                return f"table header: column {column + 1}"
            header = self.headers[column] if column < len(self.headers) else str(column + 1)
            return f'table cell: row "{_short(self.row[0])}", column "{_short(header)}"'
        if "list_item_open" in self.stack:
            return "list item"
        if "blockquote_open" in self.stack:
            return "blockquote paragraph"
        return "paragraph"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace('"', "'")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _only_image(token: Token) -> Token | None:
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return children[0] if len(children) == 1 and children[0].type == "image" else None


def _map_line(tokens: list[Token], i: int) -> int:
    for j in range(i, -1, -1):
        if tokens[j].map:
            return tokens[j].map[0]
    return 0


def has_letter(text: str) -> bool:
    """True if `text` holds a letter of any script: text without one (numbers, ranges,
    symbols) is not a segment, so no translator copies it and it never counts as missing."""
    return any(ch.isalpha() for ch in text)


def parse_article(article: Article) -> ParsedArticle:
    """Parse an article into tokens and segments; refuse raw HTML and reference-style links."""
    md = source_parser()
    env: dict = {}
    tokens = md.parse(article.body, env)
    offset = article.body_line
    if env.get("references"):
        ref = min(env["references"].values(), key=lambda r: r["map"][0] if r.get("map") else 0)
        line = offset + (ref["map"][0] if ref.get("map") else 0)
        raise InputError("reference-style links are not supported: write the link inline as "
                         "[text](https://...)", article.path, line)
    parsed = ParsedArticle(article=article, tokens=tokens, env=env)
    for name in TRANSLATABLE_FIELDS:
        value = article.meta.get(name)
        if value:
            parsed.segments.append(Segment(value.strip(), article.field_lines.get(name, 2),
                                           f"front matter: {name}"))
    kept: list[Token] = []
    for token in tokens:
        if token.type == "html_block":
            if _COMMENT_RE.fullmatch(token.content.strip()):
                continue  # HTML comments are notes for editors, dropped
            raise InputError("raw HTML is not supported: use Markdown (an HTML comment <!-- --> "
                             "is allowed)", article.path, offset + token.map[0])
        kept.append(token)
    tokens[:] = kept
    context = _Context()
    for i, token in enumerate(tokens):
        context.see(tokens, i)
        if token.type in CODE_BLOCKS:
            # One entry per block, its lines kept: a form or a record template is read as text.
            code = token.content.rstrip("\n")
            if has_letter(code):
                segment = Segment(code, offset + token.map[0],
                                  "code block" + (f" ({token.info.strip()})" if token.info.strip() else ""))
                parsed.segments.append(segment)
                parsed.slots.append((i, segment, "code"))
            continue
        if token.type != "inline":
            continue
        line = offset + _map_line(tokens, i)
        content = token.content
        for child in token.children or []:
            if child.type == "html_inline":
                if not _COMMENT_RE.fullmatch(child.content):
                    raise InputError(f"raw HTML is not supported: {child.content!r}; use Markdown",
                                     article.path, line)
        if any(c.type == "html_inline" for c in token.children or []):
            content = _COMMENT_RE.sub("", content)
        image = _only_image(token)
        if image is not None:
            msgid, kind = image.content.strip(), "image alt text"
        else:
            msgid, kind = normalize_inline(content.strip()), context.kind(tokens[i - 1])
        if not has_letter(msgid):
            continue  # "1", "1–3", "—": nothing to translate, shown as written
        segment = Segment(msgid, line, kind)
        parsed.segments.append(segment)
        parsed.slots.append((i, segment, "alt" if image is not None else "inline"))
    return parsed


Translate = Callable[[Segment], str | None]
ImageURL = Callable[[str], str]
#: Maps a link target to the one to publish, or None to show the link's text without a link.
LinkURL = Callable[[str], "str | None"]


@dataclass(frozen=True)
class RenderedBody:
    html: str
    fallbacks: int  # segments shown in the source language because no usable translation exists


def render_body(parsed: ParsedArticle, translate: Translate, source_lang: str = "en",
                image_url: ImageURL | None = None, link_url: LinkURL | None = None) -> RenderedBody:
    """Render the article body with every segment replaced by `translate(segment)`.

    A `None` translation falls back to the source text, and its block is marked with the
    source language so screen readers and fonts treat it right. Translations are parsed as
    inline Markdown only, so they cannot change the block structure or inject HTML, and may
    show only the images their source text shows: a translation is no way to publish a file.
    `link_url` decides each link's published target (None: the text stays, unlinked).
    """
    md = translation_parser()
    tokens = [_copy(t) for t in parsed.tokens]
    fallbacks = 0
    for index, segment, slot in parsed.slots:
        token = tokens[index]
        text = translate(segment)
        if slot == "code":  # shown as written, escaped: no Markdown inside a code block
            if text is None:
                fallbacks += 1
                token.attrSet("lang", source_lang)
            token.content = (text if text is not None else segment.msgid) + "\n"
            continue
        children = md.parseInline(text, {})[0].children if text is not None else None
        if children is not None and slot == "inline" and not _images(children) <= _images(token.children):
            children = None
        if children is None:
            fallbacks += 1
            text = segment.msgid
            children = md.parseInline(text, {})[0].children
            if _mark_block(tokens, index, source_lang) == "list_item_open" and slot == "inline":
                children = _isolated(children, source_lang)
        if slot == "alt":
            image = _only_image(token)
            assert image is not None
            image.children, image.content = children, text
        else:
            token.content, token.children = text, refine(children or [])
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open" and i + 1 < len(tokens) and _only_image(tokens[i + 1]):
            token.attrJoin("class", "figure")  # kept with its caption, on paper and on screen
        for child in token.children or []:
            if child.type == "image":
                src = child.attrGet("src") or ""
                child.attrSet("src", image_url(src) if image_url else src)
        if link_url is not None and token.children:
            token.children = relink(token.children, link_url)
    return RenderedBody(md.renderer.render(tokens, md.options, {}), fallbacks)


def _images(children: list[Token] | None) -> set[str]:
    return {c.attrGet("src") or "" for c in children or [] if c.type == "image"}


def relink(children: list[Token], link_url: LinkURL) -> list[Token]:
    """Children with each link's target from `link_url`; a refused link keeps only its text."""
    kept: list[Token] = []
    dropping = False
    for child in children:
        if child.type == "link_open":
            target = link_url(child.attrGet("href") or "")
            dropping = target is None
            if dropping:
                continue
            child.attrSet("href", target)
        elif child.type == "link_close" and dropping:
            dropping = False
            continue
        kept.append(child)
    return kept


def _copy(token: Token) -> Token:
    """A copy that shares nothing mutable with `token`: rendering one language sets image
    sources and link targets on the copy, and the parsed article is reused for the next."""
    clone = token.copy(attrs=dict(token.attrs), meta=dict(token.meta))
    if token.children:
        clone.children = [_copy(c) for c in token.children]
    return clone


def _mark_block(tokens: list[Token], index: int, lang: str) -> str:
    """Mark the block around `tokens[index]` as the source language; return its token type."""
    for j in range(index - 1, -1, -1):
        if tokens[j].nesting == 1 and not tokens[j].hidden:
            tokens[j].attrSet("lang", lang)
            return tokens[j].type
    return ""


def _isolated(children: list[Token], lang: str) -> list[Token]:
    """A list item's source-language text in its own left-to-right span: the item itself keeps
    the page's direction, so its number stays at the same edge as its neighbours' in Urdu."""
    open_, close = Token("html_inline", "", 0), Token("html_inline", "", 0)
    open_.content, close.content = f'<span lang="{html.escape(lang)}" dir="ltr">', "</span>"
    return [open_, *children, close]
