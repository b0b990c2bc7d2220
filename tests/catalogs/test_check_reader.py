"""Catalog reading for check: msgid lines, and every catalog we write reads back as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import catalogs
from workflow.base.errors import InputError
from polib import POEntry as GettextEntry

LAYOUT = '''# Header comment
#
#  indented comment
#, fuzzy
msgid ""
msgstr ""
"Language: hi\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"X-Long: a\\n"
"continued\\n"

#  two spaces
##double
#\tTab
#. extracted
#.
#:  a.md:1 b.md c:d:12 :7
#, fuzzy,  python-format , leaflet-ignore:numbers
#| msgctxt "old"
#| msgid ""
#| "previous "
#| "text"
msgctxt "ctx"
msgid "esc \\"q\\" \\\\ \\t \\n tab"
msgstr ""
"line one\\n"
"line two"
msgid "no blank line before"
msgid_plural "plural"
msgstr[0] "one"
msgstr[1] ""
"two"

   msgid   "indented"
msgstr "x"

#~ msgid "old"
#~ msgstr ""
#~ "kept"
#~| msgid "older"
#~ msgid "old 2"
#~ msgstr "y"
'''


def test_msgid_lines_are_those_of_the_msgid_keyword(tmp_path: Path):
    path = tmp_path / "lines.po"
    path.write_text(LAYOUT, encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = [i for i, line in enumerate(lines, start=1)
                if line.strip().startswith(("msgid ", "#~ msgid ")) and i != 5]  # line 5: the header
    assert len(expected) == 5
    catalog = catalogs.read_catalog(path)
    assert [catalog.msgid_line(e) for e in catalog] == expected


@pytest.mark.parametrize("text, line", [
    ('msgid "a\nmsgstr "b"\n', 1),
    ('msgid "a"\nmsgstr "b" x\n', 2),
    ('msgid "a"\nmsgstr ""\n"continued\n', 3),
    ('#~ msgid "old\n#~ msgstr "x"\n', 1),
    ('#| msgid "previous\nmsgid "a"\nmsgstr "b"\n', 1),
    ('msgid "a\\"\nmsgstr "b"\n', 1),
])
def test_malformed_strings_are_refused_with_their_line(tmp_path: Path, text: str, line: int):
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        catalogs.read_catalog(path)
    assert error.value.line == line


# Control characters and Unicode line separators aside: polib splits lines on them when reading.
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), whitelist_characters="\t\n"),
               max_size=60)
word = st.text(alphabet="abcdefghij-_: ", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def catalog_entries(draw) -> list[GettextEntry]:
    entries, seen = [], set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(text.filter(bool))
        ctx = draw(st.none() | word)
        if (ctx, msgid) in seen:
            continue
        seen.add((ctx, msgid))
        plural = draw(st.booleans())
        entry = GettextEntry(
            msgid=msgid, msgctxt=ctx,
            msgid_plural=draw(text.filter(bool)) if plural else "",
            msgstr="" if plural else draw(text),
            msgstr_plural={0: draw(text), 1: draw(text)} if plural else {},
            tcomment=draw(st.sampled_from(["", "a note", "leaflet-mt: engine en->hi", "two\nlines"])),
            comment=draw(st.sampled_from(["", "paragraph", "table cell: row \"x\""])),
            occurrences=draw(st.lists(st.tuples(st.just("source/a.md"), st.integers(1, 99).map(str)),
                                      max_size=3)),
            flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "leaflet-ignore:numbers"]),
                                unique=True)),
            previous_msgid=draw(st.none() | text.filter(bool)),
        )
        entry.obsolete = draw(st.booleans()) and not entry.previous_msgid
        if entry.obsolete:  # gettext keeps only translator comments on obsolete entries
            entry.comment, entry.occurrences = "", []
        entries.append(entry)
    return entries


def build(entries: list[GettextEntry]):
    import polib
    catalog = polib.POFile(wrapwidth=79)
    catalog.header = "Test catalog.\nSecond line."
    catalog.metadata = {"Language": "hi", "Content-Type": "text/plain; charset=UTF-8",
                        "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    for entry in entries:
        catalog.append(entry)
    return catalog


def fields(catalog) -> list[tuple]:
    """Entry fields in file order: active entries first, then obsolete ones, as gettext writes them."""
    return sorted([(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, dict(e.msgstr_plural), e.tcomment, e.comment,
             [tuple(o) for o in e.occurrences] if not e.obsolete else [], list(e.flags), e.previous_msgid,
             bool(e.obsolete)) for e in catalog], key=lambda f: f[-1])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=catalog_entries())
def test_written_catalogs_read_back_as_written(entries, tmp_path_factory):
    catalog = build(entries)
    path = tmp_path_factory.mktemp("gen") / "gen.po"
    catalogs.write_catalog(catalog, path)
    again = catalogs.read_catalog(path)
    assert fields(again) == fields(catalog)
    assert again.metadata == catalog.metadata
