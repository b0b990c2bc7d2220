"""What addresses, numbers, placeholders and inline Markdown look like in our article text.

Machine translation (`protect`) masks these spans so the engine cannot change them, and
`leaflet check` (`checks`) verifies a translation kept them. Both read the one definition
here, so a span MT protects is the span check expects back, and the other way round.

Plain `re` only: check runs these over every entry of every catalog.
"""

from __future__ import annotations

import re
from typing import Iterator

from .languages import native_digits

# ---------------------------------------------------------------- inline Markdown

#: A code span: a backtick run, content, and a closing run of exactly the same length
#: (CommonMark; a longer or shorter run does not close it). Groups: 1 the run, 2 the content.
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)

#: An autolink: `<https://...>`, `<mailto:...>`, `<tel:...>` or `<name@example.org>`.
AUTOLINK = re.compile(r"<(?:https?://|mailto:|tel:)[^<>\s]+>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>")

# Link text may hold escaped characters and one level of balanced brackets; the destination
# is `<...>` (no line break, no unescaped `<>`) or a run without spaces whose parentheses are
# balanced; the optional title is quoted with "", '' or ().
_LINK_LABEL = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
_LINK_DEST = r"(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
_LINK_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?"

#: An inline link or image `[text](target "title")`. Groups: `open` (`[` or `![`), `label`,
#: `close` (from `](` to the closing parenthesis) and `target` (the destination as written).
LINK = re.compile(rf"(?P<open>!?\[)(?P<label>{_LINK_LABEL})"
                  rf"(?P<close>\]\(\s*(?P<target>{_LINK_DEST}){_LINK_TITLE}\s*\))")

#: The `](target "title")` part of a link alone.
LINK_TARGET = re.compile(rf"\]\(\s*{_LINK_DEST}{_LINK_TITLE}\s*\)")

# ---------------------------------------------------------------- addresses

_URL_CHAR = r"[^\s<>()\[\]\"'`]"
_URL_PARENS = rf"\({_URL_CHAR}*\)"
#: A web address, scheme case-insensitive. Balanced parentheses belong to it
#: (`.../Foo_(bar)`); sentence punctuation and a closing bracket after it do not.
URL = re.compile(rf"\b(?:https?://|www\.)(?:{_URL_CHAR}|{_URL_PARENS})*"
                 rf"(?:[^\s<>()\[\]\"'`.,;:!?]|{_URL_PARENS})", re.I)

#: An e-mail address with an alphabetic top-level domain of two letters or more.
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

#: Separators inside a phone number: space, no-break space (U+00A0), narrow no-break space
#: (U+202F), hyphen, non-breaking hyphen (U+2011), parentheses; a dot only between digits.
_PHONE_SEPARATOR = r"[\d \u00a0\u202f\-\u2011()]|\.(?=\d)"

#: Something shaped like a phone number; `phone_digits` decides whether it is one.
PHONE = re.compile(rf"(?<![\w.+])\+?\d(?:{_PHONE_SEPARATOR}){{6,}}\d(?!\w|[.,]\d)")


def phone_digits(raw: str) -> str | None:
    """The digits of a phone number (8 to 15, starting with + or 0, or at least 10), else None.

    Shorter runs and long plain numbers are numbers, not phone numbers.
    """
    raw = ascii_digits(raw.strip())
    digits = re.sub(r"\D", "", raw)
    return digits if 8 <= len(digits) <= 15 and (raw[0] in "+0" or len(digits) >= 10) else None


def phones(text: str) -> Iterator[re.Match[str]]:
    """Every phone number in `text` (digits in any script)."""
    return (m for m in PHONE.finditer(text) if phone_digits(m.group(0)))


# ---------------------------------------------------------------- numbers and digits

#: A number, with grouping and decimal separators. `\d` matches every script's decimal
#: digits, so ४५ and ٤٥ are numbers too; compare values after `ascii_digits`.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

#: Units a number is written with in patient text (doses, weights, lengths, pressures).
UNITS = (r"%|mmHg|mg/dL|mg/dl|mmol/L|mg|mcg|µg|μg|ng|kg|g|mL|ml|dL|dl|L|cm|mm|km|m|"
         r"°C|°F|°|IU|kcal|cc|bpm|kPa|Gy|mSv")

#: Native digit of every script in `languages` (and the Arabic separators) to ASCII.
DIGITS = native_digits()


def ascii_digits(text: str) -> str:
    """`text` with every native digit written as the ASCII digit of the same value."""
    return text if text.isascii() else text.translate(DIGITS)


# ---------------------------------------------------------------- placeholders

#: Python %-format with a name: `%(name)s`, `%(count)5.1f`. Group 1: the name.
NAMED_PY = re.compile(r"%\(([A-Za-z_]\w*)\)[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")

#: A str.format spec after `:` (fill, align, sign, width, grouping, precision, type).
_FORMAT_SPEC = r"(?::(?:.?[<>=^])?[-+ ]?z?#?0?\d*[,_]?(?:\.\d+)?[bcdeEfFgGnosxX%]?)?"
#: A str.format field with a name: `{name}`, `{user.name}`, `{n!r:>5}`; `{{` is not one.
#: Group 1: the field name.
NAMED_BRACE = re.compile(rf"(?<!\{{)\{{([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\w+\])*)(?:![rsa])?{_FORMAT_SPEC}\}}(?!\}})")
#: A str.format field by position: `{}`, `{0}`, `{1:.2f}`.
POSITIONAL_BRACE = re.compile(rf"(?<!\{{)\{{\d*(?:![rsa])?{_FORMAT_SPEC}\}}(?!\}})")
#: Any `{...}` field, for comparing python-brace-format strings. Group 1: its inside.
BRACE_ANY = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")

#: Python %-format without a name (`%s`, `%5d`, `%%`), in strings flagged python-format.
POSITIONAL_PY = re.compile(r"%(?!\()[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")
#: C printf directives, in strings flagged c-format.
C_FORMAT = re.compile(r"%(?:(\d+)\$)?[#0\- +']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?"
                      r"[diouxXeEfFgGaAcspn%]")

#: Every placeholder in unflagged text: named ones, and the bare `%s %d %i %f %%` that prose
#: never contains (`50% of` is not one).
PLACEHOLDER = re.compile("|".join(p.pattern for p in (NAMED_PY, NAMED_BRACE, POSITIONAL_BRACE))
                         + r"|%[sdif](?![A-Za-z])|%%")


def strip_placeholders(text: str) -> str:
    """`text` with named placeholders replaced by a space (their names are not words)."""
    return NAMED_BRACE.sub(" ", NAMED_PY.sub(" ", text))


def without_addresses(text: str) -> str:
    """`text` with web and e-mail addresses and named placeholders blanked: what is left is
    what a translator writes in words and numbers."""
    if "%(" in text or "{" in text:
        text = strip_placeholders(text)
    if "://" in text or "www." in text:
        text = URL.sub(" ", text)
    if "@" in text:
        text = EMAIL.sub(" ", text)
    return text
