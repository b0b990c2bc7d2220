"""The fast catalog reader of `leaflet check` builds exactly what `read_catalog` (polib) builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import catalogs
from workflow.errors import LeafletError
from workflow.poformat import GettextEntry

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "check"


def snapshot(catalog) -> tuple:
    return (catalog.header, catalog.metadata, catalog.metadata_is_fuzzy, catalog.fpath, catalog.wrapwidth,
            catalog.encoding, catalog.check_for_duplicates,
            [(type(e), {k: v for k, v in e.__dict__.items() if k != "msgid_line"}) for e in catalog])


def outcome(reader, path: Path):
    try:
        return snapshot(reader(path))
    except LeafletError as exc:
        return ("error", type(exc), str(exc))


def assert_same(path: Path) -> None:
    assert outcome(catalogs.read_for_check, path) == outcome(catalogs.read_catalog, path)


def msgid_lines(path: Path) -> list[int]:
    return [e.msgid_line for e in catalogs.read_for_check(path)]


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.po")) + sorted((REPO / "locales").rglob("*.po*")),
                         ids=lambda p: p.name)
def test_same_entries_on_real_catalogs(path: Path):
    assert_same(path)


EDGE_CASES = {
    "layout": '''# Header comment
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
''',
    "no header": 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n# trailing comment\n',
    "crlf and bom": '\ufeffmsgid ""\r\nmsgstr "Language: mr\\n"\r\n\r\n#: x:1\r\nmsgid "a"\r\nmsgstr "b"\r\n',
    "comment between": 'msgid "a"\n# note\nmsgstr "b"\n',
    "duplicate": 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "obsolete duplicate": 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
    "same msgid other context": 'msgid "a"\nmsgstr "b"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "c"\n',
    "unterminated": 'msgid "a\nmsgstr "b"\n',
    "stray quote": 'msgid "a"b"\nmsgstr "b"\n',
    "msgstr first": 'msgstr "b"\n',
    "unknown keyword": 'msgid "a"\nmsgstring "b"\n',
    "bad previous": '#| msgidd "a"\nmsgid "a"\nmsgstr "b"\n',
    "no space comment": '#,fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "empty": "",
    "only comments": "# just a note\n#. and this\n",
    "context header": 'msgctxt "x"\nmsgid ""\nmsgstr "Language: hi\\n"\n',
    "escaped backslash end": 'msgid "a\\\\"\nmsgstr "b\\\\\\\\"\n',
    "escaped quote end": 'msgid "a\\"\nmsgstr "b"\n',
    "line separator": 'msgid "a\u2028b"\nmsgstr "c"\n',
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_same_entries_or_same_error_on_edge_cases(name: str, tmp_path: Path):
    path = tmp_path / "edge.po"
    path.write_bytes(EDGE_CASES[name].encode("utf-8"))
    assert_same(path)


def test_msgid_lines_are_those_of_the_msgid_keyword(tmp_path: Path):
    path = tmp_path / "lines.po"
    path.write_text(EDGE_CASES["layout"], encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = [i for i, line in enumerate(lines, start=1)
                if line.strip().startswith(("msgid ", "#~ msgid ")) and i != 5]  # line 5: the header
    assert len(expected) == 5
    assert msgid_lines(path) == expected


# ---------------------------------------------------------------- generated catalogs and mutations

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=catalog_entries())
def test_generated_catalogs_read_the_same(entries, tmp_path_factory):
    path = tmp_path_factory.mktemp("gen") / "gen.po"
    path.write_text(catalogs.dumps(build(entries)), encoding="utf-8")
    assert_same(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=catalog_entries(), data=st.data())
def test_mutated_catalogs_read_the_same_or_fail_the_same(entries, data, tmp_path_factory):
    lines = catalogs.dumps(build(entries)).split("\n")
    index = data.draw(st.integers(0, max(len(lines) - 1, 0)))
    how = data.draw(st.sampled_from(["drop", "repeat", "quote", "unquote", "prefix", "blank"]))
    line = lines[index] if lines else ""
    if how == "drop":
        lines[index:index + 1] = []
    elif how == "repeat":
        lines.insert(index, line)
    elif how == "quote":
        lines[index] = line + '"'
    elif how == "unquote":
        lines[index] = line.rstrip('"')
    elif how == "prefix":
        lines[index] = data.draw(st.sampled_from(["#~ ", "#| ", "#", "# ", "#. ", " ", "msgid "])) + line
    else:
        lines.insert(index, "")
    path = tmp_path_factory.mktemp("mut") / "mut.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert_same(path)
