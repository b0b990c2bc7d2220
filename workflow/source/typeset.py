"""What the page does with the text of a segment as it is shown, never in the catalog.

A translator writes `4 g`, `2–4 weeks` and `0731 4675670` as plain text; the reader needs the
number and its unit, and both ends of a range, on one line ("Weeks 2–" / "4" misleads), and a
phone number or e-mail address that can be tapped. Both are done here, on the inline tokens of
a rendered segment (source text or translation alike), so the msgid and the msgstr stay exactly
as written and extraction is not affected.
"""

from __future__ import annotations

import re
from typing import Iterator

from markdown_it.token import Token

from ..base.patterns import EMAIL, NUMBER, UNITS, phone_digits, phones

NBSP = "\u00a0"
#: A number, the space after it, and a unit: the space becomes a no-break space.
_NUMBER_UNIT = re.compile(rf"(?<![\w.])({NUMBER.pattern}(?:[-–]{NUMBER.pattern})?)[ \t]+(?=(?:{UNITS})(?![^\W\d_]))")


#: Holds the two sides of a range together: the dash is a break opportunity (UAX #14, class BA),
#: even before a no-break space (LB12a).
WORD_JOINER = "\u2060"
#: A number range: a number, an en or em dash, spaces around it or not, a number. (A hyphen
#: before a number is no break opportunity, UAX #14 LB25, and phone numbers have them.)
_RANGE = re.compile(rf"(?<![\w.])({NUMBER.pattern})([ \t]*)([–—])([ \t]*)(?={NUMBER.pattern})")


def join_units(text: str) -> str:
    """`text` with a no-break space between each number and its unit (`4 g` -> `4\u00a0g`) and
    each number range held together (`2–4` never breaks after the dash)."""
    text = _RANGE.sub(lambda m: m.group(1) + (NBSP if m.group(2) else "") + m.group(3) + WORD_JOINER
                      + (NBSP if m.group(4) else ""), text)
    return _NUMBER_UNIT.sub(rf"\1{NBSP}", text)


def _addresses(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, href) of each phone number and e-mail address in `text`, in order."""
    found = [(m.start(), m.end(), f"mailto:{m.group(0)}") for m in EMAIL.finditer(text)]
    for m in phones(text):
        if not any(s < m.end() and m.start() < e for s, e, _ in found):
            raw = m.group(0).strip()
            found.append((m.start(), m.start() + len(m.group(0).rstrip()),
                          "tel:" + ("+" if raw.startswith("+") else "") + (phone_digits(raw) or "")))
    return iter(sorted(found))


def _link(href: str, text: str, ltr: bool) -> list[Token]:
    open_ = Token("link_open", "a", 1, attrs={"href": href})
    if ltr:
        open_.attrSet("dir", "ltr")
    inner = Token("text", "", 0, content=text)
    return [open_, inner, Token("link_close", "a", -1)]


def refine(children: list[Token]) -> list[Token]:
    """Inline tokens of one segment with units joined and addresses made links.

    Text already inside a link or a code span is left alone.
    """
    out: list[Token] = []
    depth = 0
    for token in children:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
        if token.type != "text":
            out.append(token)
            continue
        text = join_units(token.content)
        if depth:
            out.append(token.copy(content=text))
            continue
        pos = 0
        for start, end, href in _addresses(text):
            if start > pos:
                out.append(Token("text", "", 0, content=text[pos:start]))
            out += _link(href, text[start:end], href.startswith("tel:"))
            pos = end
        if pos < len(text):
            out.append(Token("text", "", 0, content=text[pos:]))
    return out
