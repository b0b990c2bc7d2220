"""What `msgfmt --check` refuses in a catalog's text and polib silently reads as something else.

polib is lenient: it reads `msgstr इंदौर शहर` as `"ंदौर शह"`, an unterminated string truncated,
a msgid without msgstr as part of the next entry. `check_syntax` refuses each, naming the line,
before polib parses the text; `check_charset` after, once the header is known. A fuzz test holds
it to real msgfmt (tests/catalogs/test_reader_msgfmt.py).
"""

from __future__ import annotations

import re

import polib

from ..base.errors import InputError
from ..base.files import bad_character

_KEYWORD = r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)"
_PREFIX = r"[ \t]*(?:#~[ \t]*\|?|#\|)?[ \t]*"  # active, obsolete (#~), previous (#| and #~|)
_QUOTED = r'"(?:[^"\\\n]++|\\.)*+"'
#: A line msgfmt reads: blank, a comment, a keyword with one well-formed string, or a string
#: continuing the one above (in active, obsolete or previous entries).
_GOOD_LINE = (rf"[ \t]*(?:#(?![~|]).*|(?:#~|#\||#~\|)[ \t]*)?\r?$"
              rf"|{_PREFIX}(?:{_KEYWORD}[ \t]*)?{_QUOTED}[ \t]*\r?$")
#: The first line that is none of those: polib would read `msgstr इंदौर शहर` as `"ंदौर शह"`
#: and an unterminated string truncated, where msgfmt refuses both.
_BAD_LINE_RE = re.compile(rf"^(?!{_GOOD_LINE}).*", re.M)
_STRING_RE = re.compile(rf'^{_PREFIX}(?:{_KEYWORD}[ \t]*)?"((?:[^"\\\n]|\\.)*)"[ \t]*\r?$', re.M)
_ESCAPE_RE = re.compile(r"\\(.)")
#: A backslash (after any number of escaped backslashes) before anything but n t r \ ":
#: only then are the strings looked at one by one (comments may hold such a backslash too).
_ODD_ESCAPE_RE = re.compile(r'(?<!\\)(?:\\\\)*\\[^ntr\\"]')
#: Escapes polib reads back as they were written; gettext also allows \a, octal and hex ones,
#: which polib would keep as text and every later write would double (`\x41` -> `\\x41`).
_ESCAPES_READ = frozenset('ntr\\"')
_ESCAPES_GETTEXT = frozenset("a01234567x")
#: Escapes gettext allows for control characters no page can show (backspace, form feed,
#: vertical tab): refused like the characters themselves.
_ESCAPES_CONTROL = {"b": "backspace", "f": "form feed", "v": "vertical tab"}


def check_syntax(text: str, lines: list[str], shown: str) -> None:
    """Refuse, naming the line, what msgfmt refuses in the catalog's text (`lines`: it split at
    line ends)."""
    _lint(text, shown)
    _grammar(lines, shown)


def _lint(text: str, shown: str) -> None:
    """Catch what polib silently accepts: an unterminated or malformed quoted string, and an
    escape that msgfmt refuses or polib would not read back."""
    char = bad_character(text)
    if char:
        raise InputError(f"{char[1]}: remove it (gettext tools and pages cannot show it)", shown, char[0])
    bad = _BAD_LINE_RE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        if '"' in bad.group():
            raise InputError("malformed PO string (unterminated or with a stray quote)", shown, line)
        raise InputError("not a PO line: a string must be in double quotes, after msgid, msgstr or "
                         "msgctxt (or continuing the one above)", shown, line)
    if "\\" not in text or _ODD_ESCAPE_RE.search(text) is None:
        return  # every backslash escapes one of the characters polib reads back
    for string in _STRING_RE.finditer(text):
        for escape in _ESCAPE_RE.finditer(string.group(1)):
            char = escape.group(1)
            if char in _ESCAPES_READ:
                continue
            line = text.count("\n", 0, string.start()) + 1
            if char in _ESCAPES_CONTROL:
                raise InputError(f"escape \\{char} is a control character ({_ESCAPES_CONTROL[char]}) "
                                 "no page can show: remove it", shown, line)
            if char in _ESCAPES_GETTEXT:
                raise InputError(f"escape \\{char}... is not supported: type the character itself",
                                 shown, line)
            raise InputError(f"invalid escape \\{char} (msgfmt refuses it; write \\\\ for a backslash)",
                             shown, line)


