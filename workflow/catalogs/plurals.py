"""A catalog's Plural-Forms header, parsed once into a value every stage shares.

msgfmt refuses a header that does not parse or that gives an index outside 0..nplurals-1;
the reader refuses the same (`problem`). Check counts forms with it, merge and translate size
msgstr[N] with it, and pages pick the form a number needs with it.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

_PLURAL_FORMS_RE = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*$")
#: The counts a Plural-Forms expression is tried on before a catalog is accepted.
PLURAL_CHECK_RANGE = range(1001)


@dataclass(frozen=True)
class PluralForms:
    """`nplurals=N; plural=EXPRESSION;` as a value; calling it gives the form index for n."""

    nplurals: int
    expression: str
    index: Callable[[int], int] = field(repr=False, compare=False)

    def __call__(self, n: int) -> int:
        return self.index(n)

    @property
    def form0_is_one(self) -> bool:
        """The first form is the singular of English (`n != 1`): the form a msgid is written in."""
        return self.expression.replace(" ", "") in ("(n!=1)", "n!=1")


@lru_cache(maxsize=64)
def parse(value: str) -> PluralForms:
    """The header `value` as PluralForms; ValueError with msgfmt's reason when it would refuse it."""
    m = _PLURAL_FORMS_RE.fullmatch(value)
    if not m:
        raise ValueError("expected 'nplurals=N; plural=EXPRESSION;'")
    n = int(m.group(1))
    if not 1 <= n <= 100:
        raise ValueError("invalid nplurals value")
    try:
        plural = gettext.c2py(m.group(2))
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        raise ValueError("the plural expression does not parse") from None
    for count in PLURAL_CHECK_RANGE:
        try:
            index = plural(count)
        except (ArithmeticError, RecursionError):
            raise ValueError(f"the plural expression fails for n={count}") from None
        if not 0 <= index < n:
            raise ValueError(f"nplurals={n} but the plural expression gives {index} for n={count}")
    return PluralForms(n, m.group(2), plural)


def problem(value: str) -> str | None:
    """Why msgfmt would refuse the header `value`, or None."""
    try:
        parse(value)
    except ValueError as exc:
        return str(exc)
    return None


#: English's rule, for a catalog without a header.
GERMANIC = parse("nplurals=2; plural=(n != 1);")


def of(header: str | None) -> PluralForms:
    """The rule of a catalog's header: English's when there is none (as gettext assumes)."""
    return parse(header) if header else GERMANIC
