"""The one definition of "a translation kept its inline Markdown", for machine drafts and check.

Inline markup is what publish renders: code spans, link and image targets, bold, emphasis and
hard line breaks, as markdown-it parses them. `difference` names the first thing a
translation lost, added or broke, or returns None.

Parsing every entry of every catalog would make `leaflet check` slow, so there is an exact
shortcut: CommonMark resolves emphasis from the sequence of delimiter runs alone (their
character, length and whether they can open or close), with code spans and link brackets as
the only other boundaries. When source and translation have the same such sequence, they
have the same markup; only when the sequences differ are both parsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ..base.patterns import CODE_SPAN, LINK_TARGET

_MARKUP_CHAR = re.compile(r"[*_`\[\]\\<]")
#: Code spans, link/image targets, autolinks, hard breaks, delimiter runs: in document order.
_TOKEN = re.compile(rf"{CODE_SPAN.pattern}|{LINK_TARGET.pattern}|!?\[|\]|<[^<>\s]+>|\\\n|\\.|\*+|_+", re.S)


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _run(text: str, start: int, end: int) -> str:
    """A delimiter run as CommonMark's algorithm sees it: char, length, can open, can close."""
    run = text[start:end]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
    right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
    if run[0] == "_":
        opens, closes = left and (not right or _punct(before)), right and (not left or _punct(after))
    else:
        opens, closes = left, right
    return f"{run[0]}{len(run)}{'o' if opens else ''}{'c' if closes else ''}"


def _sequence(text: str) -> list[str]:
    out = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token[0] in "*_":
            out.append(_run(text, m.start(), m.end()))
        elif token.startswith("\\") and token != "\\\n":
            continue  # an escaped character is text
        else:
            out.append(token)
    return out


@lru_cache(maxsize=65536)
def signature(text: str) -> Counter[str]:
    """The inline markup of a Markdown string as publish renders it, as a multiset."""
    from .segments import translation_parser

    tokens = translation_parser().parseInline(text, {})[0].children or []
    return Counter(_signatures(tokens))


def _signatures(tokens: list) -> list[str]:  # noqa: ANN001 - markdown-it tokens
    out = []
    for token in tokens:
        if token.type in ("text", "softbreak") or token.type.endswith("_close"):
            continue
        if token.type in ("link_open", "image"):
            out.append(f"{'image' if token.type == 'image' else 'link'} {token.attrGet('src') or token.attrGet('href')}")
        elif token.type == "code_inline":
            out.append(f"code span `{token.content}`")
        else:
            out.append({"strong_open": "bold", "em_open": "emphasis", "hardbreak": "hard line break"}
                       .get(token.type, token.type))
        if token.type == "image" and token.children:
            out += _signatures(token.children)
    return out


def difference(source: str, target: str) -> str | None:
    """What the translation changed in the source's inline markup, or None when it kept it."""
    if _MARKUP_CHAR.search(source) is None and _MARKUP_CHAR.search(target) is None:
        return None
    if _sequence(source) == _sequence(target):
        return None
    have, want = signature(target), signature(source)
    if have == want:
        return None
    lost, added = want - have, have - want
    for kind in ("code span", "link", "image"):
        for item in lost:
            if item.startswith(kind):
                return f"{item} changed or missing"
        for item in added:
            if item.startswith(kind):
                return f"{item} added: it is not in the source"
    for name in ("bold", "emphasis", "hard line break"):
        if want[name] != have[name]:
            return f"{name} differs: {want[name]} in the source, {have[name]} in the translation"
    item = next(iter(lost or added))
    return f"{item} {'missing' if lost else 'added: it is not in the source'}"
