"""A review sheet's inline Markdown, by the rules publish applies to pages and leaflets.

A sheet is an output like any other: its links go through `render.links` (`page_link` on
screen, `print_link` on paper; the pages linkable are the other sheets of the same run, as
publish links the pages of the same language) and its images through
`source.images.resolve_image` (files under `source/` only, copied beside the sheet). What the
rules refuse is shown as text: a `file:` link, a path out of the project, a remote image.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from markdown_it.token import Token
from markupsafe import Markup

from ..base.errors import InputError
from ..render.links import page_link, print_link
from ..source.images import resolve_image
from ..source.segments import relink, translation_parser

#: Where a sheet's images are copied, relative to the sheet's assets folder.
IMAGES = "images"


@dataclass
class SheetMarkup:
    root: Path
    article_path: str  # the article the segments come from: image paths are relative to it
    lang: str
    website: str = ""
    paper: bool = False  # the PDF: print_link's rules
    linkable: frozenset[str] = frozenset()  # slugs whose sheets this run writes beside this one
    images: dict[str, Path] = field(default_factory=dict)  # assets/images/<key> -> file under source/

    def link(self, href: str) -> str | None:
        if self.paper:
            return print_link(href, self.linkable, self.website, self.lang)
        return page_link(href, self.linkable)

    def image(self, src: str) -> str | None:
        try:
            path = resolve_image(self.root, self.article_path, src)
        except InputError:
            return None
        key = path.relative_to((self.root / "source").resolve()).as_posix()
        self.images[key] = path
        return f"../assets/{IMAGES}/" + quote(key)

    def __call__(self, text: str | None) -> Markup:
        """`text` (untrusted: raw HTML stays text) as HTML by these rules."""
        md = translation_parser()
        children = relink(md.parseInline(text or "", {})[0].children or [], self.link)
        shown: list[Token] = []
        for child in children:
            if child.type == "image":
                src = self.image(child.attrGet("src") or "")
                if src is None:
                    alt = Token("text", "", 0)
                    alt.content = child.content
                    child = alt
                else:
                    child.attrSet("src", src)
            shown.append(child)
        return Markup(md.renderer.renderInline(shown, md.options, {}))