#: Which keyword may follow which within one entry, as gettext's grammar has it (None: the start
#: of an entry; "#|" marks a previous string). polib reads an entry that breaks it (a msgid
#: without msgstr, a comment between msgid and msgstr) as some other text; msgfmt refuses it.
_NEXT: dict[str | None, frozenset[str]] = {
    None: frozenset({"#|msgctxt", "#|msgid", "msgctxt", "msgid"}),
    "#|msgctxt": frozenset({"#|msgid"}),
    "#|msgid": frozenset({"#|msgid_plural", "msgctxt", "msgid"}),
    "#|msgid_plural": frozenset({"msgctxt", "msgid"}),
    "msgctxt": frozenset({"msgid"}),
    "msgid": frozenset({"msgid_plural", "msgstr", "msgstr[]"}),
    "msgid_plural": frozenset({"msgstr", "msgstr[]"}),
    "msgstr": frozenset(),
    "msgstr[]": frozenset({"msgstr[]"}),
}
_COMPLETE = frozenset({None, "msgstr", "msgstr[]"})
_KEYWORD_NAME_RE = re.compile(r"[a-z_]+(\[)?")


def _grammar(lines: list[str], shown: str) -> None:
    """Refuse, naming the line, an entry whose keywords are out of gettext's order, that mixes
    obsolete (#~) and active lines, or that ends without its msgstr. Lines are well formed
    (`_BAD_LINE_RE` passed)."""
    last: str | None = None
    obsolete = False
    start = 0
    forms: set[str] = set()
    for number, line in enumerate(lines, start=1):
        text = line.lstrip()
        if not text or text == "\r":
            continue
        old = text.startswith("#~")
        if old:
            text = text[2:].lstrip()
            if not text:
                continue
        if text.startswith("|") and old:
            text, previous = text[1:].lstrip(), True
        elif text.startswith("#|"):
            text, previous = text[2:].lstrip(), True
        elif text.startswith("#"):
            if last not in _COMPLETE:
                raise InputError(f"a comment inside a message: its {last.lstrip('#|')} has no msgstr yet",
                                 shown, number)
            last = None
            continue
        else:
            previous = False
        if text.startswith('"'):
            if last is None or previous != last.startswith("#|"):
                raise InputError("a string with no msgid, msgstr or msgctxt before it", shown, number)
            if old != obsolete:
                raise InputError("inconsistent use of #~ within one message", shown, number)
            continue
        m = _KEYWORD_NAME_RE.match(text)
        keyword = ("#|" if previous else "") + (m.group(0) + "]" if m and m.group(1) else m.group(0) if m else "")
        if keyword not in _NEXT[last] and last in _COMPLETE and keyword in _NEXT[None]:
            last = None  # the previous message is complete: this line begins the next
        if keyword not in _NEXT[last]:
            expected = " or ".join(sorted(k.replace("[]", "[N]") for k in _NEXT[last])) or "a new message"
            raise InputError(f"{keyword.replace('[]', '[N]') or 'a line'} where {expected} belongs", shown, number)
        if last is None:
            obsolete, start, forms = old, number, set()
        elif old != obsolete:
            raise InputError("inconsistent use of #~ within one message", shown, number)
        if keyword == "msgstr[]":
            form = text[7:text.index("]")]
            if form in forms:
                raise InputError(f"msgstr[{form}] twice in one message", shown, number)
            forms.add(form)
        last = keyword
    if last not in _COMPLETE:
        raise InputError("a message without msgstr", shown, start)


_FIRST_MESSAGE_RE = re.compile(r'^[ \t]*(msgctxt|msgid)[ \t]*(".*)$', re.M)
_UTF8_RE = re.compile(r"charset\s*=\s*utf-?8\b", re.I)


def check_charset(text: str, catalog: polib.POFile, shown: str) -> None:
    """Text beyond ASCII needs a header (the first message, `msgid ""`) declaring UTF-8: msgfmt
    cannot convert it otherwise, and refuses the catalog."""
    if text.isascii():
        return
    first = _FIRST_MESSAGE_RE.search(text)
    line = text.count("\n", 0, first.start()) + 1 if first else 1
    if first is None or first.group(1) != "msgid" or first.group(2).rstrip() != '""':
        raise InputError("no header: the first message must be msgid \"\" with "
                         "\"Content-Type: text/plain; charset=UTF-8\\n\"", shown, line)
    if not _UTF8_RE.search(catalog.metadata.get("Content-Type", "")):
        raise InputError("the header does not declare charset=UTF-8 (Content-Type), which the "
                         "text needs", shown, line)
