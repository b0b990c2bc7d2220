"""The catalog reader against GNU msgfmt: it refuses what `msgfmt -c` refuses, and what both
accept it reads as msgfmt compiles it (no string truncated, no text lost).

Catalogs are a valid Hindi catalog with random line edits of the kinds a hand edit makes:
quotes dropped or unbalanced, a stray word, a line lost or doubled, an escape typed.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import catalogs
from workflow.base.errors import LeafletError

BASE = '''# Hindi translations for care.
msgid ""
msgstr ""
"Language: hi\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#: source/articles/care.md:3
msgid "Indore city"
msgstr "इंदौर शहर"

#, fuzzy
#| msgid "Keep the dressing dry"
msgid "Keep the dressing dry."
msgstr "पट्टी को सूखा रखें।"

msgctxt "heading"
msgid "Going home"
msgstr ""
"घर "
"जाना"

msgid "one tablet"
msgid_plural "%(n)s tablets"
msgstr[0] "एक गोली"
msgstr[1] "%(n)s गोलियाँ"

msgid "hello"
msgstr "नमस्ते"

#~ msgid "Old text"
#~ msgstr "पुराना पाठ"
'''

LINES = BASE.split("\n")
#: Lines a careless edit leaves behind.
STRAY = ['msgstr इंदौर शहर', 'msgid hello', 'hello', '"x"', 'msgstr "a" "b"', 'msgstr "\\q"',
         'msgstr "\\b"', '"unterminated', 'msgstr "x', 'msgstr[1] "a"', 'msgstr[5] "a"', '#~ msgid zz',
         '#| msgid hello', '#~| msgid "x"', 'msgid_plural "p"', 'msgctxt "c"', 'msgid "hello"', '',
         '# comment', '#, fuzzy', 'msgstr ""', 'msgid ""', 'msgstr', 'msgid "Indore city"',
         '"\\"quoted\\""', 'msgstr "tab\\there"', '#~ msgstr "y"', 'domain "x"', 'msgstr "a"b"']


def _unquote(line: str) -> str:
    return line.replace('"', "")


def _drop_last_quote(line: str) -> str:
    i = line.rfind('"')
    return line if i < 0 else line[:i] + line[i + 1:]


@st.composite
def edited(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["unquote", "drop-quote", "insert", "replace", "delete", "double"]))
        if kind == "unquote":
            lines[i] = _unquote(lines[i])
        elif kind == "drop-quote":
            lines[i] = _drop_last_quote(lines[i])
        elif kind == "insert":
            lines.insert(i, draw(st.sampled_from(STRAY)))
        elif kind == "replace":
            lines[i] = draw(st.sampled_from(STRAY))
        elif kind == "delete":
            del lines[i]
        else:
            lines.insert(i, lines[i])
    return "\n".join(lines)


def _msgfmt(path: Path) -> dict[tuple[str | None, str], object] | None:
    """What msgfmt -c compiles from `path` ((msgctxt, msgid) -> translation), None if it refuses."""
    mo = path.with_suffix(".mo")
    done = subprocess.run(["msgfmt", "-c", "-o", str(mo), str(path)], capture_output=True, timeout=30)
    if done.returncode != 0:
        return None
    return {(e.msgctxt, e.msgid): (dict(e.msgstr_plural) if e.msgid_plural else e.msgstr)
            for e in polib.mofile(str(mo)) if e.msgid}


def _ours(catalog: polib.POFile) -> dict[tuple[str | None, str], object]:
    """What a compiled catalog holds, by our reading: translated entries that are not fuzzy."""
    return {(e.msgctxt, e.msgid): ({int(k): v for k, v in e.msgstr_plural.items()} if e.msgid_plural else e.msgstr)
            for e in catalogs.active(catalog) if not e.fuzzy and catalogs.has_translation(e)}


def test_the_base_catalog_is_read_as_msgfmt_compiles_it(tmp_path: Path) -> None:
    path = tmp_path / "base.po"
    path.write_text(BASE, encoding="utf-8")
    compiled = _msgfmt(path)
    assert compiled is not None and ("heading", "Going home") in compiled
    assert _ours(catalogs.read_catalog(path)) == compiled


@pytest.mark.parametrize("line", ['msgstr इंदौर शहर', 'msgstr इंदौर शहर"', 'msgstr "इंदौर शहर', 'msgid hello',
                                  '#~ msgstr पुराना', '"घर " जाना', 'msgstr "\\b"', 'msgstr "\\f"', 'msgstr "\\v"'])
def test_an_unquoted_or_half_quoted_string_is_refused_with_its_line(tmp_path: Path, line: str) -> None:
    lines = list(LINES)
    at = lines.index('msgstr "नमस्ते"')
    lines[at] = line
    path = tmp_path / "bad.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LeafletError) as caught:
        catalogs.read_catalog(path)
    assert caught.value.line == at + 1, str(caught.value)
    assert len(str(caught.value).splitlines()) == 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=edited())
def test_the_reader_refuses_what_msgfmt_refuses_and_reads_the_rest_as_it_does(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edited.po"
        path.write_text(text, encoding="utf-8")
        compiled = _msgfmt(path)
        try:
            catalog = catalogs.read_catalog(path)
        except LeafletError as exc:
            assert exc.line is not None, str(exc)
            return
        assert compiled is not None, "msgfmt -c refuses a catalog the reader accepts:\n" + text
        assert _ours(catalog) == compiled, text
