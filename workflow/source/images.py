"""The images an article shows: files under `source/`, copied next to the pages.

`leaflet check` and `leaflet publish` judge an image by the same function, so an image that
would stop publish is reported by check first, with the article's file and line.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..base.errors import InputError
from .segments import ParsedArticle


def resolve_image(root: Path, article_path: str, src: str, line: int | None = None) -> Path:
    """The file an image source names; InputError (file and line) unless it is a file under source/."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith(("/", "\\")) or "\\" in src:
        raise InputError(f"image {src!r}: images must be files next to the article "
                         "(the pages work offline)", article_path, line)
    base = (root / "source").resolve()
    path = ((root / article_path).parent / unquote(parts.path)).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise InputError(f"image {src!r} is not a file under source/", article_path, line)
    return path


def image_problems(root: Path, parsed: ParsedArticle) -> list[InputError]:
    """Every image of the article's source text that publish could not show, with its line."""
    article = parsed.article
    problems = []
    line = article.body_line
    for token in parsed.tokens:
        if token.map:
            line = article.body_line + token.map[0]
        for child in token.children or []:
            if child.type == "image":
                try:
                    resolve_image(root, article.path, child.attrGet("src") or "", line)
                except InputError as exc:
                    problems.append(exc)
    return problems
